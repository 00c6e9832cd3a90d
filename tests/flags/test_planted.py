"""The flag cases the demo world plants (``ggzy.demo.flag_cases``), harvested from the demo centres over HTTP and
judged by ``rules.evaluate``: each case that must trigger does, and no near miss triggers on any of its notices.

The crawl runs in a subprocess (Scrapy's reactor starts once per process), over the two centres the cases are
published by, into a fresh SQLite index; the flags are computed on what the harvest stored, as the site would,
and again on the same notices read back from each engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ggzy.demo.flag_cases import FLAG_CASES
from ggzy.demo.generator import World, build_world
from ggzy.demo.planted import CENTRE, CREDIT, PlantedCase
from ggzy.demo.server import DemoCentres, start_demo_centres
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import FlagResult, FlagState
from ggzy.flags.rules import evaluate
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.index import open_index
from ggzy.index.query import SearchQuery
from ggzy.model import Notice
from tests.conformance.conftest import ENGINES, dispose, open_engine

#: The day the demo world ends (the holiday table covers every working-day period it plants).
TODAY = date(2026, 3, 17)


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoCentres]:
    with start_demo_centres(port=0, seed=3, projects=8, today=TODAY) as centres:
        yield centres


@pytest.fixture(scope="module")
def harvested(demo: DemoCentres, tmp_path_factory: pytest.TempPathFactory) -> list[Notice]:
    """Every notice the harvest of the planted cases' centres stored."""
    folder = tmp_path_factory.mktemp("planted")
    index_url = f"sqlite:///{folder / 'ggzy.db'}"
    options = HarvestOptions(
        demo_url=demo.base_url, profile="demo", data_dir=str(folder), index_url=index_url, centres=[CENTRE, CREDIT]
    )
    report = harvest_in_subprocess(options)
    assert report.error_count == 0
    with open_index(index_url) as index:
        return list(index.scan(SearchQuery(include_withdrawn=True)))


@pytest.fixture(scope="module")
def results(harvested: list[Notice]) -> dict[tuple[str, str], FlagResult]:
    return {(r.notice_id, r.flag): r for r in evaluate(harvested, today=TODAY)}


def verdict(planted: PlantedCase, results: dict[tuple[str, str], FlagResult]) -> str | None:
    """What is wrong with a planted case's outcome, None when it is the one planted."""
    flag = planted.case.flag
    judged = results.get((planted.judged, flag))
    if judged is None:
        return "no result on the judged notice"
    if planted.case.triggers:
        return None if judged.state is FlagState.TRIGGERED else f"{judged.state.value}: {judged.detail}"
    if judged.state is not FlagState.NOT_TRIGGERED:
        return f"near miss {judged.state.value}: {judged.detail}"
    fired = [results[key].detail for key in ((i, flag) for i in planted.notice_ids) if key in results and
             results[key].state is FlagState.TRIGGERED]  # fmt: skip
    return f"near miss triggered elsewhere: {fired}" if fired else None


def test_every_flag_has_a_planted_case_and_a_near_miss() -> None:
    planted = Counter((case.flag, case.triggers) for case in FLAG_CASES)
    for flag in load_catalogue().flags:
        assert planted[(flag, True)] >= 1 and planted[(flag, False)] >= 1, flag
    assert len({case.key for case in FLAG_CASES}) == len(FLAG_CASES)


def test_the_harvest_stores_every_planted_notice(demo: DemoCentres, harvested: list[Notice]) -> None:
    stored = {n.id for n in harvested}
    planted = [i for case in demo.world.planted for i in case.notice_ids]
    assert len(planted) > 2 * len(FLAG_CASES) and set(planted) <= stored


@pytest.mark.parametrize("key", [case.key for case in FLAG_CASES])
def test_each_planted_case_has_its_outcome_on_the_harvested_notices(
    key: str, demo: DemoCentres, results: dict[tuple[str, str], FlagResult]
) -> None:
    (planted,) = [p for p in demo.world.planted if p.case.key == key]
    assert verdict(planted, results) is None, (key, planted.case.note, verdict(planted, results))


def test_a_penalised_bidder_is_named_once_though_the_opening_prints_no_code(
    demo: DemoCentres, results: dict[tuple[str, str], FlagResult], harvested: list[Notice]
) -> None:
    (planted,) = [p for p in demo.world.planted if p.case.key == "penalised_bidder-fined-before"]
    found = results[(planted.judged, "penalised_bidder")]
    opening = next(n for n in harvested if n.id in planted.notice_ids and n.bids)
    assert all(bid.uscc is None for bid in opening.bids)  # the 开标记录 prints names only
    (party,) = found.parties
    assert found.detail.count("按统一社会信用代码匹配") == 1
    penalty = next(n for n in harvested if n.id in planted.notice_ids and n.penalty is not None)
    assert party == penalty.penalty.subject.uscc and penalty.id in found.inputs


def test_the_harvest_gives_the_planted_outcomes_of_the_ground_truth(
    demo: DemoCentres, results: dict[tuple[str, str], FlagResult]
) -> None:
    truth = {(r.notice_id, r.flag): r for r in evaluate(demo.world.notices, today=TODAY)}
    for planted in demo.world.planted:
        for notice_id in planted.notice_ids:
            key = (notice_id, planted.case.flag)
            assert (key in truth) == (key in results), key
            if key in truth:
                assert (results[key].state, results[key].detail) == (truth[key].state, truth[key].detail), key


@pytest.mark.parametrize("today", [date(2025, 12, 31), date(2026, 11, 1)])
def test_the_planted_cases_hold_on_any_day_the_holiday_table_covers(today: date) -> None:
    world: World = build_world(seed=5, projects=4, today=today)
    results = {(r.notice_id, r.flag): r for r in evaluate(world.notices, today=today)}
    wrong = {p.case.key: verdict(p, results) for p in world.planted if verdict(p, results) is not None}
    assert wrong == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_give_back_notices_with_the_planted_outcomes(
    engine: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    demo: DemoCentres,
    harvested: list[Notice],
    results: dict[tuple[str, str], FlagResult],
) -> None:
    index = open_engine(engine, request, tmp_path)
    try:
        index.upsert(harvested)
        again = list(index.scan(SearchQuery(include_withdrawn=True)))
    finally:
        dispose(index)
    read_back = {(r.notice_id, r.flag): r for r in evaluate(again, today=TODAY)}
    assert {p.case.key: verdict(p, read_back) for p in demo.world.planted} == {
        p.case.key: None for p in demo.world.planted
    }
    planted = {(i, p.case.flag) for p in demo.world.planted for i in p.notice_ids}
    assert {k: (v.state, v.detail) for k, v in read_back.items() if k in planted} == {
        k: (v.state, v.detail) for k, v in results.items() if k in planted
    }
