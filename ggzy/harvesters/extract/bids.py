"""Bidders and candidates: the bid list of a 开标记录 and the ranked 中标候选人, read from a notice's text.

:func:`extract_bids` reads four layouts, each seen on real platforms:

1. **Header-row tables** — a row of headings (排序 · 投标人名称 · 投标报价（元） · 得分), then one row per bid;
   cells separated by tabs (HTML rows), ``|`` or spaces.
2. **One cell per line** — the same table flattened: the headings one per line, then the values one per line.
   Records are cut at their rank (第一名, 第二名 … or 1, 2, 3 …) when one is printed, else every heading-count
   cells; a value is taken relative to the bidder's name, so extra lines inside a record (a 联合体's members,
   a person's certificate split over two lines) do not shift the price.
3. **Labelled records** — ``第一中标排序单位名称 | 甲公司 | 投标报价 | 123元`` repeated per candidate (Jiangxi).
4. **One candidate per column** (:mod:`bid_columns`) — ``排序 | 第一中标候选人 | 第二…`` across,
   one attribute per row (投标人名称, 投标报价, 得分); and a score row (评标得分 | 94.3 | 93.8) under a row
   of the candidates' names.

Prices go through the money normaliser with the unit from their heading (万元); a 下浮率, 费率 or percentage is
kept as printed with no yuan amount. A 否决投标/废标 reason is kept where printed: in a column, or after a
reasons label, one bidder per clause (:mod:`bid_reasons`). Every name must read as an organisation's name;
headings, labels, people and role words never become bidders. Candidates appear once each, merged by name.

``bids`` lists every bid a notice reports: the whole list for a 开标记录, and for a candidates notice that also
prints the other bidders (其他投标人), the candidates followed by the others; a notice that only names a
disqualified bidder in a sentence reports that one bid alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ggzy.harvesters.extract import bid_cells as cells
from ggzy.harvesters.extract.bid_columns import candidate_columns, column_scores
from ggzy.harvesters.extract.bid_reasons import disqualified
from ggzy.harvesters.extract.lots import set_code
from ggzy.model import Bid, BidStatus, Party
from ggzy.normalize import names

_SEPARATOR = re.compile(r"\s*\|\s*|\t")
_SPACED = re.compile(r"\s+")
#: One value of a space-separated row: an amount, a rate, a code or a place (第一名).
_VALUE_TOKEN = re.compile(r"[￥¥]?[0-9A-Za-z.,%％-]+(?:元|万元)?|第[一二三四五六七八九十\d]{1,2}名?|[—/-]")
#: A notice without any of these words prints no bid table: the rest of the reading is skipped.
_BID_WORDS = re.compile(r"报价|投标价|候选人|投标人|投标单位|开标|得分|否决|废标|供应商")
_DISQUALIFIED_WORDS = re.compile(r"否决投标|废标|无效投标")
_CANDIDATE_CONTEXT = re.compile(r"候选人|中标排序|定标排序")
_OTHERS_CONTEXT = re.compile(r"其他投标人|除中标候选人|未入围|其余投标人")
_RANKED_NAME_LABEL = re.compile(
    r"^第(?P<a>[一二三四五六七八九十\d]{1,2})名?(?:中标|成交|定标)?(?:候选人|排序)(?:单位)?(?:名称)?$"
    r"|^(?:中标|成交|定标)?候选人(?P<b>\d{1,2})(?:单位)?名称$"
)
_PLAIN_NAME_LABEL = re.compile(r"^(?:(?:中标|成交|定标)?候选人|单位|投标人|供应商)名称$")
_UNITS = ("元", "万元", "亿元")
_CLAUSE_END = re.compile(r"[，,；;。]")
_INLINE_ITEM = re.compile(r"[，,；;]\s*(?P<label>[^，,；;：:]{2,16})[：:]\s*(?P<value>[^，,；;。]+)")
#: How far (in cells) a record, a section heading or a score row may be from what it belongs to.
_RECORD_REACH = 40
_SECTION_REACH = 8


@dataclass
class BidLists:
    """What a notice says about its bids: ``bids`` (the bid list) and ``candidates`` (ranked 中标候选人)."""

    bids: list[Bid] = field(default_factory=list)
    candidates: list[Bid] = field(default_factory=list)


@dataclass
class _Table:
    headings: list[str]
    roles: list[str | None]
    records: list[list[str]]
    context: str

    @property
    def of_candidates(self) -> bool:
        if _OTHERS_CONTEXT.search(self.context):
            return False
        return any(_CANDIDATE_CONTEXT.search(h) for h in self.headings) or bool(_CANDIDATE_CONTEXT.search(self.context))


def extract_bids(text: str) -> BidLists:
    """The bids and candidates a notice's text prints (see the module docstring for the layouts)."""
    if _BID_WORDS.search(text) is None:
        return BidLists()
    rows = [row for line in text.split("\n") if (row := _cells(line))]
    tables, used = _row_tables(rows)
    stream = [cell for number, row in enumerate(rows) if number not in used for cell in row if cell]
    tables.extend(_stream_tables(stream))
    candidates: list[Bid] = []
    bids: list[Bid] = []
    others = False
    for table in tables:
        found = [bid for record in table.records if (bid := _bid(table, record)) is not None]
        if table.of_candidates:
            _merge(candidates, found)
        else:
            others = others or bool(_OTHERS_CONTEXT.search(table.context))
            _merge(bids, found)
    _merge(candidates, _labelled_records(stream))
    _merge(candidates, candidate_columns(stream, _read))
    column_scores(stream, candidates)
    if others and candidates:
        bids = [_copy(c) for c in candidates] + [b for b in bids if _key(b) not in {_key(c) for c in candidates}]
    if _DISQUALIFIED_WORDS.search(text):
        _merge(bids, disqualified(stream), add=not bids or others)
    return BidLists(bids=bids, candidates=candidates)


def _cells(line: str) -> list[str]:
    if "\t" in line:
        row = [p.strip() for p in line.split("\t")]
        return row if any(row) else []  # an HTML row: every cell keeps its column, empty or not
    text = line.strip()
    if not text:
        return []
    if "|" in text:
        row = [p.strip() for p in _SEPARATOR.split(text)]
        while row and not row[-1]:
            row.pop()
        while row and not row[0]:
            row.pop(0)
        return row
    if " " not in text or len(text) > 200:
        return [text]
    parts = [p for p in _SPACED.split(text) if p]
    if len(parts) < 3:
        return [text]
    if sum(cells.heading_role(p) is not None for p in parts) >= 2:
        return parts  # a heading row written with spaces
    if any(cells.is_organisation_name(p) for p in parts) or (
        cells.is_heading(parts[0]) and all(_VALUE_TOKEN.fullmatch(p) for p in parts[1:])
    ):
        return parts  # a row of values, or a label and its values; only read beneath a heading row
    return [text]


def _is_header(row: list[str]) -> bool:
    roles = [cells.heading_role(c) for c in row]
    if len(row) < 2 or not _bid_roles(roles):
        return False
    if sum(cells.rank_header(c) is not None for c in row) >= 2:
        return False  # one candidate per column: read by _candidate_columns
    return all(cells.is_heading(c) for c in row)


def _bid_roles(roles: list[str | None]) -> bool:
    """A bidder column and a price or rank column, and no award amount (that is a table of winners)."""
    return "name" in roles and bool({"price", "rank"} & set(roles)) and "award" not in roles


def _row_tables(rows: list[list[str]]) -> tuple[list[_Table], set[int]]:
    """Header-row tables whose rows each hold all their cells (HTML rows, ``|`` or spaced lines)."""
    tables: list[_Table] = []
    used: set[int] = set()
    for number, row in enumerate(rows):
        if len(row) < 2 or number in used or not _is_header(row):
            continue
        records = []
        following = number + 1
        while following < len(rows) and len(rows[following]) in (len(row), len(row) + 1):
            if _is_header(rows[following]):
                break
            records.append(rows[following])
            following += 1
        if records:
            context = " ".join(" ".join(r) for r in rows[max(0, number - 2) : number])
            tables.append(_Table(row, [cells.heading_role(c) for c in row], records, context))
            used.update(range(number, following))
    return tables, used


def _stream_tables(stream: list[str]) -> list[_Table]:
    """Header tables flattened to one cell per line: a run of headings, then the records under it."""
    tables: list[_Table] = []
    start = 0
    while start < len(stream):
        end = start
        while end < len(stream) and cells.is_heading(stream[end]):
            end += 1
        headings = _join_units(stream[start:end])
        roles = [cells.heading_role(h) for h in headings]
        record_labels = any(_RANKED_NAME_LABEL.match(h) for h in headings)  # labelled records, not headings
        if end - start >= 2 and not record_labels and _bid_roles(roles):
            records, stop = _records(stream, end, headings, roles)
            if records:
                context = " ".join(stream[max(0, start - _SECTION_REACH) : start])
                tables.append(_Table(headings, roles, records, context))
                start = stop
                continue
        start = max(end, start + 1)
    return tables


def _join_units(headings: list[str]) -> list[str]:
    """``投标报价`` then ``(元）`` on the next line is one heading."""
    joined: list[str] = []
    for heading in headings:
        if joined and re.fullmatch(r"[(（][^()（）]{1,6}[)）]", heading):
            joined[-1] += heading
        else:
            joined.append(heading)
    return joined


def _records(
    stream: list[str], start: int, headings: list[str], roles: list[str | None]
) -> tuple[list[list[str]], int]:
    width = len(headings)
    first = stream[start] if start < len(stream) else ""
    anchored = roles[0] in ("rank", "number") or cells.rank_of(first) == 1
    records: list[list[str]] = []
    position = start
    if anchored and cells.rank_of(first) == 1:
        expected = 1
        while position < len(stream) and cells.rank_of(stream[position]) == expected:
            style = _rank_style(stream[position])
            following = position + 1
            limit = min(len(stream), position + 3 * width + 6)
            while following < limit and not (
                cells.rank_of(stream[following]) == expected + 1 and _rank_style(stream[following]) == style
            ):
                following += 1
            records.append(stream[position:following])
            expected += 1
            position = following
        return records, position
    name_column = roles.index("name")
    while position + width <= len(stream):
        record = stream[position : position + width]
        if cells.bidder_name([record[name_column]]) is None:
            break
        records.append(record)
        position += width
    return records, position


def _rank_style(cell: str) -> str:
    return "digit" if cell.strip().isdigit() else "word"


def _bid(table: _Table, record: list[str]) -> Bid | None:
    """One record under its headings, read relative to the bidder's name."""
    record = _join_members(record)
    name_heading = table.roles.index("name")
    name_at = next((i for i, c in enumerate(record) if cells.bidder_name([c])), None)
    if name_at is None:
        return None
    bid = Bid(name=cells.bidder_name([record[name_at]]) or "")
    for column, role in enumerate(table.roles):
        at = column + (name_at - name_heading if column > name_heading else 0)
        if role is None or role == "name" or not 0 <= at < len(record):
            continue
        _read(bid, role, record[at], table.headings[column])
    return bid


def _join_members(record: list[str]) -> list[str]:
    """A 联合体's 牵头人/成员 cells, one per line, made one cell; a bare ``牵头人：`` joined to its name."""
    joined: list[str] = []
    members: list[str] = []
    for cell in record:
        if cells.is_member_cell(cell) or (members and members[-1].rstrip().endswith(("：", ":"))):
            members.append(cell)
            continue
        if members:
            joined.append("、".join(m for m in members))
            members = []
        joined.append(cell)
    if members:
        joined.append("、".join(members))
    return joined


def _read(bid: Bid, role: str, cell: str, heading: str) -> None:
    if role == "rank" and bid.rank is None:
        bid.rank = cells.rank_of(cell)
    elif role == "price" and bid.price_as_printed is None:
        bid.price_as_printed, bid.price, note = cells.price_of(cell, heading)
        if note and "否决" in heading:
            _disqualify(bid, note)
    elif role == "score" and bid.score is None:
        bid.score = cells.score_of(cell)
    elif role == "uscc" and bid.uscc_as_printed is None and not cells.is_empty(cell):
        _set_uscc(bid, cell)
    elif role == "reason":
        reason = cells.reason_of(cell)
        if reason:
            _disqualify(bid, reason)
    elif role == "lot" and bid.lot is None and not cells.is_empty(cell):
        bid.lot = cell.strip()


def _disqualify(bid: Bid, reason: str) -> None:
    bid.status, bid.reason = BidStatus.DISQUALIFIED, reason


def _set_uscc(bid: Bid, printed: str) -> None:
    party = Party(name=bid.name)
    set_code(party, printed.split()[0] if printed.split() else None)
    bid.uscc, bid.uscc_as_printed = party.uscc, party.uscc_as_printed


def _labelled_records(stream: list[str]) -> list[Bid]:
    """``第一中标排序单位名称 | 甲公司 | 投标报价 | 123元`` … repeated, one record per candidate; also on one line,
    ``第一中标候选人：甲公司，投标报价：123万元，得分：95``."""
    found: list[Bid] = []
    last_section = -_RECORD_REACH
    current: Bid | None = None
    current_at = 0
    for position, cell in enumerate(stream):
        label, _, inline = cell.strip().partition("：") if "：" in cell else cell.strip().partition(":")
        label, inline = label.strip(), inline.strip()
        if _CANDIDATE_CONTEXT.search(cell) and not _PLAIN_NAME_LABEL.match(label):
            last_section = position
        ranked = _RANKED_NAME_LABEL.match(label)
        plain = _PLAIN_NAME_LABEL.match(label) and position - last_section <= _RECORD_REACH
        if ranked or plain:
            value = inline or (stream[position + 1] if position + 1 < len(stream) else "")
            name_part, rest = _CLAUSE_END.split(value.lstrip(":： "), maxsplit=1)[0], value
            name = cells.bidder_name([name_part])
            current = Bid(name=name) if name else None
            if current is not None:
                number = (ranked.group("a") or ranked.group("b")) if ranked else None
                current.rank = cells.rank_of(f"第{number}") if number else None
                for clause in _INLINE_ITEM.finditer(rest if inline else ""):
                    role = cells.heading_role(clause.group("label"))
                    if role in ("price", "score", "uscc"):
                        _read(current, role, clause.group("value"), clause.group("label"))
                found.append(current)
                current_at = position
                last_section = position
            continue
        if current is None or position - current_at > _RECORD_REACH or (not inline and position + 1 >= len(stream)):
            continue
        role = cells.heading_role(label)
        following = inline or stream[position + 1]
        if not inline and position + 2 < len(stream) and stream[position + 2].strip() in _UNITS:
            following += stream[position + 2].strip()  # 1483160.00 | 元
        if role in ("price", "score", "uscc") and (inline or not cells.is_heading(following)):
            _read(current, role, following, label)
    return found


def _key(bid: Bid) -> str:
    return names.name_key(bid.name)


def _merge(into: list[Bid], found: list[Bid], add: bool = True) -> None:
    """Add each bid once (by name and lot); a bid already there takes what it lacked from the new one."""
    index = {(_key(b), b.lot): b for b in into}
    for bid in found:
        known = index.get((_key(bid), bid.lot))
        if known is None:
            if add:
                into.append(bid)
                index[(_key(bid), bid.lot)] = bid
            continue
        for name in ("uscc", "uscc_as_printed", "rank", "price_as_printed", "price", "score", "reason"):
            if getattr(known, name) is None and getattr(bid, name) is not None:
                setattr(known, name, getattr(bid, name))
        if bid.status is BidStatus.DISQUALIFIED:
            known.status = BidStatus.DISQUALIFIED


def _copy(bid: Bid) -> Bid:
    return Bid(**{name: getattr(bid, name) for name in bid.__dataclass_fields__})
