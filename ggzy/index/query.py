"""One query model for every reader: the search page, feeds, the API and CSV downloads.

URL parameters parse into a ``SearchQuery`` with ``SearchQuery.from_params``; ``to_params`` gives them back, so a
search page can link to the feed and the download of exactly the same search.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ggzy.errors import InvalidInput
from ggzy.model import Category, Kind, Notice
from ggzy.normalize.dates import china_today

#: The facets a search can ask for, each a field every engine counts the same way.
FACETS = ("kind", "category", "province", "centre", "year")
MAX_SIZE = 200


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    AMOUNT = "amount"


class QueryError(InvalidInput):
    """Raised when a search parameter is malformed; the message names the parameter and what it expects."""


@dataclass(frozen=True)
class SearchQuery:
    """What to find. Empty tuples and ``None`` mean "no filter".

    ``region`` is a GB/T 2260 code prefix (``31`` is all of Shanghai, ``3301`` Hangzhou). ``uscc`` matches any
    party of a notice (buyer, agency, winner, penalty subject). ``today`` decides which penalties are past their
    公示截止期; it defaults to today in China. ``include_withdrawn`` is for internal use only (never public).
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
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    sort: Sort = Sort.RELEVANCE
    size: int = 20
    cursor: str | None = None
    facets: tuple[str, ...] = ()
    include_withdrawn: bool = False
    today: date = field(default_factory=china_today)

    @property
    def effective_sort(self) -> Sort:
        """Relevance without words to rank by means newest first."""
        return Sort.NEWEST if self.sort is Sort.RELEVANCE and not self.terms() else self.sort

    def terms(self) -> list[tuple[str, bool]]:
        """The words of ``q`` as ``(text, is_phrase)``; "quoted phrases" stay whole."""
        return parse_terms(self.q)

    def with_cursor(self, cursor: str | None) -> SearchQuery:
        return replace(self, cursor=cursor)

    @classmethod
    def from_params(cls, params: Mapping[str, Any], *, default_size: int = 20) -> SearchQuery:
        """Parse URL parameters (a dict or a werkzeug MultiDict); raise ``QueryError`` saying what is wrong."""

        def values(name: str) -> list[str]:
            getlist = getattr(params, "getlist", None)
            raw = getlist(name) if getlist else params.get(name)
            if raw is None:
                return []
            items = raw if isinstance(raw, list | tuple) else [raw]
            return [v.strip() for item in items for v in str(item).split(",") if v.strip()]

        def one(name: str) -> str | None:
            found = values(name)
            return found[0] if found else None

        region = one("region")
        if region is not None and not re.fullmatch(r"\d{2}(\d{2}){0,2}", region):
            raise QueryError(f"region must be a GB/T 2260 code prefix of 2, 4 or 6 digits, not {region!r}")
        if region is not None:
            region = _strip_region(region)
        size_text = one("size") or one("limit")
        return cls(
            q=(one("q") or "")[:500] if values("q") else "",
            kind=tuple(_enum(Kind, v, "kind") for v in values("kind")),
            category=tuple(_enum(Category, v, "category") for v in values("category")),
            region=region,
            centre=tuple(values("centre")),
            uscc=tuple(_uscc_param(v) for v in values("uscc")),
            project_code=one("project_code"),
            published_from=_date_param(one("from"), "from"),
            published_to=_date_param(one("to"), "to"),
            amount_min=_amount_param(one("amount_min"), "amount_min"),
            amount_max=_amount_param(one("amount_max"), "amount_max"),
            sort=_enum(Sort, one("sort") or Sort.RELEVANCE.value, "sort"),
            size=_size_param(size_text, default_size),
            cursor=one("cursor"),
            facets=tuple(_facet_param(v) for v in values("facet")),
        )

    def to_params(self, *, with_cursor: bool = False) -> dict[str, str]:
        """The URL parameters that ``from_params`` reads back into this query (facets, size and today aside)."""
        params: dict[str, str] = {}
        if self.q:
            params["q"] = self.q
        for name, items in (("kind", self.kind), ("category", self.category)):
            if items:
                params[name] = ",".join(i.value for i in items)
        if self.centre:
            params["centre"] = ",".join(self.centre)
        if self.uscc:
            params["uscc"] = ",".join(self.uscc)
        for name, value in (
            ("region", self.region),
            ("project_code", self.project_code),
            ("from", self.published_from),
            ("to", self.published_to),
            ("amount_min", self.amount_min),
            ("amount_max", self.amount_max),
        ):
            if value is not None:
                params[name] = str(value)
        if self.sort is not Sort.RELEVANCE:
            params["sort"] = self.sort.value
        if with_cursor and self.cursor:
            params["cursor"] = self.cursor
        return params


@dataclass
class Hit:
    """One matching notice; ``highlights`` maps ``title``/``body`` to fragments with matches in ``<mark>``."""

    notice: Notice
    score: float | None = None
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SearchResult:
    """``total`` counts every match; ``facets`` maps a facet name to (value, count) pairs, largest first."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    next_cursor: str | None = None


_TERM = re.compile(r'"([^"]+)"|“([^”]+)”|(\S+)')


def parse_terms(q: str) -> list[tuple[str, bool]]:
    """Split a query into words and quoted phrases (ASCII or Chinese quotes); punctuation-only words drop."""
    terms: list[tuple[str, bool]] = []
    for match in _TERM.finditer(q.replace("\u3000", " ")):
        phrase = match.group(1) or match.group(2)
        text = (phrase or match.group(3)).strip()
        if re.search(r"\w", text):
            terms.append((text, phrase is not None))
    return terms


def _strip_region(code: str) -> str:
    """``330000`` → ``33`` and ``330100`` → ``3301``: trailing zero pairs widen the prefix."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def _enum(enum: Any, value: str, name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise QueryError(f"{name} must be one of {allowed}; got {value!r}") from None


def _date_param(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _amount_param(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise QueryError(f"{name} must be an amount in yuan, such as 100000, not {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise QueryError(f"{name} must be a non-negative amount in yuan, not {value!r}")
    return amount


def _size_param(value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= MAX_SIZE:
        raise QueryError(f"size must be a whole number from 1 to {MAX_SIZE}, not {value!r}")
    return int(value)


def _facet_param(value: str) -> str:
    if value not in FACETS:
        raise QueryError(f"facet must be one of {', '.join(FACETS)}; got {value!r}")
    return value


def _uscc_param(value: str) -> str:
    from ggzy.normalize.uscc import require_valid

    return require_valid(value).code
