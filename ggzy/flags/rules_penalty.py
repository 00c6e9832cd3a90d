"""R046: a bidder, candidate or winner with a penalty in force on the bid date — every bidder, not only the winner.

A penalty counts when, on the bid date (the deadline in force, else the opening record's day, else the notice's
own date), it was decided and still in its publicity period and not removed (``credit.public_on``), or a ban from
government procurement covered the day (``credit.banned_on``); 严重违法失信 entries count the same way. An undated
penalty cannot be placed in time and never counts. A penalty that has left public view by ``today`` (past its
公示截止期, or removed after a credit repair) is not counted either: a flag never republishes it.

A party is matched by its USCC; a bid row that prints no valid code takes the code another row of the procurement
prints beside the same normalised name (an opening record's bidder is the candidate with a code), and a name no
row gives a code is matched by the exact ``name_key`` of its name (each member of a joint venture); each company
is checked and counted once, and the detail says which match was used.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ggzy.flags.model import FlagResult
from ggzy.flags.procurement import PROCUREMENT_CATEGORIES, Judge, Procurement
from ggzy.model import Kind, Notice, Penalty, SubjectCategory
from ggzy.normalize import credit
from ggzy.normalize.names import joint_venture_members, name_key, organisation_name


@dataclass(frozen=True)
class Listed:
    """A penalty of the index with the notice publishing it."""

    notice: Notice
    penalty: Penalty

    def in_force(self, day: date) -> str | None:
        """What the penalty was on ``day`` (``禁止参加政府采购活动期间`` …), None when it was not in force."""
        if self.penalty.decided_on is None:
            return None
        if credit.banned_on(self.penalty, day):
            return "禁止参加政府采购活动期间"
        if not credit.public_on(self.penalty, day):
            return None
        return "严重违法失信名单" if credit.is_serious(self.penalty) else "行政处罚公示期内"


class PenaltyBook:
    """The penalties of an index, by the subject's USCC and by its name key; only those still public ``today``."""

    def __init__(self, notices: Iterable[Notice], today: date) -> None:
        self.by_code: dict[str, list[Listed]] = defaultdict(list)
        self.by_name: dict[str, list[Listed]] = defaultdict(list)
        for notice in notices:
            penalty = notice.penalty
            if penalty is None or penalty.subject_category is SubjectCategory.NATURAL_PERSON:
                continue
            if not credit.public_on(penalty, today):
                continue
            listed = Listed(notice, penalty)
            if penalty.subject.uscc:
                self.by_code[penalty.subject.uscc].append(listed)
            key = name_key(penalty.subject.name)
            if key:
                self.by_name[key].append(listed)


@dataclass(frozen=True)
class Checked:
    """One party of a procurement: as printed, its code, and the name keys it can be matched by."""

    name: str
    uscc: str | None
    names: tuple[str, ...]


def _parties(procurement: Procurement, notice: Notice) -> list[Checked]:
    """Every bidder, candidate and winner the procurement's notices print, each once."""
    rows: list[tuple[str, str | None]] = []
    for n in procurement.notices:
        if n.kind in (Kind.OPENING, Kind.CANDIDATES, Kind.AWARD) or n is notice:
            rows.extend((bid.name, bid.uscc) for bid in [*n.bids, *n.candidates])
            rows.extend((winner.name, winner.uscc) for winner in n.winners)
    # An opening record prints names only, the candidates and the award print codes too: a row without a code
    # takes the code another row prints beside the same normalised name, so one company is checked once.
    codes: dict[tuple[str, ...], str] = {}
    for name, uscc in rows:
        keys = organisation_keys(name)
        if uscc and keys:
            codes.setdefault(keys, uscc)
    found: dict[str, Checked] = {}
    for name, uscc in rows:
        keys = organisation_keys(name)
        code = uscc or (codes.get(keys) if keys else None)
        checked = Checked(name, code, keys)
        found.setdefault(code or "|".join(keys) or name, checked)
    return list(found.values())


@functools.lru_cache(maxsize=16384)
def organisation_keys(name: str) -> tuple[str, ...]:
    """The name keys of the organisations a printed name stands for (each joint venture member); () for a name
    that is no organisation's (a person, a heading), which can then not be checked by name."""
    members = joint_venture_members(name) or [m for m in [organisation_name(name)] if m]
    return tuple(name_key(m) for m in members)


def _bid_day(procurement: Procurement, notice: Notice) -> tuple[date, list[str]] | None:
    opened = procurement.opening_day()
    if opened is not None:
        return opened[0], [opened[1].id]
    return (notice.published, []) if notice.published else None


def penalised_bidder(procurement: Procurement, notice: Notice, judge: Judge, book: PenaltyBook) -> FlagResult | None:
    if notice not in procurement.result_notices or procurement.category not in PROCUREMENT_CATEGORIES:
        return None
    parties = _parties(procurement, notice)
    if not parties:
        return judge.insufficient("投标人、中标候选人或中标人")
    found = _bid_day(procurement, notice)
    if found is None:
        return judge.insufficient("投标日期")
    day, inputs = found
    hits, unchecked = [], []
    for party in parties:
        if party.uscc:
            matches = [(listed, "统一社会信用代码") for listed in book.by_code.get(party.uscc, [])]
        elif party.names:
            matches = [(listed, "单位名称") for key in party.names for listed in book.by_name.get(key, [])]
        else:
            unchecked.append(party.name)
            continue
        for listed, how in matches:
            status = listed.in_force(day)
            if status:
                hits.append((party, listed, how, status))
    if hits:
        detail = "；".join(
            f"{party.name}（按{how}匹配）在投标日 {day.isoformat()} 处于{status}"
            f"（{listed.penalty.decision_no or listed.notice.title}）"
            for party, listed, how, status in hits
        )
        return judge.triggered(
            detail,
            inputs=[*inputs, *(listed.notice.id for _, listed, _, _ in hits)],
            parties=[party.uscc or party.name for party, *_ in hits],
        )
    if unchecked:
        return judge.insufficient(
            "统一社会信用代码或可识别的单位名称",
            detail=f"{'、'.join(unchecked)}既无统一社会信用代码也无可识别的单位名称，无法核查",
            inputs=inputs,
        )
    by_name = sum(1 for p in parties if not p.uscc)
    how = f"，其中 {by_name} 家按名称核查" if by_name else ""
    detail = f"核查 {len(parties)} 家投标人/候选人/中标人{how}，投标日 {day.isoformat()} 均无本站收录的在效处罚"
    return judge.clear(detail, inputs=inputs)
