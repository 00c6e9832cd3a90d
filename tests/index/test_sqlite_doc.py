"""The SQLite engine's stored documents (``sqlite_doc``): realistic notices come back exactly through every reader,
take a fraction of their JSON on disk, and a file of schema 6 or 7 (plain JSON documents) keeps its notices once
opened."""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bench.corpus import Corpus
from ggzy.index.query import SearchQuery, Sort
from ggzy.index.sqlite import SCHEMA_VERSION, SqliteIndex
from ggzy.model import Kind, Notice, stored_json

TODAY = date(2025, 6, 1)
EVERY = SearchQuery(include_withdrawn=True, today=TODAY)


@pytest.fixture(scope="module")
def realistic() -> list[Notice]:
    """Notices shaped like the real captures (long bodies, HTML beside the text, penalties among them)."""
    return [Notice.from_dict(record) for record in Corpus(120, seed=11).records()]


@pytest.fixture
def index(tmp_path: Path, realistic: list[Notice]) -> SqliteIndex:
    opened = SqliteIndex(tmp_path / "ggzy.db")
    opened.upsert(realistic)
    return opened


def every_hit(index: SqliteIndex, query: SearchQuery) -> dict[str, dict[str, object]]:
    found, cursor = {}, None
    while True:
        result = index.search(replace(query, size=50, cursor=cursor))
        found.update((hit.notice.id, hit.notice.to_dict()) for hit in result.hits)
        if (cursor := result.next_cursor) is None:
            return found


def what_readers_see(index: SqliteIndex, ids: list[str]) -> dict[str, object]:
    codes = sorted({n.penalty.subject.uscc for n in index.documents(ids).values() if n.penalty and n.penalty.subject})
    return {
        "get": {notice_id: index.get(notice_id) for notice_id in ids},
        "documents": index.documents(ids),
        "scan": [n.to_dict() for n in index.scan(EVERY)],
        "search": every_hit(index, SearchQuery(q="项目", sort=Sort.NEWEST, include_withdrawn=True, today=TODAY)),
        "changes": index.modified_after(0, len(ids))[0],
        "penalties": [r for r in index.party_facts([c for c in codes if c])[0] if r.kind == Kind.PENALTY.value],
    }


def test_realistic_notices_come_back_exactly_from_every_reader(index: SqliteIndex, realistic: list[Notice]) -> None:
    given = {n.id: n.to_dict() for n in realistic}
    assert {n.id: index.get(n.id).to_dict() for n in realistic} == given  # type: ignore[union-attr]
    assert {i: n.to_dict() for i, n in index.documents(list(given)).items()} == given
    assert {n.id: n.to_dict() for n in index.scan(EVERY)} == given
    assert [n.to_dict() for n in index.modified_after(0, len(given))[0]] == list(given.values())
    hits = every_hit(index, SearchQuery(q="项目", include_withdrawn=True, today=TODAY))
    assert len(hits) > 10 and all(hits[notice_id] == given[notice_id] for notice_id in hits)


def test_the_credit_path_reads_each_penalty_from_its_stored_document(
    index: SqliteIndex, realistic: list[Notice]
) -> None:
    penalties = {n.id: n.penalty for n in realistic if n.kind is Kind.PENALTY and n.penalty and n.penalty.subject}
    codes = sorted({p.subject.uscc for p in penalties.values() if p and p.subject and p.subject.uscc})
    assert penalties and codes
    rows = [row for row in index.party_facts(codes)[0] if row.kind == Kind.PENALTY.value]
    assert rows and {row.notice_id for row in rows} <= set(penalties)
    assert all(row.penalty == penalties[row.notice_id] for row in rows)


def test_stored_documents_take_under_half_the_bytes_of_their_json(index: SqliteIndex, realistic: list[Notice]) -> None:
    conn = sqlite3.connect(index.path)
    stored = conn.execute("SELECT sum(length(doc)) FROM notice_doc").fetchone()[0]
    conn.close()
    plain = sum(len(stored_json(n.to_dict())[1].encode("utf-8")) for n in realistic)
    assert stored < plain / 2


#: What schema 7 added beside the plain documents (the filters' and the won awards' indexes).
ADDED_IN_SEVEN = ("notice_centre", "notice_kind", "notice_category", "party_won")


@pytest.mark.parametrize("version", [6, 7])
def test_a_file_of_plain_json_documents_keeps_its_notices_once_opened_and_shrinks_when_rebuilt(
    index: SqliteIndex, realistic: list[Notice], version: int
) -> None:
    ids = [n.id for n in realistic]
    before = what_readers_see(index, ids)
    index.close()
    conn = sqlite3.connect(index.path)
    # As versions 6 and 7 left it: each document as plain JSON text in ``notice_doc.json``.
    documents = [(rid, zlib.decompress(doc).decode("utf-8")) for rid, doc in conn.execute("SELECT * FROM notice_doc")]
    conn.execute("DROP TABLE notice_doc")
    conn.execute("CREATE TABLE notice_doc (rid INTEGER PRIMARY KEY, json TEXT NOT NULL)")
    conn.executemany("INSERT INTO notice_doc (rid, json) VALUES (?, ?)", documents)
    if version == 6:
        for added in ADDED_IN_SEVEN:
            conn.execute(f"DROP INDEX {added}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    plain = index.path.stat().st_size
    reopened = SqliteIndex(index.path)
    assert Path(f"{index.path}-wal").stat().st_size == 0  # the migration's log is given back
    conn = reopened.connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [row[1] for row in conn.execute("PRAGMA table_info(notice_doc)")] == ["rid", "doc"]
    indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(ADDED_IN_SEVEN) <= indexes
    assert what_readers_see(reopened, ids) == before
    reopened.rebuild()
    assert reopened.path.stat().st_size < plain * 0.75
    assert what_readers_see(reopened, ids) == before
