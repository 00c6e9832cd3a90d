"""The index interface: what every engine does, and what every reader may rely on.

Two engines implement it — ``SqliteIndex`` (embedded default) and ``ElasticIndex`` (national scale) — and one
conformance suite (``tests/conformance``) holds both to the same answers. ``open_index(url)`` picks the engine.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ggzy.errors import GgzyError
from ggzy.flags.model import FlagBasis, FlagMark, FlagResult, FlagState, StoredFlag
from ggzy.index.query import QueryError, SearchQuery, SearchResult
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

if TYPE_CHECKING:
    from ggzy.index.profile import Award, CodeSummary, PartyRow

#: The most stored flags one ``Index.flags`` call returns.
MAX_FLAGS_PAGE = 1000


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


def checked_state(state: FlagState | str | None) -> FlagState | None:
    """A flag state given as text read as a ``FlagState``; ``QueryError`` for one that is not."""
    if state is None or isinstance(state, FlagState):
        return state
    try:
        return FlagState(state)
    except ValueError:
        allowed = "、".join(s.value for s in FlagState)
        raise QueryError(f"「{state}」不是标志状态，可选：{allowed}。", param="state") from None


@dataclass(frozen=True)
class FlagQuery:
    """The filters of one ``Index.flags`` call, checked; None means no filter."""

    notice_id: str | None
    flag: str | None
    state: FlagState | None
    party: str | None
    buyer: str | None
    region: str | None
    since: date | None
    today: date
    limit: int
    offset: int


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

    # -- integrity flags: storage only; ``ggzy.flags.compute`` computes them ---------------------------------
    # A full recompute replaces every stored result at once, an update those of the notices it recomputed;
    # readers pass ``today`` (China's today by default) and never see a result past its ``hidden_from``.

    @abstractmethod
    def replace_flags(
        self, results: Iterable[FlagResult], version: str, *, today: date | None = None, basis: FlagBasis | None = None
    ) -> int:
        """Store ``results`` (a full recompute on catalogue ``version``) in place of every stored result, in one
        atomic step, and return how many were stored. A ``StoredFlag`` brings its ``hidden_from``; the index
        decides ``triggered_since``: kept from the stored result while the flag stays triggered on that notice,
        else ``today`` for a triggered result and None for any other. Not-applicable results are not stored.
        ``basis`` replaces the stored one; without it none is kept (``flags_mark`` then has no sequence)."""

    @abstractmethod
    def replace_flags_of(
        self,
        notice_ids: Collection[str],
        results: Iterable[FlagResult],
        version: str,
        *,
        today: date | None = None,
        basis: FlagBasis,
    ) -> int:
        """``replace_flags`` for the notices ``notice_ids`` only (their results and basis keys; the others' stay).
        Readers see the old results or the new ones. Returns how many were stored."""

    @abstractmethod
    def flags_mark(self) -> FlagMark | None:
        """The catalogue version of the stored results and their basis' sequence and day; None: nothing stored."""

    @abstractmethod
    def flag_keys(self, notice_ids: Collection[str]) -> dict[str, set[str]]:
        """The stored basis keys of these notices (a notice without any is left out)."""

    @abstractmethod
    def flag_keyed(self, keys: Collection[str]) -> set[str]:
        """The ids of the notices whose stored basis holds one of ``keys``."""

    def flags(
        self,
        *,
        notice_id: str | None = None,
        flag: str | None = None,
        state: FlagState | str | None = None,
        party: str | None = None,
        buyer: str | None = None,
        region: str | None = None,
        since: date | None = None,
        today: date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[StoredFlag]:
        """Stored results public on ``today``, newest first (published, then ``triggered_since``, then notice id
        and flag id). ``party`` is one of a result's ``parties``, ``buyer`` its buyer, ``region`` a region code
        prefix, ``since`` keeps results triggered on or after that day; ``limit`` is 1 to ``MAX_FLAGS_PAGE``
        (``QueryError`` otherwise, and for an unknown state)."""
        if not 1 <= limit <= MAX_FLAGS_PAGE:
            raise QueryError(f"每页条数应为 1 到 {MAX_FLAGS_PAGE} 之间的整数，不是 {limit}。", param="limit")
        if offset < 0:
            raise QueryError(f"起始位置不能为负数：{offset}。", param="offset")
        checked = checked_state(state)
        wanted = FlagQuery(notice_id, flag, checked, party, buyer, region, since, today or china_today(), limit, offset)
        return self.select_flags(wanted)

    @abstractmethod
    def select_flags(self, query: FlagQuery) -> list[StoredFlag]:
        """The engine's half of ``flags``: the stored results ``query`` (checked) asks for, in that order."""

    def scan_flags(
        self,
        *,
        flag: str | None = None,
        state: FlagState | str | None = None,
        party: str | None = None,
        buyer: str | None = None,
        region: str | None = None,
        today: date | None = None,
    ) -> Iterator[StoredFlag]:
        """Every result ``flags`` lists with these filters, streamed in its order, however many there are: for
        readers that need them all (the bulk export, a buyer's profile)."""
        checked = checked_state(state)
        day = today or china_today()
        yield from self.stream_flags(FlagQuery(None, flag, checked, party, buyer, region, None, day, MAX_FLAGS_PAGE, 0))

    def stream_flags(self, query: FlagQuery) -> Iterator[StoredFlag]:
        """The engine's half of ``scan_flags``; this default pages through ``select_flags`` (an engine whose
        pages cannot reach far, as Elasticsearch's ``from``, streams its own way)."""
        offset = 0
        while True:
            page = self.select_flags(replace(query, limit=MAX_FLAGS_PAGE, offset=offset))
            yield from page
            if len(page) < MAX_FLAGS_PAGE:
                return
            offset += MAX_FLAGS_PAGE

    @abstractmethod
    def flag_coverage(self, today: date | None = None) -> dict[str, dict[str, int]]:
        """For each stored flag id, how many results public on ``today`` are in each state (``FlagState`` values;
        a state without results is left out): what a "not triggered" is worth."""

    def flags_version(self) -> str | None:
        """The catalogue version of the stored results, None when none were ever stored."""
        mark = self.flags_mark()
        return mark.version if mark else None

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
