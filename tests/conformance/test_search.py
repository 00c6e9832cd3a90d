"""Searching: Chinese words and phrases, filters, sorts, facets and highlights — the same on every engine."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ggzy.index.base import Index
from ggzy.index.query import SearchQuery, SearchResult, Sort
from ggzy.model import Category, Kind
from tests.conformance.corpus import BUILDER, EDUCATION_BUREAU, TODAY, WITHDRAWN, ids


def find(index: Index, q: str = "", **params: object) -> SearchResult:
    return index.search(SearchQuery(q=q, size=50, today=TODAY, **params))  # type: ignore[arg-type]


def found(index: Index, q: str = "", **params: object) -> set[str]:
    result = find(index, q, **params)
    assert result.total == len(result.hits)
    return {hit.notice.id for hit in result.hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # two-character words inside longer words, in titles
        ("工程", [1, 2, 3, 6, 11]),
        ("学校", [1, 2, 3, 11]),
        ("采购", [4, 5, 13]),
        # a two-character word printed only in a body
        ("冰箱", [4]),
        ("冷链", [4, 5]),
        # exact phrases, quoted or not
        ('"教学楼新建工程"', [1, 2, 3, 11]),
        ("“医疗设备采购”", [4]),
        ("实验学校教学楼新建工程施工招标", [1, 11]),
        # every word must match
        ("学校 合同", [3]),
        ("工程 上海", []),
        # letters and digits, case-insensitive
        ("abc2024", [13]),
        # a single Han character
        ("宁", [7]),
        ("不存在的词语", []),
    ],
)
def test_words_and_phrases_match_anywhere_in_titles_and_bodies(loaded: Index, q: str, expected: list[int]) -> None:
    assert found(loaded, q) == set(ids(expected))


def test_withdrawn_penalties_are_absent_from_every_public_search(loaded: Index) -> None:
    assert found(loaded, kind=(Kind.PENALTY,)) == {"conf-08"}
    assert found(loaded, "围标") == set()
    assert not found(loaded) & WITHDRAWN
    assert found(loaded, "行政处罚", include_withdrawn=True) == set(ids([8, 9, 14]))


def test_filters(loaded: Index) -> None:
    assert found(loaded, kind=(Kind.AWARD, Kind.CONTRACT)) == set(ids([2, 3, 5, 6]))
    assert found(loaded, category=(Category.LAND,)) == set(ids([7]))
    assert found(loaded, region="33") == set(ids([1, 2, 3, 7, 8, 11, 13]))
    assert found(loaded, region="3301") == set(ids([1, 2, 3, 11, 13]))
    assert found(loaded, region="330106") == set(ids([1, 2, 3, 11]))
    assert found(loaded, centre=("shanghai", "jiangsu")) == set(ids([4, 5, 6]))
    assert found(loaded, uscc=(BUILDER,)) == set(ids([2, 3, 6, 8]))
    assert found(loaded, uscc=(EDUCATION_BUREAU,)) == set(ids([1, 2, 3, 11]))
    assert found(loaded, project_code="JS-2025-003") == set(ids([6]))
    assert found(loaded, published_from=date(2024, 6, 1), published_to=date(2024, 12, 31)) == set(ids([4, 5]))
    assert found(loaded, published_to=date(2023, 12, 31)) == set(ids([7]))
    assert found(loaded, amount_min=Decimal("3450000.50"), amount_max=Decimal("7000000")) == set(ids([4, 5, 6]))
    assert found(loaded, "工程", region="32") == set(ids([6]))
    assert found(loaded, "工程", uscc=(BUILDER,)) == set(ids([2, 3, 6]))
    assert order(loaded, Sort.RELEVANCE, "合同", project_code="ZJ-2024-001") == ids([3])


def order(index: Index, sort: Sort, q: str = "", **params: object) -> list[str]:
    return [hit.notice.id for hit in find(index, q, sort=sort, **params).hits]


def test_sorts_end_in_id_and_put_unknown_values_last(loaded: Index) -> None:
    assert order(loaded, Sort.AMOUNT) == ids([1, 2, 3, 6, 4, 5, 13, 7, 8, 11, 12])
    assert order(loaded, Sort.NEWEST) == ids([8, 6, 5, 4, 3, 2, 11, 1, 13, 7, 12])
    assert order(loaded, Sort.OLDEST) == ids([7, 1, 13, 11, 2, 3, 4, 5, 6, 8, 12])
    # relevance without words is newest first
    assert order(loaded, Sort.RELEVANCE) == order(loaded, Sort.NEWEST)


def test_relevance_puts_a_title_match_above_a_body_match(loaded: Index) -> None:
    assert order(loaded, Sort.RELEVANCE, "冷链") == ids([5, 4])


@pytest.mark.parametrize("sort", list(Sort))
def test_cursor_pages_join_up_to_one_list(loaded: Index, sort: Sort) -> None:
    q = "工程" if sort is Sort.RELEVANCE else ""
    whole = order(loaded, sort, q)
    paged: list[str] = []
    query = SearchQuery(q=q, sort=sort, size=3, today=TODAY)
    while True:
        result = loaded.search(query)
        assert result.total == len(whole)
        paged += [hit.notice.id for hit in result.hits]
        if result.next_cursor is None:
            break
        query = replace(query, cursor=result.next_cursor)
    assert paged == whole


def test_facets_count_the_whole_match_set(loaded: Index) -> None:
    result = loaded.search(SearchQuery(size=1, facets=("kind", "category", "province", "centre", "year"), today=TODAY))
    assert result.total == 11
    assert result.facets == {
        "kind": [("award", 3), ("tender", 3), ("other", 2), ("contract", 1), ("correction", 1), ("penalty", 1)],
        "category": [("engineering", 5), ("procurement", 3), ("other", 2), ("land", 1)],
        "province": [("330000", 7), ("310000", 2), ("320000", 1)],
        "centre": [("zhejiang", 7), ("shanghai", 2), ("jiangsu", 1), ("national", 1)],
        "year": [("2024", 7), ("2025", 2), ("2023", 1)],
    }
    worded = loaded.search(SearchQuery(q="工程", size=1, facets=("kind", "year"), today=TODAY))
    assert worded.facets == {
        "kind": [("award", 2), ("contract", 1), ("correction", 1), ("tender", 1)],
        "year": [("2024", 4), ("2025", 1)],
    }


def _merged(fragment: str) -> str:
    """Adjacent marks joined, so ``<mark>学</mark><mark>校</mark>`` reads as ``<mark>学校</mark>``."""
    return fragment.replace("</mark><mark>", "")


def test_highlights_mark_matches_in_escaped_text(loaded: Index) -> None:
    hits = {hit.notice.id: hit.highlights for hit in find(loaded, "学校").hits}
    assert [_merged(f) for f in hits["conf-01"]["title"]] == [
        "杭州市西湖区实验<mark>学校</mark>教学楼新建工程施工招标公告"
    ]
    assert "<mark>学校</mark>" in _merged(hits["conf-01"]["body"][0])
    body = find(loaded, "冰箱").hits[0].highlights["body"]
    assert "<mark>冰箱</mark>" in _merged(body[0])
    escaped = find(loaded, "医疗器械经营许可证").hits[0].highlights["body"]
    text = "".join(escaped)
    assert "&lt;" in text and "&amp;" in text
    assert re.sub(r"</?mark>", "", text).count("<") == 0


def test_a_query_with_only_punctuation_matches_like_no_words(loaded: Index) -> None:
    assert find(loaded, "，。").total == 11
