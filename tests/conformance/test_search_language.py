"""The search language and the reader's filters answer the same on every engine.

Words (AND), "phrases", OR / |, -exclusions, field prefixes, traditional characters on either side, regions of
any depth, 未截止, quick date ranges and amounts typed as readers write them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from ggzy.index.base import Index
from ggzy.index.query import QueryError, SearchQuery
from ggzy.index.querytext import QuerySyntaxError
from ggzy.model import Kind, Notice, Party
from tests.conformance.conftest import ENGINES, dispose, open_engine

TODAY = date(2025, 6, 1)


def _notices() -> list[Notice]:
    bureau = Party("杭州市西湖区教育局")
    return [
        Notice(
            id="lang-1",
            centre="zhejiang",
            kind=Kind.TENDER,
            title="西湖区实验学校教学楼新建工程施工招标公告",
            body_text="本工程含食堂改造。",
            region_code="330106",
            published=TODAY - timedelta(days=3),
            deadline=datetime(2025, 6, 20, 9, 30),
            amount=Decimal("12000000"),
            buyer=bureau,
            agency=Party("浙江某某招标代理有限公司"),
        ),
        Notice(
            id="lang-2",
            centre="zhejiang",
            kind=Kind.TENDER,
            title="宁波市第一医院门诊楼改造工程招标公告",
            body_text="工程地点：宁波市海曙区。",
            region_code="330203",
            published=TODAY - timedelta(days=20),
            deadline=datetime(2025, 5, 30, 9, 30),
            amount=Decimal("3000000"),
            buyer=Party("宁波市第一医院"),
        ),
        Notice(
            id="lang-3",
            centre="taiwan-style",
            kind=Kind.PENALTY,
            title="行政處罰決定書（圍標行為）",
            body_text="對某某公司處以罰款。",
            region_code="330100",
            published=TODAY - timedelta(days=200),
        ),
        Notice(
            id="lang-4",
            centre="zhejiang",
            kind=Kind.AWARD,
            title="西湖区实验学校教学楼新建工程施工中标结果公告",
            body_text="中标价：1180万元。",
            region_code="330106",
            published=TODAY - timedelta(days=400),
            amount=Decimal("11800000"),
            buyer=bureau,
            winners=[Party("浙江某某建设集团有限公司"), Party("南京某某安装工程有限公司")],
        ),
    ]


@pytest.fixture(scope="module", params=ENGINES)
def language(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    opened = open_engine(request.param, request, tmp_path_factory.mktemp("language"))
    opened.upsert(_notices())
    yield opened
    dispose(opened)


def found(index: Index, **params: str) -> set[str]:
    query = SearchQuery.from_params(params)
    result = index.search(replace(query, today=TODAY, size=50))
    assert result.total == len(result.hits)
    return {hit.notice.id for hit in result.hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("教学楼 施工", {"lang-1", "lang-4"}),
        ('"教学楼新建工程"', {"lang-1", "lang-4"}),
        ('"工程施工中标"', {"lang-4"}),
        ("教学楼 OR 医院", {"lang-1", "lang-2", "lang-4"}),
        ("教学楼 | 医院", {"lang-1", "lang-2", "lang-4"}),
        ("医院 OR 处罚 工程", {"lang-2"}),
        ("工程 -食堂", {"lang-2", "lang-4"}),
        ("-食堂", {"lang-2", "lang-3", "lang-4"}),
        ("工程 -食堂 -中标", {"lang-2"}),
        ("标题:食堂", set()),
        ("title:招标", {"lang-1", "lang-2"}),
        ("采购人:教育局", {"lang-1", "lang-4"}),
        ("buyer:医院", {"lang-2"}),
        ("中标人:安装工程", {"lang-4"}),
        ("winner:教育局", set()),
        ("代理:招标代理", {"lang-1"}),
        ("agency:招标代理 -食堂", set()),
        # traditional characters on the query side, the indexed side, or both
        ("行政处罚", {"lang-3"}),
        ("處罰 围标", {"lang-3"}),
        ("學校", {"lang-1", "lang-4"}),
        ("標題:學校 -食堂", {"lang-4"}),
    ],
)
def test_the_search_language_finds_the_same_on_every_engine(language: Index, q: str, expected: set[str]) -> None:
    assert found(language, q=q) == expected


def test_highlights_mark_wanted_words_in_traditional_text_and_never_excluded_ones(language: Index) -> None:
    query = SearchQuery(q="处罚 -食堂", today=TODAY)
    [hit] = language.search(query).hits
    assert hit.highlights["title"] == ["行政<mark>處罰</mark>決定書（圍標行為）"]
    [school] = language.search(SearchQuery(q="学校 -中标 -医院", today=TODAY)).hits
    assert school.highlights["title"] == ["西湖区实验<mark>学校</mark>教学楼新建工程施工招标公告"]
    assert "<mark>" not in "".join(school.highlights.get("body", []))


@pytest.mark.parametrize(
    "q",
    ['"未闭合', "OR 医院", "医院 OR", "医院 OR OR 学校", "地区:杭州", "标题:", '""', "医院 OR -食堂"],
)
def test_a_malformed_query_is_refused_with_a_chinese_reason(q: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        SearchQuery.from_params({"q": q})
    message = str(raised.value)
    assert message.startswith("「关键词」填写有误：")
    assert any(hint in message for hint in ("引号", "OR", "字段", "缺少"))


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("33", {"lang-1", "lang-2", "lang-3", "lang-4"}),
        ("3301", {"lang-1", "lang-3", "lang-4"}),
        ("330106", {"lang-1", "lang-4"}),
        ("330200", {"lang-2"}),
        ("330203", {"lang-2"}),
    ],
)
def test_regions_filter_at_every_depth(language: Index, region: str, expected: set[str]) -> None:
    assert found(language, region=region) == expected


def test_open_tenders_are_those_whose_deadline_is_today_or_later(language: Index) -> None:
    assert found(language, open="1") == {"lang-1"}
    assert found(language, open="1", q="医院") == set()
    assert found(language, open="0") == {"lang-1", "lang-2", "lang-3", "lang-4"}


@pytest.mark.parametrize(
    ("within", "expected"),
    [("7d", {"lang-1"}), ("30d", {"lang-1", "lang-2"}), ("1y", {"lang-1", "lang-2", "lang-3"})],
)
def test_quick_date_ranges_count_back_from_today(language: Index, within: str, expected: set[str]) -> None:
    assert found(language, within=within) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10,000,000", {"lang-1", "lang-4"}),
        ("1000万", {"lang-1", "lang-4"}),
        ("0.1亿", {"lang-1", "lang-4"}),
        ("1180万元", {"lang-1", "lang-4"}),
        ("11,800,001", {"lang-1"}),
        ("300万", {"lang-1", "lang-2", "lang-4"}),
    ],
)
def test_amounts_are_read_as_readers_write_them(language: Index, typed: str, expected: set[str]) -> None:
    assert found(language, amount_min=typed) == expected


@pytest.mark.parametrize("typed", ["1.000.000", "5%", "一百万", "abc", "1,00"])
def test_an_amount_that_cannot_be_read_is_refused_not_misread(typed: str) -> None:
    with pytest.raises(QueryError) as raised:
        SearchQuery.from_params({"amount_max": typed})
    assert "「最高金额」填写有误" in str(raised.value)
    assert raised.value.extra == {"param": "amount_max"}


def test_a_search_parses_its_words_once_and_keeps_them_through_paging() -> None:
    query = SearchQuery.from_params({"q": "教学楼 OR 医院 -食堂"})
    assert query.with_cursor("x").parsed is query.parsed
    assert SearchQuery.from_params(query.to_params()) == query


def test_a_snippet_does_not_repeat_the_title_the_body_starts_with(index: Index) -> None:
    title = "湖州市某道路改造工程招标公告"
    index.upsert(
        [
            Notice(id="snip-1", centre="zhejiang", title=title, body_text=f"{title}\n一、项目概况：道路全长3公里。"),
            Notice(id="snip-2", centre="zhejiang", title="某某公告", body_text=f"{title}。正文。"),
        ]
    )
    hits = {hit.notice.id: hit for hit in index.search(SearchQuery(q="道路", today=TODAY)).hits}
    assert hits["snip-1"].highlights["body"] == ["…一、项目概况：<mark>道路</mark>全长3公里。"]
    assert hits["snip-2"].highlights["body"][0].startswith("湖州市某<mark>道路</mark>")
