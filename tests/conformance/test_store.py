"""Storing: upsert reports, what ``get``/``count``/``scan``/``stats`` see, the change log and deep paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from ggzy.index.base import Freshness, Index
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Bid, BidStatus, Category, Kind, Notice, Party
from ggzy.normalize.dates import china_today
from tests import factories
from tests.conformance.conftest import ENGINES, dispose, open_engine
from tests.conformance.corpus import TODAY, WITHDRAWN, corpus, ids


def test_upserting_a_notice_twice_keeps_one_and_reports_it_unchanged(index: Index) -> None:
    first = corpus()[0]
    assert index.upsert([first]).inserted == 1
    again = index.upsert([corpus()[0]])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    assert index.count() == 1
    assert index.search(SearchQuery(q="学校", today=TODAY)).total == 1
    stored = index.get(first.id)
    assert stored is not None and stored.content_hash == first.compute_content_hash()
    assert replace(stored, content_hash="") == first


def test_a_changed_notice_is_updated_in_place(index: Index) -> None:
    index.upsert(corpus()[:3])
    changed = replace(corpus()[0], title="杭州市西湖区实验学校体育馆新建工程施工招标公告")
    report = index.upsert([changed])
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 0)
    assert index.count() == 3
    assert [h.notice.id for h in index.search(SearchQuery(q="体育馆", today=TODAY)).hits] == ["conf-01"]
    assert index.search(SearchQuery(q='"教学楼新建工程"', today=TODAY)).total == 2


def test_withdrawn_penalties_are_stored_counted_and_fetched_but_never_scanned(loaded: Index) -> None:
    assert loaded.count() == len(corpus())
    for notice_id in WITHDRAWN:
        stored = loaded.get(notice_id)
        assert stored is not None and not stored.is_public(TODAY)
    scanned = [n.id for n in loaded.scan(SearchQuery(today=TODAY))]
    assert scanned == ids([8, 6, 5, 4, 3, 2, 11, 1, 13, 7, 12])
    assert [n.id for n in loaded.scan(SearchQuery(kind=(Kind.PENALTY,), today=TODAY))] == ["conf-08"]
    assert loaded.get("no-such-notice") is None


def test_stats_count_public_notices(loaded: Index) -> None:
    stats = loaded.stats(today=TODAY)
    assert stats.total == 11
    assert stats.by_centre == {"jiangsu": 1, "national": 1, "shanghai": 2, "zhejiang": 7}
    assert stats.by_kind == {"award": 3, "contract": 1, "correction": 1, "other": 2, "penalty": 1, "tender": 3}
    assert stats.by_category == {"engineering": 5, "land": 1, "other": 2, "procurement": 3}
    assert stats.by_month == {
        "2023-11": 1,
        "2024-03": 3,
        "2024-04": 1,
        "2024-05": 1,
        "2024-06": 1,
        "2024-07": 1,
        "2025-01": 1,
        "2025-02": 1,
    }
    assert stats.by_province == {"310000": 2, "320000": 1, "330000": 7}
    assert stats.freshness["zhejiang"] == Freshness(newest=date(2025, 2, 3), harvested_at=datetime(2024, 3, 6, 9))
    assert stats.freshness["national"] == Freshness(newest=None, harvested_at=None)


def test_changes_follow_modification_order_and_skip_unchanged(index: Index) -> None:
    notices = corpus()
    index.upsert(notices)
    seen, cursor = [], None
    while True:
        batch, cursor = index.changes(cursor, limit=4)
        if not batch:
            break
        seen += [n.id for n in batch]
    assert seen == [n.id for n in notices if n.id not in WITHDRAWN]
    assert index.changes(cursor) == ([], cursor)
    assert index.changes_head() == cursor

    index.upsert([notices[2], replace(notices[0], body_text="工期调整为300日历天。"), notices[1]])
    batch, after = index.changes(cursor)
    assert [n.id for n in batch] == ["conf-01"]
    assert index.changes(after)[0] == []


def test_a_penalty_decided_after_the_day_asked_about_is_not_public_yet(index: Index) -> None:
    # A decision dated ahead of the day asked about (a misprinted year, or a decision printed before it takes
    # effect) is public from its decision on, on every reader alike (Notice.is_public).
    decided = date(2099, 1, 1)
    subject = Party("浙江某某建设集团有限公司", "91330106MA2B0XK1L8")
    ahead = factories.penalty_notice("zhejiang", "ahead", subject, decided, decided_on=decided, penalty_types=["罚款"])
    index.upsert([ahead])
    today = china_today()
    assert not ahead.is_public(today) and ahead.is_public(decided)
    assert index.search(SearchQuery(today=today)).total == 0
    assert index.stats(today=today).total == 0
    assert index.find_entities("某某建设") == []
    assert index.changes() == ([], index.changes_head())
    assert [h.notice.id for h in index.search(SearchQuery(today=decided)).hits] == [ahead.id]
    assert index.count() == 1


def bulk(count: int) -> list[Notice]:
    """Plain notices with many equal dates and amounts, so sort keys tie and only the id breaks them; every
    fifth one is a 道路养护 notice, the rest 绿化养护."""
    return [
        Notice(
            id=f"bulk-{n:05d}",
            centre=f"centre-{n % 7}",
            title=f"第{n % 100}号{'道路' if n % 5 == 0 else '绿化'}养护工程公告",
            kind=Kind.TENDER,
            category=Category.ENGINEERING,
            published=date(2024, 1 + n % 12, 1 + n % 28) if n % 10 else None,
            region_code=f"3{n % 3}0100",
            amount=Decimal(n % 50 * 1000) if n % 4 else None,
            body_text="养护",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module", params=ENGINES)
def ten_thousand(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    opened = open_engine(request.param, request, tmp_path_factory.mktemp("bulk"))
    notices = bulk(10_000)
    for start in range(0, len(notices), 2_500):
        opened.upsert(notices[start : start + 2_500])
    yield opened
    dispose(opened)


@pytest.mark.parametrize(
    ("sort", "q", "total"), [(Sort.NEWEST, "", 10_000), (Sort.AMOUNT, "", 10_000), (Sort.RELEVANCE, "道路养护", 2_000)]
)
def test_cursor_paging_over_ten_thousand_notices_has_no_repeats_or_gaps(
    ten_thousand: Index, sort: Sort, q: str, total: int
) -> None:
    seen: list[str] = []
    query = SearchQuery(q=q, sort=sort, size=200, today=TODAY)
    while True:
        result = ten_thousand.search(query)
        assert result.total == total
        seen += [hit.notice.id for hit in result.hits]
        if result.next_cursor is None:
            break
        query = replace(query, cursor=result.next_cursor)
    assert len(seen) == len(set(seen)) == total
    if sort is Sort.NEWEST:
        dates = [
            date.min if int(i[5:]) % 10 == 0 else date(2024, 1 + int(i[5:]) % 12, 1 + int(i[5:]) % 28) for i in seen
        ]
        assert dates == sorted(dates, reverse=True)
    if sort is Sort.AMOUNT:
        amounts = [-1 if int(i[5:]) % 4 == 0 else int(i[5:]) % 50 for i in seen]
        assert amounts == sorted(amounts, reverse=True)


def test_bids_and_candidates_come_back_from_get_on_every_engine(index: Index) -> None:
    first = Bid("杭州建工集团有限责任公司", "91330100MA27Y00016", "91330100MA27Y00016", 1, "1,234.50万元",
                Decimal("12345000.00"), Decimal("95.25"), lot="标段一")  # fmt: skip
    joint = Bid("浙江交工集团股份有限公司、浙江省交通规划设计研究院", rank=2, price_as_printed="下浮率3.5%")
    rejected = Bid("某某市政工程有限公司", uscc_as_printed="91330100MA27Y0001X", price_as_printed="13,000,000元",
                   price=Decimal("13000000"), status=BidStatus.DISQUALIFIED, reason="投标保证金未按时到账")  # fmt: skip
    notice = replace(corpus()[0], kind=Kind.CANDIDATES, candidates=[first, joint], bids=[first, joint, rejected])
    notice.content_hash = notice.compute_content_hash()
    assert index.upsert([notice]).inserted == 1
    stored = index.get(notice.id)
    assert stored is not None
    assert stored.candidates == [first, joint] and stored.bids == [first, joint, rejected]
    assert str(stored.bids[0].price) == "12345000.00" and stored.bids[2].status is BidStatus.DISQUALIFIED
    assert stored.compute_content_hash() == notice.content_hash
    assert index.upsert([replace(notice)]).unchanged == 1
    repriced = replace(notice, bids=[first, joint, replace(rejected, reason=None, status=BidStatus.VALID)])
    repriced.content_hash = repriced.compute_content_hash()
    assert index.upsert([repriced]).updated == 1
    assert index.get(notice.id).bids[2].status is BidStatus.VALID  # type: ignore[union-attr]
