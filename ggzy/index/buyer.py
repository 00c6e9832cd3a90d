"""The profile of a buyer (采购人/招标人) or an agency (代理机构), written once on two engine primitives.

An engine streams the public notices naming the code (``Index.scan`` of ``SearchQuery(uscc=…)``) and the stored
flags naming it as buyer (``Index.scan_flags``); the rules are here, so both engines answer the same profile:

* **What counts** — the public notices naming the code in the role asked (``buyer`` or ``agency``).
* **Awards** — per project (its code within its centre, or the notice when it has none) the award notices,
  else the contracts; of those, the latest published for each lot code (a notice about one lot, or about all).
  Each counts its winners' own amounts (``Notice.winner_amounts``: a single winner without one takes the
  notice's amount); an award with no amount for any winner counts the notice's amount, to nobody.
* **Spend** — those amounts by year of publication and by category, summed exactly (``Decimal``).
* **Suppliers** — winners compared by USCC, else by ``name_key``; each supplier's awards, amount and share of
  the spend whose supplier is known, the largest first.
* **Method mix** — per procurement, the method its tender names, else the first other notice that names one
  (``normalize.methods.detect_method``); procurements naming none count as ``unknown``.
* **Flags** (a buyer only: results name their buyer, not their agency) — the stored results naming the code as
  buyer (``Index.scan_flags``), counted per flag and state, the triggered ones listed newest first; the single-bid rate
  is the share of triggered among the single-bid results that could be decided (triggered or not triggered).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ggzy.flags.model import FlagState, StoredFlag
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Kind, Notice, Party
from ggzy.normalize import uscc as uscc_rules
from ggzy.normalize.methods import detect_method
from ggzy.normalize.names import name_key

if TYPE_CHECKING:
    from ggzy.index.base import Index

#: How many triggered results a profile lists.
RAISED = 50

#: The roles a buyer profile can be asked for: the one who buys, and the agency running its procurements.
BUYER_ROLES = ("buyer", "agency")
#: The method of a procurement none of whose notices names one.
UNKNOWN_METHOD = "unknown"
TOP_SUPPLIERS = 20
LATEST = 10


@dataclass
class SupplierShare:
    """One supplier of a buyer: its awards there, their amount and that amount's share of the known spend."""

    key: str
    uscc: str | None
    name: str
    awards: int
    amount: Decimal
    share: float


@dataclass
class BuyerProfile:
    """What the index holds about a buyer or an agency (``role``): see the module's rules."""

    uscc: str
    role: str
    names: list[str]
    region_code: str | None
    notices: int
    counts_by_kind: dict[str, int]
    procurements: int
    awards: int
    spend: Decimal
    spend_by_year: dict[str, Decimal]
    spend_by_category: dict[str, Decimal]
    methods: dict[str, int]
    suppliers: list[SupplierShare]
    supplier_count: int
    first_seen: date | None = None
    last_seen: date | None = None
    latest: list[Notice] = field(default_factory=list)
    #: Stored flag results naming the code as buyer, per flag id and state value.
    flag_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The triggered ones, newest first (at most ``RAISED``).
    flags_raised: list[StoredFlag] = field(default_factory=list)

    @property
    def single_bid_rate(self) -> float | None:
        """Triggered single-bid results over those decided (triggered or not), None when none was decided."""
        counts = self.flag_counts.get("single_bid", {})
        triggered = counts.get(FlagState.TRIGGERED.value, 0)
        decided = triggered + counts.get(FlagState.NOT_TRIGGERED.value, 0)
        return round(triggered / decided, 6) if decided else None


def buyer_profile(
    index: Index, code: str, *, role: str = "buyer", today: date, top: int = TOP_SUPPLIERS, latest: int = LATEST
) -> BuyerProfile | None:
    """The profile of ``code`` as a buyer (or, with ``role="agency"``, an agency) on ``index``, or None when no
    public notice names it so."""
    if role not in BUYER_ROLES:
        raise ValueError(f"role must be one of {BUYER_ROLES}, not {role!r}")
    scanned = index.scan(SearchQuery(uscc=(code,), today=today))
    placed = [(notice, party) for notice in scanned if (party := party_in(notice, role)) and party.uscc == code]
    if not placed:
        return None
    notices = sorted((notice for notice, _ in placed), key=lambda n: (n.published or date.min, n.id), reverse=True)
    names = Counter(party.name for _, party in placed if party.name)
    regions = Counter(n.region_code for n in notices if n.region_code)
    days = [n.published for n in notices if n.published is not None]
    groups = _procurements(notices)
    awards = [award for group in groups.values() for award in _counted_awards(group)]
    spend_by_year: dict[str, Decimal] = defaultdict(Decimal)
    spend_by_category: dict[str, Decimal] = defaultdict(Decimal)
    suppliers: dict[str, _Supplier] = {}
    for notice in awards:
        amount = _add_suppliers(notice, suppliers)
        if amount is None:
            continue
        if notice.published is not None:
            spend_by_year[str(notice.published.year)] += amount
        spend_by_category[notice.category.value] += amount
    known = sum((s.amount for s in suppliers.values()), Decimal(0))
    ranked = sorted(suppliers.values(), key=lambda s: (-s.amount, -s.awards, s.key))
    flag_counts, raised = _buyer_flags(index, code, today) if role == "buyer" else ({}, [])
    return BuyerProfile(
        uscc=code,
        role=role,
        names=sorted(names, key=lambda name: (-names[name], name)),
        region_code=_region(code, regions),
        notices=len(notices),
        counts_by_kind=dict(sorted(Counter(n.kind.value for n in notices).items())),
        procurements=len(groups),
        awards=len(awards),
        spend=sum(spend_by_category.values(), Decimal(0)),
        spend_by_year=dict(sorted(spend_by_year.items(), reverse=True)),
        spend_by_category=dict(sorted(spend_by_category.items(), key=lambda item: (-item[1], item[0]))),
        methods=_method_mix(groups),
        suppliers=[s.share_of(known) for s in ranked[:top]],
        supplier_count=len(suppliers),
        first_seen=min(days, default=None),
        last_seen=max(days, default=None),
        latest=notices[:latest],
        flag_counts=flag_counts,
        flags_raised=raised,
    )


def _buyer_flags(index: Index, code: str, today: date) -> tuple[dict[str, dict[str, int]], list[StoredFlag]]:
    """The stored results naming ``code`` as buyer: counts per flag and state, and the triggered ones."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    raised: list[StoredFlag] = []
    for stored in index.scan_flags(buyer=code, today=today):
        counts[stored.flag][stored.state.value] += 1
        if stored.state is FlagState.TRIGGERED and len(raised) < RAISED:
            raised.append(stored)
    return {flag: dict(sorted(by_state.items())) for flag, by_state in sorted(counts.items())}, raised


@dataclass
class _Supplier:
    key: str
    uscc: str | None
    names: Counter[str] = field(default_factory=Counter)
    notices: set[str] = field(default_factory=set)
    amount: Decimal = Decimal(0)

    @property
    def awards(self) -> int:
        return len(self.notices)

    def share_of(self, known: Decimal) -> SupplierShare:
        name = min(self.names, key=lambda n: (-self.names[n], n)) if self.names else self.key
        share = float(self.amount / known) if known else 0.0
        return SupplierShare(self.key, self.uscc, name, self.awards, self.amount, round(share, 6))


def party_in(notice: Notice, role: str) -> Party | None:
    """The notice's party in ``role`` (``buyer`` or ``agency``)."""
    return notice.buyer if role == "buyer" else notice.agency


#: Kinds whose parties are only a buyer and an agency (winners are on awards and contracts, subjects on penalties).
BUYER_AGENCY_KINDS = (Kind.TENDER, Kind.CORRECTION, Kind.CANDIDATES, Kind.OPENING, Kind.TERMINATION)
#: How many of the newest notices naming a code ``buyer_roles`` reads in each of its two searches.
ROLE_SAMPLE = 50


def buyer_roles(index: Index, code: str, *, today: date) -> list[str]:
    """The roles of ``BUYER_ROLES`` ``code`` plays in public notices, read from two searches whatever the company's
    size: its newest ``ROLE_SAMPLE`` notices of the kinds that name only buyers and agencies, and its newest
    ``ROLE_SAMPLE`` others (awards, contracts …). A role played only in notices older than both is not seen."""
    found: set[str] = set()
    for kinds in (BUYER_AGENCY_KINDS, tuple(k for k in Kind if k not in BUYER_AGENCY_KINDS)):
        query = SearchQuery(uscc=(code,), kind=kinds, sort=Sort.NEWEST, size=ROLE_SAMPLE, today=today)
        for hit in index.search(query).hits:
            for role in BUYER_ROLES:
                party = party_in(hit.notice, role)
                if party is not None and party.uscc == code:
                    found.add(role)
    return [role for role in BUYER_ROLES if role in found]


def _procurements(notices: Sequence[Notice]) -> dict[str, list[Notice]]:
    """The notices by procurement: one centre's notices printing the same project code, else one notice."""
    groups: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices:
        code = name_key(notice.project_code)
        groups[f"{notice.centre}\x1f{code}" if code else f"\x1f{notice.id}"].append(notice)
    return groups


def _counted_awards(group: list[Notice]) -> list[Notice]:
    """A procurement's awards (else contracts), the latest published per lot code."""
    for kind in (Kind.AWARD, Kind.CONTRACT):
        found = [n for n in group if n.kind is kind]
        if found:
            latest: dict[str, Notice] = {}
            for notice in sorted(found, key=lambda n: (n.published or date.min, n.id)):
                latest[name_key(notice.lot_code)] = notice
            return list(latest.values())
    return []


def _add_suppliers(notice: Notice, suppliers: dict[str, _Supplier]) -> Decimal | None:
    """Add an award's winners to ``suppliers``; the amount it counts to the spend (None when it has none)."""
    parts = [(w, amount) for w, amount in notice.winner_amounts() if amount is not None]
    if not parts:
        return notice.amount
    for winner, amount in parts:
        key = winner.uscc or name_key(winner.name)
        if not key:
            continue
        supplier = suppliers.setdefault(key, _Supplier(key, winner.uscc))
        if winner.name:
            supplier.names[winner.name] += 1
        supplier.notices.add(notice.id)
        supplier.amount += amount
    return sum((amount for _, amount in parts), Decimal(0))


def _method_mix(groups: dict[str, list[Notice]]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for group in groups.values():
        ordered = [n for n in group if n.kind is Kind.TENDER] + [n for n in group if n.kind is not Kind.TENDER]
        method = next((m for n in ordered if (m := detect_method(n.title, n.body_text)) is not None), None)
        counts[method.value if method is not None else UNKNOWN_METHOD] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _region(code: str, printed: Counter[str]) -> str | None:
    checked = uscc_rules.check(code)
    if checked.valid and checked.region_code:
        return checked.region_code
    return min(printed, key=lambda c: (-printed[c], c)) if printed else None
