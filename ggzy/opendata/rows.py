"""The flat rows of the bulk files: one definition of each table's columns, used by the CSV writers, the
datapackage table schemas and the per-company downloads alike.

A column is ``(name, frictionless type, description)``. Rows never carry a natural person's identity number:
those are masked at extraction, and a penalty subject that is a natural person has no code column value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ggzy.model import Notice, Party, SubjectCategory
from ggzy.normalize.dates import CHINA_TZ


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


NOTICE_COLUMNS = [
    Column("id", "string", "Stable notice id (centre + the centre's own id)"),
    Column("centre", "string", "Trading centre that published the notice"),
    Column("kind", "string", "tender, correction, candidates, award, contract, opening, termination, penalty, other"),
    Column("category", "string", "engineering, procurement, land, mining, property, other"),
    Column("title", "string", "标题"),
    Column("published", "date", "发布日期"),
    Column("region_code", "string", "GB/T 2260 region code"),
    Column("project_code", "string", "项目编号 as printed"),
    Column("project_name", "string", "项目名称"),
    Column("buyer_name", "string", "采购人/招标人"),
    Column("buyer_uscc", "string", "采购人统一社会信用代码"),
    Column("agency_name", "string", "代理机构"),
    Column("agency_uscc", "string", "代理机构统一社会信用代码"),
    Column("winner_names", "string", "中标人, separated by |"),
    Column("winner_usccs", "string", "中标人统一社会信用代码, separated by | (empty where none)"),
    Column("amount", "number", "中标/成交/合同金额, yuan"),
    Column("budget", "number", "预算/最高限价, yuan"),
    Column("deadline", "datetime", "投标截止时间 (China Standard Time)"),
    Column("source_url", "string", "Where the centre published it"),
    Column("harvested_at", "datetime", "When ggzy fetched it"),
]

PENALTY_COLUMNS = [
    Column("notice_id", "string", "Notice id"),
    Column("subject_name", "string", "行政相对人名称"),
    Column("subject_category", "string", "行政相对人类别"),
    Column("subject_uscc", "string", "统一社会信用代码 (never a personal identity number)"),
    Column("legal_representative", "string", "法定代表人"),
    Column("decision_no", "string", "行政处罚决定书文号"),
    Column("violation_type", "string", "违法行为类型"),
    Column("facts", "string", "违法事实"),
    Column("basis", "string", "处罚依据"),
    Column("penalty_types", "string", "处罚类别, separated by |"),
    Column("content", "string", "处罚内容"),
    Column("fine", "number", "罚款金额, yuan"),
    Column("confiscated", "number", "没收违法所得金额, yuan"),
    Column("decided_on", "date", "处罚决定日期"),
    Column("valid_until", "date", "处罚有效期"),
    Column("publicity_until", "date", "公示截止期"),
    Column("authority_name", "string", "处罚机关"),
    Column("authority_uscc", "string", "处罚机关统一社会信用代码"),
    Column("data_source", "string", "数据来源单位"),
    Column("centre", "string", "Publishing site"),
    Column("source_url", "string", "Where it was published"),
]

WITHDRAWN_COLUMNS = [
    Column("id", "string", "Notice id of a penalty no longer public (公示截止期 passed or removed): delete it"),
]

ENTITY_COLUMNS = [
    Column("uscc", "string", "统一社会信用代码"),
    Column("names", "string", "Names seen, separated by |"),
    Column("region_code", "string", "Region of registration (characters 3–8 of the code)"),
    Column("notices", "integer", "Public notices naming the company"),
    Column("awards", "integer", "Awards and contracts won"),
    Column("awards_total", "number", "Sum of the amounts won, yuan"),
    Column("active_penalties", "integer", "Penalties still within their 公示截止期"),
    Column("first_seen", "date", "Earliest notice date"),
    Column("last_seen", "date", "Latest notice date"),
]


def cell_text(value: Any) -> str:
    """A value as CSV text: amounts in plain yuan (``1280000``, ``3450000.5``), dates ISO, times in Beijing time
    (``2026-03-01T16:30:00+08:00``) whatever zone they were stored in."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(CHINA_TZ)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _party(party: Party | None) -> tuple[str, str]:
    return ("", "") if party is None else (party.name, party.uscc or "")


def notice_row(notice: Notice) -> list[str]:
    """The NOTICE_COLUMNS values of one notice, as text."""
    buyer_name, buyer_uscc = _party(notice.buyer)
    agency_name, agency_uscc = _party(notice.agency)
    values = [
        notice.id,
        notice.centre,
        notice.kind.value,
        notice.category.value,
        notice.title,
        notice.published,
        notice.region_code,
        notice.project_code,
        notice.project_name,
        buyer_name,
        buyer_uscc,
        agency_name,
        agency_uscc,
        "|".join(w.name for w in notice.winners),
        "|".join(w.uscc or "" for w in notice.winners) if any(w.uscc for w in notice.winners) else "",
        notice.amount,
        notice.budget,
        notice.deadline,
        notice.source_url,
        notice.harvested_at,
    ]
    return [cell_text(v) for v in values]


def penalty_row(notice: Notice) -> list[str]:
    """The PENALTY_COLUMNS values of a penalty notice; a natural person never has a code here."""
    penalty = notice.penalty
    assert penalty is not None
    subject_uscc = "" if penalty.subject_category is SubjectCategory.NATURAL_PERSON else penalty.subject.uscc
    authority_name, authority_uscc = _party(penalty.authority)
    values = [
        notice.id,
        penalty.subject.name,
        penalty.subject_category.label,
        subject_uscc,
        penalty.legal_representative,
        penalty.decision_no,
        penalty.violation_type,
        penalty.facts,
        penalty.basis,
        "|".join(penalty.penalty_types),
        penalty.content,
        penalty.fine,
        penalty.confiscated,
        penalty.decided_on,
        penalty.valid_until,
        penalty.public_until(),
        authority_name,
        authority_uscc,
        penalty.data_source,
        notice.centre,
        notice.source_url,
    ]
    return [cell_text(v) for v in values]


def header(columns: list[Column]) -> list[str]:
    return [c.name for c in columns]
