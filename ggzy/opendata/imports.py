"""Loading the portal's own bulk files back into an index: ``ggzy import FILE …``.

A bulk file is JSON Lines (``.jsonl``, or gzip-compressed ``.jsonl.gz``) with one notice a line in its
``ggzy.public.public_dict`` form (the model's ``to_dict`` form, private fields withheld), as ``ggzy export``
writes ``notices-all.jsonl.gz`` (ours or another ggzy's open data).

Recipe:
1. Read each file line by line; a line that is not a notice (bad JSON, a missing field, an unknown kind) is
   reported with its file and line number and skipped, and the rest load.
2. Upsert the notices in batches. The engine hashes each notice from the encoding it stores (the file's own
   ``content_hash`` is not trusted: another portal may have hashed differently, or the line may have been edited),
   so importing the same file again finds every hash unchanged and changes nothing.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import InvalidOperation
from pathlib import Path
from typing import IO, Any

from ggzy.index.base import Index, UpsertReport
from ggzy.model import Notice

log = logging.getLogger(__name__)

#: Notices per ``upsert`` call.
BATCH = 2_000


@dataclass
class BadLine:
    """A line that is not a notice: where it is and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path} 第 {self.line} 行：不是有效的公告记录（{self.reason}），已跳过"


@dataclass
class ImportReport:
    read: int = 0
    stored: UpsertReport = field(default_factory=UpsertReport)
    bad: list[BadLine] = field(default_factory=list)


def read_notices(path: Path, report: ImportReport, progress: Callable[[int], None] | None = None) -> Iterator[Notice]:
    """The notices of one bulk file; a bad line goes to ``report.bad`` instead. ``progress`` gets the bytes of
    the file (as stored, compressed or not) read since its last call."""
    with path.open("rb") as raw:
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw  # type: ignore[assignment]
        done = 0
        for number, line in enumerate(stream, start=1):
            if progress is not None and number % 1000 == 0:
                position = raw.tell()
                progress(position - done)
                done = position
            if not line.strip():
                continue
            try:
                notice = _notice(json.loads(line.strip()))
            except (ValueError, KeyError, TypeError, AttributeError, InvalidOperation) as error:
                report.bad.append(BadLine(path, number, _reason(error)))
                continue
            report.read += 1
            yield notice
        if progress is not None:
            progress(raw.tell() - done)


def _notice(data: Any) -> Notice:
    if not isinstance(data, dict):
        raise TypeError(f"expected a JSON object, got {type(data).__name__}")
    notice = Notice.from_dict(data)
    if not notice.id or not notice.centre:
        raise ValueError("id and centre must not be empty")
    notice.content_hash = ""  # the engine hashes what it stores (see the module docstring)
    return notice


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"缺少字段 {error.args[0]!r}"
    if isinstance(error, json.JSONDecodeError):
        return f"JSON 格式错误：{error.msg}，第 {error.colno} 列"
    return f"{type(error).__name__}: {error}"


def import_files(
    index: Index, paths: list[Path], progress: Callable[[int], None] | None = None, batch_size: int = BATCH
) -> ImportReport:
    """Upsert every notice of ``paths`` into ``index``; bad lines are reported, not fatal."""
    report = ImportReport()
    for path in paths:
        batch: list[Notice] = []
        for notice in read_notices(path, report, progress):
            batch.append(notice)
            if len(batch) >= batch_size:
                report.stored += index.upsert(batch)
                batch = []
        if batch:
            report.stored += index.upsert(batch)
        log.info("imported path=%s read=%d bad=%d", path, report.read, len(report.bad))
    return report
