"""The total contract: exact up to ``EXACT_TOTAL_LIMIT`` matches, an estimate past it — the same on every engine.

The limit is read at search time, so these tests lower it to a handful of notices instead of storing ten thousand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ggzy.index import query as query_module
from ggzy.index.base import Index
from ggzy.index.query import SearchQuery, SearchResult, Sort
from ggzy.model import Kind, Notice
from tests import factories
from tests.conformance.conftest import ENGINES, dispose, open_engine

TODAY = date(2026, 6, 1)
WORKS = 40
PURCHASES = 12
LIMIT = 20


def _notices() -> list[Notice]:
    """40 works notices (tender and award, two provinces, each with an amount) and 12 purchases, one a day."""
    notices = []
    for number in range(WORKS):
        notices.append(
            factories.notice(
                "total",
                f"w{number}",
                f"第{number}号道路工程施工公告",
                body_text="工程地点：市区。",
                kind=Kind.TENDER if number % 4 else Kind.AWARD,
                region_code="330100" if number % 2 else "320100",
                published=TODAY - timedelta(days=number),
                amount=Decimal(1000 * (number + 1)),
            )
        )
    for number in range(PURCHASES):
        notices.append(
            factories.notice(
                "total",
                f"p{number}",
                f"第{number}号办公设备采购公告",
                body_text="采购内容：打印机。",
                kind=Kind.TENDER,
                region_code="330100",
                published=TODAY - timedelta(days=number, weeks=10),
            )
        )
    return notices


@pytest.fixture(scope="module", params=ENGINES)
def stored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    opened = open_engine(request.param, request, tmp_path_factory.mktemp("total"))
    opened.upsert(_notices())
    yield opened
    dispose(opened)


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(query_module, "EXACT_TOTAL_LIMIT", LIMIT)
    return LIMIT


def search(index: Index, q: str = "", **params: object) -> SearchResult:
    return index.search(SearchQuery(q=q, today=TODAY, **params))  # type: ignore[arg-type]


def test_a_search_below_the_limit_is_counted_and_faceted_exactly(stored: Index, limit: int) -> None:
    result = search(stored, "采购", facets=("kind", "province"))
    assert (result.total, result.total_exact) == (PURCHASES, True)
    assert result.facets == {"kind": [("tender", PURCHASES)], "province": [("330000", PURCHASES)]}


def test_a_search_of_exactly_the_limit_is_still_exact(stored: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_module, "EXACT_TOTAL_LIMIT", PURCHASES)
    result = search(stored, "采购")
    assert (result.total, result.total_exact) == (PURCHASES, True)


def test_past_the_limit_the_total_is_an_estimate_above_the_limit(stored: Index, limit: int) -> None:
    result = search(stored, "工程", facets=("kind", "province"))
    assert result.total_exact is False
    assert limit < result.total <= 3 * WORKS
    kinds = dict(result.facets["kind"])
    assert set(kinds) <= {"tender", "award"}
    assert kinds.get("tender", 0) > kinds.get("award", 0)
    assert 0 < sum(kinds.values()) <= 3 * WORKS
    assert {value for value, _count in result.facets["province"]} <= {"330000", "320000"}


def test_browsing_every_notice_past_the_limit_is_an_estimate_too(stored: Index, limit: int) -> None:
    result = search(stored, facets=("kind",))
    assert result.total_exact is False
    assert limit < result.total <= 3 * (WORKS + PURCHASES)
    assert [hit.notice.published for hit in result.hits] == sorted(
        (hit.notice.published for hit in result.hits), reverse=True
    )


@pytest.mark.parametrize("sort", [Sort.NEWEST, Sort.AMOUNT, Sort.RELEVANCE])
def test_paging_past_the_limit_reaches_every_match_once(stored: Index, limit: int, sort: Sort) -> None:
    seen: list[str] = []
    query = SearchQuery(q="工程", today=TODAY, size=7, sort=sort)
    while True:
        result = stored.search(query)
        assert result.total_exact is False
        seen += [hit.notice.id for hit in result.hits]
        if result.next_cursor is None:
            break
        query = query.with_cursor(result.next_cursor)
    assert len(seen) == len(set(seen)) == WORKS


def test_newest_first_past_the_limit_gives_the_newest_matches(stored: Index, limit: int) -> None:
    result = search(stored, "工程", sort=Sort.NEWEST, size=3)
    assert [hit.notice.published for hit in result.hits] == [TODAY - timedelta(days=n) for n in range(3)]
