"""Credit rules of a penalty: how severe it is, whether it is a serious violation, and until when it is public.

The rules are data (``data/credit.toml``), each publicity period with the text it comes from:

* **Severity** — a ladder from 5 (严重违法失信) down to 1 (其他). A penalty's rung is the highest one any of its
  types (or, failing types, its content) names; an entry of a serious-violation list (``Penalty.list_name``, a
  ban from government procurement) is always on the top rung and flagged ``serious``.
* **Publicity** — a penalty is public from its decision until its 公示截止期: the printed date when the centre
  prints one, else the decision date plus the longest period of the rule in force on that date; a ban keeps it
  public at least until the ban ends. A credit repair (信用修复) may end it early, never before the shortest
  period; a removal (``removed_on``) takes it out of every public output from that day, whenever it was recorded.

>>> from datetime import date
>>> from ggzy.model import Party, Penalty
>>> p = Penalty(subject=Party("某公司"), penalty_types=["罚款"], decided_on=date(2024, 3, 5))
>>> public_until(p), severity(p).label
(datetime.date(2027, 3, 4), '罚款/没收')
"""

from __future__ import annotations

import calendar
import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ggzy.model import Penalty

DATA = Path(__file__).parent / "data" / "credit.toml"


@dataclass(frozen=True)
class Severity:
    """One rung of the ladder: ``rank`` 5 is the most severe."""

    rank: int
    label: str


@dataclass(frozen=True)
class PublicityRule:
    """The publicity periods (in months from the decision) for decisions taken on or after ``since``."""

    since: date
    source: str
    shortest_months: int
    longest_months: int
    serious_shortest_months: int
    serious_longest_months: int
    field_words: tuple[str, ...] = ()
    field_shortest_months: int = 0

    def months(self, penalty: Penalty) -> tuple[int, int]:
        """``(shortest, longest)`` months of publicity for ``penalty`` under this rule."""
        if is_serious(penalty):
            shortest, longest = self.serious_shortest_months, self.serious_longest_months
        else:
            shortest, longest = self.shortest_months, self.longest_months
        text = _text(penalty)
        if self.field_words and any(word in text for word in self.field_words):
            shortest = max(shortest, self.field_shortest_months)
        return shortest, longest


@functools.cache
def _rules() -> tuple[tuple[Severity, tuple[str, ...]], ...]:
    data = _data()
    rungs = sorted(data["severity"], key=lambda r: -int(r["rank"]))
    return tuple((Severity(int(r["rank"]), str(r["label"])), tuple(r["words"])) for r in rungs)


@functools.cache
def _data() -> dict[str, Any]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def publicity_rules() -> tuple[PublicityRule, ...]:
    """Every publicity rule, oldest first."""
    found = []
    for item in _data()["publicity"]:
        serious = item.get("serious", {})
        fields = item.get("fields", {})
        found.append(
            PublicityRule(
                since=date.fromisoformat(item["from"]),
                source=item["source"],
                shortest_months=item["shortest_months"],
                longest_months=item["longest_months"],
                serious_shortest_months=serious.get("shortest_months", item["shortest_months"]),
                serious_longest_months=serious.get("longest_months", item["longest_months"]),
                field_words=tuple(fields.get("words", ())),
                field_shortest_months=fields.get("shortest_months", 0),
            )
        )
    return tuple(sorted(found, key=lambda rule: rule.since))


SERIOUS = Severity(5, "严重违法失信")


def ladder() -> list[Severity]:
    """The rungs, most severe first."""
    return [rung for rung, _words in _rules()]


def _text(penalty: Penalty) -> str:
    return " ".join([*penalty.penalty_types, penalty.content or "", penalty.violation_type or "", penalty.basis or ""])


def is_serious(penalty: Penalty) -> bool:
    """True for an entry of a serious-violation list: a 严重违法失信 listing or a ban (``list_name`` or
    ``banned_until`` set, or its types or content naming one)."""
    if penalty.list_name or penalty.banned_until:
        return True
    texts = " ".join([*penalty.penalty_types, penalty.content or ""])
    return any(word in texts for word in _rules()[0][1])


def severity(penalty: Penalty) -> Severity:
    """The rung of a penalty's most severe type (a serious violation is always on the top rung)."""
    if is_serious(penalty):
        return SERIOUS
    texts = " ".join(list(penalty.penalty_types) or [penalty.content or "", penalty.violation_type or ""])
    for rung, words in _rules():
        if words and any(word in texts for word in words):
            return rung
    return ladder()[-1]


def rule_for(decided_on: date | None) -> PublicityRule:
    """The publicity rule in force on the decision date (the oldest rule for earlier or unknown dates)."""
    rules = publicity_rules()
    if decided_on is None:
        return rules[-1]
    applicable = [rule for rule in rules if rule.since <= decided_on]
    return applicable[-1] if applicable else rules[0]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clipped to the month's end (1-31 + 1 month = 2-28/29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def public_until(penalty: Penalty) -> date | None:
    """The last day a penalty is public (公示截止期): the printed date, else the decision date plus the longest
    period, and never before the end of a ban. None when there is neither a printed date nor a decision date."""
    until = penalty.publicity_until
    if until is None and penalty.decided_on is not None:
        _shortest, longest = rule_for(penalty.decided_on).months(penalty)
        until = add_months(penalty.decided_on, longest) - timedelta(days=1)
    if until is not None and penalty.banned_until is not None:
        until = max(until, penalty.banned_until)
    return until


def repairable_from(penalty: Penalty) -> date | None:
    """The first day a credit repair may end the publicity: the decision date plus the shortest period."""
    if penalty.decided_on is None:
        return None
    shortest, _longest = rule_for(penalty.decided_on).months(penalty)
    return add_months(penalty.decided_on, shortest)


def public_from(penalty: Penalty) -> date | None:
    """The first day a penalty is public: its decision date (None when undated: public from the start)."""
    return penalty.decided_on


def hidden_from(penalty: Penalty) -> date | None:
    """The first day a penalty is no longer public: the day after its 公示截止期, or its removal, if earlier."""
    days = []
    until = public_until(penalty)
    if until is not None:
        days.append(until + timedelta(days=1))
    if penalty.removed_on is not None:
        days.append(penalty.removed_on)
    return min(days) if days else None


def public_on(penalty: Penalty, day: date, *, today: date | None = None) -> bool:
    """Whether the penalty was public on ``day``, as known ``today`` (default: ``day``): decided by then, not
    yet past its 公示截止期, and not removed. A removal recorded by ``today`` hides it on every day, so a credit
    repair also reaches back into as-of answers. For ``day == today`` this is ``public_from <= day <
    hidden_from``, the form the index engines store and compare."""
    if penalty.removed_on is not None and penalty.removed_on <= max(day, today or day):
        return False
    if penalty.decided_on is not None and penalty.decided_on > day:
        return False
    until = public_until(penalty)
    return until is None or day <= until


def banned_on(penalty: Penalty, day: date) -> bool:
    """Whether a ban period (禁止参加政府采购活动) covers ``day``."""
    if penalty.banned_until is None:
        return False
    start = penalty.decided_on or date.min
    return start <= day <= penalty.banned_until
