"""The SQLite engine on its own: the file, concurrency, and what only it does (the rest is in conformance)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ggzy.flags.model import FlagResult, FlagState
from ggzy.index import open_index
from ggzy.index.query import SearchQuery, Sort
from ggzy.index.sqlite import SCHEMA_VERSION, SqliteIndex
from ggzy.model import Category, Kind, Notice, Party, Penalty
from tests import factories

TODAY = date(2025, 6, 1)


def notice(number: int, title: str = "", body: str = "", **fields: object) -> Notice:
    values: dict[str, object] = {
        "id": f"t-{number:05d}",
        "body_text": body,
        "kind": Kind.TENDER,
        "category": Category.ENGINEERING,
        "published": date(2024, 1, 1 + number % 28),
        "region_code": "330100",
    }
    values.update(fields)
    return factories.notice("zj", str(number), title or f"第{number}号公告", **values)


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    return SqliteIndex(tmp_path / "nested" / "folder" / "ggzy.db")


def test_creates_parent_folders_and_uses_write_ahead_logging(index: SqliteIndex) -> None:
    assert index.path.is_file()
    conn = sqlite3.connect(index.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_open_index_reads_the_sqlite_url(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.db"
    with open_index(f"sqlite:///{target}") as index:
        assert isinstance(index, SqliteIndex)
        index.upsert([notice(1)])
        assert index.status() == {
            "engine": "sqlite",
            "url": f"sqlite:///{target}",
            "count": 1,
            "size": index.status()["size"],
        }
        assert index.status()["size"] > 0


def test_an_update_replaces_the_words_it_is_found_by(index: SqliteIndex) -> None:
    index.upsert([notice(1, title="道路改造工程招标公告")])
    report = index.upsert([notice(1, title="学校食堂采购公告")])
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 0)
    assert index.search(SearchQuery(q="道路", today=TODAY)).total == 0
    assert [h.notice.id for h in index.search(SearchQuery(q="食堂", today=TODAY)).hits] == ["t-00001"]
    assert index.count() == 1


def test_rebuild_keeps_every_notice_findable(index: SqliteIndex) -> None:
    index.upsert([notice(n, title=f"第{n}标段市政道路工程") for n in range(30)])
    index.rebuild()
    assert index.count() == 30
    assert index.search(SearchQuery(q="市政道路", today=TODAY)).total == 30


def _write_batch(path: str, start: int) -> None:
    target = SqliteIndex(path)
    for offset in range(0, 200, 20):
        target.upsert([notice(start + offset + i, title="并发写入测试工程") for i in range(20)])
    target.close()


def test_several_processes_write_at_once_without_losing_a_notice(index: SqliteIndex) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_batch, args=(str(index.path), start)) for start in (0, 1000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert index.count() == 400
    seen, cursor = [], None
    while True:
        batch, cursor = index.changes(cursor, limit=64)
        if not batch:
            break
        seen += [n.id for n in batch]
    assert len(seen) == len(set(seen)) == 400
    assert index.changes_head() == cursor


def test_a_withdrawn_penalty_is_stored_but_never_public(index: SqliteIndex) -> None:
    penalty = notice(
        7,
        title="行政处罚决定书",
        kind=Kind.PENALTY,
        penalty=Penalty(subject=Party("某建设有限公司"), publicity_until=date(2025, 5, 31)),
    )
    index.upsert([penalty])
    assert index.get(penalty.id) == Notice.from_dict(
        {**penalty.to_dict(), "content_hash": penalty.compute_content_hash()}
    )
    assert index.count() == 1
    assert index.search(SearchQuery(q="处罚", today=TODAY)).total == 0
    assert index.search(SearchQuery(q="处罚", today=date(2025, 5, 31))).total == 1


def test_amount_sort_puts_unknown_amounts_last_and_pages_by_cursor(index: SqliteIndex) -> None:
    amounts = [Decimal("5"), None, Decimal("300"), Decimal("300"), None, Decimal("1.5")]
    index.upsert([notice(n, amount=a) for n, a in enumerate(amounts)])
    order, cursor = [], None
    while True:
        result = index.search(SearchQuery(sort=Sort.AMOUNT, size=4, cursor=cursor, today=TODAY))
        order += [(h.notice.amount, h.notice.id) for h in result.hits]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert order == [
        (Decimal("300"), "t-00002"),
        (Decimal("300"), "t-00003"),
        (Decimal("5"), "t-00000"),
        (Decimal("1.5"), "t-00005"),
        (None, "t-00001"),
        (None, "t-00004"),
    ]


def test_a_version_one_file_gains_the_name_table_when_opened(index: SqliteIndex) -> None:
    index.upsert([notice(1, buyer=Party("杭州市西湖区教育局", uscc="11330106002491233K"))])
    conn = sqlite3.connect(index.path)
    conn.execute("DROP TABLE entity_name")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    index.close()
    reopened = SqliteIndex(index.path)
    assert [m.uscc for m in reopened.find_entities("西湖区教育")] == ["11330106002491233K"]


def test_a_version_two_file_keeps_amounts_exactly_once_opened(index: SqliteIndex) -> None:
    """Version 2 stored party amounts as REAL; opening it re-derives the party table with exact amounts."""
    winners = [Party("甲公司", uscc="914308216620XLUA6M", amount=Decimal("0.10"), lot="1")]
    winners.append(Party("甲公司", uscc="914308216620XLUA6M", amount=Decimal("0.20"), lot="2"))
    index.upsert([notice(1, kind=Kind.AWARD, project_code="P", winners=winners)])
    conn = sqlite3.connect(index.path)
    conn.execute("DROP TABLE party")
    conn.execute("CREATE TABLE party (notice_rid INTEGER, uscc TEXT, name TEXT, name_key TEXT, role TEXT, amount REAL)")
    conn.execute("INSERT INTO party VALUES (1, '914308216620XLUA6M', '甲公司', 'x', 'winner', 0.1)")
    conn.execute("INSERT INTO party VALUES (1, '914308216620XLUA6M', '甲公司', 'x', 'winner', 0.2)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    index.close()
    reopened = SqliteIndex(index.path)
    profile = reopened.entity("914308216620XLUA6M")
    assert profile is not None and str(profile.awards_total) == "0.30"
    assert reopened.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_two_file_is_searchable_by_party_and_traditional_text_when_opened(index: SqliteIndex) -> None:
    index.upsert([notice(1, title="醫院設備採購", buyer=Party("杭州市西湖区教育局", uscc="11330106002491233K"))])
    conn = sqlite3.connect(index.path)
    conn.execute("DROP TABLE notice_text")
    conn.execute("CREATE VIRTUAL TABLE notice_text USING fts5 (title, body, content='')")
    conn.execute("DROP INDEX notice_deadline")
    conn.execute("ALTER TABLE notice DROP COLUMN deadline")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    index.close()
    reopened = SqliteIndex(index.path)
    assert [h.notice.id for h in reopened.search(SearchQuery(q="采购人:教育局 医院")).hits] == [notice(1).id]


def test_a_version_three_file_learns_when_its_penalties_become_public_once_opened(index: SqliteIndex) -> None:
    decided = date(2099, 1, 1)
    ahead = notice(8, title="行政处罚决定书", kind=Kind.PENALTY,
                   penalty=Penalty(subject=Party("某建设有限公司"), decided_on=decided))  # fmt: skip
    index.upsert([ahead])
    conn = sqlite3.connect(index.path)
    conn.execute("UPDATE notice SET public_from = NULL")  # as version 3 left it: no first public day
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    index.close()
    reopened = SqliteIndex(index.path)
    assert reopened.search(SearchQuery(q="处罚", today=TODAY)).total == 0
    assert reopened.search(SearchQuery(q="处罚", today=decided)).total == 1


def test_a_version_four_file_gains_the_flag_tables_and_keeps_its_notices_once_opened(index: SqliteIndex) -> None:
    index.upsert([notice(1), notice(2)])
    conn = sqlite3.connect(index.path)
    for table in ("flag", "flag_party", "flag_meta"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    index.close()
    reopened = SqliteIndex(index.path)
    assert reopened.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert reopened.count() == 2 and reopened.flags_version() is None and reopened.flags() == []
    stored = FlagResult("single_bid", notice(1).id, FlagState.TRIGGERED, "仅 1 家投标人", published=TODAY)
    assert reopened.replace_flags([stored], "2026.1", today=TODAY) == 1
    assert [h.notice.id for h in reopened.search(SearchQuery(flag=("single_bid",), today=TODAY)).hits] == [notice(1).id]
