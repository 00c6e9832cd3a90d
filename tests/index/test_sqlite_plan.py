"""The SQLite engine chooses which side of a search it reads first, and every choice gives the same answer; a
version-6 file gains the indexes these reads use."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from ggzy.index import sqlite_doc, sqlite_plan, sqlite_search, textmatch
from ggzy.index.query import SearchQuery, Sort
from ggzy.index.sqlite import SCHEMA_VERSION, SqliteIndex
from ggzy.model import Kind, Party
from tests import factories

TODAY = date(2026, 6, 1)
RARE_CODE = "91330100MA2B3C4D5E"
BUSY_CODE = "11330100002482126Y"


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    """60 notices of 物业服务 over two centres, one of them small; a company named once, another in every third."""
    opened = SqliteIndex(tmp_path / "ggzy.db")
    busy, rare = Party("某市教育局", uscc=BUSY_CODE), Party("某物业公司", uscc=RARE_CODE)
    opened.upsert(
        [
            factories.notice(
                "small" if number % 20 == 0 else "large",
                str(number),
                f"第{number}号物业服务{'智慧校园' if number == 40 else ''}采购公告",
                kind=Kind.AWARD if number % 2 else Kind.TENDER,
                published=TODAY - timedelta(days=number % 9),
                amount=Decimal(1000 + number),
                buyer=busy if number % 3 == 0 else rare if number == 7 else None,
            )
            for number in range(60)
        ]
    )
    return opened


def migrated(path: Path) -> SqliteIndex:
    """The file at ``path`` opened again, once its schema has been brought up to this ggzy's."""
    opened = SqliteIndex(path)
    assert opened.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    return opened


QUERIES = [
    SearchQuery(q="物业", centre=("small",), today=TODAY, facets=("kind", "year")),
    SearchQuery(q="物业", kind=(Kind.AWARD,), today=TODAY, sort=Sort.NEWEST, facets=("centre",)),
    SearchQuery(q="智慧", centre=("small",), today=TODAY),
    SearchQuery(q="物业 -智慧", uscc=(BUSY_CODE,), today=TODAY, sort=Sort.AMOUNT),
    SearchQuery(q="采购", uscc=(RARE_CODE,), today=TODAY),
]


def answer(index: SqliteIndex, query: SearchQuery) -> tuple[int, list[str], dict[str, list[tuple[str, int]]]]:
    found = index.search(query)
    return found.total, [hit.notice.id for hit in found.hits], found.facets


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_every_order_finds_the_same_matches_in_the_same_order(
    index: SqliteIndex, monkeypatch: pytest.MonkeyPatch, query: SearchQuery
) -> None:
    answers = {}
    for order in ("words", "notices", "filtered"):
        monkeypatch.setattr(sqlite_search, "choose_order", lambda _conn, _query, _in_text, chosen=order: chosen)
        answers[order] = answer(index, query)
    assert answers["words"][0] > 0
    assert answers["words"] == answers["notices"] == answers["filtered"]


def test_a_common_word_in_a_small_centre_is_counted_by_the_text_index_within_the_centre(index: SqliteIndex) -> None:
    conn = index.connection()
    assert sqlite_plan.word_matches(conn, SearchQuery(q="物业", today=TODAY)) == 60
    assert sqlite_plan.word_matches(conn, QUERIES[0]) == 3
    assert sqlite_search.filters_in_text(QUERIES[0])
    assert sqlite_plan.choose_order(conn, QUERIES[0], in_text=True) == "words"
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    assert index.search(QUERIES[0]).total == 3
    assert not any("+notice_text.rowid IN" in sql for sql in statements)
    # Ranked by bm25 (3 matches), the words still read only the centre's: not every notice naming 物业.
    ranked = [sql for sql in statements if "bm25(" in sql]
    assert ranked and all("scope :" in sql for sql in ranked)


def test_a_filter_the_text_index_does_not_hold_is_read_from_the_notices() -> None:
    assert not sqlite_search.filters_in_text(replace(QUERIES[0], region="33"))
    assert not sqlite_search.filters_in_text(replace(QUERIES[0], published_from=TODAY))
    assert not sqlite_search.filters_in_text(QUERIES[4])
    assert not sqlite_search.filters_in_text(SearchQuery(q="-物业", today=TODAY))


def test_what_a_user_types_never_reaches_the_scope_terms(index: SqliteIndex) -> None:
    term = textmatch.scope_term("centre", "small")
    assert index.search(SearchQuery(q=term, today=TODAY)).total == 0
    assert index.search(SearchQuery(q=f"title:{term}", today=TODAY)).total == 0
    assert index.search(SearchQuery(q="物业", centre=("small", "large"), today=TODAY)).total == 60


def test_a_notice_moved_to_another_kind_is_found_under_the_new_kind_only(index: SqliteIndex) -> None:
    awarded = QUERIES[0]
    moved = factories.notice("small", "0", "第0号物业服务采购公告", kind=Kind.AWARD, published=TODAY)
    assert index.search(replace(awarded, kind=(Kind.TENDER,))).total == 3
    index.upsert([moved])
    assert index.search(replace(awarded, kind=(Kind.TENDER,))).total == 2
    assert [hit.notice.id for hit in index.search(replace(awarded, kind=(Kind.AWARD,))).hits] == [moved.id]
    index.upsert([replace(moved, centre="large")])
    assert index.search(replace(awarded, kind=(Kind.AWARD,))).total == 0


def test_a_version_eight_file_gains_the_scope_of_its_text_index_once_opened(index: SqliteIndex) -> None:
    before = [answer(index, query) for query in QUERIES]
    index.close()
    conn = sqlite3.connect(index.path)
    # As version 8 left it: the text index without the scope column.
    conn.execute("DROP TABLE notice_text")
    conn.execute(
        "CREATE VIRTUAL TABLE notice_text USING fts5 (title, body, buyer, agency, winner, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    rows = conn.execute("SELECT rid, doc FROM notice_doc").fetchall()
    conn.executemany(
        "INSERT INTO notice_text (rowid, title, body, buyer, agency, winner) VALUES (?, ?, ?, ?, ?, ?)",
        [(rid, *textmatch.fts_row(sqlite_doc.read_notice(doc))[:5]) for rid, doc in rows],
    )
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    reopened = migrated(index.path)
    conn = reopened.connection()
    assert "scope" in {row[1] for row in conn.execute("PRAGMA table_info(notice_text)")}
    assert [answer(reopened, query) for query in QUERIES] == before


def test_a_rare_word_drives_and_a_rare_company_is_asked_about_its_few_notices(
    index: SqliteIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = index.connection()
    assert sqlite_plan.choose_order(conn, replace(QUERIES[2], centre=("large",))) == "words"
    assert sqlite_plan.choose_order(conn, SearchQuery(q="物业", today=TODAY)) == "words"  # no filter to count
    monkeypatch.setattr(sqlite_plan, "SCAN_US", 10.0)  # as if the word matched a hundred times more notices
    assert sqlite_plan.choose_order(conn, QUERIES[4]) == "notices"


def test_costs_follow_the_sizes_of_both_sides() -> None:
    common_in_small = sqlite_plan.costs(words=150_000, filtered=13_000, is_covered=True)
    assert min(common_in_small, key=common_in_small.__getitem__) == "filtered"
    rare_word = sqlite_plan.costs(words=50, filtered=13_000)
    assert min(rare_word, key=rare_word.__getitem__) == "words"
    rare_code = sqlite_plan.costs(words=100_000, filtered=2)
    assert min(rare_code, key=rare_code.__getitem__) == "notices"


@pytest.mark.parametrize("sort", [Sort.NEWEST, Sort.AMOUNT])
def test_a_company_walk_pages_in_the_order_of_sorting(
    index: SqliteIndex, monkeypatch: pytest.MonkeyPatch, sort: Sort
) -> None:
    query = SearchQuery(uscc=(BUSY_CODE,), today=TODAY, size=3, sort=sort)
    statements: list[str] = []
    index.connection().set_trace_callback(statements.append)
    sorted_order = factories.paged_ids(index, query)
    assert len(sorted_order) == 20 and not any("INDEXED BY" in sql for sql in statements)
    monkeypatch.setattr(sqlite_search, "broad", lambda total: True)
    assert factories.paged_ids(index, query) == sorted_order
    assert any("INDEXED BY" in sql and "EXISTS (SELECT 1 FROM party p" in sql for sql in statements)


def test_a_version_six_file_gains_the_filter_indexes_once_opened(index: SqliteIndex) -> None:
    index.close()
    conn = sqlite3.connect(index.path)
    for name in [*sqlite_plan.FILTER_INDEX.values(), "party_won"]:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    reopened = migrated(index.path)
    conn = reopened.connection()
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    assert {*sqlite_plan.FILTER_INDEX.values(), "party_won"} <= names
    assert reopened.search(QUERIES[0]).total == 3
    assert reopened.entity(BUSY_CODE, today=TODAY) is not None
