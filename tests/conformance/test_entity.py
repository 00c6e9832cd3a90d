"""Entity profiles and name search: the same profile of a USCC on every engine, withdrawn penalties only counted.

Awards won are award or contract notices naming the code as a winner, counted once per project; their total
is the winner's own amount, taken once per project (from the award notice when there is one).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ggzy.index.base import Index
from tests.conformance.corpus import (
    AGENCY,
    BUILDER,
    BUILDER_NAME,
    BUILDER_OTHER_NAME,
    EDUCATION_BUREAU,
    HIDDEN,
    MEDICAL,
    TODAY,
    ids,
)


def test_a_winner_profile(loaded: Index) -> None:
    profile = loaded.entity(BUILDER, today=TODAY)
    assert profile is not None
    assert profile.uscc == BUILDER
    assert profile.names == [BUILDER_NAME, BUILDER_OTHER_NAME]
    assert profile.region_code == "330106"
    assert profile.counts_by_kind == {"award": 2, "contract": 1, "penalty": 1}
    assert profile.awards_won == 2
    assert profile.awards_total == Decimal("16800000")
    assert [n.id for n in profile.active_penalties] == ["conf-08"]
    assert profile.withdrawn_penalties == 1
    assert [n.id for n in profile.latest] == ids([8, 6, 3, 2])
    assert (profile.first_seen, profile.last_seen, profile.last_award) == (
        date(2024, 4, 20),
        date(2025, 2, 3),
        date(2025, 1, 10),
    )


def test_a_buyer_profile_has_no_awards(loaded: Index) -> None:
    profile = loaded.entity(EDUCATION_BUREAU, today=TODAY)
    assert profile is not None
    assert profile.names == ["杭州市西湖区教育局"]
    assert profile.counts_by_kind == {"award": 1, "contract": 1, "correction": 1, "tender": 1}
    assert (profile.awards_won, profile.awards_total, profile.last_award) == (0, Decimal(0), None)
    assert profile.active_penalties == [] and profile.withdrawn_penalties == 0


def test_a_penalty_past_its_publicity_date_is_only_counted(loaded: Index) -> None:
    profile = loaded.entity(MEDICAL, today=TODAY)
    assert profile is not None
    assert profile.counts_by_kind == {"award": 1}
    assert (profile.awards_won, profile.awards_total) == (1, Decimal("3450000.50"))
    assert profile.active_penalties == []
    assert profile.withdrawn_penalties == 1
    assert [n.id for n in profile.latest] == ["conf-05"]

    hidden = loaded.entity(HIDDEN, today=TODAY)
    assert hidden is not None
    assert (hidden.names, hidden.counts_by_kind, hidden.latest, hidden.withdrawn_penalties) == ([], {}, [], 1)
    assert hidden.region_code == "330000"


def test_an_unknown_code_has_no_profile(loaded: Index) -> None:
    assert loaded.entity("91350100M000100Y43", today=TODAY) is None


def test_find_entities_by_part_of_a_name(loaded: Index) -> None:
    builder = loaded.find_entities("某某建设集团")
    assert [(m.uscc, m.name, m.notices) for m in builder] == [(BUILDER, BUILDER_NAME, 4)]
    # full-width and half-width brackets are the same name key
    assert [m.uscc for m in loaded.find_entities("某某(北京)信息")] == [AGENCY]
    assert [m.uscc for m in loaded.find_entities("某某（北京）信息")] == [AGENCY]
    # most notices first; a company named only by withdrawn notices is not found
    assert [m.uscc for m in loaded.find_entities("浙江某某")] == [BUILDER]
    assert loaded.find_entities("物业管理") == []
    assert len(loaded.find_entities("某某", limit=2)) == 2
