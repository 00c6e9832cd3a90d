"""The domain model: lossless JSON, stable ids, content hashes that ignore provenance, publicity rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ggzy.model import (
    Attachment,
    Bid,
    BidStatus,
    Category,
    Kind,
    Notice,
    Party,
    Penalty,
    SourceRef,
    SubjectCategory,
    content_hash_of,
    make_notice_id,
)
from tests import factories


def full_notice() -> Notice:
    winner = Party("湖州新国旅外事旅游汽车服务有限公司", "91330500MA2B3T7X1C", "91330500MA2B3T7X1C", "winner",
                   Decimal("123456.78"), "标段一")  # fmt: skip
    return factories.notice(
        "huzhou",
        "003346ed",
        "德清县体育中心用车服务采购项目合同",
        kind=Kind.CONTRACT,
        category=Category.PROCUREMENT,
        source_url="http://127.0.0.1/a.html",
        published=date(2026, 3, 17),
        region_code="330521",
        project_code="330521253680050000027-ZJXCXZF-2025-JC57",
        buyer=Party("德清县体育中心（德清县少年儿童体育学校）", role="buyer"),
        winners=[winner],
        bids=[
            Bid(
                "重庆丰渝建筑工程有限公司",
                "91330500MA2B3T7X1C",
                "91330500MA2B3T7X1C",
                1,
                "3078772.7",
                Decimal("3078772.7"),
                Decimal("96.89"),
                lot="标段一",
            ),
            Bid("郑州一建集团有限公司、河南求实岩土工程勘察有限公司", price_as_printed="下浮率5%"),
            Bid(
                "湖南鑫成建设有限责任公司",
                uscc_as_printed="91430000123456789X",
                price_as_printed="139793123.31元",
                price=Decimal("139793123.31"),
                status=BidStatus.DISQUALIFIED,
                reason="类似项目业绩不符合要求",
            ),
        ],
        candidates=[Bid("重庆丰渝建筑工程有限公司", rank=1, price=Decimal("3078772.70"))],
        amount=Decimal("0.10"),
        budget=Decimal("4800000.000000"),
        deadline=datetime(2026, 3, 1, 9, 30),
        body_text="合同金额：0元",
        body_html="<p>合同金额：0元</p>",
        attachments=[Attachment("合同.pdf", "http://127.0.0.1/c.pdf")],
        penalty=Penalty(
            subject=Party("张三", role="subject"),
            subject_category=SubjectCategory.NATURAL_PERSON,
            penalty_types=["警告", "罚款"],
            fine=Decimal("5000"),
            decided_on=date(2026, 1, 2),
            publicity_until=date(2026, 7, 2),
        ),
        also_published=[SourceRef("national", "http://127.0.0.1/n.html", "n1")],
        harvested_at=datetime(2026, 3, 18, 8, 0, 5),
        spider="huzhou",
    )


def test_json_round_trip_is_lossless() -> None:
    notice = full_notice()
    again = Notice.from_json(notice.to_json())
    assert again == notice
    assert again.budget == Decimal("4800000.000000") and str(again.amount) == "0.10"
    assert isinstance(again.winners[0], Party) and again.winners[0].lot == "标段一"
    assert again.bids[2].status is BidStatus.DISQUALIFIED and str(again.candidates[0].price) == "3078772.70"


bids = st.builds(
    Bid,
    name=st.text(min_size=1),
    uscc=st.none() | st.text(min_size=18, max_size=18),
    rank=st.none() | st.integers(min_value=1, max_value=99),
    price_as_printed=st.none() | st.text(),
    price=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    score=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3),
    status=st.sampled_from(BidStatus),
    reason=st.none() | st.text(),
    lot=st.none() | st.text(),
)


@given(st.lists(bids, max_size=4), st.lists(bids, max_size=4))
def test_round_trip_of_any_bids_and_candidates(bid_list: list[Bid], candidates: list[Bid]) -> None:
    notice = Notice(id="c-1", centre="c", title="开标记录", kind=Kind.OPENING, bids=bid_list, candidates=candidates)
    again = Notice.from_json(notice.to_json())
    assert again == notice
    assert again.compute_content_hash() == notice.compute_content_hash()


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2), st.dates(), st.text(min_size=1))
def test_round_trip_of_any_amount_date_and_title(amount: Decimal, day: date, title: str) -> None:
    notice = Notice(id="c-1", centre="c", title=title, amount=amount, published=day)
    assert Notice.from_json(notice.to_json()) == notice


def test_ids_are_stable_and_distinct_per_centre() -> None:
    assert make_notice_id("huzhou", "abc") == make_notice_id("huzhou", "abc")
    assert make_notice_id("huzhou", "abc") != make_notice_id("hunan", "abc")
    assert make_notice_id("huzhou", "abc").startswith("huzhou-")


def test_content_hash_ignores_the_fetch_but_not_content_or_republication() -> None:
    notice = full_notice()
    refetched = Notice.from_dict({**notice.to_dict(), "harvested_at": "2026-04-01T00:00:00", "spider": "other"})
    assert refetched.compute_content_hash() == notice.compute_content_hash()
    unfolded = Notice.from_dict({**notice.to_dict(), "also_published": []})
    assert unfolded.compute_content_hash() != notice.compute_content_hash()
    corrected = Notice.from_dict({**notice.to_dict(), "title": "更正后的标题"})
    assert corrected.compute_content_hash() != notice.compute_content_hash()
    repriced = Notice.from_dict(notice.to_dict())
    repriced.candidates[0].price = Decimal("3078772.71")
    assert repriced.compute_content_hash() != notice.compute_content_hash()
    rescored = Notice.from_dict(notice.to_dict())
    rescored.bids[0].score = Decimal("96.90")
    assert rescored.compute_content_hash() != notice.compute_content_hash()


def test_a_notice_without_bids_keeps_the_hash_it_had_before_bids_existed() -> None:
    notice = Notice(id="c-1", centre="c", title="招标公告", kind=Kind.TENDER, budget=Decimal("100"))
    before = {k: v for k, v in notice.to_dict().items() if k not in ("bids", "candidates")}
    assert notice.compute_content_hash() == content_hash_of(before)
    notice.bids = [Bid("某某建设有限公司")]
    assert notice.compute_content_hash() != content_hash_of(before)


def test_a_penalty_is_public_until_its_publicity_ends_or_it_is_removed() -> None:
    penalty = full_notice().penalty
    assert penalty is not None
    assert penalty.is_public(date(2026, 7, 2))
    assert not penalty.is_public(date(2026, 7, 3))
    penalty.removed_on = date(2026, 5, 1)
    assert not penalty.is_public(date(2026, 5, 1))
    assert Notice(id="x", centre="c", title="t").is_public(date(2099, 1, 1))


def test_parties_and_codes_include_penalty_subjects() -> None:
    notice = full_notice()
    assert [p.role for p in notice.parties()] == ["buyer", "winner", "subject"]  # bidders are not parties
    assert notice.usccs() == ["91330500MA2B3T7X1C"]
