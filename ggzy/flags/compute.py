"""Flags over an index: read the notices, evaluate the catalogue, store the results.

``refresh`` recomputes everything (``Index.replace_flags``): it reads every notice as the rules read it
(``reading.read_notice``, no bodies) and stores, beside the results, each notice's dependency keys and the
modification sequence read through (``FlagBasis``). ``update`` runs after a harvest commits, after ``ggzy reparse``
and ``ggzy import``: it reads the notices modified since that sequence and recomputes only the notices they reach
(``affected``), replacing exactly their results (``Index.replace_flags_of``); when the stored results are of
another catalogue version or have no basis, it refreshes everything. The one thing the rules read that depends on
the day is which penalties are public (``rules_penalty.PenaltyBook``): on another day than the stored results',
the penalties that entered or left public view in between count as changed too (``_turned``), so a new day
recomputes the notices printing their subjects, not the whole index. ``refresh_if_stale``
recomputes only when the stored results come from another catalogue version (or none were stored), so a changed
catalogue never leaves flags of the old one in place.

A triggered result that rests on penalties leaves public outputs when the last of them leaves public view
(``hidden_from``): a flag never republishes a penalty past its 公示截止期.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ggzy.flags import affected
from ggzy.flags.catalogue import Catalogue, load_catalogue
from ggzy.flags.model import FlagBasis, FlagResult, FlagState, StoredFlag
from ggzy.flags.reading import ReadNotice, read_notice
from ggzy.flags.rules import evaluate
from ggzy.index import Index
from ggzy.index.query import SearchQuery
from ggzy.model import Kind, Notice
from ggzy.normalize import credit
from ggzy.normalize.dates import china_today

log = logging.getLogger(__name__)


@dataclass
class Refreshed:
    """What one refresh did: the catalogue version, how many notices were read, results stored by state, and
    whether it recomputed every notice or only those a batch of changes reached (``recomputed`` of them)."""

    version: str
    notices: int
    stored: int
    by_state: dict[str, int] = field(default_factory=dict)
    full: bool = True
    recomputed: int = 0


def hidden_from(result: FlagResult, notices: dict[str, Notice]) -> date | None:
    """The first day ``result`` leaves public outputs: for a triggered result resting on penalties, the day the
    last of them leaves public view (None when one of them never does); None for any other result."""
    if result.state is not FlagState.TRIGGERED:
        return None
    days = [notices[i].hidden_from() for i in result.inputs if i in notices and notices[i].penalty is not None]
    if not days or any(day is None for day in days):
        return None
    return max(day for day in days if day is not None)


def stored_results(results: Iterable[FlagResult], notices: Iterable[Notice]) -> list[StoredFlag]:
    """``results`` with their ``hidden_from`` day, as ``Index.replace_flags`` takes them."""
    by_id = {notice.id: notice for notice in notices}
    return [StoredFlag.of(result, hidden_from=hidden_from(result, by_id)) for result in results]


def _head(index: Index) -> int:
    """The modification sequence of the newest change (0 when nothing was ever stored)."""
    return int(index.changes_head() or 0)


def refresh(index: Index, catalogue: Catalogue | None = None, today: date | None = None) -> Refreshed:
    """Recompute every flag over every notice of ``index`` (withdrawn penalties included: the rules decide what
    still counts on ``today``) and replace the stored results and their basis."""
    catalogue = catalogue or load_catalogue()
    today = today or china_today()
    head = _head(index)  # before reading: a notice changed while reading is read again by the next update
    notices = [read_notice(n) for n in index.scan(SearchQuery(include_withdrawn=True, today=today))]
    results = stored_results(evaluate(notices, catalogue, today), notices)
    basis = FlagBasis(affected.basis_keys(notices), head, today)
    stored = index.replace_flags(results, catalogue.version, today=today, basis=basis)
    by_state = Counter(result.state.value for result in results)
    log.info("flags refreshed version=%s notices=%d results=%d", catalogue.version, len(notices), stored)
    return Refreshed(catalogue.version, len(notices), stored, dict(sorted(by_state.items())), True, len(notices))


def _changed(index: Index, sequence: int, head: int) -> list[ReadNotice]:
    """The notices modified after ``sequence`` up to ``head`` (at least), as the rules read them."""
    changed: dict[str, ReadNotice] = {}
    while sequence < head:
        batch, sequence = index.modified_after(sequence, affected.BATCH)
        if not batch:
            break
        changed.update((notice.id, read_notice(notice)) for notice in batch)
    return list(changed.values())


def _turned(index: Index, stored_day: date, today: date) -> list[ReadNotice]:
    """The penalties public on one of ``stored_day`` and ``today`` and not on the other, as the penalty book
    decides (``rules_penalty.PenaltyBook``): what a new day changes for the rules."""
    penalties = index.scan(SearchQuery(kind=(Kind.PENALTY,), include_withdrawn=True, today=today))
    return [
        read_notice(notice)
        for notice in penalties
        if notice.penalty is not None
        and credit.public_on(notice.penalty, stored_day) != credit.public_on(notice.penalty, today)
    ]


def update(index: Index, catalogue: Catalogue | None = None, today: date | None = None) -> Refreshed:
    """Bring the stored results up to date after a batch of changes: recompute only the notices the notices
    modified since the stored basis reach (``affected``), with on a new day the penalties that entered or left
    public view since (``_turned``); everything when the stored results are of another catalogue version or have
    no basis."""
    catalogue = catalogue or load_catalogue()
    today = today or china_today()
    mark = index.flags_mark()
    if mark is None or mark.version != catalogue.version or mark.sequence is None or mark.day is None:
        return refresh(index, catalogue, today)
    head = _head(index)
    changed = _changed(index, mark.sequence, head)
    if mark.day != today:
        known = {notice.id for notice in changed}
        changed += [notice for notice in _turned(index, mark.day, today) if notice.id not in known]
    if not changed:
        if mark.day != today:  # nothing to recompute: the stored results hold on the new day as they are
            index.replace_flags_of(set(), [], catalogue.version, today=today, basis=FlagBasis([], head, today))
        return Refreshed(catalogue.version, 0, 0, full=False)
    plan = affected.recompute(index, changed)
    results = stored_results(evaluate(plan.notices, catalogue, today, only=plan.affected), plan.notices)
    recomputed = [notice for notice in plan.notices if notice.id in plan.affected]
    basis = FlagBasis(affected.basis_keys(recomputed), head, today)
    stored = index.replace_flags_of(plan.affected, results, catalogue.version, today=today, basis=basis)
    by_state = Counter(result.state.value for result in results)
    log.info(
        "flags updated version=%s changed=%d recomputed=%d read=%d results=%d",
        catalogue.version,
        len(changed),
        len(plan.affected),
        len(plan.notices),
        stored,
    )
    return Refreshed(
        catalogue.version, len(plan.notices), stored, dict(sorted(by_state.items())), False, len(plan.affected)
    )


def refresh_if_stale(index: Index, catalogue: Catalogue | None = None, today: date | None = None) -> Refreshed | None:
    """``refresh`` when the stored results are not of ``catalogue``'s version; None when they are."""
    catalogue = catalogue or load_catalogue()
    if index.flags_version() == catalogue.version:
        return None
    return refresh(index, catalogue, today)
