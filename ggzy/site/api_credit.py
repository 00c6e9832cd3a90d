"""The credit check: one verdict per code, read from one batch of profiles.

The severity ladder and what makes a penalty a serious violation are the core's (``ggzy.normalize.credit``).
A code that cannot be checked (bad check character, placeholder, wrong length) is never reported as clean: its
``known``, ``active_penalties`` and ``serious_violation`` are null and ``reason`` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ggzy.index.base import EntityProfile
from ggzy.model import Notice
from ggzy.normalize import credit
from ggzy.normalize.uscc import read_input
from ggzy.site.api_errors import InvalidRequest

MAX_CODES = 1000


def parse_as_of(text: str | None, today: date) -> date | None:
    """The ``as_of`` day of a question (YYYY-MM-DD, not after today), or None when not asked."""
    if text is None or text == "":
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"as_of must be a date written YYYY-MM-DD, not {text!r}") from None
    if day > today:
        raise InvalidRequest(f"as_of {text} is after today ({today.isoformat()}): nothing is known about it yet")
    return None if day == today else day


@dataclass
class CreditRow:
    """The verdict on one code as given: valid or not (and why), known or not, its active penalties on the day
    asked, the most severe of them, and whether one is a serious violation or a ban covering that day."""

    uscc: str
    code: str
    valid: bool
    normalized_from: str | None = None
    reason: str | None = None
    suggestion: str | None = None
    known: bool | None = None
    names: list[str] = field(default_factory=list)
    active_penalties: int | None = None
    most_severe_penalty: str | None = None
    severity: int | None = None
    serious_violation: bool | None = None
    banned_until: date | None = None
    awards_won: int | None = None
    last_award: date | None = None


def subject_penalties(profile: EntityProfile) -> list[Notice]:
    """The active penalties whose subject is this company (not those it imposed as an authority)."""
    return [n for n in profile.active_penalties if n.penalty is not None and n.penalty.subject.uscc == profile.uscc]


def credit_rows(
    printed: Sequence[str],
    profiles_of: Callable[[list[str]], dict[str, EntityProfile | None]],
    on: date,
) -> list[CreditRow]:
    """One row per code as given, in order; the distinct valid codes are looked up in one batch
    (``profiles_of``, e.g. ``Index.entities``). ``on`` is the day asked about."""
    checks = [read_input(text) for text in printed]
    distinct = list(dict.fromkeys(c.code for c in checks if c.valid))
    profiles = profiles_of(distinct) if distinct else {}
    rows = []
    for text, result in zip(printed, checks, strict=True):
        row = CreditRow(uscc=text, code=result.code, valid=result.valid)
        if not result.valid:
            row.reason, row.suggestion = result.reason, result.suggestion
        else:
            row.normalized_from = text if text != result.code else None
            _fill(row, profiles.get(result.code), on)
        rows.append(row)
    return rows


def _fill(row: CreditRow, profile: EntityProfile | None, on: date) -> None:
    row.known = profile is not None
    row.active_penalties, row.serious_violation, row.awards_won = 0, False, 0
    if profile is None:
        return
    row.names = list(profile.names)
    penalties = [n.penalty for n in subject_penalties(profile) if n.penalty is not None]
    row.active_penalties = len(penalties)
    if penalties:
        worst = max((credit.severity(p) for p in penalties), key=lambda s: s.rank)
        row.severity, row.most_severe_penalty = worst.rank, worst.label
        row.serious_violation = any(credit.is_serious(p) for p in penalties)
        bans = [p.banned_until for p in penalties if p.banned_until is not None and credit.banned_on(p, on)]
        row.banned_until = max(bans) if bans else None
    row.awards_won = profile.awards_won
    row.last_award = profile.last_award
