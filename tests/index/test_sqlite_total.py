"""The SQLite engine's bounds for broad words: the ranking window and the walk down a sort's index."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from ggzy.index import query as query_module
from ggzy.index import sqlite_total
from ggzy.index.query import SearchQuery, Sort
from ggzy.index.sqlite import SqliteIndex
from ggzy.model import Kind, Party
from tests import factories

TODAY = date(2026, 6, 1)
BUYER_CODE = "11330100002482126Y"


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    opened = SqliteIndex(tmp_path / "ggzy.db")
    for number in range(8):  # indexed one by one: notice 7 is the most recently indexed
        opened.upsert(
            [
                factories.notice(
                    "zj",
                    str(number),
                    f"第{number}号道路工程公告",
                    published=TODAY - timedelta(days=(number * 3) % 8),
                    amount=Decimal(100 * ((number * 5) % 8 + 1)),
                )
            ]
        )
    return opened


def every_page(index: SqliteIndex, sort: Sort) -> list[str]:
    return factories.paged_ids(index, SearchQuery(q="工程", today=TODAY, size=3, sort=sort))


def test_relevance_past_the_window_ranks_the_most_recently_indexed_matches(
    index: SqliteIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_total, "RANK_WINDOW", 5)
    assert index.search(SearchQuery(q="工程", today=TODAY)).total == 8
    ranked = every_page(index, Sort.RELEVANCE)
    assert sorted(ranked) == sorted(factories.notice("zj", str(n), "").id for n in range(3, 8))


@pytest.mark.parametrize("probing", [False, True], ids=["set", "probe"])
@pytest.mark.parametrize("sort", [Sort.NEWEST, Sort.AMOUNT])
def test_walking_a_sort_index_gives_the_order_of_sorting_every_match(
    index: SqliteIndex, monkeypatch: pytest.MonkeyPatch, sort: Sort, probing: bool
) -> None:
    statements: list[str] = []
    index.connection().set_trace_callback(statements.append)
    sorted_order = every_page(index, sort)
    assert not any("INDEXED BY" in sql for sql in statements)
    monkeypatch.setattr(sqlite_total, "RANK_WINDOW", 2)
    monkeypatch.setattr(sqlite_total, "PROBE_US", 0.0 if probing else 1e9)
    assert every_page(index, sort) == sorted_order
    walks = [sql for sql in statements if "INDEXED BY" in sql]
    assert walks and all(("EXISTS (SELECT 1 FROM notice_text" in sql) is probing for sql in walks)
    assert len(sorted_order) == 8


def test_a_walk_probes_each_row_only_for_a_word_in_most_notices() -> None:
    assert sqlite_total.probes(total=900_000, rows=1_000_000, size=20)
    assert not sqlite_total.probes(total=20_000, rows=1_000_000, size=20)
    assert not sqlite_total.probes(total=0, rows=1_000_000, size=20)


def test_a_company_past_the_limit_is_estimated_from_a_sample_read_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sample's runs of row ids ask the party index about each row: reading every notice naming a busy code once
    a run took seconds for a code named by 70,000 notices. The estimate is what the sample's rows say."""
    opened = SqliteIndex(tmp_path / "ggzy.db")
    buyer = Party("某市教育局", uscc=BUYER_CODE)
    opened.upsert(
        [
            factories.notice("zj", str(n), f"第{n}号公告", published=TODAY, buyer=buyer if n % 3 else None)
            for n in range(1, 61)
        ]
    )
    monkeypatch.setattr(query_module, "EXACT_TOTAL_LIMIT", 10)
    monkeypatch.setattr(sqlite_total, "SAMPLE_ROWS", 24)
    monkeypatch.setattr(sqlite_total, "SAMPLE_BLOCKS", 4)
    statements: list[str] = []
    opened.connection().set_trace_callback(statements.append)
    result = opened.search(SearchQuery(uscc=(BUYER_CODE,), today=TODAY, facets=("kind",)))
    assert not result.total_exact
    assert result.total == 40  # 16 of the 24 sampled rows name the buyer, times 60 / 24
    assert any("EXISTS (SELECT 1 FROM party p" in sql and "BETWEEN" in sql for sql in statements)


def test_past_the_window_title_matches_rank_first_then_the_newest_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the window bm25 is not run (it read every match of each word first): the window's matches with the
    words in the title come first, then those with them elsewhere, each most recently indexed first."""
    opened = SqliteIndex(tmp_path / "ggzy.db")
    for number in range(10):  # one by one: a higher number is indexed later
        in_title = number in (2, 5, 6)
        title = f"第{number}号{'道路工程' if in_title else '采购'}公告"
        opened.upsert([factories.notice("zj", str(number), title, body_text="本项目为道路工程。", published=TODAY)])
    monkeypatch.setattr(sqlite_total, "RANK_WINDOW", 8)
    seen = factories.paged_ids(opened, SearchQuery(q="道路工程", today=TODAY, size=3))
    ids = {n: factories.notice("zj", str(n), "").id for n in range(10)}
    assert seen == [ids[n] for n in (6, 5, 2, 9, 8, 7, 4, 3)]  # 0 and 1 are outside the 8 most recent
    monkeypatch.setattr(sqlite_total, "RANK_WINDOW", 2_000)
    within = opened.search(SearchQuery(q="道路工程", today=TODAY, size=3))
    assert {hit.notice.id for hit in within.hits} == {ids[2], ids[5], ids[6]}  # bm25 also puts the titles first


@pytest.fixture
def with_penalties(tmp_path: Path) -> SqliteIndex:
    """4 物业 notices; 3 物业 penalties public on ``TODAY``; 3 past their 公示截止期 (not public)."""
    opened = SqliteIndex(tmp_path / "ggzy.db")
    subject = Party("某物业公司", uscc="91330100MA2B3C4D5E")
    opened.upsert(
        [
            *(factories.notice("zj", f"t{n}", f"第{n}号物业服务采购公告", published=TODAY) for n in range(4)),
            *(
                factories.penalty_notice(
                    "zj",
                    f"p{n}",
                    subject,
                    TODAY - timedelta(days=400 * (n % 2)),
                    title=f"第{n}号物业公司行政处罚决定书",
                    decided_on=TODAY - timedelta(days=400 * (n % 2)),
                    publicity_until=TODAY + timedelta(days=30) if n % 2 == 0 else TODAY - timedelta(days=30),
                )
                for n in range(6)
            ),
        ]
    )
    return opened


@pytest.mark.parametrize(("limit", "exact"), [(3, False), (6, False), (7, True), (8, True), (10, True)])
def test_a_count_the_text_index_decides_leaves_out_penalties_past_their_publicity(
    with_penalties: SqliteIndex, monkeypatch: pytest.MonkeyPatch, limit: int, exact: bool
) -> None:
    """The text index alone proves more than the limit only with matches that hold no penalty (4 here): the
    3 withdrawn penalties among the 10 matches never count."""
    monkeypatch.setattr(query_module, "EXACT_TOTAL_LIMIT", limit)
    found = with_penalties.search(SearchQuery(q="物业", today=TODAY, facets=("kind",)))
    assert (found.total, found.total_exact) == (7, exact)
    assert dict(found.facets["kind"]) == {"other": 4, "penalty": 3}
    bare = with_penalties.search(SearchQuery(q="物业", today=TODAY, facets=()))
    assert (bare.total, bare.total_exact) == (7, exact)
    assert with_penalties.search(SearchQuery(q="物业", today=TODAY, include_withdrawn=True)).total == 10


def test_among_penalties_the_text_index_is_not_asked_for_notices_without_one(with_penalties: SqliteIndex) -> None:
    statements: list[str] = []
    with_penalties.connection().set_trace_callback(statements.append)
    found = with_penalties.search(SearchQuery(q="物业", kind=(Kind.PENALTY,), today=TODAY))
    assert found.total == 3
    assert not any("NOT scope" in sql for sql in statements)
    statements.clear()
    assert with_penalties.search(SearchQuery(q="物业", today=TODAY)).total == 7
    assert any("NOT scope" in sql for sql in statements)
