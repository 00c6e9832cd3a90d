"""Winners, lot by lot, and the money and parties they carry.

A notice with several lots (标段, 包) names one winner per lot. Winners come from a header-row table (one
row per lot; of ranked candidates only the first of each lot) or from labelled lines read in order, where a
lot heading (``第二包``, ``标段：二标段``) starts a new lot and an amount belongs to the winner of its lot.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from ggzy.harvesters.extract.labels import LabelledValue, label_field
from ggzy.harvesters.extract.tables import HeaderTable
from ggzy.model import Party
from ggzy.normalize import money, names, uscc
from ggzy.normalize.masking import company_code, is_identity_number

log = logging.getLogger(__name__)

_PRINTED_UNIT = re.compile(r"元|万|亿|圆")
#: A bare number under a 万元 heading above this is the yuan figure printed in the wrong column (100亿元).
_IMPLAUSIBLE_YUAN = Decimal("1e10")
_LOT_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十\d]{1,3}(?:标段|包件|包|标包|合同包|分包|标项|批次)|"
    r"(?:标段[（(]包[）)]|标段|包件|标包|合同包|分包|标项|包)[\s（(]?[一二三四五六七八九十\dA-Za-z]{1,3}[）)]?(?=$|[\s:：、.．）)]))"
)
_CODE_IN_TEXT = re.compile(r"[0-9A-Za-z]{18}")
_NOT_A_NAME = re.compile(r"^(?:无|/|／|-|—|--|详见.*|见附件.*|空|暂无|不适用|/?)$")
_NAME_TAIL = re.compile(r"[（(](?:统一社会信用代码|信用代码|社会信用代码)[^）)]*[）)]?$|[（(]?$")
_BIDDER_NAME = re.compile(r"(?:投标人|投标单位|供应商|单位|企业)(?:名称)?|名称")
_FIRST_RANK = re.compile(r"^(?:1|一|第一|第一名|第1名|排名第一)$")


def parse_money(value: str | None, unit: str | None = None) -> Decimal | None:
    """Yuan from a printed amount; ``unit`` is the label's or heading's unit (the value's own unit wins).

    A bare number under a 万元 or 亿元 heading that would make an implausible sum is taken as yuan: centres
    fill 万元 columns with yuan figures often enough.
    """
    if not value:
        return None
    amount = money.parse_amount(value, unit=unit)
    if amount is None or not unit or _PRINTED_UNIT.search(value):
        return amount
    if amount >= _IMPLAUSIBLE_YUAN:
        as_yuan = money.parse_amount(value)
        log.info("amount taken as yuan despite heading value=%r unit=%r", value, unit)
        return as_yuan
    return amount


def party_from_value(value: str | None, role: str, code: str | None = None, *, stated: bool = False) -> Party | None:
    """A party from a printed name, its USCC taken from ``code`` or from the name's own brackets; None when
    the value does not read as an organisation's name (a heading, a label, a role word: see
    :func:`ggzy.normalize.names.organisation_name`). ``stated=True`` takes a name a centre states in its own
    structured fields as it is (a natural person may be one)."""
    found = parties_from_value(value, role, code, split=False, stated=stated)
    return found[0] if found else None


def parties_from_value(
    value: str | None, role: str, code: str | None = None, *, split: bool = True, stated: bool = False
) -> list[Party]:
    """The parties a printed name stands for: a joint venture (``甲公司、乙公司联合体``) gives each member,
    in printed order (the first is its lead); ``split=False`` keeps it whole."""
    if not value:
        return []
    text = value.strip()
    printed = code.strip() if code else None
    if printed is None:
        inline = _CODE_IN_TEXT.search(text)
        if inline and (uscc.is_valid(inline.group(0)) or "代码" in text):
            printed = inline.group(0)
    if printed:
        text = text.replace(printed, "")
    cleaned = names.clean_name(_NAME_TAIL.sub("", text.strip(" ：:，,；;。")).strip())
    if len(cleaned) < 2 or _NOT_A_NAME.match(cleaned):
        return []
    if stated:
        found: list[str | None] = [cleaned]
    else:
        found = list(names.joint_venture_members(cleaned)) if split else [names.organisation_name(cleaned)]
    parties = [Party(name=name, role=role) for name in found if name]
    if len(parties) == 1:
        set_code(parties[0], printed)
    return parties


def set_code(party: Party, printed: str | None) -> None:
    """Record a printed code on a party: kept as printed, accepted as its USCC only when valid."""
    if not printed:
        return
    printed = printed.strip(" （）()：:，,；;。")
    if not printed:
        return
    party.uscc_as_printed = printed
    party.uscc = None if is_identity_number(printed) else company_code(printed)


def lot_heading(line: str) -> str | None:
    """The lot a line starts (``第二包：…`` → ``第二包``), or None."""
    match = _LOT_HEADING.match(line)
    return match.group(0).strip() if match else None


def _lot_name(text: str) -> str | None:
    name = text.strip()
    return None if not name or _NOT_A_NAME.match(name) else name


def winners_from_table(table: HeaderTable) -> list[Party]:
    """One winner per lot from a header-row table; ranked candidates give only their first."""
    name_col = table.column("winner")
    if name_col is None:
        return []
    if table.headings[name_col].startswith("第一"):
        return _first_column_winner(table, name_col)
    lot_col, amount_col = table.column("lot"), table.column("amount")
    code_col = table.column("winner_uscc")
    code_col = table.column("uscc") if code_col is None else code_col
    rank_col = table.column("rank")
    winners: list[Party] = []
    seen_lots: set[str | None] = set()
    for row in table.rows:
        lot = _lot_name(row[lot_col]) if lot_col is not None else None
        if rank_col is not None and not _FIRST_RANK.match(row[rank_col].strip()):
            continue
        if rank_col is not None and lot in seen_lots:
            continue
        role = "candidate" if "候选" in table.headings[name_col] or rank_col is not None else "winner"
        members = parties_from_value(row[name_col], role, row[code_col] if code_col is not None else None)
        if not members:
            continue
        for party in members:
            party.lot = lot
        if amount_col is not None:
            members[0].amount = parse_money(row[amount_col], _unit_of(table, row, amount_col))
        seen_lots.add(lot)
        winners.extend(members)
    return winners


def _unit_of(table: HeaderTable, row: list[str], column: int) -> str:
    """The unit of a money cell: its heading's (``中标金额（万元）``), a 单位 column's beside it, or the one the
    table's caption announces (``中标结果（单位：万元）``)."""
    heading = table.headings[column]
    if money.amount_unit(heading):
        return heading
    unit_col = table.column("money_unit")
    unit_col = table.headings.index("单位") if unit_col is None and "单位" in table.headings else unit_col
    if unit_col is not None and money.amount_unit(row[unit_col]):
        return f"{heading}（{row[unit_col].strip()}）"
    if "单位" in table.caption and money.amount_unit(table.caption):
        return f"{heading}（{money.amount_unit(table.caption)}）"
    return heading


def _first_column_winner(table: HeaderTable, column: int) -> list[Party]:
    """A table laid out sideways: 第一中标候选人 | 第二… across, and rows 投标人名称, 投标报价 … down."""
    name = code = amount = None
    for row in table.rows:
        heading = row[0].strip()
        field = label_field(heading)
        if name is None and (field == "winner" or _BIDDER_NAME.fullmatch(heading)):
            name = row[column]
        elif code is None and field in ("uscc", "winner_uscc"):
            code = row[column]
        elif amount is None and (field == "amount" or "报价" in heading):
            amount = parse_money(row[column], heading)
    party = party_from_value(name, "candidate" if "候选" in table.headings[column] else "winner", code)
    if party is None:
        return []
    party.amount = amount
    return [party]


def winners_from_labels(values: list[LabelledValue], lots_by_line: dict[int, str]) -> list[Party]:
    """Winners from labelled lines read in order, each with the lot it is printed under and its amount."""
    winners: list[Party] = []
    lot: str | None = None
    pending: Decimal | None = None
    line_lots = sorted(lots_by_line.items())
    last_field = ""
    seen: set[tuple[str | None, str]] = set()
    lead: Party | None = None
    for value in values:
        if value.field in ("buyer", "agency", "winner"):
            last_field = value.field
        while line_lots and line_lots[0][0] <= value.line:
            lot, pending = line_lots.pop(0)[1], None
        if value.field == "lot":
            lot, pending = value.value, None
        elif value.field == "winner":
            members = parties_from_value(value.value, "candidate" if "候选" in value.label else "winner")
            members = [m for m in members if (lot, names.name_key(m.name)) not in seen]
            if not members:
                continue
            for party in members:
                seen.add((lot, names.name_key(party.name)))
                party.lot = lot
            members[0].amount, pending = pending, None
            lead = members[0]
            winners.extend(members)
        elif value.field in ("winner_uscc", "uscc") and winners and winners[-1].uscc_as_printed is None:
            if value.field == "winner_uscc" or last_field == "winner":
                set_code(winners[-1], value.value.split()[0])
        elif value.field == "amount":
            amount = parse_money(value.value, value.unit)
            current = lead if lead is not None and lead.lot == lot else None
            if current is not None and current.amount is None:
                current.amount = amount
            else:
                pending = amount
    return winners
