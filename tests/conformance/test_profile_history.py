"""Profiles after a history of writes: an index whose notices were replaced, re-kinded, re-dated, moved between
regions and companies, and harvested again answers exactly as an index written once with the final notices —
counts, names, first and last days, awards and penalties, today and as of an earlier day."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ggzy.index.base import EntityProfile, Index
from ggzy.model import Kind, Notice, Party
from tests import factories
from tests.conformance.conftest import dispose, open_engine

TODAY = date(2025, 6, 1)
BUYER = Party("杭州市西湖区教育局", factories.make_uscc("11330106002491233"))
OTHER_BUYER = Party("杭州市上城区卫生健康局", factories.make_uscc("11330102002491244"))
WINNER = Party("浙江某某建设有限公司", factories.make_uscc("91330106MA2B0XK1L"))
CODES = [BUYER.uscc or "", OTHER_BUYER.uscc or "", WINNER.uscc or ""]


def tender(number: int, **fields: object) -> Notice:
    values: dict[str, object] = {
        "kind": Kind.TENDER,
        "published": date(2024, 1, 1 + number),
        "region_code": "330106",
        "buyer": BUYER,
    }
    values.update(fields)
    return factories.harvested("zhejiang", f"t{number}", f"第{number}号采购公告", **values)


def award(number: int, **fields: object) -> Notice:
    winner = dataclasses.replace(WINNER, amount=Decimal("1000.50"))
    values: dict[str, object] = {"kind": Kind.AWARD, "project_code": f"P-{number}", "winners": [winner]}
    values.update(fields)
    return tender(number, **values)


def first_written() -> list[Notice]:
    return [
        *(tender(n) for n in range(1, 9)),
        award(10),
        award(11, published=date(2024, 3, 1)),
        factories.penalty_notice("zhejiang", "p1", WINNER, date(2025, 1, 1), decided_on=date(2025, 1, 1)),
    ]


def rewritten() -> list[Notice]:
    """The same notices as the centres later printed them."""
    return [
        tender(1, published=date(2023, 12, 1)),  # an earlier first day for the buyer
        tender(2, published=None),  # the day could no longer be read
        tender(3, kind=Kind.CORRECTION),  # re-kinded
        tender(4, region_code="330102"),  # moved to another region
        tender(5, buyer=OTHER_BUYER),  # another buyer: BUYER loses it
        tender(6, buyer=Party("杭州市西湖区教育局（本级）", BUYER.uscc)),  # the name printed changes
        tender(8, published=date(2024, 1, 2)),  # the last day of the buyer moves back
        award(10, kind=Kind.CONTRACT),  # an award re-kinded
        award(11, published=date(2024, 3, 1), winners=[]),  # the winner is no longer printed
        factories.penalty_notice(  # the penalty was removed after repair
            "zhejiang", "p1", WINNER, date(2025, 1, 1), decided_on=date(2025, 1, 1), removed_on=date(2025, 3, 1)
        ),
    ]


def answers(index: Index) -> list[dict[str, EntityProfile | None]]:
    asked = [
        index.entities(CODES, today=TODAY),
        index.entities(CODES, today=TODAY, latest=0),
        index.entities(CODES, today=TODAY, as_of=date(2024, 1, 5)),
        index.entities(CODES, today=TODAY, as_of=date(2025, 2, 1)),
    ]
    asked += [{code: index.entity(code, today=TODAY)} for code in CODES]
    return asked


@pytest.fixture
def written_once(request: pytest.FixtureRequest, index: Index, tmp_path: Path) -> Iterator[Index]:
    """A second index of the same engine holding only the final notices, written once."""
    other = open_engine(index.engine, request, tmp_path / "once")
    yield other
    dispose(other)


def test_replaced_notices_move_their_counts_as_if_written_once(index: Index, written_once: Index) -> None:
    index.upsert(first_written())
    before = answers(index)
    buyer = before[0][BUYER.uscc or ""]
    assert buyer is not None and buyer.counts_by_kind == {"award": 2, "tender": 8}
    final = {n.id: n for n in [*first_written(), *rewritten()]}
    report = index.upsert(rewritten())
    assert report.updated == len(rewritten())
    written_once.upsert(list(final.values()))
    after = answers(index)
    assert after == answers(written_once)

    buyer = after[0][BUYER.uscc or ""]
    assert buyer is not None
    assert buyer.counts_by_kind == {"award": 1, "contract": 1, "correction": 1, "tender": 6}
    assert buyer.first_seen == date(2023, 12, 1) and buyer.last_seen == date(2024, 3, 1)
    assert buyer.names == ["杭州市西湖区教育局", "杭州市西湖区教育局（本级）"]
    other = after[0][OTHER_BUYER.uscc or ""]
    assert other is not None and other.counts_by_kind == {"tender": 1}
    winner = after[0][WINNER.uscc or ""]
    assert winner is not None and winner.awards_won == 1 and winner.withdrawn_penalties == 1
    assert not winner.active_penalties


def test_a_second_harvest_of_the_same_notices_changes_no_profile(index: Index) -> None:
    index.upsert(first_written())
    before = answers(index)
    report = index.upsert(first_written())
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, len(first_written()))
    assert answers(index) == before


def test_a_penalised_company_reads_penalised_until_its_penalty_is_removed(index: Index) -> None:
    code, penalty_id = WINNER.uscc or "", first_written()[-1].id
    index.upsert(first_written())
    for as_of in (None, date(2025, 2, 1)):
        found = index.entity(code, today=TODAY, as_of=as_of)
        assert found is not None and [n.id for n in found.active_penalties] == [penalty_id]
    before_decision = index.entity(code, today=TODAY, as_of=date(2024, 12, 31))
    assert before_decision is not None and before_decision.active_penalties == []
    index.upsert(rewritten())
    for as_of in (None, date(2025, 2, 1)):  # a repair reaches back into as-of answers
        found = index.entity(code, today=TODAY, as_of=as_of)
        assert found is not None and found.active_penalties == [] and found.withdrawn_penalties == 1
