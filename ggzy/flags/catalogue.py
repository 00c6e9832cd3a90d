"""The flag catalogue as data: ``catalogue.toml`` read once into ``Catalogue``, ``FlagSpec`` and ``Threshold``.

>>> catalogue = load_catalogue()
>>> catalogue.flags["single_bid"].ocp
('R018',)
>>> catalogue.flags["late_contract"].thresholds["max_days"].value
30
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ggzy.flags import FlagsError

DATA = Path(__file__).parent / "catalogue.toml"

#: The flag ids the rules compute, in catalogue order; the catalogue must declare exactly these.
FLAG_IDS = (
    "short_submission",
    "single_bid",
    "close_runner_up",
    "identical_prices",
    "regular_price_gaps",
    "award_at_or_above_ceiling",
    "award_far_below_ceiling",
    "penalised_bidder",
    "winner_not_first_candidate",
    "supplier_share",
    "split_below_threshold",
    "short_decision",
    "long_decision",
    "late_contract",
)


@dataclass(frozen=True)
class Threshold:
    """A threshold's value, the text it comes from and the day that text took effect."""

    value: Any
    source: str
    effective: date


@dataclass(frozen=True)
class FlagSpec:
    """One flag of the catalogue: names, OCP ids, legal basis, what it needs, triggers and limits, thresholds."""

    id: str
    ocp: tuple[str, ...]
    name_zh: str
    name_en: str
    basis: str
    needs: tuple[str, ...]
    triggers: str
    limits: str
    thresholds: dict[str, Threshold] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """Each threshold's value by name: what a result records in ``thresholds``."""
        return {name: threshold.value for name, threshold in self.thresholds.items()}


@dataclass(frozen=True)
class Catalogue:
    """The catalogue: its version (stored with every result) and its flags in file order."""

    version: str
    flags: dict[str, FlagSpec]

    def __getitem__(self, flag_id: str) -> FlagSpec:
        try:
            return self.flags[flag_id]
        except KeyError:
            raise FlagsError(f"unknown flag: {flag_id}") from None


@functools.cache
def load_catalogue(path: Path = DATA) -> Catalogue:
    """The catalogue in ``path`` (the shipped one by default), read once; raises ``FlagsError`` when a flag
    lacks a field, a threshold lacks its source or date, or the ids differ from the ones the rules compute."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        flags = [_spec(item) for item in data["flag"]]
        version = str(data["version"])
    except (KeyError, TypeError, ValueError) as error:
        raise FlagsError(f"{path.name}: unreadable flag catalogue: {error!r}") from error
    ids = tuple(spec.id for spec in flags)
    if sorted(ids) != sorted(FLAG_IDS) or len(set(ids)) != len(ids):
        raise FlagsError(f"{path.name}: the catalogue declares {ids}, the rules compute {FLAG_IDS}")
    return Catalogue(version=version, flags={spec.id: spec for spec in flags})


def _spec(item: dict[str, Any]) -> FlagSpec:
    thresholds = {
        name: Threshold(value=t["value"], source=str(t["source"]), effective=date.fromisoformat(str(t["effective"])))
        for name, t in (item.get("thresholds") or {}).items()
    }
    return FlagSpec(
        id=str(item["id"]),
        ocp=tuple(item["ocp"]),
        name_zh=str(item["name_zh"]),
        name_en=str(item["name_en"]),
        basis=str(item["basis"]),
        needs=tuple(item["needs"]),
        triggers=str(item["triggers"]),
        limits=str(item["limits"]),
        thresholds=thresholds,
    )


CORRECTIONS = Path(__file__).parent / "corrections.toml"


@dataclass(frozen=True)
class Correction:
    """One entry of the correction log: the day a rule or the catalogue changed, its version, the flags it
    changes (none: the whole catalogue) and what changed, in Chinese."""

    date: date
    version: str
    flags: tuple[str, ...]
    text: str


@functools.cache
def load_corrections(path: Path = CORRECTIONS) -> tuple[Correction, ...]:
    """The correction log, newest first (the file lists them newest last); raises ``FlagsError`` for an entry
    naming a flag the catalogue lacks."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        found = [
            Correction(date.fromisoformat(str(item["date"])), str(item["version"]), tuple(item["flags"]), item["text"])
            for item in data.get("correction", [])
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise FlagsError(f"{path.name}: unreadable correction log: {error!r}") from error
    unknown = {flag for entry in found for flag in entry.flags} - set(FLAG_IDS)
    if unknown:
        raise FlagsError(f"{path.name}: corrections name flags the catalogue lacks: {sorted(unknown)}")
    return tuple(sorted(reversed(found), key=lambda entry: entry.date, reverse=True))
