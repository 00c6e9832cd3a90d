"""Header-row tables in a notice's text: a row of column headings, then one row per lot, winner or penalty.

``html_to_text`` writes every table row as one line of tab-separated cells, so a table is found in the text
alone: a line whose cells are all headings (at least two of them known labels, such as 标段 · 中标人 ·
中标金额（万元）) followed by lines with as many cells that are not. Two-column (label → value) rows are not
header rows; :mod:`ggzy.harvesters.extract.labels` reads those.

Crawlers flatten tables in two other ways, and :func:`table_rows` turns both back into tab-separated rows
before anything else reads the text: cells separated by ``|`` on one line (``供应商名称 | 供应商地址 |
中标金额``), and one cell per line (the headings one under the other, then the values of each row in the
same order; a crawler drops empty cells, so a row cut short by the end of the table is padded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ggzy.harvesters.extract.labels import label_field
from ggzy.harvesters.extract.penalty import penalty_item
from ggzy.normalize import names

#: A space-separated heading row in plain text is short; longer lines are prose.
_LONGEST_HEADING_ROW = 160
#: The words a column heading ends with (供应商地址, 评审价格, 中标金额（元）); a value seldom does.
_HEADING_WORD = re.compile(
    r"(?:名称|地址|金额|价格|报价|代码|编号|日期|时间|备注|电话|序号|得分|分数|排名|名次|单位|数量|单价|规格|型号|品牌|"
    r"工期|期限|质量|评分|结果|说明|情况|内容|类别|类型|信息)(?:[（(][^）)]{0,8}[）)])?$"
)
_HEADING_LIKE = re.compile(r"[\u4e00-\u9fffA-Za-z（）()/、\s]{1,16}")


@dataclass
class HeaderTable:
    """A table read under its heading row: ``fields[i]`` is the field column ``i`` holds (or None)."""

    headings: list[str]
    fields: list[str | None]
    rows: list[list[str]] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    #: The same table printed again (a page that shows it twice): its rows count once.
    repeats: bool = False
    #: The line printed just above the heading row (``第一中标候选人类似业绩（…）``), or "".
    caption: str = ""

    @property
    def track_record(self) -> bool:
        """A table of other projects a bidder did (类似业绩): their owners and prices are not this notice's."""
        return "业绩" in self.caption or any(_PAST_WORK.search(h) for h in self.headings)

    def records(self) -> list[dict[str, str]]:
        """Each data row as printed heading → cell text."""
        return [dict(zip(self.headings, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> int | None:
        """The first column holding field ``name``."""
        return self.fields.index(name) if name in self.fields else None


def _known(cell: str) -> str | None:
    found = label_field(cell)
    if found is None and penalty_item(cell):
        return "penalty"
    return found


def _is_heading(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and (_known(text) is not None or _HEADING_LIKE.fullmatch(text) is not None)


def _is_heading_row(cells: list[str]) -> bool:
    if len(cells) < 2 or not all(_is_heading(c) for c in cells):
        return False
    known = [_known(c) for c in cells]
    if sum(k is not None for k in known) < 2:
        return False
    # 项目编号 | X | 项目名称 | Y is a two-column form laid out twice, not a heading row.
    labels_at_even = all(k is not None for k in known[::2]) and all(k is None for k in known[1::2])
    return not labels_at_even or all(_HEADING_WORD.search(c.strip()) for c in cells[1::2])


def _is_data_row(cells: list[str], width: int) -> bool:
    return len(cells) == width and any(c.strip() for c in cells) and not _is_heading_row(cells)


def _cells(line: str, tabbed: bool) -> list[str]:
    return line.split("\t") if tabbed else line.split()


def find_header_tables(lines: list[str]) -> list[HeaderTable]:
    """Every header-row table in the text, with the lines it covers.

    Rows are tab-separated (as ``html_to_text`` writes them); in plain text without tabs, a heading row of at
    least three space-separated headings and the rows under it with as many space-separated cells count too.
    """
    tables: list[HeaderTable] = []
    number = 0
    while number < len(lines):
        tabbed = "\t" in lines[number]
        if not tabbed and (len(lines[number]) > _LONGEST_HEADING_ROW or " " not in lines[number]):
            number += 1
            continue
        cells = _cells(lines[number], tabbed)
        if (tabbed or len(cells) >= 3) and _is_heading_row(cells):
            table = HeaderTable(headings=[c.strip() for c in cells], fields=[_known(c) for c in cells])
            table.caption = lines[number - 1] if number else ""
            table.first_line = table.last_line = number
            following = number + 1
            while following < len(lines) and _is_data_row(row := _cells(lines[following], tabbed), len(cells)):
                table.rows.append([c.strip() for c in row])
                table.last_line = following
                following += 1
            if table.rows:
                table.repeats = any(t.headings == table.headings and t.rows == table.rows for t in tables)
                tables.append(table)
                number = following
                continue
        number += 1
    return tables


#: A heading printed one per line is short and holds no colon; a value ends the run of headings.
_LONGEST_HEADING = 20
_NOTE_LINE = re.compile(r"^[（(][^（）()]{1,10}[）)]$")
#: A notice's own heading (招标计划公告) is not a column's.
_TITLE_END = re.compile(r"(?:公告|公示|通知)$")
_PAST_WORK = re.compile(r"业绩|竣工|开工日期|完工日期|交工日期")
_PIPE = re.compile(r"\s*[|｜]\s*")
#: Where a table printed one cell per line ends: a numbered section (``四、主要标的信息``, ``2.废标结果``)
#: or a known label with its colon (``合计（总价）：`` is a value; ``采购人名称：`` is not).
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d))"
)
#: A table printed one cell per line has a column of one of these among its headings.
_TABLE_FIELDS = frozenset({"winner", "amount", "budget", "lot", "buyer", "agency", "project_code", "project_name",
                           "rank", "uscc", "winner_uscc"})  # fmt: skip


def table_rows(lines: list[str]) -> list[str]:
    """``lines`` with tables flattened by a crawler written back as tab-separated rows (see the module's
    docstring); every other line unchanged, blank lines dropped."""
    kept: list[str] = []
    for cell in (cell for line in lines for cell in _pipe_cells(line.strip()) if cell):
        if kept and _NOTE_LINE.match(cell) and "\t" not in kept[-1] and len(kept[-1]) <= _LONGEST_HEADING:
            kept[-1] += cell  # 建设单位 then （或招标人）: one heading
        else:
            kept.append(cell)
    # run[i]: how many lines from i on read as column headings (one pass, from the end).
    run = [0] * (len(kept) + 1)
    for number in range(len(kept) - 1, -1, -1):
        run[number] = run[number + 1] + 1 if _is_column_heading(kept[number]) else 0
    out: list[str] = []
    number = 0
    while number < len(kept):
        width = _table_width(kept[number : number + run[number]])
        rows = _value_rows(kept, number + width, width) if width else []
        if rows:
            out.append("\t".join(kept[number : number + width]))
            out.extend("\t".join(row) for row in rows)
            number += width + sum(len([c for c in row if c]) for row in rows)
            continue
        # No table starts in this run of headings (a menu, a list of tabs): nor does one inside it.
        skip = max(run[number], 1)
        out.extend(kept[number : number + skip])
        number += skip
    return out


def _pipe_cells(line: str) -> list[str]:
    """A line with ``|`` separators: a whole row (``甲 | 乙 | 丙``) becomes tab-separated; a line that opens or
    closes with ``|`` is part of a row broken over lines (``招标人 |``, then the value, then ``|``): each of its
    cells becomes a line of its own, one cell per line."""
    if "|" not in line and "｜" not in line:
        return [line]
    cells = [cell.strip() for cell in _PIPE.split(line)]
    if cells[0] and cells[-1] and len(cells) >= 2:
        return ["\t".join(cells)]
    return [cell for cell in cells if cell]


def _is_column_heading(line: str) -> bool:
    if "\t" in line or "：" in line or ":" in line or len(line) > _LONGEST_HEADING or _SECTION.match(line):
        return False
    if _TITLE_END.search(line):
        return False
    if _known(line) is not None:
        return True
    return _HEADING_LIKE.fullmatch(line) is not None and names.organisation_name(line) is None


def _table_width(headings: list[str]) -> int:
    """The width of a table printed one cell per line under these headings (0: they head no table)."""
    known = [_known(line) for line in headings]
    if len(headings) < 3 or sum(k is not None for k in known) < 2 or not _TABLE_FIELDS.intersection(known):
        return 0
    return len(headings)


def _ends_table(line: str) -> bool:
    return _SECTION.match(line) is not None or "\t" in line or _labelled_line(line)


def _labelled_line(line: str) -> bool:
    colon = min((i for i in (line.find("："), line.find(":")) if i >= 0), default=-1)
    return colon > 0 and _known(line[:colon]) is not None


def _value_rows(lines: list[str], start: int, width: int) -> list[list[str]]:
    rows: list[list[str]] = []
    number = start
    while number < len(lines):
        group = lines[number : number + width]
        cut = next((i for i, line in enumerate(group) if _ends_table(line)), len(group))
        group = group[:cut]
        if len(group) < 2 or (_is_column_heading(group[0]) and _known(group[0]) is not None):
            break
        rows.append(group + [""] * (width - len(group)))
        number += len(group)
        if len(group) < width:
            break
    return rows
