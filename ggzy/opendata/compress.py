"""Gzip streams compressed on a background thread, so the export formats rows while earlier rows are compressed.

zlib lets go of Python's global lock while it deflates (and while it computes a CRC of a large block), so the
compression of the bulk files - a third of the export's CPU time - runs on a second core beside the Python that
formats the rows. Each file buffers what it is given and hands blocks of ``BLOCK`` bytes to one shared worker
thread in the order written, so a file decompresses to exactly what was written (its compressed bytes may differ
from a direct ``gzip.GzipFile``'s by a few bytes, since zlib's output depends on how its input is split).
A file keeps at most ``PENDING`` blocks waiting, which bounds the memory whatever the size of the export.
"""

from __future__ import annotations

import gzip
import io
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any

#: Bytes buffered by a file before its block is handed to the worker.
BLOCK = 1 << 18
#: Blocks of one file queued at most; writing waits for the oldest beyond that.
PENDING = 4

#: The worker thread's pool and the process it belongs to (a forked child has no thread: it starts its own).
_worker: tuple[int, ThreadPoolExecutor] | None = None


def _executor() -> ThreadPoolExecutor:
    global _worker
    if _worker is None or _worker[0] != os.getpid():
        _worker = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="gzip"))
    return _worker[1]


class BackgroundGzip(io.BufferedIOBase):
    """A writable binary stream into ``raw`` as gzip members (``end_member`` starts another), deflated on the
    shared worker thread. ``close`` waits for every block and closes the last member, not ``raw``."""

    def __init__(self, raw: IO[bytes], level: int) -> None:
        super().__init__()
        self._raw = raw
        self._level = level
        self._buffer = bytearray()
        self._queued: deque[Future[None]] = deque()
        self._member = self._new_member()

    def _new_member(self) -> gzip.GzipFile:
        return gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0, compresslevel=self._level)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        if len(self._buffer) >= BLOCK:
            self._hand_over()
        return len(data)

    def end_member(self) -> None:
        """End the current gzip member after what was written so far; what follows goes in a new member."""
        self._hand_over()
        self._submit(self._close_and_renew)

    def close(self) -> None:
        if self.closed:
            return
        self._hand_over()
        self._submit(self._close_member)
        self.wait()
        super().close()

    def discard(self) -> None:
        """Stop without finishing the file (an export that failed): wait for the worker, drop the rest."""
        for queued in self._queued:
            queued.exception()
        self._queued.clear()
        self._buffer.clear()
        super().close()

    def wait(self) -> None:
        """Wait for every queued block (and raise what compressing one raised)."""
        while self._queued:
            self._queued.popleft().result()

    def _close_member(self) -> None:
        self._member.close()  # ends the member; the file object given to GzipFile stays open

    def _close_and_renew(self) -> None:
        self._close_member()
        self._member = self._new_member()

    def _write(self, block: bytes) -> None:
        self._member.write(block)

    def _hand_over(self) -> None:
        if not self._buffer:
            return
        block = bytes(self._buffer)
        self._buffer.clear()
        self._submit(lambda: self._write(block))

    def _submit(self, task: Callable[[], None]) -> None:
        while len(self._queued) >= PENDING:
            self._queued.popleft().result()
        self._queued.append(_executor().submit(task))
