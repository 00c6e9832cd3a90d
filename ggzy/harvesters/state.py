"""Incremental harvesting: what each centre's harvests already committed, kept in the index itself.

Per centre the index holds (through the engine primitives of ``ggzy.index.base``):

- the **committed source ids**: the centre's own ids of every committed notice. A spider asks only for the ids
  of the list page in hand (``HarvestState.prefetch`` / ``is_committed``) and the pipeline writes only the ids
  of the batch it committed (``mark_batch``), so neither costs more as the history grows;
- the **centre record**: ``newest`` (the newest published date of the last complete, unrestricted crawl) and
  the **lease** of the worker crawling the centre now.

Because the state lives with the notices, a new (or emptied) index harvests everything again, and several
workers on several machines that write to one Elasticsearch index share one state.

Crash safety: ids are marked only after their batch is committed to the index, and ``newest`` advances only
after a crawl finished cleanly. A crawl killed midway leaves ``newest`` where it was, so the rerun pages as far
as before and fetches only what was not committed.

Leases: a worker claims a centre before crawling it (``claim``) and renews the claim while it commits; another
worker finding a live claim skips the centre, so two workers given the same centres commit each notice once. A
claim runs out after ``GGZY_LEASE_SECONDS`` without renewal, or at once when its holder was a process on this
machine that no longer runs (a crawl killed with SIGKILL).

``import_state_files`` is the one-time migration from the JSON files earlier versions kept under
``<data>/state/``.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from ggzy.harvesters import HarvestError
from ggzy.index.base import Index, IndexEngineError
from ggzy.model import Notice

logger = logging.getLogger(__name__)

#: A compare-and-set that keeps losing this many times means something is wrong.
MAX_ATTEMPTS = 50
#: Ids written per call by the migration.
IMPORT_CHUNK = 5000

T = TypeVar("T")


@dataclass(frozen=True)
class Patience:
    """How long a crawl waits for an index that does not answer: ``retries`` more tries after 1×, 2×, 4× …
    ``backoff`` seconds (settings ``GGZY_COMMIT_RETRIES`` and ``GGZY_COMMIT_BACKOFF``)."""

    retries: int = 0
    backoff: float = 1.0

    def run(self, action: Callable[[], T], what: str) -> T:
        """``action()``, tried again while the index is unavailable; the last failure is raised."""
        for attempt in range(self.retries):
            try:
                return action()
            except IndexEngineError as error:
                wait = self.backoff * 2**attempt
                logger.warning("index unavailable, retrying %s in %.1fs: %s", what, wait, error)
                time.sleep(wait)  # the crawl waits for its index: nothing may be committed meanwhile
        return action()


@dataclass(frozen=True)
class Worker:
    """This harvest process, as a lease names it."""

    host: str
    pid: int
    token: str

    @classmethod
    def current(cls) -> Worker:
        return cls(socket.gethostname(), os.getpid(), uuid.uuid4().hex)

    def describe(self) -> str:
        return f"{self.host} pid {self.pid}"


_WORKER: Worker | None = None


def this_worker() -> Worker:
    """The worker of this process (one per process)."""
    global _WORKER
    if _WORKER is None or _WORKER.pid != os.getpid():
        _WORKER = Worker.current()
    return _WORKER


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lease_holder(lease: dict[str, Any] | None, worker: Worker, now: datetime) -> str | None:
    """Who holds ``lease`` against ``worker``: a description, or None when it is free, expired, ours, or held
    by a process of this machine that has died."""
    if not lease or lease.get("token") == worker.token:
        return None
    if datetime.fromisoformat(lease["until"]) <= now:
        return None
    if lease.get("host") == worker.host and not _alive(int(lease.get("pid", 0))):
        return None
    return f"{lease.get('host')} pid {lease.get('pid')}"


def update_record(index: Index, centre: str, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> bool:
    """Apply ``change`` to the centre record with compare-and-set, retrying when another writer came first.
    ``change`` returns the new record, or None to leave it; the result says whether it was written."""
    for _attempt in range(MAX_ATTEMPTS):
        record, version = index.centre_record(centre)
        new = change(dict(record))
        if new is None:
            return False
        if index.put_centre_record(centre, new, version):
            return True
    raise HarvestError(f"the harvest record of {centre} keeps changing under this worker; try again")


@dataclass
class HarvestState:
    """What is known of one centre before and during a crawl. Without an index it knows nothing (a reparse, a
    unit test): every entry is new and nothing is old."""

    centre: str
    index: Index | None = None
    newest: date | None = None
    known: dict[str, bool] = field(default_factory=dict)
    lease_until: datetime | None = None
    patience: Patience = field(default_factory=Patience)

    @classmethod
    def load(cls, index: Index, centre: str, patience: Patience | None = None) -> HarvestState:
        patience = patience or Patience()
        record, _version = patience.run(lambda: index.centre_record(centre), "the state")
        newest = record.get("newest")
        return cls(centre, index, date.fromisoformat(newest) if newest else None, patience=patience)

    def is_old(self, published: date | None) -> bool:
        """True for a date before the newest one a complete crawl committed (same-day entries are new)."""
        return self.newest is not None and published is not None and published < self.newest

    def prefetch(self, source_ids: Collection[str]) -> None:
        """Look up which of a list page's ids are committed, in one request; ``is_committed`` then answers
        them without asking again."""
        index = self.index
        if index is None or not source_ids:
            return
        found = self.patience.run(lambda: index.committed_ids(self.centre, source_ids), "a look-up")
        self.known = {i: i in found for i in source_ids}

    def is_committed(self, source_id: str) -> bool:
        """Whether the notice with this source id was committed by an earlier harvest (or another worker)."""
        index = self.index
        if index is None:
            return False
        if source_id not in self.known:
            found = self.patience.run(lambda: index.committed_ids(self.centre, [source_id]), "a look-up")
            self.known[source_id] = bool(found)
        return self.known[source_id]

    # -- the lease -----------------------------------------------------------------------------------

    def claim(self, seconds: float) -> str | None:
        """Claim the centre for this worker for ``seconds``; None on success, else who holds it."""
        if self.index is None:
            return None
        worker = this_worker()
        now = datetime.now(UTC)
        until = now + timedelta(seconds=seconds)
        holder: list[str] = []

        def take(record: dict[str, Any]) -> dict[str, Any] | None:
            held = lease_holder(record.get("lease"), worker, now)
            if held is not None:
                holder[:] = [held]
                return None
            lease = {"host": worker.host, "pid": worker.pid, "token": worker.token, "until": until.isoformat()}
            return {**record, "lease": lease}

        index = self.index
        if self.patience.run(lambda: update_record(index, self.centre, take), "the claim"):
            self.lease_until = until
            return None
        return holder[0] if holder else "another worker"

    def renew(self, seconds: float) -> None:
        """Renew this worker's claim once half of it has run out (cheap to call after every batch)."""
        if self.index is None or self.lease_until is None:
            return
        if self.lease_until - datetime.now(UTC) > timedelta(seconds=seconds / 2):
            return
        holder = self.claim(seconds)
        if holder is not None:
            logger.warning("lease lost centre=%s holder=%s", self.centre, holder)

    def release(self) -> None:
        """Give the claim up (at the end of the crawl)."""
        if self.index is None or self.lease_until is None:
            return
        token = this_worker().token

        def drop(record: dict[str, Any]) -> dict[str, Any] | None:
            if (record.get("lease") or {}).get("token") != token:
                return None
            return {k: v for k, v in record.items() if k != "lease"}

        index = self.index
        self.patience.run(lambda: update_record(index, self.centre, drop), "the claim")
        self.lease_until = None


def crawled_elsewhere(index: Index, centres: Iterable[str]) -> list[str]:
    """The centres among ``centres`` another live worker is crawling now (their claims are held)."""
    worker = this_worker()
    now = datetime.now(UTC)
    return [c for c in centres if lease_holder(index.centre_record(c)[0].get("lease"), worker, now) is not None]


def advance_newest(index: Index, centre: str, newest: date | None) -> None:
    """Move the centre's ``newest`` forward after a complete crawl; it never moves back."""
    if newest is None:
        return

    def forward(record: dict[str, Any]) -> dict[str, Any] | None:
        stored = record.get("newest")
        if stored and date.fromisoformat(stored) >= newest:
            return None
        return {**record, "newest": newest.isoformat()}

    if update_record(index, centre, forward):
        logger.info("state advanced centre=%s newest=%s", centre, newest.isoformat())


def batch_ids(notices: Iterable[Notice]) -> dict[str, set[str]]:
    """The source ids a committed batch adds, per centre: each notice's own, and its republications'."""
    by_centre: dict[str, set[str]] = {}
    for notice in notices:
        by_centre.setdefault(notice.centre, set()).add(notice.source_id or notice.source_url)
        for ref in notice.also_published:
            by_centre.setdefault(ref.centre, set()).add(ref.source_id or ref.url)
    return by_centre


def mark_batch(index: Index, notices: Iterable[Notice]) -> None:
    """Record a committed batch in the state (call after the index commit)."""
    for centre, ids in batch_ids(notices).items():
        index.mark_committed(centre, ids)


def import_state_files(folder: str | Path, index: Index) -> dict[str, int]:
    """Read the per-centre JSON files of earlier versions (``<data>/state/<centre>.json``: ``seen`` and
    ``newest``) into ``index``, and rename each file to ``.json.imported`` so it is read once. Returns the ids
    imported per centre. Import into the index those harvests wrote to: the ids say "already committed"."""
    imported: dict[str, int] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            centre = str(data.get("centre") or path.stem)
            seen = sorted(str(i) for i in data.get("seen") or ())
            newest = date.fromisoformat(data["newest"]) if data.get("newest") else None
        except (ValueError, TypeError, KeyError) as error:
            raise HarvestError(f"{path} is not a harvest state file: {error}") from error
        for start in range(0, len(seen), IMPORT_CHUNK):
            index.mark_committed(centre, seen[start : start + IMPORT_CHUNK])
        advance_newest(index, centre, newest)
        path.rename(path.with_suffix(".json.imported"))
        imported[centre] = len(seen)
        logger.info("state imported centre=%s ids=%d newest=%s", centre, len(seen), newest)
    return imported
