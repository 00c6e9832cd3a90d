"""The rules of a company's profile, written once over plain party rows; every engine and ``entities.csv`` use them.

A party row is one party of one notice (buyer, agency, winner, penalty subject or authority) with the few notice
facts the rules need. An engine's only job is to hand over what it holds about some codes (``Index.party_facts``)
and the documents the profile lists (``Index.documents``); the rules are here. Most notices naming a code are only
counted (a buyer's tenders, an agency's notices): the engine hands those over already counted, as one
``CodeSummary`` per code, and gives party rows one by one only for the notices whose rules read them (penalties,
and award or contract notices one of the codes won), so a profile costs what its penalties and awards hold, not
what the busiest buyer's thousands of tenders hold.

* **What counts** — a notice counts if it was published by the day asked about (``on``; today unless an as-of
  question) and was public that day: a penalty from its decision to its 公示截止期 and never after a removal
  (``credit.public_on``). A penalty naming the company as subject that does not count is ``withdrawn``.
* **Names** — every printed name, printed on most notices first (then by name). **Region** — the region of
  registration in the code, else the region printed most often on its notices (then the smallest code).
* **Awards** — award or contract notices naming the code as a winner, once per project (its code, or the notice
  when it has none). A project's row is the company's own amount — the sum of its own lots, never the notice's
  total — in one notice of the project: its award notice when there is one (else its contract), the latest
  published first. The total adds these rows exactly (``Decimal``).
* **Dates** — first and last seen over counted notices, last award over award and contract notices it won.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ggzy.model import Kind, Notice, Party, Penalty
from ggzy.normalize import credit

if TYPE_CHECKING:
    from ggzy.index.base import EntityProfile, Index

#: How many of the latest notices a profile lists.
LATEST = 10
AWARD_KINDS = (Kind.AWARD.value, Kind.CONTRACT.value)
#: The roles a party can play in a notice, as stored with each party row.
ROLES = ("buyer", "agency", "winner", "subject", "authority")


@dataclass(frozen=True)
class PartyRow:
    """One party of one notice, with the facts of the notice the profile rules read. ``penalty`` is set on the
    rows of a penalty notice (it decides whether the notice is public on a day)."""

    notice_id: str
    kind: str
    published: date | None
    region_code: str | None
    project_code: str | None
    role: str
    uscc: str | None
    name: str
    amount: Decimal | None = None
    penalty: Penalty | None = None


#: Notice kinds whose party rows the rules read one notice at a time when one of the codes asked about won it.
DETAILED_KINDS = (Kind.PENALTY.value, *AWARD_KINDS)


@dataclass
class CodeSummary:
    """The notices naming ``uscc`` that the rules only count (no penalty, no award or contract that one of the
    codes asked about won), published by the day asked about: per (kind, region) how many notices and their first
    and last day published, on how many notices each name is printed, and the ``latest`` newest as
    ``(published ISO day or "", notice id)``."""

    uscc: str
    groups: dict[tuple[str, str | None], tuple[int, date | None, date | None]] = field(default_factory=dict)
    names: Counter[str] = field(default_factory=Counter)
    latest: list[tuple[str, str]] = field(default_factory=list)

    def discount(self, rows: Sequence[PartyRow]) -> None:
        """Take one notice out of a summary that counted it although it is handed over as ``rows`` (its party rows
        carrying this code): an engine that keeps its counts at write time cannot know which awards a question
        reads row by row. First and last days stay: the notice counts through its rows with the same day, so
        the smallest and largest days over both are the same."""
        first = rows[0]
        group = (first.kind, first.region_code or None)
        count, first_day, last_day = self.groups[group]
        if count > 1:
            self.groups[group] = (count - 1, first_day, last_day)
        else:
            del self.groups[group]
        self.names.subtract({row.name for row in rows if row.name})
        for name in [name for name, count in self.names.items() if count <= 0]:
            del self.names[name]


def is_detailed(kind: str, winners: Iterable[str | None], codes: Iterable[str]) -> bool:
    """Whether a notice of ``kind`` won by ``winners`` is handed over as party rows when ``codes`` are asked about
    (else it is counted in their summaries): a penalty, or an award or contract one of the codes won."""
    if kind == Kind.PENALTY.value:
        return True
    return kind in AWARD_KINDS and not set(codes).isdisjoint(w for w in winners if w)


@dataclass(frozen=True)
class Award:
    """One project the company won: the notice counted for it and the company's own amount there."""

    notice_id: str
    project: str
    kind: str
    published: date | None
    amount: Decimal


def placed_parties(notice: Notice) -> list[tuple[str, Party]]:
    """``(role, party)`` for every party a notice names, the role taken from where it sits."""
    placed: list[tuple[str, Party | None]] = [("buyer", notice.buyer), ("agency", notice.agency)]
    placed += [("winner", w) for w in notice.winners]
    if notice.penalty is not None:
        placed += [("subject", notice.penalty.subject), ("authority", notice.penalty.authority)]
    return [(role, p) for role, p in placed if p is not None and (p.name or p.uscc)]


def party_rows(notice: Notice) -> list[PartyRow]:
    """The party rows of one notice (every party, with or without a code)."""
    return [
        PartyRow(
            notice_id=notice.id,
            kind=notice.kind.value,
            published=notice.published,
            region_code=notice.region_code,
            project_code=notice.project_code,
            role=role,
            uscc=party.uscc,
            name=party.name,
            amount=party.amount,
            penalty=notice.penalty,
        )
        for role, party in placed_parties(notice)
    ]


def own_amount(notice: Notice, uscc: str) -> Decimal | None:
    """What ``uscc`` itself won in a notice: the sum of its own lots, or None when it won nothing with an amount."""
    amounts = [w.amount for w in notice.winners if w.uscc == uscc and w.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def counts_on(notice_rows: Sequence[PartyRow], on: date, today: date) -> bool:
    """Whether the notice of these rows counts on day ``on`` (asked ``today``): public that day, and, for a day
    in the past, published by then (a notice dated after today by mistake still counts today)."""
    first = notice_rows[0]
    if on < today and first.published is not None and first.published > on:
        return False
    return first.penalty is None or credit.public_on(first.penalty, on, today=today)


@dataclass
class ProfileTally:
    """The profile of one code built one notice at a time (``add``), then read with ``finish``."""

    uscc: str
    on: date
    today: date
    latest_size: int = LATEST
    names: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)
    notices: int = 0
    projects: dict[str, tuple[tuple[int, str, str], Award]] = field(default_factory=dict)
    penalties: list[tuple[str, str]] = field(default_factory=list)
    withdrawn: int = 0
    latest: list[tuple[str, str]] = field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None
    last_award: date | None = None

    def add(self, rows: Sequence[PartyRow]) -> None:
        """Count one notice: ``rows`` are its party rows that carry this code."""
        first = rows[0]
        roles = {row.role for row in rows}
        if not counts_on(rows, self.on, self.today):
            published_later = self.on < self.today and first.published is not None and first.published > self.on
            if first.kind == Kind.PENALTY.value and "subject" in roles and not published_later:
                self.withdrawn += 1
            return
        self.notices += 1
        self.names.update({row.name for row in rows if row.name})
        self.counts[first.kind] += 1
        if first.region_code:
            self.regions[first.region_code] += 1
        published = first.published.isoformat() if first.published else ""
        if first.published is not None:
            self.first_seen = min(self.first_seen or first.published, first.published)
            self.last_seen = max(self.last_seen or first.published, first.published)
        if first.kind == Kind.PENALTY.value and "subject" in roles:
            self.penalties.append((published, first.notice_id))
        if self.latest_size:
            item = (published, first.notice_id)
            if len(self.latest) < self.latest_size:
                heapq.heappush(self.latest, item)
            else:
                heapq.heappushpop(self.latest, item)
        if first.kind in AWARD_KINDS and "winner" in roles:
            self._add_award(rows, published)

    def _add_award(self, rows: Sequence[PartyRow], published: str) -> None:
        first = rows[0]
        amount = sum((row.amount or Decimal(0) for row in rows if row.role == "winner"), Decimal(0))
        project = first.project_code or first.notice_id
        rank = (int(first.kind == Kind.AWARD.value), published, first.notice_id)
        award = Award(first.notice_id, project, first.kind, first.published, amount)
        if project not in self.projects or rank > self.projects[project][0]:
            self.projects[project] = (rank, award)
        if first.published is not None:
            self.last_award = max(self.last_award or first.published, first.published)

    def add_summary(self, summary: CodeSummary) -> None:
        """Count the notices an engine summarised for this code (``CodeSummary``)."""
        for (kind, region), (count, first, last) in summary.groups.items():
            self.notices += count
            self.counts[kind] += count
            if region:
                self.regions[region] += count
            if first is not None:
                self.first_seen = min(self.first_seen or first, first)
            if last is not None:
                self.last_seen = max(self.last_seen or last, last)
        self.names.update(summary.names)
        for item in summary.latest[: self.latest_size]:
            if len(self.latest) < self.latest_size:
                heapq.heappush(self.latest, item)
            else:
                heapq.heappushpop(self.latest, item)

    @property
    def known(self) -> bool:
        return bool(self.notices or self.withdrawn)

    def region_code(self) -> str | None:
        from ggzy.normalize.uscc import check

        checked = check(self.uscc)
        if checked.valid and checked.region_code:
            return checked.region_code
        return min(self.regions, key=lambda code: (-self.regions[code], code)) if self.regions else None

    def awards(self) -> list[Award]:
        """The company's awards, one per project, newest first."""
        found = [award for _rank, award in self.projects.values()]
        return sorted(found, key=lambda a: (a.published or date.min, a.notice_id), reverse=True)

    def awards_total(self) -> Decimal:
        return sum((award.amount for award in self.awards()), Decimal(0))

    def sorted_names(self) -> list[str]:
        return sorted(self.names, key=lambda name: (-self.names[name], name))

    def penalty_ids(self) -> list[str]:
        return [notice_id for _published, notice_id in sorted(self.penalties, reverse=True)]

    def latest_ids(self) -> list[str]:
        return [notice_id for _published, notice_id in sorted(self.latest, reverse=True)]


def tallies(
    rows: Iterable[PartyRow], codes: Sequence[str], on: date, today: date, latest: int = LATEST
) -> dict[str, ProfileTally]:
    """One tally per code from the rows naming them (in any order)."""
    wanted = set(codes)
    grouped: dict[tuple[str, str], list[PartyRow]] = {}
    for row in rows:
        if row.uscc in wanted:
            grouped.setdefault((row.uscc, row.notice_id), []).append(row)
    found = {code: ProfileTally(code, on, today, latest) for code in codes}
    for (code, _notice_id), notice_rows in grouped.items():
        found[code].add(notice_rows)
    return found


def index_tallies(index: Index, codes: list[str], on: date, today: date, latest: int = 0) -> dict[str, ProfileTally]:
    """One tally per distinct code of ``codes`` from one batch of the index's party facts (``Index.party_facts``)."""
    rows, summaries = index.party_facts(codes, published_by=on if on < today else None, latest=latest)
    built = tallies(rows, codes, on, today, latest)
    for summary in summaries:
        built[summary.uscc].add_summary(summary)
    return built


def profiles(
    index: Index,
    codes: Sequence[str],
    *,
    today: date,
    as_of: date | None = None,
    latest: int = LATEST,
) -> dict[str, EntityProfile | None]:
    """``Index.entities``: the profile of each code (None when no notice names it), from one batch of party facts
    and one batch of documents."""
    from ggzy.index.base import EntityProfile

    distinct = list(dict.fromkeys(codes))
    on = min(as_of, today) if as_of is not None else today
    built = index_tallies(index, distinct, on, today, latest)
    wanted = {i for t in built.values() for i in (*t.penalty_ids(), *t.latest_ids())}
    documents = index.documents(sorted(wanted)) if wanted else {}
    found: dict[str, EntityProfile | None] = {}
    for code in distinct:
        tally = built[code]
        if not tally.known:
            found[code] = None
            continue
        found[code] = EntityProfile(
            uscc=code,
            names=tally.sorted_names(),
            region_code=tally.region_code(),
            counts_by_kind=dict(sorted(tally.counts.items())),
            awards_won=len(tally.projects),
            awards_total=tally.awards_total(),
            active_penalties=[documents[i] for i in tally.penalty_ids() if i in documents],
            withdrawn_penalties=tally.withdrawn,
            latest=[documents[i] for i in tally.latest_ids() if i in documents],
            first_seen=tally.first_seen,
            last_seen=tally.last_seen,
            last_award=tally.last_award,
            awards=tally.awards(),
            as_of=as_of,
        )
    return found
