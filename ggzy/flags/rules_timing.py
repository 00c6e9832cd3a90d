"""Rules on a procurement's dates: the submission period (R003/R014), the decision period (R061/R062) and the
contract's lateness (R060). Each answers a ``FlagResult``, or None where the flag does not apply.

Periods in days start the day after the first date (《民法典》第二百零一条: the first day does not count), so a
tender published on the 1st with its deadline on the 21st had 20 days. Periods in working days use the State
Council's holiday table; a year it does not hold makes the period unknown (数据不足), never a guess.
"""

from __future__ import annotations

from datetime import timedelta

from ggzy.flags.model import FlagResult
from ggzy.flags.procurement import PROCUREMENT_CATEGORIES, Judge, Procurement
from ggzy.model import Category, Kind, Notice
from ggzy.normalize.dates import add_working_days, working_days_between
from ggzy.normalize.methods import Method

#: Which threshold of ``short_submission`` bounds each method, and whether it counts working days.
_SUBMISSION_LIMIT = {
    Method.PUBLIC_TENDER: ("tender_days", False),
    Method.INVITED_TENDER: ("tender_days", False),
    Method.COMPETITIVE_CONSULTATION: ("consultation_days", False),
    Method.COMPETITIVE_NEGOTIATION: ("negotiation_working_days", True),
    Method.REQUEST_FOR_QUOTATION: ("quotation_working_days", True),
}


def short_submission(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    """R003/R014 on a tender notice: published → the deadline in force, against the method's legal minimum."""
    if notice.kind is not Kind.TENDER or procurement.category not in PROCUREMENT_CATEGORIES:
        return None
    if "资格预审" in notice.title:
        return None  # its deadline is for pre-qualification applications, with periods of its own
    method = procurement.method
    if method is None:
        return judge.insufficient("采购方式")
    if method not in _SUBMISSION_LIMIT:
        return None  # 单一来源, 框架协议 …: no submission period in law
    name, working = _SUBMISSION_LIMIT[method]
    if method in (Method.PUBLIC_TENDER, Method.INVITED_TENDER) and procurement.category is Category.PROCUREMENT:
        name = "procurement_tender_days"
    threshold = judge.spec.thresholds[name]
    used = {name: threshold.value}
    if notice.published is None:
        return judge.insufficient("公告发布日期", thresholds=used)
    if notice.published < threshold.effective:
        return None
    found = procurement.deadline_of(notice)
    if found is None:
        return judge.insufficient("投标/响应文件截止时间", thresholds=used)
    deadline, source = found
    inputs = [source.id]
    if deadline.date() < notice.published:
        return judge.insufficient(
            "晚于发布日期的截止时间", detail="截止时间早于公告发布日期，无法判断", inputs=inputs, thresholds=used
        )
    unit = "个工作日" if working else "日"
    if working:
        period = working_days_between(notice.published, deadline.date())
        if period is None:
            return judge.insufficient(
                f"{deadline.year}年节假日安排",
                detail=f"本站未收录{notice.published.year}—{deadline.year}年的节假日安排，无法计算工作日",
                inputs=inputs,
                thresholds=used,
            )
    else:
        period = (deadline.date() - notice.published).days
    detail = (
        f"{method.label}：{notice.published.isoformat()} 发布，{deadline:%Y-%m-%d %H:%M} 截止，"
        f"期限 {period} {unit}（法定最短 {threshold.value} {unit}）"
    )
    if period < threshold.value:
        return judge.triggered(detail, inputs=inputs, thresholds=used)
    return judge.clear(detail, inputs=inputs, thresholds=used)


def _decision_period(procurement: Procurement, notice: Notice, judge: Judge) -> tuple[int, list[str]] | FlagResult:
    """The days from opening to the award notice, with the notices read; or the result saying what is missing."""
    opened = procurement.opening_day()
    if opened is None:
        return judge.insufficient("开标/投标截止时间")
    if notice.published is None:
        return judge.insufficient("结果公告日期", inputs=[opened[1].id])
    days = (notice.published - opened[0]).days
    if days < 0:
        return judge.insufficient(
            "早于结果公告的开标时间", detail="开标（截止）时间晚于结果公告日期，无法判断", inputs=[opened[1].id]
        )
    return days, [opened[1].id]


def _decides(procurement: Procurement, notice: Notice) -> bool:
    return (
        notice.kind is Kind.AWARD
        and procurement.category in PROCUREMENT_CATEGORIES
        and procurement.method is not Method.SINGLE_SOURCE
    )


def short_decision(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    """R061 on an award: a works award within 3 days of opening (candidates are publicised 3 days), any other
    award published on the opening day."""
    if not _decides(procurement, notice):
        return None
    found = _decision_period(procurement, notice, judge)
    if isinstance(found, FlagResult):
        return found
    days, inputs = found
    works = procurement.category is Category.ENGINEERING
    name = "works_min_days" if works else "min_days"
    least = judge.limits[name]
    detail = f"开标后 {days} 日公告结果（{'工程建设项目不少于' if works else '界限'} {least} 日）"
    if days < least:
        return judge.triggered(detail, inputs=inputs, thresholds={name: least})
    return judge.clear(detail, inputs=inputs, thresholds={name: least})


def long_decision(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    """R062 on an award: published more than 90 days after opening."""
    if not _decides(procurement, notice):
        return None
    found = _decision_period(procurement, notice, judge)
    if isinstance(found, FlagResult):
        return found
    days, inputs = found
    most = judge.limits["max_days"]
    detail = f"开标后 {days} 日公告结果（界限 {most} 日）"
    if days > most:
        return judge.triggered(detail, inputs=inputs)
    return judge.clear(detail, inputs=inputs)


def late_contract(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    """R060 on an award: the first contract notice of the same procurement more than 30 days after it (a
    government procurement contract has 2 more working days to be published)."""
    if notice.kind is not Kind.AWARD or procurement.category not in PROCUREMENT_CATEGORIES:
        return None
    if notice.published is None:
        return judge.insufficient("结果公告日期")
    contracts = [
        n for n in procurement.of(Kind.CONTRACT) if n.published is not None and n.lot_code in (notice.lot_code, None)
    ]
    if not contracts:
        return judge.insufficient("同一项目的合同公告")
    contract = contracts[0]
    assert contract.published is not None
    days = judge.limits["max_days"]
    latest = notice.published + timedelta(days=days)
    used = {"max_days": days}
    if procurement.category is Category.PROCUREMENT:
        extra = judge.limits["publication_working_days"]
        used["publication_working_days"] = extra
        extended = add_working_days(latest, extra)
        if extended is None:
            return judge.insufficient(
                f"{latest.year}年节假日安排", inputs=[contract.id], thresholds=used, detail="本站未收录该年节假日安排"
            )
        latest = extended
    gap = (contract.published - notice.published).days
    detail = f"结果公告后 {gap} 日公告合同（最迟 {latest.isoformat()}）"
    if contract.published > latest:
        return judge.triggered(detail, inputs=[contract.id], thresholds=used)
    return judge.clear(detail, inputs=[contract.id], thresholds=used)
