"""The credit check: one verdict per code, and the order of severity of penalties.

Severity follows the ladder of the Administrative Penalty Law (行政处罚法 art. 9), with a 严重违法失信 listing
above all of it:

5. 严重违法失信 — listed as a seriously dishonest party (黑名单, 失信联合惩戒)
4. 吊销/责令停产停业/取消资格 — licence revoked, business suspended or closed, barred from bidding, qualification
   lowered, practice restricted
3. 罚款/没收 — a fine, confiscation of illegal gains or property
2. 警告/通报批评 — a warning or a circulated criticism
1. 其他 — any other recorded bad conduct (不良行为记录, 记分)

A penalty's rank is the highest rung any of its types (or, failing types, its content) names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ggzy.index.base import EntityProfile
from ggzy.model import Notice, Penalty

#: (rank, label, words that put a penalty on this rung), highest first.
SEVERITY_LADDER: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (5, "严重违法失信", ("严重违法失信", "黑名单", "失信联合惩戒", "失信被执行")),
    (
        4,
        "吊销/责令停产停业/取消资格",
        ("吊销", "责令停产", "责令停业", "责令关闭", "取消", "禁止", "限制", "暂扣", "暂停", "降低资质", "撤销"),
    ),
    (3, "罚款/没收", ("罚款", "没收", "罚金")),
    (2, "警告/通报批评", ("警告", "通报批评", "批评", "诫勉")),
)
OTHER = (1, "其他")
MAX_CODES = 1000


def severity(penalty: Penalty) -> tuple[int, str]:
    """The rank and label of a penalty's most severe type."""
    texts = list(penalty.penalty_types) or [penalty.content or "", penalty.violation_type or ""]
    joined = " ".join(texts)
    for rank, label, words in SEVERITY_LADDER:
        if any(word in joined for word in words):
            return rank, label
    return OTHER


@dataclass
class CreditRow:
    """The verdict on one printed code: valid or not (and why), known or not, its active penalties."""

    uscc: str
    code: str
    valid: bool
    reason: str | None = None
    suggestion: str | None = None
    known: bool = False
    names: list[str] = field(default_factory=list)
    active_penalties: int = 0
    most_severe_penalty: str | None = None
    severity: int | None = None
    awards_won: int = 0
    last_award: date | None = None


def subject_penalties(profile: EntityProfile) -> list[Notice]:
    """The active penalties whose subject is this company (not those it imposed as an authority)."""
    return [n for n in profile.active_penalties if n.penalty is not None and n.penalty.subject.uscc == profile.uscc]


def credit_rows(
    printed: Sequence[str],
    profile_of: Callable[[str], EntityProfile | None],
    lookup: Callable[..., Iterable[EntityProfile | None]] = map,
) -> list[CreditRow]:
    """One row per printed code, in order. Each distinct valid code is looked up once, all of them through
    ``lookup`` (``map``, or a thread pool's ``map`` so the engine answers several codes at a time)."""
    from ggzy.normalize.uscc import check

    checks = [check(text) for text in printed]
    distinct = list(dict.fromkeys(c.code for c in checks if c.valid))
    profiles = dict(zip(distinct, lookup(profile_of, distinct), strict=True))
    rows = []
    for text, result in zip(printed, checks, strict=True):
        row = CreditRow(uscc=text, code=result.code, valid=result.valid)
        if not result.valid:
            row.reason, row.suggestion = result.reason, result.suggestion
        elif (profile := profiles[result.code]) is not None:
            _fill(row, profile)
        rows.append(row)
    return rows


def _fill(row: CreditRow, profile: EntityProfile) -> None:
    row.known = True
    row.names = list(profile.names)
    penalties = subject_penalties(profile)
    row.active_penalties = len(penalties)
    ranked = [severity(n.penalty) for n in penalties if n.penalty is not None]
    if ranked:
        row.severity, row.most_severe_penalty = max(ranked)
    row.awards_won = profile.awards_won
    row.last_award = profile.last_award
