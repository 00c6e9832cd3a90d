"""The index interface: what every engine does, and what every reader may rely on.

Two engines implement it — ``SqliteIndex`` (embedded default) and ``ElasticIndex`` (national scale) — and one
conformance suite (``tests/conformance``) holds both to the same answers. ``open_index(url)`` picks the engine.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ggzy.errors import GgzyError
from ggzy.index.query import QueryError, SearchQuery, SearchResult
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

if TYPE_CHECKING:
    from ggzy.index.profile import Award, CodeSummary, PartyRow


class IndexEngineError(GgzyError):
    """Raised when an engine cannot do what was asked: unreachable, misconfigured, or a failed rebuild."""

    http_status = 503
    title = "Index unavailable"


@dataclass
class UpsertReport:
    """What an ``upsert`` did: a notice whose content hash did not change counts as unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: UpsertReport) -> UpsertReport:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


@dataclass
class EntityProfile:
    """Everything the public index knows about one USCC (on ``as_of``, or today). Withdrawn penalties are
    counted, never shown. The rules are ``ggzy.index.profile``'s; ``awards`` holds one row per project with the
    company's own amount, and ``awards_total`` is their exact sum."""

    uscc: str
    names: list[str]
    region_code: str | None
    counts_by_kind: dict[str, int]
    awards_won: int
    awards_total: Decimal
    active_penalties: list[Notice]
    withdrawn_penalties: int
    latest: list[Notice]
    first_seen: date | None = None
    last_seen: date | None = None
    last_award: date | None = None
    awards: list[Award] = field(default_factory=list)
    as_of: date | None = None


@dataclass
class EntityMatch:
    """A candidate company for a name search."""

    uscc: str
    name: str
    notices: int


@dataclass
class Freshness:
    newest: date | None
    harvested_at: datetime | None


@dataclass
class IndexStats:
    total: int
    by_centre: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_province: dict[str, int] = field(default_factory=dict)
    freshness: dict[str, Freshness] = field(default_factory=dict)


class Index(ABC):
    """A store of notices that searches them. Every method is safe to call from several processes."""

    @abstractmethod
    def upsert(self, notices: Iterable[Notice]) -> UpsertReport:
        """Insert new notices and replace changed ones (by id); a notice whose content hash is unchanged is
        left alone. Stamps each stored notice's modification sequence for ``changes``."""

    @abstractmethod
    def get(self, notice_id: str) -> Notice | None:
        """The stored notice with this id, withdrawn penalties included (callers decide what to show)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Matching notices, ranked, with highlights, the facets asked for, and a cursor to the next page.
        Penalties past their 公示截止期 are left out unless ``query.include_withdrawn``."""

    def entity(self, uscc: str, *, today: date | None = None, as_of: date | None = None) -> EntityProfile | None:
        """The profile of one USCC, or None when no notice names it (see ``ggzy.index.profile``). With ``as_of``,
        what was public about it on that day: penalties public then, notices published by then."""
        return self.entities([uscc], today=today, as_of=as_of)[uscc]

    def entities(
        self, codes: Sequence[str], *, today: date | None = None, as_of: date | None = None, latest: int = 10
    ) -> dict[str, EntityProfile | None]:
        """The profiles of many codes from one batch of reads (``latest=0`` spares reading latest notices)."""
        from ggzy.index.profile import profiles

        return profiles(self, codes, today=today or china_today(), as_of=as_of, latest=latest)

    @abstractmethod
    def party_facts(
        self, codes: Sequence[str], *, published_by: date | None = None, latest: int = 0
    ) -> tuple[list[PartyRow], list[CodeSummary]]:
        """What the profile rules read about ``codes``, in one batched look-up (see ``ggzy.index.profile``): the
        party rows (``PartyRow``, amounts exact) naming a code in every notice ``profile.is_detailed`` picks —
        penalties, withdrawn ones included, and award or contract notices one of ``codes`` won — and, for the other
        notices naming them, one ``CodeSummary`` per code named in any, over those published by ``published_by``
        (or undated; None: all), with its ``latest`` newest."""

    @abstractmethod
    def entity_codes(self) -> Iterator[str]:
        """Every code a stored notice names (as any party, withdrawn penalties included), each once, sorted."""

    @abstractmethod
    def documents(self, ids: Sequence[str]) -> dict[str, Notice]:
        """The stored notices with these ids (unknown ids are left out), withdrawn penalties included."""

    @abstractmethod
    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityMatch]:
        """Companies whose name contains ``name`` (matched on the name key), most notices first."""

    @abstractmethod
    def scan(self, query: SearchQuery) -> Iterator[Notice]:
        """Every match, streamed in a stable order (newest first, then id); ``query.size`` is ignored."""

    @abstractmethod
    def modified_after(self, sequence: int, limit: int) -> tuple[list[Notice], int]:
        """Up to ``limit`` stored notices whose modification sequence is above ``sequence``, in that order,
        withdrawn penalties included, and the last sequence read (``sequence`` itself when there is none)."""

    def changes(self, since: str | None = None, *, limit: int = 500) -> tuple[list[Notice], str]:
        """Up to ``limit`` public notices modified after the cursor ``since``, in modification order, and the
        cursor to pass next. Notices not public today (``Notice.is_public``) are skipped and the cursor moves
        past them, so the feed is safe to publish as it is; readers that tell mirrors to delete them find them
        with ``SearchQuery(include_withdrawn=True)``."""
        try:
            after = int(since) if since else 0
        except ValueError:
            raise QueryError(f"since must be a cursor from an earlier changes call, not {since!r}") from None
        today = china_today()
        notices: list[Notice] = []
        while len(notices) < limit:
            page, last = self.modified_after(after, limit - len(notices))
            if last == after:
                break
            notices += [notice for notice in page if notice.is_public(today)]
            after = last
        return notices, str(after)

    def changes_head(self) -> str | None:
        """The cursor just past the newest change: ``changes(changes_head())`` is empty until something changes.
        Engines may answer this directly; this default walks the whole change log."""
        cursor: str | None = None
        while True:
            batch, cursor = self.changes(cursor, limit=5000)
            if not batch:
                return cursor

    @abstractmethod
    def stats(self, *, today: date | None = None) -> IndexStats:
        """Counts of public notices per centre, kind, category, month and province; freshness per centre."""

    @abstractmethod
    def count(self) -> int:
        """How many notices are stored, withdrawn penalties included."""

    # -- harvest state: storage only; ``ggzy.harvesters.state`` holds the rules ----------------------------
    # Kept in the index itself, so a new index starts empty (and re-harvests) and every worker writing to one
    # index shares one state. Each call costs what its arguments hold, never what the history holds.

    @abstractmethod
    def committed_ids(self, centre: str, source_ids: Collection[str]) -> set[str]:
        """Which of ``source_ids`` (the centre's own ids) ``mark_committed`` recorded for ``centre``; looks up
        these ids only."""

    @abstractmethod
    def mark_committed(self, centre: str, source_ids: Iterable[str]) -> None:
        """Record that notices of ``centre`` with these source ids are committed (idempotent; writes these ids
        only)."""

    @abstractmethod
    def centre_record(self, centre: str) -> tuple[dict[str, Any], str | None]:
        """The harvest record of ``centre`` (a JSON object, ``{}`` when there is none) and its version token
        (None when there is none), for ``put_centre_record``."""

    @abstractmethod
    def put_centre_record(self, centre: str, record: dict[str, Any], version: str | None) -> bool:
        """Store ``record`` for ``centre`` only if its version is still ``version`` (None: only if it has no
        record yet); False when another writer changed it first (compare-and-set)."""

    @abstractmethod
    def add_crawl_record(self, record: dict[str, Any]) -> None:
        """Append one crawl's account of one centre: a JSON object with at least ``crawl_id``, ``centre`` and
        ``finished`` (ISO time). Adding the same crawl and centre again replaces it."""

    @abstractmethod
    def crawl_records(self, centre: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` crawl records of ``centre``, newest first."""

    @abstractmethod
    def harvested_centres(self) -> list[str]:
        """Every centre with a harvest record or a crawl record, sorted."""

    def rebuild(self) -> None:
        """Re-derive the engine's search structures from the stored notices (``ggzy index rebuild``)."""
        raise IndexEngineError(f"{type(self).__name__} does not support rebuild")

    def status(self) -> dict[str, Any]:
        """What ``ggzy index status`` prints: at least ``engine``, ``url``, ``count`` and ``size`` (bytes or
        None)."""
        return {"engine": type(self).__name__, "url": None, "count": self.count(), "size": None}

    def close(self) -> None:  # noqa: B027 - engines without resources need not override it
        """Release connections."""

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
