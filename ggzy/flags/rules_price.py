"""Rules on an award's amount against its budget or price ceiling (R031): at or above it, or 30% or more below.

The budget is the award notice's own, else the latest one a tender or correction of the same lot prints. Amounts
more than ``comparable`` times apart are read as a unit or extraction error (万元 against 元): 数据不足.
"""

from __future__ import annotations

from decimal import Decimal

from ggzy.flags.model import FlagResult
from ggzy.flags.procurement import PROCUREMENT_CATEGORIES, Judge, Procurement, winner_amounts, yuan
from ggzy.model import Kind, Notice


def _award_amount(notice: Notice) -> Decimal | None:
    """The amount awarded: the notice's, else the sum of its winners' own amounts when each has one."""
    if notice.amount is not None:
        return notice.amount
    amounts = [amount for _, amount in winner_amounts(notice)]
    if amounts and all(a is not None for a in amounts):
        return sum((a for a in amounts if a is not None), Decimal(0))
    return None


def _ratio(
    procurement: Procurement, notice: Notice, judge: Judge
) -> tuple[Decimal, str, list[str]] | FlagResult | None:
    """The award amount over the budget, the sentence saying both, and the notices read."""
    if notice.kind is not Kind.AWARD or procurement.category not in PROCUREMENT_CATEGORIES:
        return None
    amount = _award_amount(notice)
    found = procurement.budget_for(notice)
    missing = [name for name, value in (("以元计的中标金额", amount), ("预算金额或最高限价", found)) if value is None]
    if missing:
        return judge.insufficient(*missing)
    assert amount is not None and found is not None
    budget, source = found
    inputs = [source.id]
    comparable = Decimal(str(judge.limits["comparable"]))
    if amount <= 0 or budget <= 0 or not 1 / comparable <= amount / budget <= comparable:
        return judge.insufficient(
            "可比较的中标金额与预算",
            detail=f"中标金额 {yuan(amount)} 与预算 {yuan(budget)} 相差过大，疑为单位或提取错误",
            inputs=inputs,
        )
    ratio = amount / budget
    return ratio, f"中标金额 {yuan(amount)}，为预算/最高限价 {yuan(budget)} 的 {ratio:.1%}", inputs


def award_at_or_above_ceiling(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    found = _ratio(procurement, notice, judge)
    if not isinstance(found, tuple):
        return found
    ratio, detail, inputs = found
    if ratio >= Decimal(str(judge.limits["ceiling_ratio"])):
        return judge.triggered(detail, inputs=inputs)
    return judge.clear(detail, inputs=inputs)


def award_far_below_ceiling(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    found = _ratio(procurement, notice, judge)
    if not isinstance(found, tuple):
        return found
    ratio, detail, inputs = found
    if ratio <= Decimal(str(judge.limits["max_ratio"])):
        return judge.triggered(detail, inputs=inputs)
    return judge.clear(detail, inputs=inputs)
