"""The result of one flag on one notice, with its outcome state and everything needed to reproduce it.

A result is never a bare yes: ``state`` is one of four outcomes, ``inputs`` names every notice read,
``thresholds`` the values used and ``catalogue_version`` the catalogue they came from. ``to_dict`` and
``from_dict`` are the JSON round trip both index engines store: ``FlagResult.from_dict(r.to_dict()) == r``.
``StoredFlag`` is a result as an index holds it, with the two days the index keeps beside it. ``FlagBasis`` is
what an index keeps beside the results so a later refresh can recompute only what a change reaches, and
``FlagMark`` what it says of the stored results.

Pure data importing only the core, so the index interface (``ggzy.index.base``) may import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ggzy.flags import FlagsError


class FlagState(StrEnum):
    """The outcome of a flag on a notice."""

    TRIGGERED = "triggered"
    NOT_TRIGGERED = "not_triggered"
    #: The flag applies but a field it needs is missing; ``FlagResult.missing`` says which.
    INSUFFICIENT = "insufficient_data"
    #: The flag does not apply to the notice; never stored (no row means not applicable).
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    FlagState.TRIGGERED: "触发",
    FlagState.NOT_TRIGGERED: "未触发",
    FlagState.INSUFFICIENT: "数据不足",
    FlagState.NOT_APPLICABLE: "不适用",
}


@dataclass(frozen=True)
class FlagResult:
    """One flag on one notice: the award or result notice it is about (the tender for ``short_submission``)."""

    flag: str
    notice_id: str
    state: FlagState
    #: One Chinese sentence shown to readers (``仅 1 家投标人（开标记录）``).
    detail: str
    #: Ids of every notice read to decide, the notice itself first.
    inputs: tuple[str, ...] = ()
    #: For ``INSUFFICIENT``: what was missing, in Chinese (``投标截止时间``).
    missing: tuple[str, ...] = ()
    #: The threshold values used, by their catalogue names.
    thresholds: dict[str, Any] = field(default_factory=dict)
    catalogue_version: str = ""
    #: USCCs (or names when no code was printed) of the parties concerned: the penalised bidder, the supplier.
    parties: tuple[str, ...] = ()
    #: The buyer's USCC (or name), for buyer pages and the per-buyer feed.
    buyer: str | None = None
    region_code: str | None = None
    #: The notice's publication date.
    published: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: tuples as lists, the state and the date as text, Decimal thresholds as text."""
        return {
            "flag": self.flag,
            "notice_id": self.notice_id,
            "state": self.state.value,
            "detail": self.detail,
            "inputs": list(self.inputs),
            "missing": list(self.missing),
            "thresholds": {name: _plain(value) for name, value in self.thresholds.items()},
            "catalogue_version": self.catalogue_version,
            "parties": list(self.parties),
            "buyer": self.buyer,
            "region_code": self.region_code,
            "published": self.published.isoformat() if self.published else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FlagResult:
        """A result from its ``to_dict`` form; raises ``FlagsError`` for a missing field or an unknown state."""
        try:
            state = FlagState(data["state"])
            published = data.get("published")
            return cls(
                flag=str(data["flag"]),
                notice_id=str(data["notice_id"]),
                state=state,
                detail=str(data.get("detail") or ""),
                inputs=tuple(data.get("inputs") or ()),
                missing=tuple(data.get("missing") or ()),
                thresholds=dict(data.get("thresholds") or {}),
                catalogue_version=str(data.get("catalogue_version") or ""),
                parties=tuple(data.get("parties") or ()),
                buyer=data.get("buyer"),
                region_code=data.get("region_code"),
                published=date.fromisoformat(published[:10]) if published else None,
            )
        except (KeyError, ValueError, TypeError) as error:
            raise FlagsError(f"flag result unreadable: {error}") from error


@dataclass(frozen=True)
class StoredFlag(FlagResult):
    """A result as an index stores it (``Index.replace_flags``, ``Index.flags``).

    ``triggered_since`` is the day the index first saw the flag triggered on this notice, kept across
    recomputes while it stays triggered (None when it is not triggered): the feed of newly triggered flags reads
    it. ``hidden_from`` is the first day the result leaves public outputs (a penalised_bidder flag when the last
    penalty it rests on passes its 公示截止期), None when it never does; readers pass ``today``.
    """

    triggered_since: date | None = None
    hidden_from: date | None = None

    @classmethod
    def of(
        cls, result: FlagResult, *, triggered_since: date | None = None, hidden_from: date | None = None
    ) -> StoredFlag:
        """``result`` with the two stored days."""
        fields = {name: getattr(result, name) for name in FlagResult.__dataclass_fields__}
        return cls(**fields, triggered_since=triggered_since, hidden_from=hidden_from)

    @property
    def result(self) -> FlagResult:
        """The plain result, without the stored days."""
        return FlagResult(**{name: getattr(self, name) for name in FlagResult.__dataclass_fields__})

    def is_public(self, today: date) -> bool:
        """Whether public outputs show it on ``today``."""
        return self.hidden_from is None or today < self.hidden_from

    def to_dict(self) -> dict[str, Any]:
        """``FlagResult.to_dict`` plus the two days as ISO text (or None)."""
        data = super().to_dict()
        data["triggered_since"] = self.triggered_since.isoformat() if self.triggered_since else None
        data["hidden_from"] = self.hidden_from.isoformat() if self.hidden_from else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredFlag:
        """A stored result from its ``to_dict`` form; raises ``FlagsError`` when it is unreadable."""
        result = FlagResult.from_dict(data)
        try:
            since, hidden = data.get("triggered_since"), data.get("hidden_from")
            return cls.of(
                result,
                triggered_since=date.fromisoformat(since[:10]) if since else None,
                hidden_from=date.fromisoformat(hidden[:10]) if hidden else None,
            )
        except (ValueError, TypeError) as error:
            raise FlagsError(f"stored flag unreadable: {error}") from error


@dataclass(frozen=True)
class FlagBasis:
    """What an index stores beside results so the next refresh may read only the notices a change reaches
    (``flags.affected``): each notice's dependency keys as (notice id, key) pairs, the notice modification
    sequence (``Index.modified_after``) the results are computed through, and the day they were computed on
    (penalties enter and leave public view with the days: an update on another day also recomputes what the
    penalties that turned in between reach)."""

    keys: Iterable[tuple[str, str]]
    sequence: int
    day: date


@dataclass(frozen=True)
class FlagMark:
    """What an index says of its stored results: their catalogue version and, when a basis was stored with
    them, the sequence and day of that basis (None otherwise)."""

    version: str
    sequence: int | None = None
    day: date | None = None


def _plain(value: Any) -> Any:
    """A threshold value as JSON holds it: a Decimal as text keeps its digits."""
    return str(value) if isinstance(value, Decimal) else value


def stamp_flags(
    results: Iterable[FlagResult], triggered: dict[tuple[str, str], date | None], today: date
) -> Iterator[dict[str, Any]]:
    """``results`` as the index stores them, in ``StoredFlag.to_dict`` form (what both engines' ``replace_flags``
    write): ``triggered`` maps (notice id, flag id) to the ``triggered_since`` of each stored result that is
    triggered now. A triggered result keeps that day, or gets ``today`` when it was not triggered before; a
    ``StoredFlag`` keeps its ``hidden_from``; not-applicable results are dropped. Dictionaries, not objects: a
    refresh stores every result of the index."""
    for result in results:
        if result.state is FlagState.NOT_APPLICABLE:
            continue
        data = FlagResult.to_dict(result)
        hidden = result.hidden_from if isinstance(result, StoredFlag) else None
        since = None
        if result.state is FlagState.TRIGGERED:
            since = triggered.get((result.notice_id, result.flag)) or today
        data["triggered_since"] = since.isoformat() if since else None
        data["hidden_from"] = hidden.isoformat() if hidden else None
        yield data
