"""The integrity flag cases the demo world plants, as data: for every flag of ``ggzy/flags/catalogue.toml``, at
least one case that triggers it and one near miss that must not (19 against 20 days, a 1.0% against a 1.1% gap,
a penalty decided the day after the bid …).

A case is one or more procurements (``Deal``) of one buyer of its own, published by 湖州市公共资源交易网 (a
penalty on the credit site 信用湖州): ``ggzy.demo.planted`` draws them into the world, the demo centres serve
them like every other notice, and a harvest reads them back. The flag is judged on the **last** deal's tender
(``short_submission``) or award (every other flag); a near miss must be computed (not triggered, never
insufficient data) and trigger on none of its notices. ``tests/flags/test_planted.py`` holds the world to that.

Amounts are yuan; days count from the day before (a tender published on the 1st with its deadline on the 21st
had 20 days). A works deal (``works``) prints a 开标记录 and a 中标候选人公示 with every bid; a procurement deal
prints only the winner, in its award, and a contract.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Three bids by rank that trigger nothing: gaps of 3.5% and 2.8%, neither equal nor proportional.
QUIET_PRICES = ("900000.00", "931500.00", "957300.00")


@dataclass(frozen=True)
class Deal:
    """One planted procurement: how it is tendered, bid, awarded and contracted."""

    #: A works tender (开标记录 and 中标候选人公示 with every bid) rather than a goods/services procurement.
    works: bool = False
    #: The method the tender's body states (``进行竞争性磋商``); the title is a generic ``招标公告``.
    method: str = "公开招标"
    #: 预算金额 / 最高投标限价.
    budget: str = "1000000"
    #: Each bid by rank (the first-ranked candidate first); a procurement deal prints only its winner's.
    prices: tuple[str, ...] = QUIET_PRICES
    #: The rank of the bid that wins the award.
    winner_rank: int = 1
    #: The case supplier (0, 1 …) that wins: the same company in every deal of the case that names it.
    supplier: int | None = None
    #: Days from the tender's publication to the 投标/响应文件截止时间 (the opening).
    submission_days: int = 25
    #: Days from the opening to the award notice.
    decision_days: int = 10
    #: Days from the award to the contract notice (procurement deals).
    contract_days: int = 10
    #: Instead of ``contract_days``: days after the last legal day (award + 30 days + 2 working days).
    contract_late_by: int | None = None
    #: A 行政处罚 on the second-ranked bidder decided this many days after the bid day (negative: before).
    penalty_days: int | None = None
    #: A 政府采购严重违法失信 listing of the winner, with a one-year ban from government procurement, decided this
    #: many days after the bid day (negative: before).
    ban_days: int | None = None
    #: Days from the case's first tender to this deal's tender.
    after: int = 0


@dataclass(frozen=True)
class FlagCase:
    """A planted case: the flag, whether it must trigger, what makes it so, and its deals."""

    key: str
    flag: str
    triggers: bool
    note: str
    deals: tuple[Deal, ...]


def _case(flag: str, triggers: bool, key: str, note: str, *deals: Deal) -> FlagCase:
    return FlagCase(f"{flag}-{key}", flag, triggers, note, deals or (Deal(),))


def _shares(first: str, last: str, others: tuple[str, str, str]) -> tuple[Deal, ...]:
    """Five awards of one buyer within a year: supplier 0 wins the first and the last, three others between."""
    won = [Deal(prices=(first,), supplier=0)]
    won += [Deal(prices=(price,), budget="400000", supplier=n, after=15 * n) for n, price in enumerate(others, 1)]
    return (*won, Deal(prices=(last,), budget="50000", supplier=0, after=60))


WORKS = Deal(works=True)

FLAG_CASES: tuple[FlagCase, ...] = (
    _case("short_submission", True, "19-days", "公开招标 19 日（法定最短 20 日）", Deal(submission_days=19)),
    _case("short_submission", False, "20-days", "公开招标 20 日，恰为法定最短期限", Deal(submission_days=20)),
    _case("short_submission", True, "consultation-9-days", "标题为招标公告、正文进行竞争性磋商，9 日（最短 10 日）",
          Deal(method="竞争性磋商", submission_days=9)),
    _case("short_submission", False, "consultation-12-days",
          "标题为招标公告、正文进行竞争性磋商，12 日：磋商不按招标的 20 日计",
          Deal(method="竞争性磋商", submission_days=12)),
    _case("single_bid", True, "one-bid", "开标记录只有 1 家投标人", Deal(works=True, prices=("980000.00",))),
    _case("single_bid", False, "two-bids", "开标记录有 2 家投标人",
          Deal(works=True, prices=("950000.00", "990000.00"))),
    _case("close_runner_up", True, "gap-1.0", "中标价与第二名相差 1.0%",
          Deal(works=True, budget="1100000", prices=("1000000.00", "1010000.00", "1052000.00"))),
    _case("close_runner_up", False, "gap-1.1", "中标价与第二名相差 1.1%",
          Deal(works=True, budget="1100000", prices=("1000000.00", "1011000.00", "1052000.00"))),
    _case("identical_prices", True, "same-price", "第二、三名报价同为 936,000.00 元",
          Deal(works=True, prices=("900000.00", "936000.00", "936000.00"))),
    _case("identical_prices", False, "one-fen-apart", "第二、三名报价相差 0.01 元",
          Deal(works=True, prices=("900000.00", "936000.00", "936000.01"))),
    _case("regular_price_gaps", True, "equal-steps", "三家报价等差 50,000 元",
          Deal(works=True, budget="1100000", prices=("900000.00", "950000.00", "1000000.00"))),
    _case("regular_price_gaps", False, "steps-apart", "三家报价相差 50,000 元与 50,200 元（超出 0.1% 容差）",
          Deal(works=True, budget="1100000", prices=("900000.00", "950000.00", "1000200.00"))),
    _case("award_at_or_above_ceiling", True, "at-budget", "成交金额等于预算", Deal(prices=("1000000.00",))),
    _case("award_at_or_above_ceiling", False, "just-below", "成交金额为预算的 99.9%", Deal(prices=("999000.00",))),
    _case("award_far_below_ceiling", True, "70-percent", "成交金额为预算的 70.0%", Deal(prices=("700000.00",))),
    _case("award_far_below_ceiling", False, "70.1-percent", "成交金额为预算的 70.1%", Deal(prices=("701000.00",))),
    _case("penalised_bidder", True, "fined-before", "第二名投标人在开标前 30 日受到行政处罚，仍在公示期内",
          Deal(works=True, penalty_days=-30)),
    _case("penalised_bidder", False, "fined-after", "第二名投标人的行政处罚在开标后一日才作出",
          Deal(works=True, penalty_days=1)),
    _case("penalised_bidder", True, "banned-before",
          "成交供应商在截止前 30 日被列入严重违法失信名单、禁止参加政府采购活动 1 年", Deal(ban_days=-30)),
    _case("penalised_bidder", False, "banned-after", "成交供应商在截止后一日才被列入严重违法失信名单",
          Deal(ban_days=1)),
    _case("winner_not_first_candidate", True, "second-wins", "排名第二的中标候选人中标",
          Deal(works=True, winner_rank=2)),
    _case("winner_not_first_candidate", False, "first-wins-dearer", "排名第一的候选人中标（其报价并非最低）",
          Deal(works=True, prices=("960000.00", "940000.00", "990000.00"))),
    _case("supplier_share", True, "half", "一年内 5 项结果，同一供应商得 50.0%",
          *_shares("960000.00", "40000.00", ("340000.00", "330000.00", "330000.00"))),
    _case("supplier_share", False, "49-percent", "一年内 5 项结果，同一供应商得 49.0%",
          *_shares("940000.00", "40000.00", ("340000.00", "340000.00", "340000.00"))),
    _case("split_below_threshold", True, "two-below", "30 日内向同一供应商授予 190 万元和 195 万元两项合同",
          Deal(budget="1990000", prices=("1900000.00",), supplier=0),
          Deal(budget="1990000", prices=("1950000.00",), supplier=0, after=30)),
    _case("split_below_threshold", False, "one-below-band", "另一项为 179.9 万元，低于 90% 区间",
          Deal(budget="1990000", prices=("1950000.00",), supplier=0),
          Deal(budget="1990000", prices=("1799000.00",), supplier=0, after=30)),
    _case("short_decision", True, "2-days", "工程开标后 2 日公告中标结果", Deal(works=True, decision_days=2)),
    _case("short_decision", False, "3-days", "工程开标后 3 日公告中标结果", Deal(works=True, decision_days=3)),
    _case("long_decision", True, "91-days", "开标后 91 日公告结果", Deal(decision_days=91)),
    _case("long_decision", False, "90-days", "开标后 90 日公告结果", Deal(decision_days=90)),
    _case("late_contract", True, "a-day-late", "合同公告晚于最迟日期 1 日", Deal(contract_late_by=1)),
    _case("late_contract", False, "on-the-last-day", "合同公告恰在最迟日期（30 日加 2 个工作日）",
          Deal(contract_late_by=0)),
)  # fmt: skip
