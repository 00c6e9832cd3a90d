"""The embedded engine: one SQLite file, FTS5 over character bigrams, safe for several processes.

Tables (``SCHEMA``): ``notice`` holds one narrow row per notice with the columns searches filter and sort on;
``notice_doc`` the full Notice JSON, deflated (``sqlite_doc``); ``party`` every party of every notice (by USCC and
name key) for entity profiles and name search; ``notice_text`` the contentless FTS5 index of titles, bodies and
party names, with each notice's centre, kind and category as terms of its ``scope`` column (see ``textmatch``);
``flag`` and ``flag_party`` the stored integrity flags (``sqlite_flags``); ``party_tally`` and
``party_name_tally`` per-code counts kept at write time for profiles and credit checks (``sqlite_tally``).

WAL mode and a busy timeout let the site read while a harvest writes. Each ``upsert`` call is one
``BEGIN IMMEDIATE`` transaction, so ``modified_seq`` (``max()+1`` inside it) rises monotonically across
processes. Reading lives in ``sqlite_search`` (search, scan) and ``sqlite_entity`` (entity, stats).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ggzy.index import sqlite_doc, sqlite_entity, sqlite_flags, sqlite_harvest, sqlite_search, sqlite_tally
from ggzy.index.base import (
    EntityMatch,
    FlagBasis,
    FlagMark,
    FlagQuery,
    FlagResult,
    Index,
    IndexEngineError,
    IndexStats,
    StoredFlag,
    UpsertReport,
)
from ggzy.index.profile import CodeSummary, PartyRow
from ggzy.index.query import SearchQuery, SearchResult
from ggzy.index.sqlite_write import public_days, rebuild_text, refill_public_days, refill_text, write_batch
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

log = logging.getLogger(__name__)

__all__ = ["SqliteIndex", "public_days"]

#: Raised with ``PRAGMA user_version``; bump it when the schema or ``textmatch.fts_text`` changes.
SCHEMA_VERSION = 9
BUSY_TIMEOUT_MS = 30_000
MMAP_BYTES = 1 << 30

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS notice (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    centre TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    published TEXT NOT NULL,          -- ISO date, '' when unknown
    region_code TEXT,
    province TEXT,                    -- first two digits of region_code + '0000'
    project_code TEXT,
    amount REAL,
    hidden_from TEXT,                 -- first day a penalty is no longer public, NULL when always public
    harvested_at TEXT,
    content_hash TEXT NOT NULL,
    modified_seq INTEGER NOT NULL UNIQUE,
    deadline TEXT,                    -- the day (in China) of the 投标截止时间, NULL when none is printed
    public_from TEXT                  -- first day a penalty is public (its decision), NULL when always public
);
CREATE INDEX IF NOT EXISTS notice_newest ON notice (published DESC, id);
CREATE INDEX IF NOT EXISTS notice_amount ON notice (amount DESC, id);
CREATE INDEX IF NOT EXISTS notice_region ON notice (region_code);
CREATE INDEX IF NOT EXISTS notice_deadline ON notice (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX IF NOT EXISTS notice_project ON notice (project_code) WHERE project_code IS NOT NULL;
-- A filter's own index, newest first, carrying the public days: counting or reading the notices of one centre,
-- kind or category reads no table row (``sqlite_plan``).
CREATE INDEX IF NOT EXISTS notice_centre ON notice (centre, published DESC, id, hidden_from, public_from);
CREATE INDEX IF NOT EXISTS notice_kind ON notice (kind, published DESC, id, hidden_from, public_from);
CREATE INDEX IF NOT EXISTS notice_category ON notice (category, published DESC, id, hidden_from, public_from);
CREATE TABLE IF NOT EXISTS party (
    notice_rid INTEGER NOT NULL,
    uscc TEXT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    role TEXT NOT NULL,               -- buyer, agency, winner, subject, authority
    amount TEXT                       -- the party's own amount in yuan, exact (a Decimal as text)
);
CREATE INDEX IF NOT EXISTS party_uscc ON party (uscc, notice_rid) WHERE uscc IS NOT NULL;
CREATE INDEX IF NOT EXISTS party_notice ON party (notice_rid);
CREATE INDEX IF NOT EXISTS party_won ON party (uscc, notice_rid) WHERE role = 'winner' AND uscc IS NOT NULL;
CREATE TABLE IF NOT EXISTS entity_name (     -- every (code, name) pair ever printed, for name search
    uscc TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    PRIMARY KEY (uscc, name)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS notice_text USING fts5 (
    title, body, buyer, agency, winner, scope, content='', tokenize='unicode61 remove_diacritics 2'
);
"""
    + sqlite_doc.SCHEMA
    + ";\n"
    + sqlite_flags.SCHEMA
    + ";\n"
    + sqlite_tally.SCHEMA
)


class SqliteIndex(Index):
    """The embedded engine at ``path`` (parent folders are created). One connection per thread and process."""

    engine = "sqlite"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[sqlite3.Connection] = []
        self._harvest_ready = False
        self._ensure_schema()

    # -- connections ---------------------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; transactions are explicit)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as error:
                raise IndexEngineError(f"cannot open the SQLite index at {self.path}: {error}") from error
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")
            # Reads through a memory map skip copying pages into each new connection's cache: the site opens
            # one connection per request, and its searches ran 30-45 % faster with the map in a trial.
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            sqlite_doc.register(conn)
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._open.append(conn)
        return conn

    def _ensure_schema(self) -> None:
        conn = self.connection()
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, 1, 2, 3, 4, 5, 6, 7, 8, SCHEMA_VERSION):
                raise IndexEngineError(
                    f"{self.path} has schema version {version}, this ggzy writes {SCHEMA_VERSION}: "
                    "move it aside and harvest again"
                )
            if version in (3, 4, 5, 6, 7, 8):
                # Version 9 adds the ``scope`` column to notice_text (``textmatch.scope_text``): a contentless
                # table takes no new column, so it is made anew and filled from the stored notices below.
                conn.execute("DROP TABLE IF EXISTS notice_text")
            if version in (1, 2):
                # Version 3 keeps party amounts exact (text, not REAL), adds party-name columns to notice_text
                # and notice.deadline: drop the derived tables and re-derive them from the stored notices.
                conn.execute("DROP TABLE IF EXISTS party")
                conn.execute("DROP TABLE IF EXISTS notice_text")
                if "deadline" not in {row[1] for row in conn.execute("PRAGMA table_info(notice)")}:
                    conn.execute("ALTER TABLE notice ADD COLUMN deadline TEXT")
            if version in (1, 2, 3) and "public_from" not in {r[1] for r in conn.execute("PRAGMA table_info(notice)")}:
                # Version 4 stores the first public day beside the last (``Notice.public_from``).
                conn.execute("ALTER TABLE notice ADD COLUMN public_from TEXT")
            # Version 5 adds the flag tables (created below, empty: ``ggzy flags refresh`` fills them).
            # Version 7 adds the indexes a filter is counted on (``sqlite_plan``) and ``party_won``, created below.
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            # Version 8 stores the documents deflated (``sqlite_doc``): re-encode them before anything reads them.
            reencoded = sqlite_doc.migrate(conn)
            if version in (1, 2):
                rebuild_text(conn)
            elif version in (3, 4, 5, 6, 7, 8):
                refill_text(conn)
            if version == 3:
                refill_public_days(conn)
            if version in (3, 4, 5):
                # Version 6 keeps per-code tallies (``sqlite_tally``): count them from the stored party rows.
                sqlite_tally.refill(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if reencoded:
            # The migration wrote every document anew: give the write-ahead log's disk back. The old documents'
            # pages stay free inside the file, reused by later writes, until ``rebuild`` compacts it.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            log.info("re-encoded documents=%d path=%s; `ggzy index rebuild` compacts the file", reencoded, self.path)

    def close(self) -> None:
        with self._lock:
            for conn in self._open:
                conn.close()
            self._open.clear()
        self._local = threading.local()

    # -- writing -------------------------------------------------------------------------------------

    def upsert(self, notices: Iterable[Notice]) -> UpsertReport:
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            report = write_batch(conn, notices)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.debug("upsert inserted=%d updated=%d unchanged=%d", report.inserted, report.updated, report.unchanged)
        return report

    def rebuild(self) -> None:
        """Re-derive the FTS index and party table from the stored notices, then compact the file."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            rebuild_text(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("rebuilt path=%s notices=%d", self.path, self.count())

    # -- reading -------------------------------------------------------------------------------------

    def get(self, notice_id: str) -> Notice | None:
        found = (
            self.connection()
            .execute("SELECT d.doc FROM notice n JOIN notice_doc d ON d.rid = n.rid WHERE n.id = ?", (notice_id,))
            .fetchone()
        )
        return None if found is None else sqlite_doc.read_notice(found[0])

    def count(self) -> int:
        return int(self.connection().execute("SELECT count(*) FROM notice").fetchone()[0])

    def search(self, query: SearchQuery) -> SearchResult:
        return sqlite_search.search(self.connection(), query)

    def scan(self, query: SearchQuery) -> Iterator[Notice]:
        return sqlite_search.scan(self.connection, query)

    def modified_after(self, sequence: int, limit: int) -> tuple[list[Notice], int]:
        rows = (
            self.connection()
            .execute(
                "SELECT n.modified_seq, d.doc FROM notice n JOIN notice_doc d ON d.rid = n.rid "
                "WHERE n.modified_seq > ? ORDER BY n.modified_seq LIMIT ?",
                (sequence, limit),
            )
            .fetchall()
        )
        return [sqlite_doc.read_notice(doc) for _seq, doc in rows], rows[-1][0] if rows else sequence

    def changes_head(self) -> str | None:
        return str(self.connection().execute("SELECT coalesce(max(modified_seq), 0) FROM notice").fetchone()[0])

    def party_facts(
        self, codes: Sequence[str], *, published_by: date | None = None, latest: int = 0
    ) -> tuple[list[PartyRow], list[CodeSummary]]:
        return sqlite_entity.party_facts(self.connection(), codes, published_by, latest)

    def entity_codes(self) -> Iterator[str]:
        for (code,) in self.connection().execute("SELECT DISTINCT uscc FROM entity_name ORDER BY uscc"):
            yield code

    def documents(self, ids: Sequence[str]) -> dict[str, Notice]:
        return sqlite_entity.documents(self.connection(), ids)

    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityMatch]:
        return sqlite_entity.find_entities(self.connection(), name, limit, china_today())

    def stats(self, *, today: date | None = None) -> IndexStats:
        return sqlite_entity.stats(self.connection(), today or china_today())

    def status(self) -> dict[str, Any]:
        """Engine, location, stored count and bytes on disk (the database plus its write-ahead log)."""
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {"engine": self.engine, "url": f"sqlite:///{self.path}", "count": self.count(), "size": size}

    # -- integrity flags (``sqlite_flags``) ----------------------------------------------------------------

    def _write_flags(self, write: Callable[[sqlite3.Connection], int]) -> int:
        """Run ``write`` in one write transaction: readers see the results before it or after it."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = write(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return stored

    def replace_flags(
        self,
        results: Iterable[FlagResult],
        version: str,
        *,
        today: date | None = None,
        basis: FlagBasis | None = None,
    ) -> int:
        day = today or china_today()
        return self._write_flags(lambda conn: sqlite_flags.replace(conn, results, version, day, basis))

    def replace_flags_of(
        self,
        notice_ids: Collection[str],
        results: Iterable[FlagResult],
        version: str,
        *,
        today: date | None = None,
        basis: FlagBasis,
    ) -> int:
        day = today or china_today()
        return self._write_flags(lambda conn: sqlite_flags.replace_of(conn, notice_ids, results, version, day, basis))

    def flags_mark(self) -> FlagMark | None:
        return sqlite_flags.mark(self.connection())

    def flag_keys(self, notice_ids: Collection[str]) -> dict[str, set[str]]:
        return sqlite_flags.keys(self.connection(), notice_ids)

    def flag_keyed(self, keys: Collection[str]) -> set[str]:
        return sqlite_flags.keyed(self.connection(), keys)

    def select_flags(self, query: FlagQuery) -> list[StoredFlag]:
        return sqlite_flags.flags(self.connection(), query)

    def stream_flags(self, query: FlagQuery) -> Iterator[StoredFlag]:
        return sqlite_flags.stream(self.connection(), query)

    def flag_coverage(self, today: date | None = None) -> dict[str, dict[str, int]]:
        return sqlite_flags.coverage(self.connection(), today or china_today())

    # -- harvest state (``sqlite_harvest``) ------------------------------------------------------------

    def _harvest(self) -> sqlite3.Connection:
        conn = self.connection()
        if not self._harvest_ready:
            sqlite_harvest.ensure(conn)
            self._harvest_ready = True
        return conn

    def committed_ids(self, centre: str, source_ids: Collection[str]) -> set[str]:
        return sqlite_harvest.committed_ids(self._harvest(), centre, source_ids)

    def mark_committed(self, centre: str, source_ids: Iterable[str]) -> None:
        sqlite_harvest.mark_committed(self._harvest(), centre, source_ids)

    def centre_record(self, centre: str) -> tuple[dict[str, Any], str | None]:
        return sqlite_harvest.centre_record(self._harvest(), centre)

    def put_centre_record(self, centre: str, record: dict[str, Any], version: str | None) -> bool:
        return sqlite_harvest.put_centre_record(self._harvest(), centre, record, version)

    def add_crawl_record(self, record: dict[str, Any]) -> None:
        sqlite_harvest.add_crawl_record(self._harvest(), record)

    def crawl_records(self, centre: str, *, limit: int = 20) -> list[dict[str, Any]]:
        return sqlite_harvest.crawl_records(self._harvest(), centre, limit)

    def harvested_centres(self) -> list[str]:
        return sqlite_harvest.harvested_centres(self._harvest())
