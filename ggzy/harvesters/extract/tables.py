"""Header-row tables in a notice's text: a row of column headings, then one row per lot, winner or penalty.

``html_to_text`` writes every table row as one line of tab-separated cells, so a table is found in the text
alone: a line whose cells are all headings (at least two of them known labels, such as 标段 · 中标人 ·
中标金额（万元）) followed by lines with as many cells that are not. Two-column (label → value) rows are not
header rows; :mod:`ggzy.harvesters.extract.labels` reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ggzy.harvesters.extract.labels import label_field
from ggzy.harvesters.extract.penalty import penalty_item

#: A space-separated heading row in plain text is short; longer lines are prose.
_LONGEST_HEADING_ROW = 160
_HEADING_LIKE = re.compile(r"[\u4e00-\u9fffA-Za-z（）()/、\s]{1,16}")


@dataclass
class HeaderTable:
    """A table read under its heading row: ``fields[i]`` is the field column ``i`` holds (or None)."""

    headings: list[str]
    fields: list[str | None]
    rows: list[list[str]] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0

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
    return not labels_at_even


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
            table.first_line = table.last_line = number
            following = number + 1
            while following < len(lines) and _is_data_row(row := _cells(lines[following], tabbed), len(cells)):
                table.rows.append([c.strip() for c in row])
                table.last_line = following
                following += 1
            if table.rows:
                tables.append(table)
                number = following
                continue
        number += 1
    return tables
