"""The bid tables of the demo world: a 开标记录 listing every bid, and the 中标候选人 of a candidates notice.

Both are drawn from a project's ranked bidders, with the ground truth a harvest must read back
(``Notice.bids`` for the opening, ``Notice.candidates`` for the candidates notice). Layouts vary the way real
platforms do: a header-row table (标段 · 排名 · 中标候选人名称 · 统一社会信用代码 · 投标报价（元）), or for a single
lot one candidate per column (第一/第二/第三中标候选人 across, 投标人名称 · 投标报价（万元） · 综合得分 down);
an opening prints its prices in 元 or in 万元. Choices come from a generator seeded by the project's code, so
adding these tables leaves the rest of the world as it was.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from ggzy.demo.bodies import Block
from ggzy.demo.identity import wan
from ggzy.model import Bid as PrintedBid

if TYPE_CHECKING:
    from ggzy.demo.projects import Lot

_RANK_WORDS = "一二三四五六七八九十"


def _rng(code: str, purpose: str) -> random.Random:
    return random.Random(f"{code}-{purpose}")


def candidates_table(code: str, lots: list[Lot]) -> tuple[Block, list[PrintedBid]]:
    """The candidates of every lot as one table, and the candidates a harvest must read from it."""
    rng = _rng(code, "candidates")
    if len(lots) == 1 and rng.random() < 0.5:
        return _per_column(rng, lots[0])
    rows = [["标段", "排名", "中标候选人名称", "统一社会信用代码", "投标报价（元）", "项目负责人"]]
    truth = []
    for lot in lots:
        for rank, bid in enumerate(lot.bids, 1):
            price = f"{bid.price:.2f}"
            rows.append([lot.label or "—", f"第{_RANK_WORDS[rank - 1]}名", bid.company.name, bid.company.uscc, price,
                         bid.manager])  # fmt: skip
            truth.append(
                PrintedBid(bid.company.name, bid.company.uscc, bid.company.uscc, rank, price, bid.price, lot=lot.label)
            )
    return Block("table", rows=rows), truth


def _per_column(rng: random.Random, lot: Lot) -> tuple[Block, list[PrintedBid]]:
    """One candidate per column, one attribute per row, scores falling with the rank."""
    scores = sorted((Decimal(rng.randint(8000, 9800)).scaleb(-2) for _ in lot.bids), reverse=True)
    rows = [
        ["排序", *(f"第{_RANK_WORDS[n]}中标候选人" for n in range(len(lot.bids)))],
        ["投标人名称", *(b.company.name for b in lot.bids)],
        ["统一社会信用代码", *(b.company.uscc for b in lot.bids)],
        ["投标报价（万元）", *(wan(b.price) for b in lot.bids)],
        ["综合得分", *(f"{s:.2f}" for s in scores)],
    ]
    truth = [
        PrintedBid(b.company.name, b.company.uscc, b.company.uscc, rank, wan(b.price), b.price, score)
        for rank, (b, score) in enumerate(zip(lot.bids, scores, strict=True), 1)
    ]
    return Block("table", rows=rows), truth


def opening_table(code: str, lots: list[Lot]) -> tuple[Block, list[PrintedBid]]:
    """The 开标记录: every bid in the order the bids were opened, and the bids a harvest must read from it."""
    rng = _rng(code, "opening")
    in_wan = rng.random() < 0.4
    header = ["序号", "投标人名称", f"投标报价（{'万元' if in_wan else '元'}）", "工期（日历天）", "项目负责人"]
    several = len(lots) > 1
    rows = [["标段", *header] if several else header]
    truth = []
    number = 0
    for lot in lots:
        opened = list(lot.bids)
        rng.shuffle(opened)
        days = rng.choice((90, 120, 180, 240))
        for bid in opened:
            number += 1
            price = wan(bid.price) if in_wan else f"{bid.price:.2f}"
            row = [str(number), bid.company.name, price, str(days), bid.manager]
            rows.append([str(lot.label), *row] if several else row)
            truth.append(PrintedBid(bid.company.name, price_as_printed=price, price=bid.price, lot=lot.label))
    return Block("table", rows=rows), truth
