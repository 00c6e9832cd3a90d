"""Candidates printed one per column: ``排序 | 第一中标候选人 | 第二中标候选人`` across, one attribute per row.

Two layouts: a row of rank headings with rows of ``label | value | value …`` under it (投标人名称, 投标报价,
得分); and a score row (``评标得分 | 94.3 | 93.8``) some rows below a row of the candidates' names
(``单位/评委 | 甲公司 | 乙公司``), which gives each candidate read elsewhere its score.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ggzy.harvesters.extract import bid_cells as cells
from ggzy.model import Bid
from ggzy.normalize import names

_SCORE_ROW = re.compile(r"^(?:评标得分|最终得分|综合得分|总得分|评审得分|得分|综合评分|评审总得分)$")
#: How far (in cells) below the names row its score row may be.
_SCORE_REACH = 400


def candidate_columns(stream: list[str], read: Callable[[Bid, str, str, str], None]) -> list[Bid]:
    """One candidate per column: ``排序 | 第一中标候选人 | 第二中标候选人`` then ``label | value | value`` rows."""
    found: list[Bid] = []
    position = 0
    while position < len(stream):
        ranks = []
        following = position + 1
        while following < len(stream) and (rank := cells.rank_header(stream[following])) is not None:
            ranks.append(rank)
            following += 1
        if len(ranks) < 2 or not cells.is_heading(stream[position]):
            position += 1
            continue
        width = len(ranks)
        columns: list[dict[str, str]] = [{} for _ in ranks]
        headings: dict[str, str] = {}
        while following + width < len(stream) and cells.is_heading(stream[following]):
            label = stream[following]
            role = cells.heading_role(label) or ("name" if label.strip() in ("名称", "单位") else None)
            for at, value in enumerate(stream[following + 1 : following + 1 + width]):
                if role is not None:
                    columns[at].setdefault(role, value)
            if role is not None:
                headings.setdefault(role, label)
            following += 1 + width
        for rank, values in zip(ranks, columns, strict=True):
            name = cells.bidder_name([values.get("name", "")])
            if name is None:
                continue
            bid = Bid(name=name, rank=rank)
            for role, value in values.items():
                if role != "name":
                    read(bid, role, value, headings.get(role, ""))
            found.append(bid)
        position = following
    return found


def column_scores(stream: list[str], candidates: list[Bid]) -> None:
    """A score row under a row of the candidates' names (``单位/评委 | 甲 | 乙`` … ``评标得分 | 94.3 | 93.8``)."""
    if not candidates:
        return
    by_key = {names.name_key(c.name): c for c in candidates}
    position = 0
    while position < len(stream):
        run = []
        following = position
        while following < len(stream) and names.name_key(stream[following]) in by_key:
            run.append(by_key[names.name_key(stream[following])])
            following += 1
        enough = len(run) >= 2 or (len(run) == 1 and len(candidates) == 1)
        if not enough or not cells.is_heading(stream[position - 1] if position else ""):
            position = following + 1 if run else position + 1
            continue
        for at in range(following, min(len(stream) - len(run), following + _SCORE_REACH)):
            if _SCORE_ROW.match(stream[at].strip()):
                scores = [cells.score_of(c) for c in stream[at + 1 : at + 1 + len(run)]]
                if all(s is not None for s in scores):
                    for bid, score in zip(run, scores, strict=True):
                        bid.score = bid.score if bid.score is not None else score
                break
        position = following
