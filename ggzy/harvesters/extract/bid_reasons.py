"""否决投标/废标 reasons printed after a reasons label, one bidder per clause.

``否决投标情况及理由：甲公司因……`` inline, or ``废标原因`` followed by the passage in the next cells (up to the next
heading): ``依据招标文件……：甲公司的住房公积金不符合要求;乙公司未提供……``. A clause that does not start with an
organisation's name (``以上5家单位资格审查不通过``) names no bidder.
"""

from __future__ import annotations

import re

from ggzy.harvesters.extract import bid_cells as cells
from ggzy.model import Bid, BidStatus

#: A label announcing 否决/废标 reasons: the passage after it (inline, or the next cell) names the bidders.
_REASON_LABEL = re.compile(
    r"^(?:原?(?:中标|定标)候选人)?(?:否决投标|废标|无效投标)(?:情况)?(?:及|和)?(?:理由|原因)(?:及其依据)?$"
)
_REASON_CLAUSE = re.compile(r"[;；。\n]")
_BASIS = re.compile(r"^[^：:]{0,80}?(?:依据|根据)[^：:]{0,200}[：:]")
_NAMED_REASON = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()A-Za-z0-9、]{2,60}?(?:公司(?:[\u4e00-\u9fff]{2,8}分公司)?|"
    r"(?<!公)(?:研究院|设计院|院|中心|事务所)(?!有限|股份)))(?:的|因|由于|在)?(?P<reason>.{2,300})$"
)


def disqualified(stream: list[str]) -> list[Bid]:
    """Bidders named with their 否决/废标 reason after a reasons label, inline (``否决投标情况及理由：甲公司因……``)
    or in the next cell (``废标原因 | 依据……：甲公司的……不符合要求;乙公司未……``), one clause each."""
    found = []
    for position, cell in enumerate(stream):
        label, colon, inline = cell.partition("：") if "：" in cell else cell.partition(":")
        if not _REASON_LABEL.match(label.strip()):
            continue
        passages = [inline] if colon and inline.strip() else _following_passages(stream, position + 1)
        for clause in (c for p in passages for c in _REASON_CLAUSE.split(_BASIS.sub("", p.strip()))):
            match = _NAMED_REASON.match(_BASIS.sub("", clause.strip()))
            name = cells.bidder_name([match.group("name")]) if match else None
            if match and name:
                found.append(Bid(name=name, status=BidStatus.DISQUALIFIED, reason=match.group("reason").strip("，, ")))
    return found


def _following_passages(stream: list[str], start: int) -> list[str]:
    """The cells after a reasons label, up to the next heading (认定依据 …): a passage may run over several lines."""
    passages = []
    for cell in stream[start : start + 6]:
        if cells.is_heading(cell):
            break
        passages.append(cell)
    return passages
