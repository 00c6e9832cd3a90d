"""The fields of a notice, found in its text: :func:`extract_fields` → :class:`ExtractedFields`.

Sources, in the order they are trusted: header-row tables (one winner per lot), labelled lines and two-column
table rows (``标签：值``, ``标签 | 值``), then sentences (``招标人为…``). Identity numbers are masked before
anything is read, so no field can carry one.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from ggzy.harvesters.extract.codes import bounded_code
from ggzy.harvesters.extract.html import html_to_text
from ggzy.harvesters.extract.labels import (
    LABEL_RANK,
    LabelledValue,
    find_labelled_values,
    join_broken_lines,
)
from ggzy.harvesters.extract.lots import (
    lot_heading,
    parse_money,
    party_from_value,
    set_code,
    winners_from_labels,
    winners_from_table,
)
from ggzy.harvesters.extract.penalty import parse_penalty_row, penalty_item
from ggzy.harvesters.extract.tables import HeaderTable, find_header_tables, table_rows
from ggzy.model import Party, Penalty
from ggzy.normalize import dates, names, regions
from ggzy.normalize.masking import mask_identity_numbers

T = TypeVar("T")
#: Up to this many winners, a winner's printed name is also matched inside a longer printed line.
_FEW = 50
_SECTION_FIELDS = {"采购人": "buyer", "采购单位": "buyer", "招标人": "buyer", "征集人": "buyer", "建设单位": "buyer",
                   "采购代理机构": "agency", "招标代理机构": "agency", "代理机构": "agency"}  # fmt: skip
#: ``1.采购人信息`` (perhaps at the end of the sentence that asks for questions), then ``名 称：…`` below.
_PARTY_SECTION = re.compile(
    r"(?:^|[：:\s])(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?"
    r"(采购人|采购单位|招标人|征集人|建设单位|采购代理机构|招标代理机构|代理机构)[：:]?"
    r"(?:信息|联系方式)(?:[（(]如有[）)])?[：:]?(?=\s*(?:$|名|单位名))"
)
#: The same block printed on one line: ``1.采购人信息 名 称： 余姚市环境卫生管理中心 地 址： …``.
_INLINE_NAME = re.compile(r"^\s*(?:单位)?名\s*称\s*[：:]\s*([^\s：:]{2,60})(?:\s|$)")
_NAME_LINE = re.compile(r"^(?:单位)?名\s*称\s*[：:]\s*(.{2,60})$")
_DEADLINE_HEADING = re.compile(r"(?:投标|响应)文件?[^，。]{0,6}截止时间")

#: ``regions.find_region``, remembered: centre names, titles' places and parties recur page after page.
region_in_text = functools.lru_cache(maxsize=8192)(regions.find_region)

_PENALTY_ONLY = {"decision_no", "facts", "basis", "content", "authority", "penalty_types", "violation_type"}


@dataclass
class ExtractedFields:
    """What the text of one notice says about itself; every field is None (or empty) when not printed."""

    project_code: str | None = None
    lot_code: str | None = None
    project_name: str | None = None
    buyer: Party | None = None
    agency: Party | None = None
    winners: list[Party] = field(default_factory=list)
    amount: Decimal | None = None
    budget: Decimal | None = None
    deadline: datetime | None = None
    published: date | None = None
    region_code: str | None = None
    source_centre: str | None = None
    penalty: Penalty | None = None
    penalties: list[Penalty] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def extract_fields(text: str, html: str | None = None) -> ExtractedFields:
    """The fields of a notice from its text (or, when ``html`` is given, from that markup's text)."""
    source = html_to_text(html) if html is not None else text
    lines = join_broken_lines(table_rows(mask_identity_numbers(source).split("\n")))
    # Track-record tables quote other projects' owners and prices: they are read for nothing.
    tables = [t for t in find_header_tables(lines) if not t.track_record]
    in_tables = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    values = find_labelled_values(["" if n in in_tables else line for n, line in enumerate(lines)])
    found = ExtractedFields(labels=_first_values(values))

    best = _best_values(values)
    found.project_code = bounded_code(_value(best.get("project_code")))
    found.lot_code = bounded_code(_value(best.get("lot_code")))
    found.project_name = _plain(best.get("project_name"))
    sections = _section_parties(lines)
    found.buyer = _first_party(best.get("buyer"), sections.get("buyer"), values, "buyer")
    found.agency = _first_party(best.get("agency"), sections.get("agency"), values, "agency")
    found.deadline = _first_parsed(values, "deadline", dates.parse_datetime) or _deadline_under_heading(lines)
    found.published = _first_parsed(values, "published", dates.parse_date)
    found.source_centre = _plain(best.get("source"))
    found.region_code = _region(best)

    lots_by_line = {n: lot for n, line in enumerate(lines) if n not in in_tables and (lot := lot_heading(line))}
    for table in tables:
        found.winners.extend([] if table.repeats else winners_from_table(table))
        _fill_from_table(found, table)
    if not found.winners:
        found.winners = winners_from_labels(values, lots_by_line)
    _attach_codes(found, values)
    found.amount = _amount(found.winners, values)
    labelled_budget = _budget(values, lots_by_line)
    found.budget = labelled_budget if labelled_budget is not None else found.budget
    found.penalties = _penalties(values, tables)
    found.penalty = found.penalties[0] if found.penalties else None
    return found


def _first_parsed(values: list[LabelledValue], field: str, parse: Callable[[str], T | None]) -> T | None:
    """The first value of ``field`` that parses, most specific label first (开标时间：同投标截止时间 does not)."""
    for value in sorted((v for v in values if v.field == field), key=_preference):
        parsed = parse(value.value)
        if parsed is not None:
            return parsed
    return None


def _section_parties(lines: list[str]) -> dict[str, str]:
    """``1.采购人信息`` then ``名 称：…`` (the 政府采购 notice format): the name under each party's heading."""
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        heading = _PARTY_SECTION.search(line)
        if heading is None:
            continue
        for following in [line[heading.end() :], *lines[number + 1 : number + 5]]:
            name = _NAME_LINE.match(following) or _INLINE_NAME.match(following)
            if name:
                found.setdefault(_SECTION_FIELDS[heading.group(1)], name.group(1).strip())
                break
    return found


def _first_party(
    best: LabelledValue | None, section: str | None, values: list[LabelledValue], role: str
) -> Party | None:
    """The first printed value that names an organisation: under the most specific label, under the party's
    heading in the contact block, then under any other of its labels in reading order."""
    others = [v.value for v in values if v.field == role and v is not best]
    for printed in [_value(best), section, *others]:
        party = party_from_value(printed, role)
        if party is not None:
            return party
    return None


def _deadline_under_heading(lines: list[str]) -> datetime | None:
    """``五、提交投标文件截止时间、开标时间和地点`` with the time on the next line (the 政府采购 format)."""
    for number, line in enumerate(lines[:-1]):
        if _DEADLINE_HEADING.search(line) and "：" not in line and ":" not in line:
            return dates.parse_datetime(lines[number + 1])
    return None


def _value(item: LabelledValue | None) -> str | None:
    return item.value if item is not None else None


def _plain(item: LabelledValue | None) -> str | None:
    return item.value.strip() or None if item is not None else None


def _first_values(values: list[LabelledValue]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value in values:
        labels.setdefault(value.label, value.value)
    return labels


def _best_values(values: list[LabelledValue]) -> dict[str, LabelledValue]:
    """Per field, the value under its most specific label; the first printed among equals."""
    best: dict[str, LabelledValue] = {}
    for value in values:
        current = best.get(value.field)
        if current is None or _preference(value) < _preference(current):
            best[value.field] = value
    return best


def _preference(value: LabelledValue) -> tuple[bool, int]:
    return (not value.revised, LABEL_RANK.get(value.label, 99))


def _attach_codes(found: ExtractedFields, values: list[LabelledValue]) -> None:
    """A 统一社会信用代码 line belongs to the party printed just before it."""
    last: Party | None = None
    by_key = {names.name_key(w.name): w for w in reversed(found.winners)}
    for value in values:
        if value.field in ("buyer_uscc", "agency_uscc"):
            party = getattr(found, value.field.removesuffix("_uscc"))
            if party is not None and party.uscc_as_printed is None:
                set_code(party, value.value.split()[0])
        elif value.field in ("buyer", "agency"):
            last = getattr(found, value.field)
        elif value.field == "winner":
            key = names.name_key(value.value)
            last = by_key.get(key)
            if last is None and len(found.winners) <= _FEW:
                last = next((w for w in found.winners if names.name_key(w.name) in key), None)
        elif value.field == "uscc" and last is not None and last.uscc_as_printed is None:
            words = value.value.split()
            set_code(last, words[0] if words else None)
            last = None


def _region(best: dict[str, LabelledValue]) -> str | None:
    for key in ("source", "region"):
        item = best.get(key)
        code = region_in_text(item.value) if item is not None else None
        if code:
            return code
    return None


def _fill_from_table(found: ExtractedFields, table: HeaderTable) -> None:
    first = table.rows[0]
    for key in ("project_code", "lot_code", "project_name"):
        column = table.column(key)
        if key == "lot_code" and len(table.rows) > 1:
            continue  # several lots: each has its own code, the notice none of its own
        if column is not None and getattr(found, key) is None and first[column]:
            setattr(found, key, first[column] if key == "project_name" else bounded_code(first[column]))
    for key in ("buyer", "agency"):
        column = table.column(key)
        if column is not None and getattr(found, key) is None:
            setattr(found, key, party_from_value(first[column], key))
    column = table.column("budget")
    if column is not None and not table.repeats:
        amounts = [parse_money(row[column], table.headings[column]) for row in table.rows]
        known = [a for a in amounts if a is not None]
        if known:
            found.budget = (found.budget or Decimal(0)) + sum(known, Decimal(0))


def _amount(winners: list[Party], values: list[LabelledValue]) -> Decimal | None:
    """The awarded total: the winners' amounts summed, else the one amount printed; candidates' bids are not."""
    if winners and all(w.role == "candidate" for w in winners):
        return None
    # Per lot, the amounts its winners carry (a joint venture's amount rides on its lead member alone).
    by_lot: dict[str | None, list[Decimal]] = {}
    for winner in winners:
        by_lot.setdefault(winner.lot, []).extend([winner.amount] if winner.amount is not None else [])
    if by_lot and all(by_lot.values()):
        return sum((a for amounts in by_lot.values() for a in amounts), Decimal(0))
    if len(by_lot) > 1 or any(by_lot.values()):
        return None
    for value in values:
        if value.field == "amount":
            return parse_money(value.value, value.unit)
    return None


def _budget(values: list[LabelledValue], lots_by_line: dict[int, str]) -> Decimal | None:
    """The total budget by priority 预算金额 > 最高限价/控制价 > 合同估算价: under the first of these kinds of
    label the notice prints, the amount printed before any lot, else the sum of each lot's own."""
    printed = [v for v in values if v.field == "budget" and parse_money(v.value, v.unit) is not None]
    if not printed:
        return None
    first_kind = min(_budget_kind(v.label) for v in printed)
    kept = [v for v in values if v.field == "lot" or (v in printed and _budget_kind(v.label) == first_kind)]
    return _budget_of(kept, lots_by_line)


def _budget_kind(label: str) -> int:
    """0 for a 预算 label, 1 for a 限价/控制价 one, 2 for an 估算价 one."""
    if "预算" in label:
        return 0
    return 2 if "估算" in label else 1


def _budget_of(values: list[LabelledValue], lots_by_line: dict[int, str]) -> Decimal | None:
    lot_lines = sorted(lots_by_line)
    first_lot_line = lot_lines[0] if lot_lines else None
    per_lot: dict[str, Decimal] = {}
    lot: str | None = None
    for value in values:
        if value.field == "lot":
            lot = value.value
        elif value.field == "budget":
            headed = bisect.bisect_right(lot_lines, value.line)
            lot = lots_by_line[lot_lines[headed - 1]] if headed else lot
            amount = parse_money(value.value, value.unit)
            if amount is None:
                continue
            if lot is None and (first_lot_line is None or value.line < first_lot_line):
                return amount
            per_lot.setdefault(lot or "", amount)
    return sum(per_lot.values(), Decimal(0)) if per_lot else None


def _penalties(values: list[LabelledValue], tables: list[HeaderTable]) -> list[Penalty]:
    penalties: list[Penalty] = []
    for table in tables:
        if _is_penalty(table.headings):
            penalties.extend(parse_penalty_row(record) for record in table.records())
    row: dict[str, str] = {}
    for value in values:
        if penalty_item(value.label):
            row.setdefault(value.label, value.value)
    if _is_penalty(list(row)):
        penalties.insert(0, parse_penalty_row(row))
    return [p for p in penalties if p.subject.name]


def _is_penalty(labels: list[str]) -> bool:
    """A subject plus at least one item only a penalty prints (文号, 违法事实, 处罚内容 …)."""
    items = {penalty_item(label) for label in labels}
    return "subject" in items and bool(items & _PENALTY_ONLY)
