"""A 双公示 administrative-penalty row, or a 政府采购严重违法失信行为记录名单 row, as a :class:`Penalty`.

Rows are dicts keyed by the column names the centres print. Both vocabularies are supported: the 双公示
standard items (行政相对人名称 … 数据来源单位) and the procurement blacklist columns (企业名称 … 执法单位).
A natural person's identity number in the code column is masked and never becomes a USCC.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ggzy.model import Party, Penalty, SubjectCategory
from ggzy.normalize import dates, money, names
from ggzy.normalize.masking import company_code, is_identity_number, mask_identity_numbers

#: Printed column name → the Penalty item it fills.
PENALTY_LABELS: dict[str, str] = {
    "行政相对人名称": "subject",
    "企业名称": "subject",
    "当事人名称": "subject",
    "被处罚单位": "subject",
    "行政相对人类别": "subject_category",
    "行政相对人代码": "subject_code",
    "行政相对人代码_1（统一社会信用代码）": "subject_code",
    "统一社会信用代码": "subject_code",
    "证件号码": "id_number",
    "法定代表人": "legal_representative",
    "法定代表人姓名": "legal_representative",
    "行政处罚决定书文号": "decision_no",
    "处罚决定书文号": "decision_no",
    "决定书文号": "decision_no",
    "违法行为类型": "violation_type",
    "违法事实": "facts",
    "主要违法事实": "facts",
    "严重违法失信行为的具体情形": "facts",
    "处罚依据": "basis",
    "处罚类别": "penalty_types",
    "处罚内容": "content",
    "处罚结果": "content",
    "罚款金额": "fine",
    "罚款金额（万元）": "fine",
    "没收违法所得金额": "confiscated",
    "没收违法所得金额（万元）": "confiscated",
    "没收违法所得、没收非法财物的金额（万元）": "confiscated",
    "处罚决定日期": "decided_on",
    "处罚日期": "decided_on",
    "处罚有效期": "valid_until",
    "公示截止期": "publicity_until",
    "公布截止日期": "publicity_until",
    "公示截止日期": "publicity_until",
    "处罚机关": "authority",
    "执法单位": "authority",
    "处罚机关统一社会信用代码": "authority_code",
    "数据来源单位": "data_source",
}

_SPLIT_TYPES = re.compile(r"[;；,，、/\s]+")
_SUBJECT_CATEGORIES = (
    ("个体", SubjectCategory.INDIVIDUAL_BUSINESS),
    ("自然人", SubjectCategory.NATURAL_PERSON),
    ("法人", SubjectCategory.LEGAL_PERSON),
)


def _fold(text: str) -> str:
    return re.sub(r"[\s:：]+", "", text).replace("(", "（").replace(")", "）")


_FOLDED = {_fold(label): item for label, item in PENALTY_LABELS.items()}


@functools.lru_cache(maxsize=4096)
def penalty_item(label: str) -> str | None:
    """The Penalty item a printed column name fills, or None."""
    folded = _fold(label)
    return _FOLDED.get(folded) or _FOLDED.get(re.sub(r"（[^）]*）$", "", folded))


def parse_penalty_row(row: dict[str, str]) -> Penalty:
    """A penalty from one row of a 双公示 or 严重违法失信 list, keyed by the printed column names."""
    items: dict[str, str] = {}
    headings: dict[str, str] = {}
    for label, value in row.items():
        item = penalty_item(label)
        text = mask_identity_numbers(str(value or "").strip())
        if item and text and item not in items:
            items[item] = text
            headings[item] = label
    code = items.get("subject_code")
    category = _subject_category(items.get("subject_category"), code or items.get("id_number"))
    subject = _party(
        items.get("subject", ""), code, "subject", allow_code=category is not SubjectCategory.NATURAL_PERSON
    )
    authority = None
    if items.get("authority"):
        authority = _party(items["authority"], items.get("authority_code"), "authority", allow_code=True)
    content = items.get("content")
    types = [t for t in _SPLIT_TYPES.split(items.get("penalty_types", "")) if t]
    return Penalty(
        subject=subject,
        subject_category=category,
        legal_representative=items.get("legal_representative"),
        decision_no=items.get("decision_no"),
        authority=authority,
        violation_type=items.get("violation_type"),
        facts=items.get("facts"),
        basis=items.get("basis"),
        penalty_types=types,
        content=content,
        fine=_money(items.get("fine"), headings.get("fine")),
        confiscated=_money(items.get("confiscated"), headings.get("confiscated")),
        decided_on=dates.parse_date(items.get("decided_on")),
        valid_until=dates.parse_date(items.get("valid_until")),
        publicity_until=dates.parse_date(items.get("publicity_until")),
        data_source=items.get("data_source"),
    )


def _subject_category(printed: str | None, number: str | None) -> SubjectCategory:
    for word, category in _SUBJECT_CATEGORIES:
        if printed and word in printed:
            return category
    if number and is_identity_number(number):
        return SubjectCategory.NATURAL_PERSON
    return SubjectCategory.LEGAL_PERSON


def _party(name: str, code: str | None, role: str, allow_code: bool) -> Party:
    printed = code.strip() if code else None
    valid = company_code(printed) if printed and allow_code and not is_identity_number(printed) else None
    return Party(name=names.clean_name(name), uscc=valid, uscc_as_printed=printed or None, role=role)


def _money(value: str | None, heading: str | None) -> Decimal | None:
    """The 双公示 standard prints fines in 万元; a unit printed with the value still wins."""
    if not value:
        return None
    return money.parse_amount(value, unit=heading if heading and "元" in heading else "万元")
