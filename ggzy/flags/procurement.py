"""What the rules read: a procurement's notices linked together, its bid table, its dates, and how a result is built.

A procurement is the notices of one centre that print the same project code (compared by its ``name_key``); a
notice without a code is a procurement of its own. Its **result notices** — the ones a bid or award flag is about
— are its awards, else its candidates notices, else its opening records.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from ggzy.flags.catalogue import Catalogue, FlagSpec
from ggzy.flags.model import FlagResult, FlagState
from ggzy.flags.reading import ReadNotice
from ggzy.model import Bid, BidStatus, Category, Kind, Notice, Party
from ggzy.normalize.methods import Method
from ggzy.normalize.names import joint_venture_members, name_key

#: Categories of trading that are procurements (the others are land, mining rights and property transfers).
PROCUREMENT_CATEGORIES = frozenset({Category.ENGINEERING, Category.PROCUREMENT, Category.OTHER})


@dataclass
class Procurement:
    """The notices of one procurement, by kind, each list in publication order."""

    key: str
    notices: list[ReadNotice] = field(default_factory=list)

    def of(self, *kinds: Kind) -> list[ReadNotice]:
        return [n for n in self.notices if n.kind in kinds]

    @cached_property
    def result_notices(self) -> list[ReadNotice]:
        """The notices a bid or award flag is about: the awards, else the candidates, else the opening records."""
        for kind in (Kind.AWARD, Kind.CANDIDATES, Kind.OPENING):
            found = self.of(kind)
            if found:
                return found
        return []

    @cached_property
    def method(self) -> Method | None:
        """The method the tender names explicitly, else the first other notice naming one explicitly, else the
        first one implied (a generic 招标公告 title, the documents a body names): a tender titled 招标公告 whose
        award says 采购方式：竞争性磋商 is a consultation (each notice's ``method_found``, read once)."""
        ordered = self.of(Kind.TENDER) + [n for n in self.notices if n.kind is not Kind.TENDER]
        implied: Method | None = None
        for notice in ordered:
            found = notice.method_found
            if found is None:
                continue
            method, explicit = found
            if explicit:
                return method
            implied = implied or method
        return implied

    @cached_property
    def category(self) -> Category:
        known = [n.category for n in self.notices if n.category is not Category.OTHER]
        return known[0] if known else Category.OTHER

    def deadline(self) -> tuple[datetime, Notice] | None:
        """The 投标截止/开标 time in force: the latest a tender or a correction prints, and the notice printing it."""
        printed = [(n.deadline, n) for n in self.of(Kind.TENDER, Kind.CORRECTION) if n.deadline is not None]
        return max(printed, key=lambda pair: pair[0]) if printed else None

    def deadline_of(self, tender: Notice) -> tuple[datetime, Notice] | None:
        """The deadline in force for one tender: its own or a later correction's, up to the next tender of the
        procurement (a re-tender, 二次招标, starts its own period)."""
        later = [n for n in self.of(Kind.TENDER) if n is not tender and _day(n) > _day(tender)]
        until = min((_day(n) for n in later), default=date.max)
        printed = [
            (n.deadline, n)
            for n in [tender, *self.of(Kind.CORRECTION)]
            if n.deadline is not None and (n is tender or _day(tender) <= _day(n) < until)
        ]
        return max(printed, key=lambda pair: pair[0]) if printed else None

    def opening_day(self) -> tuple[date, Notice] | None:
        """The day bids were opened: the deadline in force, else the day an opening record was published."""
        found = self.deadline()
        if found is not None:
            return found[0].date(), found[1]
        openings = [n for n in self.of(Kind.OPENING) if n.published is not None]
        return (openings[0].published, openings[0]) if openings and openings[0].published else None

    def budget_for(self, notice: Notice) -> tuple[Decimal, Notice] | None:
        """The budget or price ceiling of ``notice``'s lot: its own, else the latest one a tender or a correction
        of the same lot prints (a notice about a lot never takes the whole project's budget)."""
        if notice.budget is not None:
            return notice.budget, notice
        printed = [
            n for n in self.of(Kind.TENDER, Kind.CORRECTION) if n.budget is not None and n.lot_code == notice.lot_code
        ]
        return (printed[-1].budget, printed[-1]) if printed and printed[-1].budget is not None else None


def _day(notice: Notice) -> date:
    return notice.published or date.min


def procurement_key(notice: Notice) -> str:
    """The procurement ``notice`` belongs to: its centre and project code's ``name_key``, else itself alone."""
    code = name_key(notice.project_code)
    return f"{notice.centre}\x1f{code}" if code else f"\x1f{notice.id}"


def procurements(notices: Iterable[ReadNotice]) -> list[Procurement]:
    """The notices grouped into procurements, in the order each procurement first appears."""
    grouped: dict[str, Procurement] = {}
    for notice in notices:
        key = procurement_key(notice)
        grouped.setdefault(key, Procurement(key)).notices.append(notice)
    for procurement in grouped.values():
        procurement.notices.sort(key=lambda n: (n.published or date.min, n.id))
    return list(grouped.values())


def party_key(name: str | None, uscc: str | None) -> str:
    """The key a party is compared by: its USCC, else its name's ``name_key``."""
    return uscc or name_key(name)


#: The source of a bid table that is only the ranked candidates: it shows at least that many bids, not all.
CANDIDATES_ONLY = "中标候选人"


@dataclass(frozen=True)
class BidTable:
    """The bids of one lot a procurement prints: the fullest bid list (an opening record) or, failing one, the
    ranked candidates. ``source`` says which, in Chinese, for a result's detail."""

    bids: tuple[Bid, ...]
    source: str
    notice_ids: tuple[str, ...]

    def bidders(self) -> list[Bid]:
        """Each bidder once (by code, else name), first row kept."""
        seen: dict[str, Bid] = {}
        for bid in self.bids:
            seen.setdefault(party_key(bid.name, bid.uscc), bid)
        return list(seen.values())

    def priced(self) -> list[Bid]:
        """Each bidder once with a price in yuan."""
        return [bid for bid in self.bidders() if bid.price is not None]

    def valid(self) -> list[Bid]:
        return [bid for bid in self.bidders() if bid.status is BidStatus.VALID]


def bid_tables(procurement: Procurement, target: Notice) -> list[BidTable]:
    """One table per lot for ``target``: its lot alone when it names one, else every lot the bids name."""
    sources: list[tuple[Notice, list[Bid], str]] = []
    for notice in procurement.notices:
        if target.lot_code and notice.lot_code and notice.lot_code != target.lot_code:
            continue
        # A notice that prints bids beside its candidates lists the other bidders there: together, every bid.
        if notice.bids:
            label = "开标记录" if notice.kind is Kind.OPENING else "候选人及其他投标人名单"
            sources.append((notice, [*notice.candidates, *notice.bids], label))
        elif notice.candidates:
            sources.append((notice, notice.candidates, CANDIDATES_ONLY))
    by_lot: dict[str | None, list[tuple[Notice, list[Bid], str]]] = defaultdict(list)
    for source, bids, label in sources:
        lots: dict[str | None, list[Bid]] = defaultdict(list)
        for bid in bids:
            lots[bid.lot or source.lot_code].append(bid)
        for lot, rows in lots.items():
            if target.lot_code and lot and lot != target.lot_code:
                continue
            by_lot[lot].append((source, rows, label))
    tables = []
    for lot in sorted(by_lot, key=lambda lot: lot or ""):
        candidates = by_lot[lot]
        # A full bid list beats a candidates list; the longest one of its sort wins.
        chosen, rows, label = max(candidates, key=lambda c: (c[2] != CANDIDATES_ONLY, len(c[1])))
        tables.append(BidTable(tuple(rows), label, (chosen.id,)))
    return tables


def party_names(bid_or_party: Bid | Party) -> tuple[str, ...]:
    """The name keys a bid or party stands for: each member of a joint venture, or the name itself."""
    return _name_keys(bid_or_party.name)


@functools.lru_cache(maxsize=16384)
def _name_keys(name: str) -> tuple[str, ...]:
    members = joint_venture_members(name) or [name]
    return tuple(key for key in map(name_key, members) if key)


def winner_amounts(notice: Notice) -> list[tuple[Party, Decimal | None]]:
    """Each winner with its own amount (``Notice.winner_amounts``, the rule the buyer profile counts with too)."""
    return notice.winner_amounts()


def buyer_key(notice: Notice) -> str | None:
    """The buyer as results name it: its USCC, else its printed name; None when the notice names none."""
    if notice.buyer is None:
        return None
    return notice.buyer.uscc or notice.buyer.name or None


class Judge:
    """Builds the results of one flag on one notice: the flag's id, thresholds and the catalogue version once."""

    def __init__(self, spec: FlagSpec, catalogue: Catalogue, notice: Notice, limits: dict[str, Any]) -> None:
        self.spec, self.catalogue, self.notice = spec, catalogue, notice
        #: The flag's threshold values (``spec.values()``, computed once per evaluation).
        self.limits = limits

    def result(
        self,
        state: FlagState,
        detail: str,
        inputs: Iterable[str] = (),
        missing: Iterable[str] = (),
        parties: Iterable[str] = (),
        thresholds: dict[str, Any] | None = None,
    ) -> FlagResult:
        notice = self.notice
        return FlagResult(
            flag=self.spec.id,
            notice_id=notice.id,
            state=state,
            detail=detail,
            inputs=tuple(dict.fromkeys([notice.id, *inputs])),
            missing=tuple(missing),
            thresholds=self.limits if thresholds is None else thresholds,
            catalogue_version=self.catalogue.version,
            parties=tuple(dict.fromkeys(parties)),
            buyer=buyer_key(notice),
            region_code=notice.region_code,
            published=notice.published,
        )

    def triggered(self, detail: str, **fields: Any) -> FlagResult:
        return self.result(FlagState.TRIGGERED, detail, **fields)

    def clear(self, detail: str, **fields: Any) -> FlagResult:
        return self.result(FlagState.NOT_TRIGGERED, detail, **fields)

    def insufficient(self, *missing: str, detail: str = "", **fields: Any) -> FlagResult:
        text = detail or f"缺少{'、'.join(missing)}，无法判断"
        return self.result(FlagState.INSUFFICIENT, text, missing=missing, **fields)


def yuan(amount: Decimal) -> str:
    """An amount for a detail sentence: ``1,234,567.80 元``."""
    return f"{amount:,.2f} 元"
