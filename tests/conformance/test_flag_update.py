"""The incremental flag update on every engine: after random batches of changes (new notices, a changed award, a
new penalty on a bidder, a new award for a buyer, a notice moved to another procurement), ``update`` leaves
exactly the stored results a full ``refresh`` of the same notices gives, ``triggered_since`` and ``hidden_from``
included, while recomputing fewer notices than the index holds.

Two indexes of the engine take the same batches: one is updated, the other refreshed in full. The notices are
the demo world's (every flag planted, penalties on its bidders).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ggzy.demo.generator import build_world
from ggzy.flags.compute import refresh, update
from ggzy.index.base import Index
from ggzy.model import Kind, Notice, Party
from tests.conformance.conftest import ENGINES, dispose, open_engine
from tests.factories import penalty_notice

TODAY = date(2026, 3, 17)
#: Before any day the world publishes on: every stored result is listed, hidden ones included.
EVERY_DAY = date(1900, 1, 1)


@pytest.fixture(params=ENGINES)
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Index, Index]]:
    updated = open_engine(request.param, request, tmp_path / "updated")
    refreshed = open_engine(request.param, request, tmp_path / "refreshed")
    yield updated, refreshed
    dispose(updated)
    dispose(refreshed)


def stored(index: Index) -> list[dict[str, Any]]:
    found = [flag.to_dict() for flag in index.scan_flags(today=EVERY_DAY)]
    return sorted(found, key=lambda data: (data["notice_id"], data["flag"]))


def restamped(notice: Notice, **fields: Any) -> Notice:
    changed = replace(notice, **fields)
    changed.content_hash = changed.compute_content_hash()
    return changed


def changed_award(rng: random.Random, notices: list[Notice]) -> Notice:
    award = rng.choice([n for n in notices if n.kind is Kind.AWARD and n.winners])
    factor = Decimal(rng.choice(["0.5", "0.9", "1.3", "2"]))
    winners = [replace(w, amount=w.amount * factor if w.amount else None) for w in award.winners]
    return restamped(award, winners=winners, amount=award.amount * factor if award.amount else None)


def penalty_on_a_bidder(rng: random.Random, notices: list[Notice], number: int) -> Notice:
    printed = [n for n in notices if (n.bids or n.candidates) and n.published and n.published.year >= 2024]
    notice = rng.choice(printed)
    bid = rng.choice([*notice.bids, *notice.candidates])
    decided = (notice.published or TODAY) - timedelta(days=rng.choice([60, 90, 200]))
    subject = Party(bid.name, bid.uscc) if rng.random() < 0.5 else Party(bid.name)
    return penalty_notice(
        "xinyong-test", f"p{number}", subject, TODAY - timedelta(days=1), decided_on=decided, region_code="330500"
    )


def award_for_a_buyer(rng: random.Random, notices: list[Notice], number: int) -> Notice:
    award = rng.choice([n for n in notices if n.kind is Kind.AWARD and n.buyer and n.winners and n.published])
    assert award.published is not None
    day = award.published + timedelta(days=rng.choice([-20, 5, 40]))
    return restamped(
        award, id=f"{award.id}-again{number}", source_id=f"again{number}", project_code=f"AG-{number}", published=day
    )


def moved(rng: random.Random, notices: list[Notice]) -> Notice:
    notice = rng.choice([n for n in notices if n.project_code])
    other = rng.choice([n for n in notices if n.project_code and n.centre == notice.centre])
    return restamped(notice, project_code=other.project_code if rng.random() < 0.5 else f"{notice.project_code}-改")


@pytest.mark.parametrize("seed", [1])
def test_an_update_after_each_batch_stores_what_a_full_refresh_does(pair: tuple[Index, Index], seed: int) -> None:
    updated, refreshed = pair
    rng = random.Random(seed)
    world = build_world(seed=3, projects=8, today=TODAY).notices
    rng.shuffle(world)
    start, waiting = world[: len(world) * 2 // 3], world[len(world) * 2 // 3 :]
    for index in pair:
        index.upsert(start)
        refresh(index, today=TODAY)
    assert stored(updated) == stored(refreshed) != []
    held = {notice.id: notice for notice in start}
    for number in range(4):
        now = list(held.values())
        batch = [waiting.pop() for _ in range(min(len(waiting), rng.randint(3, 12)))]
        batch += [changed_award(rng, now), penalty_on_a_bidder(rng, now, number)]
        batch += [award_for_a_buyer(rng, now, number), moved(rng, now)]
        for index in pair:
            index.upsert(batch)
        held.update((notice.id, notice) for notice in batch)
        done = update(updated, today=TODAY)
        refresh(refreshed, today=TODAY)
        assert not done.full and 0 < done.recomputed < len(held)
        assert stored(updated) == stored(refreshed)
    assert any(data["state"] == "triggered" and data["flag"] == "penalised_bidder" for data in stored(updated))


def turning_penalty(rng: random.Random, notices: list[Notice], number: int, decided: date, until: date) -> Notice:
    """A penalty on the winner of an award, public from ``decided`` to ``until`` (its 公示截止期)."""
    award = rng.choice([n for n in notices if n.kind is Kind.AWARD and n.winners and n.published])
    winner = rng.choice(award.winners)
    return penalty_notice(
        "xinyong-test",
        f"t{number}",
        Party(winner.name, winner.uscc),
        decided,
        decided_on=decided,
        publicity_until=until,
        region_code="330500",
    )


def test_an_update_on_a_new_day_recomputes_what_the_penalties_that_turned_reach(pair: tuple[Index, Index]) -> None:
    """The day matters to the rules only through the penalties public on it: on a later day, an update recomputes
    the notices printing the subjects of penalties that left or entered public view, and stores what a full
    refresh of that day does."""
    updated, refreshed = pair
    rng = random.Random(5)
    world = build_world(seed=3, projects=8, today=TODAY).notices
    long_ago = date(2023, 1, 1)  # in force on every bid day of the world
    # Two leave public view within the days asked about, two enter it.
    world += [turning_penalty(rng, world, n, long_ago, TODAY + timedelta(days=2 + 3 * n)) for n in range(2)]
    world += [
        turning_penalty(rng, world, 2 + n, TODAY + timedelta(days=4 + 10 * n), TODAY + timedelta(days=400))
        for n in range(2)
    ]
    for index in pair:
        index.upsert(world)
        refresh(index, today=TODAY)
    assert update(updated, today=TODAY).recomputed == 0  # nothing changed since
    for later in (TODAY + timedelta(days=1), TODAY + timedelta(days=6), TODAY + timedelta(days=30)):
        done = update(updated, today=later)
        refresh(refreshed, today=later)
        assert not done.full and done.recomputed < len(world)
        assert stored(updated) == stored(refreshed)
        assert update(updated, today=later).recomputed == 0  # the day is stored: a second update has nothing to do
    assert update(updated, today=TODAY + timedelta(days=30)).recomputed == 0


def test_an_update_refreshes_everything_when_nothing_is_stored(index: Index) -> None:
    world = build_world(seed=3, projects=8, today=TODAY).notices
    index.upsert(world)
    assert update(index, today=TODAY).full  # nothing stored yet
    assert update(index, today=TODAY).recomputed == 0  # nothing changed since
    assert not update(index, today=TODAY + timedelta(days=1)).full
