"""Stored integrity flags on every engine: a full recompute replaces them at once, readers filter them by notice,
flag, state, party, buyer and region, ``triggered_since`` survives recomputes while a flag stays triggered,
``hidden_from`` takes a result out of every public output on its day, and ``flag=`` / the ``flag`` facet find the
notices a flag was triggered on. ``refresh`` (``ggzy.flags.compute``) fills them from the notices themselves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.compute import refresh, refresh_if_stale
from ggzy.index.base import FlagResult, FlagState, Index, StoredFlag
from ggzy.index.query import QueryError, SearchQuery
from ggzy.model import Bid, Category, Kind, Notice
from tests.factories import harvested, make_uscc, party, penalty_notice

DAY1, DAY2, DAY3, DAY4 = date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 4)
HOSPITAL = make_uscc("12340100MB0000002")
SCHOOL = make_uscc("12330100MB0000003")
BANNED = make_uscc("91340100MA2N00001")
OTHER = make_uscc("91340100MA2N00002")


def result(notice_id: str, flag: str, state: FlagState = FlagState.TRIGGERED, **fields: object) -> FlagResult:
    values: dict[str, object] = {
        "detail": f"{flag} 于 {notice_id}",
        "inputs": (notice_id,),
        "catalogue_version": "test-1",
        "buyer": HOSPITAL,
        "region_code": "340100",
        "published": date(2026, 4, 1),
    }
    values.update(fields)
    return FlagResult(flag=flag, notice_id=notice_id, state=state, **values)  # type: ignore[arg-type]


def stored_keys(found: list[StoredFlag]) -> list[tuple[str, str]]:
    return [(f.notice_id, f.flag) for f in found]


def sample() -> list[FlagResult]:
    return [
        result("n-old", "single_bid", published=date(2026, 1, 5)),
        result("n-new", "single_bid", FlagState.NOT_TRIGGERED, published=date(2026, 4, 20)),
        result(
            "n-new",
            "penalised_bidder",
            parties=(BANNED, OTHER),
            published=date(2026, 4, 20),
            thresholds={"ratio": Decimal("0.01")},
        ),
        result(
            "n-mid",
            "short_submission",
            FlagState.INSUFFICIENT,
            missing=("投标截止时间",),
            buyer=SCHOOL,
            region_code="330106",
            published=date(2026, 3, 1),
        ),
        result("n-none", "late_contract", FlagState.NOT_APPLICABLE),
    ]


def test_a_recompute_is_stored_and_read_back_by_each_filter(index: Index) -> None:
    assert index.flags_version() is None and index.flags(today=DAY1) == [] and index.flag_coverage(DAY1) == {}
    assert index.replace_flags(sample(), "test-1", today=DAY1) == 4
    assert index.flags_version() == "test-1"
    everything = index.flags(today=DAY1)
    # Newest first: published, then triggered_since (a result not triggered has none), then notice and flag.
    assert stored_keys(everything) == [
        ("n-new", "penalised_bidder"),
        ("n-new", "single_bid"),
        ("n-mid", "short_submission"),
        ("n-old", "single_bid"),
    ]
    by_key = {(f.notice_id, f.flag): f for f in everything}
    for original in sample()[:4]:
        stored = by_key[(original.notice_id, original.flag)]
        assert stored.result == replace(original, thresholds={"ratio": "0.01"} if original.thresholds else {})
    assert by_key[("n-mid", "short_submission")].missing == ("投标截止时间",)

    assert stored_keys(index.flags(notice_id="n-new", today=DAY1)) == [
        ("n-new", "penalised_bidder"),
        ("n-new", "single_bid"),
    ]
    assert stored_keys(index.flags(flag="single_bid", today=DAY1)) == [("n-new", "single_bid"), ("n-old", "single_bid")]
    assert stored_keys(index.flags(state=FlagState.TRIGGERED, today=DAY1)) == [
        ("n-new", "penalised_bidder"),
        ("n-old", "single_bid"),
    ]
    assert stored_keys(index.flags(state="insufficient_data", today=DAY1)) == [("n-mid", "short_submission")]
    assert stored_keys(index.flags(party=OTHER, today=DAY1)) == [("n-new", "penalised_bidder")]
    assert stored_keys(index.flags(buyer=SCHOOL, today=DAY1)) == [("n-mid", "short_submission")]
    assert stored_keys(index.flags(region="33", today=DAY1)) == [("n-mid", "short_submission")]
    assert stored_keys(index.flags(region="3401", flag="single_bid", today=DAY1)) == [
        ("n-new", "single_bid"),
        ("n-old", "single_bid"),
    ]
    assert stored_keys(index.flags(today=DAY1, limit=2, offset=1)) == [
        ("n-new", "single_bid"),
        ("n-mid", "short_submission"),
    ]
    assert index.flags(party=make_uscc("91110000MA0000009"), today=DAY1) == []
    with pytest.raises(QueryError):
        index.flags(state="yes", today=DAY1)
    with pytest.raises(QueryError):
        index.flags(limit=0, today=DAY1)


def test_a_recompute_replaces_every_stored_result(index: Index) -> None:
    index.replace_flags(sample(), "test-1", today=DAY1)
    index.replace_flags([result("n-other", "long_decision")], "test-2", today=DAY2)
    assert stored_keys(index.flags(today=DAY2)) == [("n-other", "long_decision")]
    assert index.flags_version() == "test-2"
    assert index.flag_coverage(DAY2) == {"long_decision": {"triggered": 1}}


def test_triggered_since_is_kept_while_triggered_and_reset_when_it_clears(index: Index) -> None:
    def since() -> date | None:
        return index.flags(notice_id="n-old", flag="single_bid", today=DAY4)[0].triggered_since

    index.replace_flags([result("n-old", "single_bid")], "test-1", today=DAY1)
    assert since() == DAY1
    index.replace_flags([result("n-old", "single_bid"), result("n-late", "single_bid")], "test-1", today=DAY2)
    assert since() == DAY1
    assert [f.notice_id for f in index.flags(flag="single_bid", since=DAY2, today=DAY4)] == ["n-late"]
    index.replace_flags([result("n-old", "single_bid", FlagState.NOT_TRIGGERED)], "test-1", today=DAY3)
    assert since() is None
    index.replace_flags([result("n-old", "single_bid")], "test-1", today=DAY4)
    assert since() == DAY4


def test_hidden_from_takes_a_result_out_of_public_outputs_on_its_day(index: Index) -> None:
    hidden = StoredFlag.of(result("n-ban", "penalised_bidder", parties=(BANNED,)), hidden_from=DAY3)
    index.replace_flags([hidden, result("n-old", "single_bid")], "test-1", today=DAY1)
    assert stored_keys(index.flags(party=BANNED, today=DAY2)) == [("n-ban", "penalised_bidder")]
    assert index.flags(party=BANNED, today=DAY2)[0].hidden_from == DAY3
    assert index.flags(party=BANNED, today=DAY3) == []
    assert index.flag_coverage(DAY2) == {"penalised_bidder": {"triggered": 1}, "single_bid": {"triggered": 1}}
    assert index.flag_coverage(DAY3) == {"single_bid": {"triggered": 1}}


def test_coverage_counts_each_state_of_each_flag(index: Index) -> None:
    index.replace_flags(sample(), "test-1", today=DAY1)
    assert index.flag_coverage(DAY1) == {
        "penalised_bidder": {"triggered": 1},
        "short_submission": {"insufficient_data": 1},
        "single_bid": {"not_triggered": 1, "triggered": 1},
    }


# -- computed from notices: refresh, search filter and facet -------------------------------------------------

TODAY = date(2026, 11, 1)


def procurement(code: str, *bids: Bid) -> list[Notice]:
    common = {
        "category": Category.PROCUREMENT,
        "project_code": code,
        "buyer": party("某市人民医院", HOSPITAL),
        "region_code": "340100",
    }
    tender = harvested(
        "hf",
        f"{code}-t",
        f"{code}设备采购公开招标公告",
        kind=Kind.TENDER,
        published=date(2026, 3, 2),
        deadline=datetime(2026, 3, 23, 9, 30),
        budget=Decimal("1000000"),
        **common,
    )
    opening = harvested(
        "hf",
        f"{code}-o",
        f"{code}设备采购开标记录",
        kind=Kind.OPENING,
        published=date(2026, 3, 23),
        bids=list(bids),
        **common,
    )
    award = harvested(
        "hf",
        f"{code}-a",
        f"{code}设备采购中标结果公告",
        kind=Kind.AWARD,
        published=date(2026, 3, 30),
        winners=[party(bids[0].name, bids[0].uscc, role="winner", amount=bids[0].price)],
        amount=bids[0].price,
        **common,
    )
    return [tender, opening, award]


def world() -> tuple[list[Notice], Notice, Notice]:
    """One procurement with a single bid from a company banned until 2026-12-31, and one with two clean bids."""
    alone = procurement("SOLO", Bid("乙公司", BANNED, price=Decimal("900000")))
    pair = procurement("PAIR", Bid("甲公司", OTHER, price=Decimal("700000")), Bid("丙公司", price=Decimal("800000")))
    ban = penalty_notice(
        "cr",
        "ban-1",
        party("乙公司", BANNED),
        date(2026, 1, 10),
        decided_on=date(2026, 1, 5),
        banned_until=date(2026, 12, 31),
        publicity_until=date(2026, 12, 31),
        decision_no="皖财购〔2026〕1号",
    )
    return [*alone, *pair, ban], alone[2], pair[2]


def test_refresh_stores_the_flags_of_the_notices_and_search_finds_them(index: Index) -> None:
    notices, alone, pair = world()
    index.upsert(notices)
    done = refresh(index, today=TODAY)
    version = load_catalogue().version
    assert done.version == version and done.notices == len(notices) and done.stored > 0
    assert index.flags_version() == version
    single = {f.notice_id: f for f in index.flags(flag="single_bid", today=TODAY)}
    assert single[alone.id].state is FlagState.TRIGGERED and single[alone.id].triggered_since == TODAY
    assert single[pair.id].state is FlagState.NOT_TRIGGERED
    banned = index.flags(flag="penalised_bidder", state="triggered", today=TODAY)
    assert [(f.notice_id, f.parties, f.hidden_from) for f in banned] == [(alone.id, (BANNED,), date(2027, 1, 1))]
    assert all(f.catalogue_version == version for f in index.flags(today=TODAY, limit=1000))

    found = index.search(SearchQuery(flag=("single_bid",), facets=("flag", "kind"), today=TODAY))
    assert [hit.notice.id for hit in found.hits] == [alone.id] and found.total == 1
    assert dict(found.facets["flag"])["single_bid"] == 1 and found.facets["kind"] == [("award", 1)]
    everything = index.search(SearchQuery(facets=("flag",), today=TODAY))
    assert everything.total == len(notices)
    assert dict(everything.facets["flag"]) == {
        f.flag: sum(1 for g in index.flags(flag=f.flag, state="triggered", today=TODAY, limit=1000))
        for f in index.flags(state="triggered", today=TODAY, limit=1000)
    }
    assert ("penalised_bidder", 1) in everything.facets["flag"]
    # Several flags: any of them; with words and other filters: all must hold.
    either = index.search(SearchQuery(flag=("single_bid", "penalised_bidder"), today=TODAY))
    assert [hit.notice.id for hit in either.hits] == [alone.id]
    assert index.search(SearchQuery(q="PAIR", flag=("single_bid",), today=TODAY)).total == 0
    assert index.search(SearchQuery(q="SOLO", flag=("single_bid",), today=TODAY)).total == 1
    assert index.search(SearchQuery(flag=("late_contract",), facets=("flag",), today=TODAY)).hits == []
    # Once the ban leaves public view, its flag leaves the search too.
    later = date(2027, 1, 1)
    assert index.search(SearchQuery(flag=("penalised_bidder",), today=later)).total == 0
    assert "penalised_bidder" not in dict(index.search(SearchQuery(facets=("flag",), today=later)).facets["flag"])
    assert index.search(SearchQuery(flag=("penalised_bidder",), today=TODAY)).total == 1


def test_the_flag_parameter_reads_catalogue_ids_only() -> None:
    query = SearchQuery.from_params({"flag": "single_bid,penalised_bidder", "facet": "flag"})
    assert query.flag == ("single_bid", "penalised_bidder") and query.facets == ("flag",)
    assert query.to_params()["flag"] == "single_bid,penalised_bidder"
    assert [label for label, _text, _without in query.chips()] == ["风险标志"]
    with pytest.raises(QueryError) as error:
        SearchQuery.from_params({"flag": "bribery"})
    assert error.value.param == "flag" and "bribery" in str(error.value)


def test_a_catalogue_version_change_triggers_a_recompute(index: Index) -> None:
    notices, alone, _pair = world()
    index.upsert(notices)
    index.replace_flags([result(alone.id, "single_bid", catalogue_version="2020.1")], "2020.1", today=DAY1)
    done = refresh_if_stale(index, today=TODAY)
    assert done is not None and index.flags_version() == load_catalogue().version
    assert {f.catalogue_version for f in index.flags(today=TODAY, limit=1000)} == {load_catalogue().version}
    # Still triggered after the recompute: the day it was first seen stays.
    assert index.flags(notice_id=alone.id, flag="single_bid", today=TODAY)[0].triggered_since == DAY1
    assert refresh_if_stale(index, today=TODAY) is None
