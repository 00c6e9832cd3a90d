"""Flags read from a procurement's bid table: opening records and ranked candidates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ggzy.flags.model import FlagState
from ggzy.model import Bid, BidStatus, Category, Kind
from tests.factories import notice, party
from tests.flags.conftest import flag_results


def bid(name: str, price: str | None = None, rank: int | None = None, **fields) -> Bid:
    return Bid(name, price=Decimal(price) if price else None, rank=rank, **fields)


def opening(*bids: Bid, code: str = "P-1"):
    return notice(
        "hf",
        f"o-{code}",
        "某工程开标记录",
        kind=Kind.OPENING,
        published=date(2026, 3, 23),
        category=Category.ENGINEERING,
        project_code=code,
        bids=list(bids),
    )


def award(winner: str = "甲公司", code: str = "P-1", **fields):
    return notice(
        "hf",
        f"a-{code}",
        "某工程中标结果公告",
        kind=Kind.AWARD,
        published=date(2026, 3, 30),
        category=Category.ENGINEERING,
        project_code=code,
        winners=[party(winner, role="winner")],
        **fields,
    )


def test_one_bidder_or_one_valid_bid_is_a_single_bid() -> None:
    alone = opening(bid("甲公司", "100"))
    won = award()
    found = flag_results("single_bid", [alone, won])[won.id]
    assert found.state is FlagState.TRIGGERED and found.detail == "仅 1 家投标人（开标记录）"
    assert found.inputs == (won.id, alone.id)
    rejected = opening(bid("甲公司", "100"), bid("乙公司", "90", status=BidStatus.DISQUALIFIED), code="P-2")
    found = flag_results("single_bid", [rejected, award(code="P-2")])
    assert next(iter(found.values())).state is FlagState.TRIGGERED


def test_a_candidates_notice_counts_its_other_bidders_with_its_candidates() -> None:
    listed = notice(
        "hf",
        "c",
        "某工程中标候选人公示",
        kind=Kind.CANDIDATES,
        published=date(2026, 3, 25),
        category=Category.ENGINEERING,
        project_code="P-1",
        candidates=[bid("甲公司", "100", rank=1), bid("乙公司", "110", rank=2)],
        bids=[bid("丙公司", status=BidStatus.DISQUALIFIED, reason="报价低于异常低价警戒线")],
    )
    found = flag_results("single_bid", [listed])[listed.id]
    assert found.state is FlagState.NOT_TRIGGERED and "3 家投标人，2 家有效" in found.detail


def test_three_valid_bids_are_no_single_bid() -> None:
    three = opening(bid("甲公司", "100"), bid("乙公司", "110"), bid("丙公司", "130"))
    won = award()
    found = flag_results("single_bid", [three, won])[won.id]
    assert found.state is FlagState.NOT_TRIGGERED and "3 家投标人，3 家有效" in found.detail


def test_an_award_without_bids_or_one_candidate_cannot_tell() -> None:
    won = award()
    assert flag_results("single_bid", [won])[won.id].missing == ("开标记录或中标候选人",)
    one = award(code="P-2", candidates=[bid("甲公司", "100", rank=1)])
    assert flag_results("single_bid", [one])[one.id].missing == ("开标记录",)


def test_a_winning_bid_within_one_percent_of_the_runner_up() -> None:
    close = opening(bid("甲公司", "1000000"), bid("乙公司", "1009000"), bid("丙公司", "1200000"))
    won = award()
    found = flag_results("close_runner_up", [close, won])[won.id]
    assert found.state is FlagState.TRIGGERED and "相差 0.90%" in found.detail
    apart = opening(bid("甲公司", "1000000"), bid("乙公司", "1011000"), code="P-2")
    other = award(code="P-2")
    assert flag_results("close_runner_up", [apart, other])[other.id].state is FlagState.NOT_TRIGGERED
    rates = opening(bid("甲公司", price_as_printed="下浮率5%"), bid("乙公司", price_as_printed="下浮率6%"), code="P-3")
    third = award(code="P-3")
    assert flag_results("close_runner_up", [rates, third])[third.id].state is FlagState.INSUFFICIENT


def test_identical_prices_of_two_bidders() -> None:
    same = opening(bid("甲公司", "880000"), bid("乙公司", "880000"), bid("丙公司", "900000"))
    won = award()
    found = flag_results("identical_prices", [same, won])[won.id]
    assert found.state is FlagState.TRIGGERED and "乙公司" in found.detail
    differ = opening(bid("甲公司", "880000"), bid("乙公司", "880001"), code="P-2")
    other = award(code="P-2")
    assert flag_results("identical_prices", [differ, other])[other.id].state is FlagState.NOT_TRIGGERED
    lonely = opening(bid("甲公司", "880000"), code="P-3")
    third = award(code="P-3")
    assert flag_results("identical_prices", [lonely, third])[third.id].state is FlagState.INSUFFICIENT


def test_prices_in_equal_steps_or_a_fixed_multiple_are_regular() -> None:
    steps = opening(bid("甲公司", "1000000"), bid("乙公司", "1020000"), bid("丙公司", "1040000"))
    won = award()
    assert "等差" in flag_results("regular_price_gaps", [steps, won])[won.id].detail
    multiple = opening(bid("甲公司", "1000000"), bid("乙公司", "1050000"), bid("丙公司", "1102500"), code="P-2")
    other = award(code="P-2")
    found = flag_results("regular_price_gaps", [multiple, other])[other.id]
    assert found.state is FlagState.TRIGGERED and "等比" in found.detail
    uneven = opening(bid("甲公司", "1000000"), bid("乙公司", "1020000"), bid("丙公司", "1041000"), code="P-3")
    third = award(code="P-3")
    assert flag_results("regular_price_gaps", [uneven, third])[third.id].state is FlagState.NOT_TRIGGERED
    two = opening(bid("甲公司", "1000000"), bid("乙公司", "1020000"), code="P-4")
    fourth = award(code="P-4")
    assert flag_results("regular_price_gaps", [two, fourth])[fourth.id].state is FlagState.INSUFFICIENT


def candidates_notice(code: str = "P-1"):
    ranked = [bid("甲公司", "100", rank=1), bid("乙公司", "101", rank=2), bid("丙公司", "105", rank=3)]
    return notice(
        "hf",
        f"c-{code}",
        "某工程中标候选人公示",
        kind=Kind.CANDIDATES,
        published=date(2026, 3, 25),
        category=Category.ENGINEERING,
        project_code=code,
        candidates=ranked,
    )


def test_a_winner_ranked_second_is_not_the_first_candidate() -> None:
    listed = candidates_notice()
    second = award("乙公司")
    found = flag_results("winner_not_first_candidate", [listed, second])[second.id]
    assert found.state is FlagState.TRIGGERED and found.detail == "乙公司为第 2 名中标候选人"
    assert found.inputs == (second.id, listed.id) and found.parties == ("乙公司",)
    first = award("甲公司")
    assert flag_results("winner_not_first_candidate", [listed, first])[first.id].state is FlagState.NOT_TRIGGERED


def test_a_winner_missing_from_the_candidates_or_no_candidates_cannot_tell() -> None:
    stranger = award("丁公司")
    found = flag_results("winner_not_first_candidate", [candidates_notice(), stranger])[stranger.id]
    assert found.state is FlagState.INSUFFICIENT and "丁公司" in found.detail
    alone = award(code="P-9")
    assert flag_results("winner_not_first_candidate", [alone])[alone.id].missing == ("排序的中标候选人",)
