"""The words of a bid table, cell by cell: what a heading means, whether a cell names a bidder, a rank, a price.

Bid tables arrive as HTML rows, as lines with separators, or one cell per line, so everything here reads one
cell at a time. A bidder's name is an organisation's name as printed: it ends in an organisation word
(公司 · 院 · 中心 · 事务所 · 联合体 …) and holds no label word, so a header, a label or a role word is never a
bidder. A 联合体 printed as 牵头人/成员 cells or as ``甲公司(乙公司)`` becomes one name, members joined by ``、``.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from ggzy.normalize import money, names

#: Heading role → the words that give a column that role, checked in this order (排序 before 候选人).
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reason", re.compile(r"否决.*(?:理由|原因)|(?:废标|无效投标|否决投标)(?:理由|原因)|^(?:理由|原因)$")),
    ("award", re.compile(r"(?:中标|成交|中选).{0,4}(?:金额|价格|总价|价款)|^(?:中标|成交)价$")),
    ("rank", re.compile(r"排序|排名|名次")),
    ("number", re.compile(r"^(?:序号|编号|顺序号|No\.?)$", re.I)),
    ("evaluated", re.compile(r"经评审|评审价|评标价")),
    ("score", re.compile(r"得分|评分|总分|分值|^分数|[^部]分$")),
    ("price", re.compile(r"报价|投标价|投标总价|投标金额|响应价|磋商价|谈判价|下浮率|费率|折扣|优惠率|让利")),
    ("uscc", re.compile(r"信用代码")),
    ("lot", re.compile(r"^(?:标段|包号|标包|分包|包件|标段（包）)(?:号|名称)?$")),
    ("name", re.compile(r"(?:投标人|投标单位|供应商|候选人|投标方|竞买人|单位|企业|公司)(?:名称|全称)?$|^名\s*称$")),
)
_ORGANISATION_END = re.compile(
    r"(?:公司|集团|[院局所站厂社队部馆行店处会]|中心|学校|中学|小学|幼儿园|大学|学院|医院|委员会|事务所|合作社|联合体|经营部|"
    r"商行|工作室|办公室|研究会|基金会|协会|商会|农场|林场|酒店|宾馆)(?:[(（][^()（）]{1,30}[)）])?$"
)
_LABEL_WORD = re.compile(
    r"名称|地址|金额|报价|排序|排名|候选人|投标人|供应商|评审|得分|资质|联系|电话|负责人|项目经理|证书|业绩|"
    r"工期|质量|备注|理由|原因|依据|公示|^(?:单位|企业|公司|中心|招标人|采购人|代理机构|联合体)$|"
    r"^(?:评标|评审|资格审查)委员会$|^(?:行政)?监督(?:部门|机构)$|^(?:招标|采购)?代理机构$"
)
_PERSON_LABEL = re.compile(r"^(?:项目经理|项目负责人|设计负责人|勘察负责人|技术负责人|总监理工程师|建造师)[：:]")
_MEMBER = re.compile(r"^(?:联合体)?(?:牵头人|牵头方|主办方|成员(?:单位)?|联合体成员(?:单位)?\d*)[：:]\s*")
_BRACKET_MEMBER = re.compile(
    r"^(?P<lead>.+?(?:公司|院|中心|事务所))[(（](?P<member>[^()（）]+(?:公司|院|中心|事务所))[)）]$"
)
_JOINT = re.compile(r"^(?P<members>.+?)(?:（联合体）|\(联合体\)|联合体)$")
_JOINT_SEPARATOR = re.compile(r"[、，,/]|与|和|及")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_RANK = re.compile(
    r"^(?:排名|排序)?第?(?P<n>[一二三四五六七八九十\d]{1,3})(?:名|位)?(?:(?:中标|成交|定标)?(?:候选人|候选单位|排序))?$"
)
_RANK_HEADER = re.compile(r"^第(?P<n>[一二三四五六七八九十\d]{1,2})(?:名)?(?:中标|成交|定标)?(?:候选人|候选单位)$")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_SCORE = re.compile(r"^(?P<n>\d{1,3}(?:\.\d+)?)\s*分?$")
_AFTER_NUMBER = re.compile(r"^(?P<printed>[^(（]*?\d[^(（]*?)\s*[(（](?P<note>.*)[)）]$", re.S)
_RATE = re.compile(r"%|％|‰|费率|下浮|折扣|优惠率|让利|上浮")
_NOTHING = {"", "/", "／", "-", "—", "无", "空", "暂无", "不适用", "元"}
#: Longest heading cell: a longer cell is a value (or prose), never a column heading.
_LONGEST_HEADING = 90
_LONG_NOTE = re.compile(r"[（(][^（）()]{8,}[）)]")
_PROSE = re.compile(r"[，。；;！？]")


@functools.lru_cache(maxsize=16384)
def heading_role(cell: str) -> str | None:
    """The role of a column heading (``投标报价（万元）`` → ``price``), or None for any other heading."""
    text = _LONG_NOTE.sub("", cell.strip()).rstrip("：:")
    if not text or len(text) > _LONGEST_HEADING or _PROSE.search(text) or "：" in text or ":" in text:
        return None
    if is_organisation_name(text):
        return None
    for role, pattern in _ROLES:
        if pattern.search(text):
            return role
    return None


@functools.lru_cache(maxsize=16384)
def is_heading(cell: str) -> bool:
    """True for a short cell that reads as a column heading rather than a value."""
    text = cell.strip()
    if not text or len(text) > _LONGEST_HEADING or is_organisation_name(text) or rank_of(text) is not None:
        return False
    if heading_role(text) is not None:
        return True
    return re.fullmatch(r"[\u4e00-\u9fff（）()/、·\s]{1,16}", text) is not None and not text.endswith(("：", ":"))


@functools.lru_cache(maxsize=16384)
def is_organisation_name(text: str) -> bool:
    """True when ``text`` reads as an organisation's name by the one party-name rule
    (``names.organisation_name``) and, being a bid-table cell, carries no column word of such tables."""
    name = names.organisation_name(text)
    if name is None or len(name) < 4 or not _ORGANISATION_END.search(name):
        return False
    bare = re.sub(r"[(（][^()（）]*[)）]", "", name)
    return _LABEL_WORD.search(bare) is None and "：" not in name and ":" not in name


def bidder_name(cells: list[str]) -> str | None:
    """The bidder the cells name: one organisation, or a 联合体 as its members joined by ``、``."""
    members: list[str] = []
    for part in (p for cell in cells for p in names.clean_name(cell).split("、")):
        text = _MEMBER.sub("", part.strip()).strip(" ：:；;，,。")
        if not text:
            continue
        bracketed = _BRACKET_MEMBER.match(text)
        joint = _JOINT.match(text)
        if bracketed:
            members.extend([bracketed.group("lead"), bracketed.group("member")])
        elif joint:
            members.extend(p.strip() for p in _JOINT_SEPARATOR.split(joint.group("members")) if p.strip())
        else:
            members.append(text)
    if not members or not all(is_organisation_name(m) for m in members):
        return None
    return "、".join(dict.fromkeys(members))


def is_member_cell(cell: str) -> bool:
    """``牵头人：…`` or ``联合体成员1：…``: one member of a 联合体 printed in a cell of its own."""
    return _MEMBER.match(cell.strip()) is not None


@functools.lru_cache(maxsize=16384)
def rank_of(cell: str) -> int | None:
    """The place a cell prints (``第一名`` → 1, ``第2名`` → 2, ``第三中标候选人`` → 3), or None."""
    match = _RANK.match(cell.strip().replace(" ", ""))
    if match is None or not (match.group(0).startswith(("第", "排")) or match.group("n").isdigit()):
        return None
    return _number(match.group("n"))


@functools.lru_cache(maxsize=16384)
def rank_header(cell: str) -> int | None:
    """The place a column heading stands for (``第二中标候选人`` → 2), or None."""
    match = _RANK_HEADER.match(cell.strip().replace(" ", ""))
    return _number(match.group("n")) if match else None


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE_DIGITS.get(text[1:], 0)
    if text.endswith("十"):
        return _CHINESE_DIGITS.get(text[0], 0) * 10
    if len(text) == 1:
        return _CHINESE_DIGITS.get(text)
    return None


def is_empty(cell: str) -> bool:
    return cell.strip() in _NOTHING


def price_of(cell: str, heading: str = "") -> tuple[str | None, Decimal | None, str | None]:
    """A price cell as printed, in yuan, and the note printed after it.

    ``139793123.31元(专家1：…)`` → (``139793123.31元``, 139793123.31, ``专家1：…``). A 下浮率, 费率, 折扣 or
    percentage, in the cell or its heading, is kept as printed with no yuan amount.
    """
    text = names.clean_name(cell)
    if is_empty(text) or not re.search(r"\d|[壹贰叁肆伍陆柒捌玖拾佰仟万]", text):
        return None, None, None
    note = None
    bracketed = _AFTER_NUMBER.match(text)
    if bracketed and not money.amount_unit(f"({bracketed.group('note')})"):
        text, note = bracketed.group("printed").strip(), bracketed.group("note").strip()
    if _RATE.search(text) or _RATE.search(heading):
        return text, None, _note(note)
    return text, money.parse_amount(text, unit=heading or None), _note(note)


def _note(note: str | None) -> str | None:
    return None if note is None or is_empty(note) else note


def score_of(cell: str) -> Decimal | None:
    """A printed evaluation score (``96.89``, ``93.22 分``), or None for anything else (合格, 无)."""
    match = _SCORE.match(cell.strip())
    if match is None:
        return None
    try:
        return Decimal(match.group("n"))
    except InvalidOperation:
        return None


def is_number(cell: str) -> bool:
    return _NUMBER.match(cell.strip()) is not None


def reason_of(cell: str) -> str | None:
    """A printed 否决/废标 reason: the note after a number (``0.00元(…)``), else the whole cell."""
    text = names.clean_name(cell)
    if is_empty(text):
        return None
    bracketed = _AFTER_NUMBER.match(text)
    if bracketed:
        return _note(bracketed.group("note"))
    return None if is_number(text) or is_person_cell(text) else text


def is_person_cell(cell: str) -> bool:
    """``项目经理：范玉琛``: a person named beside a bid, never a bidder."""
    return _PERSON_LABEL.match(cell.strip()) is not None
