"""Flags over an index: read every notice, evaluate the catalogue, store the results (``Index.replace_flags``).

``refresh`` recomputes everything; it runs after a harvest commits, after ``ggzy reparse`` and ``ggzy import``,
and in ``ggzy demo``. ``refresh_if_stale`` recomputes only when the stored results come from another catalogue
version (or none were stored), so a changed catalogue never leaves flags of the old one in place.

A triggered result that rests on penalties leaves public outputs when the last of them leaves public view
(``hidden_from``): a flag never republishes a penalty past its 公示截止期.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ggzy.flags.catalogue import Catalogue, load_catalogue
from ggzy.flags.model import FlagResult, FlagState, StoredFlag
from ggzy.flags.rules import evaluate
from ggzy.index import Index
from ggzy.index.query import SearchQuery
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

log = logging.getLogger(__name__)


@dataclass
class Refreshed:
    """What one refresh did: the catalogue version, how many notices were read, results stored by state."""

    version: str
    notices: int
    stored: int
    by_state: dict[str, int] = field(default_factory=dict)


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


def refresh(index: Index, catalogue: Catalogue | None = None, today: date | None = None) -> Refreshed:
    """Recompute every flag over every notice of ``index`` (withdrawn penalties included: the rules decide what
    still counts on ``today``) and replace the stored results."""
    catalogue = catalogue or load_catalogue()
    today = today or china_today()
    notices = list(index.scan(SearchQuery(include_withdrawn=True, today=today)))
    results = stored_results(evaluate(notices, catalogue, today), notices)
    stored = index.replace_flags(results, catalogue.version, today=today)
    by_state = Counter(result.state.value for result in results)
    log.info("flags refreshed version=%s notices=%d results=%d", catalogue.version, len(notices), stored)
    return Refreshed(catalogue.version, len(notices), stored, dict(sorted(by_state.items())))


def refresh_if_stale(index: Index, catalogue: Catalogue | None = None, today: date | None = None) -> Refreshed | None:
    """``refresh`` when the stored results are not of ``catalogue``'s version; None when they are."""
    catalogue = catalogue or load_catalogue()
    if index.flags_version() == catalogue.version:
        return None
    return refresh(index, catalogue, today)
