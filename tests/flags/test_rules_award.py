"""Flags on an award's amount, its bidders' penalties and its buyer's other awards."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ggzy.flags.model import FlagState
from ggzy.model import Bid, Category, Kind
from tests.factories import make_uscc, notice, party, penalty_notice
from tests.flags.conftest import flag_results

BUYER = party("某市教育局", make_uscc("11340100MB0000001"))
WINNER = make_uscc("91340100MA20000011")
OTHER = make_uscc("91340100MA20000022")


def award(key: str, amount: str | None, published: date = date(2026, 3, 30), winner: str = WINNER, **fields):
    fields.setdefault("project_code", f"P-{key}")
    fields.setdefault("category", Category.PROCUREMENT)
    fields.setdefault("buyer", BUYER)
    return notice(
        "hf",
        key,
        "某项目中标（成交）结果公告",
        kind=Kind.AWARD,
        published=published,
        winners=[party("甲公司" if winner == WINNER else "乙公司", winner, role="winner")],
        amount=Decimal(amount) if amount else None,
        **fields,
    )


def tender(key: str, budget: str, **fields):
    return notice(
        "hf",
        f"t-{key}",
        "某项目公开招标公告",
        kind=Kind.TENDER,
        published=date(2026, 3, 2),
        category=Category.PROCUREMENT,
        project_code=f"P-{key}",
        budget=Decimal(budget),
        **fields,
    )


def test_an_award_at_the_tender_budget_is_at_the_ceiling() -> None:
    at, budget = award("1", "1000000"), tender("1", "1000000")
    found = flag_results("award_at_or_above_ceiling", [budget, at])[at.id]
    assert found.state is FlagState.TRIGGERED and "100.0%" in found.detail
    assert found.inputs == (at.id, budget.id)
    below = award("2", "990000")
    assert flag_results("award_at_or_above_ceiling", [tender("2", "1000000"), below])[below.id].state is (
        FlagState.NOT_TRIGGERED
    )
    unknown = award("3", "990000")
    assert flag_results("award_at_or_above_ceiling", [unknown])[unknown.id].missing == ("预算金额或最高限价",)


def test_an_award_30_percent_below_the_budget_is_far_below() -> None:
    far = award("1", "700000", budget=Decimal("1000000"))
    assert flag_results("award_far_below_ceiling", [far])[far.id].state is FlagState.TRIGGERED
    near = award("2", "700100", budget=Decimal("1000000"))
    assert flag_results("award_far_below_ceiling", [near])[near.id].state is FlagState.NOT_TRIGGERED
    units = award("3", "70", budget=Decimal("1000000"))  # 70 万元 read as 70 元: never compared
    assert flag_results("award_far_below_ceiling", [units])[units.id].state is FlagState.INSUFFICIENT
    rate = award("4", None, budget=Decimal("1000000"))
    assert flag_results("award_far_below_ceiling", [rate])[rate.id].missing == ("以元计的中标金额",)


def opening_with(*bids: Bid, code: str = "P-9"):
    return notice(
        "hf",
        "o",
        "某项目开标记录",
        kind=Kind.OPENING,
        published=date(2026, 3, 23),
        category=Category.PROCUREMENT,
        project_code=code,
        bids=list(bids),
    )


def test_a_losing_bidder_banned_on_the_bid_date_is_penalised() -> None:
    loser = party("乙公司", OTHER)
    ban = penalty_notice(
        "cr",
        "x1",
        loser,
        date(2026, 1, 10),
        decided_on=date(2026, 1, 5),
        banned_until=date(2027, 1, 4),
        decision_no="皖财购〔2026〕1号",
    )
    tender_notice = notice(
        "hf",
        "t",
        "某项目公开招标公告",
        kind=Kind.TENDER,
        published=date(2026, 3, 2),
        category=Category.PROCUREMENT,
        project_code="P-9",
        deadline=datetime(2026, 3, 23, 9),
    )
    bids = opening_with(Bid("甲公司", WINNER), Bid("乙公司", OTHER))
    won = award("9", "500000", project_code="P-9")
    found = flag_results("penalised_bidder", [ban, tender_notice, bids, won])[won.id]
    assert found.state is FlagState.TRIGGERED
    assert "乙公司（按统一社会信用代码匹配）在投标日 2026-03-23 处于禁止参加政府采购活动期间" in found.detail
    assert found.parties == (OTHER,) and ban.id in found.inputs and tender_notice.id in found.inputs


def test_a_name_only_bid_row_is_matched_by_its_exact_name() -> None:
    fined = penalty_notice(
        "cr", "x1", party("乙 公司", OTHER), date(2026, 1, 10), decided_on=date(2026, 1, 5), penalty_types=["罚款"]
    )
    bids = opening_with(Bid("甲公司", WINNER), Bid("乙公司"))
    won = award("9", "500000", project_code="P-9")
    found = flag_results("penalised_bidder", [fined, bids, won])[won.id]
    assert found.state is FlagState.TRIGGERED and "按单位名称匹配" in found.detail


def test_a_company_named_by_the_opening_and_coded_by_the_candidates_is_counted_once() -> None:
    fined = penalty_notice(
        "cr",
        "x1",
        party("乙公司", OTHER),
        date(2026, 1, 10),
        decided_on=date(2026, 1, 5),
        penalty_types=["罚款"],
        decision_no="湖建罚〔2026〕7号",
    )
    bids = opening_with(Bid("甲公司"), Bid("乙公司"), Bid("丙公司"))
    ranked = notice("hf", "c", "某项目中标候选人公示", kind=Kind.CANDIDATES, published=date(2026, 3, 25),
                    category=Category.PROCUREMENT, project_code="P-9",
                    candidates=[Bid("甲公司", WINNER, rank=1), Bid("乙公司", OTHER, rank=2)])  # fmt: skip
    won = award("9", "500000", project_code="P-9")
    found = flag_results("penalised_bidder", [fined, bids, ranked, won])[won.id]
    assert found.state is FlagState.TRIGGERED
    assert found.detail.count("乙公司") == 1 and "按统一社会信用代码匹配" in found.detail
    assert found.parties == (OTHER,)
    clean = flag_results("penalised_bidder", [bids, ranked, won])[won.id]
    assert clean.state is FlagState.NOT_TRIGGERED and "核查 3 家" in clean.detail


def test_a_penalty_decided_after_the_bid_date_or_no_longer_public_does_not_count() -> None:
    loser = party("乙公司", OTHER)
    later = penalty_notice("cr", "x1", loser, date(2026, 4, 10), decided_on=date(2026, 4, 5), penalty_types=["罚款"])
    repaired = penalty_notice(
        "cr",
        "x2",
        loser,
        date(2025, 1, 10),
        decided_on=date(2025, 1, 5),
        penalty_types=["罚款"],
        removed_on=date(2026, 6, 1),
    )
    bids = opening_with(Bid("甲公司", WINNER), Bid("乙公司", OTHER))
    won = award("9", "500000", project_code="P-9")
    found = flag_results("penalised_bidder", [later, repaired, bids, won])[won.id]
    assert found.state is FlagState.NOT_TRIGGERED and "核查 2 家" in found.detail


def test_a_bidder_that_cannot_be_checked_is_insufficient_data() -> None:
    bids = opening_with(Bid("甲公司", WINNER), Bid("张三"))
    won = award("9", "500000", project_code="P-9")
    found = flag_results("penalised_bidder", [bids, won])[won.id]
    assert found.state is FlagState.INSUFFICIENT and "张三" in found.detail


def test_a_supplier_with_half_of_a_buyers_awards_in_a_year() -> None:
    theirs = [award(f"t{i}", "300000", date(2025, 12, 5 + i), winner=OTHER) for i in range(2)]
    mine = [award(f"m{i}", "400000", date(2026, 1, 5 + i)) for i in range(3)]
    again = award("t9", "300000", date(2026, 2, 5), winner=OTHER)
    found = flag_results("supplier_share", [*theirs, *mine, again])
    assert found[mine[-1].id].state is FlagState.TRIGGERED and "（66.7%）" in found[mine[-1].id].detail
    assert found[mine[-1].id].parties == (WINNER,) and len(found[mine[-1].id].inputs) == 5
    assert found[again.id].state is FlagState.NOT_TRIGGERED and "（42.9%）" in found[again.id].detail
    assert found[theirs[0].id].state is FlagState.INSUFFICIENT  # the buyer's first award of the window


def test_two_awards_just_below_the_tender_threshold_to_one_supplier() -> None:
    first = award("1", "1900000", date(2026, 2, 1))
    second = award("2", "1950000", date(2026, 9, 1))
    found = flag_results("split_below_threshold", [first, second])
    assert found[first.id].state is found[second.id].state is FlagState.TRIGGERED
    assert found[second.id].inputs == (second.id, first.id)
    elsewhere = award("3", "1950000", date(2026, 9, 1), winner=OTHER)
    above = award("4", "2000000", date(2026, 9, 2))
    found = flag_results("split_below_threshold", [first, elsewhere, above])
    assert found[first.id].state is found[elsewhere.id].state is found[above.id].state is FlagState.NOT_TRIGGERED
    no_buyer = award("5", "1950000", buyer=None)
    assert flag_results("split_below_threshold", [no_buyer])[no_buyer.id].missing == ("采购人",)
