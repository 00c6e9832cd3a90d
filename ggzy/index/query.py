"""One query model for every reader: the search page, feeds, the API and CSV downloads.

URL parameters parse into a ``SearchQuery`` with ``SearchQuery.from_params``; ``to_params`` gives them back, so a
search page can link to the feed and the download of exactly the same search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ggzy.index.query_params import FACETS, MAX_SIZE, PARAMS, TABLE, WITHIN, QueryError
from ggzy.index.querytext import ParsedQuery, parse_query
from ggzy.model import Category, Kind, Notice
from ggzy.normalize.dates import china_today

__all__ = ["FACETS", "MAX_SIZE", "QueryError"]


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    AMOUNT = "amount"


@dataclass(frozen=True)
class SearchQuery:
    """What to find. Empty tuples, ``None`` and ``False`` mean "no filter"; each URL parameter is declared in
    ``query_params.TABLE``.

    ``q`` is in the search language (``querytext``), parsed once into ``parsed``. ``region`` is a GB/T 2260 code
    prefix of any depth (``31`` is all of Shanghai, ``3301`` Hangzhou, ``330106`` 西湖区). ``uscc`` matches any
    party of a notice (buyer, agency, winner, penalty subject). ``within`` (``7d``/``30d``/``1y``) is a date range
    relative to ``today``; ``open_only`` keeps notices whose 投标截止时间 is ``today`` or later; ``flag`` keeps
    notices with one of these integrity flags triggered and public on ``today``. ``today`` decides which
    penalties are past their 公示截止期; it defaults to today in China. ``include_withdrawn`` and ``ids``
    (only these notices, for alerts matching new notices) are for internal use only (never URL parameters).
    """

    q: str = ""
    kind: tuple[Kind, ...] = ()
    category: tuple[Category, ...] = ()
    region: str | None = None
    centre: tuple[str, ...] = ()
    uscc: tuple[str, ...] = ()
    project_code: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    within: str | None = None
    open_only: bool = False
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    flag: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    size: int = 20
    cursor: str | None = None
    facets: tuple[str, ...] = ()
    include_withdrawn: bool = False
    ids: tuple[str, ...] = ()
    today: date = field(default_factory=china_today)
    parsed: ParsedQuery = field(default=ParsedQuery(""), compare=False, repr=False)

    def __post_init__(self) -> None:
        # Parsed once: ``replace`` carries the parsed words along unless ``q`` itself changes.
        if self.parsed.source != self.q:
            object.__setattr__(self, "parsed", parse_query(self.q))

    @property
    def effective_sort(self) -> Sort:
        """Relevance without words to rank by means newest first."""
        return Sort.NEWEST if self.sort is Sort.RELEVANCE and not self.parsed.ranks else self.sort

    @property
    def published_since(self) -> date | None:
        """The first publication day wanted: ``published_from`` or the start of ``within``, the later one."""
        days = [self.published_from] if self.published_from else []
        if self.within:
            days.append(self.today - timedelta(days=WITHIN[self.within][0]))
        return max(days) if days else None

    def with_cursor(self, cursor: str | None) -> SearchQuery:
        return replace(self, cursor=cursor)

    @classmethod
    def from_params(cls, params: Mapping[str, Any], *, default_size: int = 20) -> SearchQuery:
        """Parse URL parameters (a dict or a werkzeug MultiDict) by ``query_params.TABLE``; raise ``QueryError``
        saying in Chinese what is wrong. ``limit`` is read as ``size`` (the feeds' name for it)."""

        def values(name: str, multiple: bool) -> list[str]:
            getlist = getattr(params, "getlist", None)
            raw = getlist(name) if getlist else params.get(name)
            if raw is None:
                return []
            items = raw if isinstance(raw, list | tuple) else [raw]
            texts = [str(item).strip() for item in items]
            if multiple:
                texts = [v.strip() for text in texts for v in text.split(",")]
            return [text for text in texts if text]

        found: dict[str, Any] = {}
        for param in TABLE:
            used, given = param.name, values(param.name, param.multiple)
            if param.name == "size" and not given:
                used, given = "limit", values("limit", False)
            try:
                value = param.read(given)
            except QueryError as error:
                if used == param.name:
                    raise
                named = str(error).replace(f"「{param.label}」", f"「{param.label}」（{used}）", 1)
                raise QueryError(named, param=used) from None
            if value is not None:
                found[param.attribute] = value
        found.setdefault("size", default_size)
        return cls(**found)

    def to_params(self, *, with_cursor: bool = False) -> dict[str, str]:
        """The URL parameters that ``from_params`` reads back into this query (facets, size and today aside)."""
        params: dict[str, str] = {}
        defaults = _DEFAULTS
        for param in TABLE:
            if not param.in_links and not (with_cursor and param.name == "cursor"):
                continue
            value = getattr(self, param.attribute)
            if value is None or value == () or value is False or value == "" or value == defaults[param.attribute]:
                continue
            params[param.name] = param.write(value)
        return params

    def describe(self) -> str:
        """The search in a reader's words, for feed titles and alert mails: its words, then each filter
        (``“道路” 地区：浙江省湖州市 发布时间：近7天``); ``全部公告`` for none."""
        parts = [f"“{self.q}”"] if self.q else []
        parts += [f"{label}：{text}" for label, text, _without in self.chips()]
        return " ".join(parts) or "全部公告"

    def chips(self) -> list[tuple[str, str, SearchQuery]]:
        """The filters in force as ``(label, text, the same search without it)``, in the table's order."""
        found = []
        base = replace(self, cursor=None)
        for param in TABLE:
            value = getattr(self, param.attribute)
            if param.chip is None or value is None or value == () or value is False:
                continue
            without = replace(base, **{param.attribute: _DEFAULTS[param.attribute]})
            found.append((param.label, param.chip(value), without))
        return found


_DEFAULTS: dict[str, Any] = {
    name: getattr(SearchQuery(), name) for name in {param.attribute for param in PARAMS.values()}
}


@dataclass
class Hit:
    """One matching notice; ``highlights`` maps ``title``/``body`` to fragments with matches in ``<mark>``."""

    notice: Notice
    score: float | None = None
    highlights: dict[str, list[str]] = field(default_factory=dict)


#: Up to this many matches an engine counts exactly; beyond it, it may stop counting and estimate.
EXACT_TOTAL_LIMIT = 10_000


@dataclass
class SearchResult:
    """``total`` counts every match when ``total_exact``; past ``EXACT_TOTAL_LIMIT`` matches an engine may give an
    estimate instead (never below the limit) with ``total_exact`` false, and its facet counts are then estimates too.
    ``facets`` maps a facet name to (value, count) pairs, largest first."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    next_cursor: str | None = None
    total_exact: bool = True
