"""Notice bodies: the shapes real notices have, and how each family renders them.

A body is a list of ``Block``s: a heading, a paragraph (``标签：值`` lines and numbered ``1、项目名称：…`` lines
are paragraphs), a two-column table (``pairs``: label cell, value cell) or a table whose first row is a
header (``table``). ``to_html`` renders plain markup (classic sites, the national b page, RSS detail pages);
``to_word_html`` renders the Word-converted markup a provincial trade API returns (``<p class=MsoNormal>``,
runs of ``<span style=…>`` that split words, tables nested in a layout table).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from ggzy.demo.identity import USCC_ALPHABET
from ggzy.demo.organisations import Organisation
from ggzy.model import Party


@dataclass
class Block:
    """A piece of a body: ``heading``/``para`` carry ``text``; ``pairs``/``table`` carry ``rows``."""

    type: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def fields_blocks(style: str, items: list[tuple[str, str]]) -> list[Block]:
    """Label/value items as numbered lines (``1、项目名称：…``), plain lines or a two-column table."""
    if style == "numbered":
        return [Block("para", f"{n}、{label}：{value}") for n, (label, value) in enumerate(items, 1)]
    if style == "lines":
        return [Block("para", f"{label}：{value}") for label, value in items]
    return [Block("pairs", rows=[[label, value] for label, value in items])]


def printed_party(
    rng: random.Random, org: Organisation, role: str, label: str, print_uscc: bool
) -> tuple[Party, list[tuple[str, str]]]:
    """The ground-truth Party for ``org`` and the items a notice prints for it.

    The code is printed (as ``{label}统一社会信用代码``) only when ``print_uscc``; one printed code in twenty
    carries a wrong check character, so its Party has ``uscc=None`` and keeps ``uscc_as_printed``.
    """
    items = [(label, org.name)]
    if not print_uscc:
        return Party(org.name, role=role), items
    printed = org.uscc
    if rng.random() < 0.05:
        wrong = USCC_ALPHABET[(USCC_ALPHABET.index(org.uscc[-1]) + 1) % 31]
        printed = org.uscc[:-1] + wrong
    items.append((f"{label}统一社会信用代码", printed))
    return Party(org.name, org.uscc if printed == org.uscc else None, printed, role), items


def print_deadline(rng: random.Random, moment: datetime) -> str:
    """A date and time as notices print them: ``2025年03月20日 09:30`` or ``2025-03-20 09:30:00``."""
    if rng.random() < 0.5:
        return f"{moment:%Y年%m月%d日 %H:%M}"
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def to_html(blocks: list[Block], pairs: str = '<table border="1" cellspacing="0">', label: str = "td") -> str:
    """Plain markup: ``<p>``, ``<h3>``, ``<table>`` (``<th>`` cells for a header row).

    ``pairs`` is the opening tag of two-column tables and ``label`` the tag of their label cells.
    """
    out = []
    for block in blocks:
        if block.type == "heading":
            out.append(f"<h3>{escape(block.text)}</h3>")
        elif block.type == "para":
            out.append(f"<p>{escape(block.text)}</p>")
        elif block.type == "pairs":
            rows = "".join(f"<tr><{label}>{escape(a)}</{label}><td>{escape(b)}</td></tr>" for a, b in block.rows)
            out.append(f"{pairs}{rows}</table>")
        else:
            header = "".join(f"<th>{escape(c)}</th>" for c in block.rows[0])
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows[1:])
            out.append(f'<table border="1" cellspacing="0"><tr>{header}</tr>{body}</table>')
    return "\n".join(out)


def to_text(blocks: list[Block]) -> str:
    """Plain text: one line per paragraph or table row, table cells separated by a space."""
    lines = []
    for block in blocks:
        if block.type in ("heading", "para"):
            lines.append(block.text)
        elif block.type == "pairs":
            lines.extend(f"{a}：{b}" for a, b in block.rows)
        else:
            lines.extend(" ".join(row) for row in block.rows)
    return "\n".join(lines)


_FONTS = ("宋体", "Arial", "仿宋_GB2312", "黑体")


def _runs(text: str) -> str:
    """``text`` split into Word runs the way converters split it: at script changes and at random points."""
    rng = random.Random(hashlib.sha1(text.encode()).digest())
    pieces: list[str] = []
    current = ""
    for char in text:
        if current and (char.isascii() != current[-1].isascii() or rng.random() < 0.04):
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    spans = []
    for piece in pieces:
        font = "Times New Roman" if piece.isascii() else rng.choice(_FONTS)
        spans.append(f'<span style="font-family:{font}; font-size:10.5pt">{escape(piece)}</span>')
    return "".join(spans)


def _word_paragraph(text: str) -> str:
    return f'<p class=MsoNormal style="margin-top:0pt; margin-bottom:0pt; line-height:150%">{_runs(text)}</p>'


def _word_table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<tr>"
        + "".join(
            f'<td style="border:solid windowtext 1.0pt; padding:0cm 5.4pt">{_word_paragraph(c)}</td>' for c in row
        )
        + "</tr>"
        for row in rows
    )
    style = "border-collapse:collapse"
    return f'<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style="{style}">{cells}</table>'


def to_word_html(title: str, blocks: list[Block]) -> str:
    """A full Word-converted HTML document, tables nested in a one-cell layout table."""
    parts = [
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        '<meta name="generator" content="Aspose.Words for Java 21.4.0" />'
        f"<title>{escape(title)}</title></head>"
        "<body style=\"text-align:justify; font-family:'Times New Roman'; font-size:10.5pt\"><div>",
        '<p class=MsoNormal style="margin-top:0pt; margin-bottom:0pt"><span>&#xa0;</span></p>',
        f'<p class=MsoNormal style="text-align:center; font-size:14pt">{_runs(title)}</p>',
    ]
    for block in blocks:
        if block.type in ("heading", "para"):
            parts.append(_word_paragraph(block.text))
        else:
            parts.append(f"<table class=MsoNormalTable border=0><tr><td>{_word_table(block.rows)}</td></tr></table>")
    parts.append("</div></body></html>")
    return "".join(parts)
