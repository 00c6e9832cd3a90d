"""A 双公示 administrative-penalty row, or a 政府采购严重违法失信行为记录名单 row, as a :class:`Penalty`.

Rows are dicts keyed by the column names the centres print. Both vocabularies are supported: the 双公示
standard items (行政相对人名称 … 数据来源单位) and the procurement blacklist columns (企业名称 … 执法单位).
A natural person's identity number in the code column is masked and never becomes a USCC.

A serious violation (a 严重违法失信 listing, or a ban such as ``1年内禁止参加政府采购活动``) keeps its details even
when the list prints them only in 处罚结果: the fine (``罚款人民币11000元``), the ban's last day (``banned_until``,
from the decision date and the years printed, or a printed end date), the penalty types named in the text, and the
list's name (``list_name``).
"""

from __future__ import annotations

import functools
import re
from datetime import timedelta
from decimal import Decimal

from ggzy.model import Party, Penalty, SubjectCategory
from ggzy.normalize import credit, dates, money, names
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
    penalty = Penalty(
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
    _add_serious_details(penalty, serious_heading=any("严重违法失信" in label for label in headings.values()))
    return penalty


#: A ban from taking part in some activity for a number of years: ``1年内禁止参加政府采购活动``.
_BAN_YEARS = re.compile(
    r"(?P<years>[0-9一二两三四五六七八九十]+)\s*年(?:内|以内)?\s*(?:禁止|不得)参加(?P<what>[^，。；,;]{0,20}?活动)"
)
#: A ban with a printed end: ``禁止参加政府采购活动至2026年5月31日``.
_BAN_UNTIL = re.compile(
    r"(?:禁止|不得)参加[^，。；,;]{0,20}?活动[（(]?(?:期限)?(?:至|截止至?|到)\s*"
    r"(?P<day>\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?)"
)
_FINE = re.compile(r"罚款(?:人民币)?\s*(?P<amount>[0-9.,，]+\s*[万亿]?元|[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元整]+)")
#: Penalty types a serious-violation list names in its text when it prints no 处罚类别 column.
_NAMED_TYPES = ("警告", "通报批评", "罚款", "没收违法所得", "列入不良行为记录名单", "禁止参加政府采购活动", "禁止参加")


def _add_serious_details(penalty: Penalty, *, serious_heading: bool) -> None:
    """Fill the fine, ban, types and list name of a 严重违法失信 entry from its printed text."""
    text = penalty.content or ""
    ban = _BAN_YEARS.search(text)
    ban_until = _BAN_UNTIL.search(text)
    if not (serious_heading or ban or ban_until or "严重违法失信" in text):
        return
    if penalty.fine is None and (fine := _FINE.search(text)):
        penalty.fine = money.parse_amount(fine.group("amount"))
    if ban_until:
        penalty.banned_until = dates.parse_date(ban_until.group("day"))
    elif ban and penalty.decided_on is not None:
        years = _years(ban.group("years"))
        if years:
            penalty.banned_until = credit.add_months(penalty.decided_on, 12 * years) - timedelta(days=1)
    if not penalty.penalty_types:
        named = [t for t in _NAMED_TYPES if t in text and not (t == "禁止参加" and "禁止参加政府采购活动" in text)]
        if penalty.fine is not None and "罚款" not in named:
            named.insert(0, "罚款")
        penalty.penalty_types = named
    procurement = "政府采购" in text or "政府采购" in (penalty.basis or "")
    penalty.list_name = "政府采购严重违法失信行为记录名单" if procurement else "严重违法失信名单"


def _years(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    import cn2an  # imported here: loading it takes a quarter of a second

    try:
        return int(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except ValueError:
        return None


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
