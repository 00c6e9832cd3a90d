"""Writing to the SQLite engine: one batch of notices becomes a few ``executemany`` calls in one transaction.

The caller holds the write lock (``BEGIN IMMEDIATE``), so row ids and the modification sequence are taken as
``max()+1`` here without a race. The FTS table is contentless: taking a notice's words out needs the words it was
given, which ``fts_text`` re-derives from the stored document (``sqlite_doc``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import chain
from typing import Any

from ggzy.index import sqlite_tally
from ggzy.index.base import UpsertReport
from ggzy.index.profile import placed_parties
from ggzy.index.sqlite_doc import INSERT_DOC, encode_document, in_batches, read_notice
from ggzy.index.textmatch import fts_row
from ggzy.model import Notice, stored_json
from ggzy.normalize.dates import china_day

#: How many ids one ``IN (...)`` look-up asks for.
LOOKUP_CHUNK = 500

NOTICE_COLUMNS = (
    "rid, id, centre, kind, category, published, region_code, province, project_code, amount, hidden_from, "
    "harvested_at, content_hash, modified_seq, deadline, public_from"
)
INSERT_NOTICE = f"INSERT OR REPLACE INTO notice ({NOTICE_COLUMNS}) VALUES ({', '.join('?' * 16)})"
TEXT_COLUMNS = "title, body, buyer, agency, winner, scope"
INSERT_TEXT = f"INSERT INTO notice_text (rowid, {TEXT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
DELETE_TEXT = f"INSERT INTO notice_text (notice_text, rowid, {TEXT_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)"
INSERT_PARTY = "INSERT INTO party (notice_rid, uscc, name, name_key, role, amount) VALUES (?, ?, ?, ?, ?, ?)"
INSERT_ENTITY_NAME = "INSERT OR IGNORE INTO entity_name (uscc, name, name_key) VALUES (?, ?, ?)"
FILL_ENTITY_NAMES = (
    "INSERT OR IGNORE INTO entity_name (uscc, name, name_key) "
    "SELECT DISTINCT uscc, name, name_key FROM party WHERE uscc IS NOT NULL"
)


def public_days(notice: Notice) -> tuple[str | None, str | None]:
    """``Notice.public_from`` and ``Notice.hidden_from`` as the stored columns (ISO days, or None)."""
    first, gone = notice.public_from(), notice.hidden_from()
    return (first.isoformat() if first else None, gone.isoformat() if gone else None)


def party_rows(notice: Notice) -> list[tuple[str | None, str, str, str, str | None]]:
    """``(uscc, name, name_key, role, amount)`` for every party; the amount is kept exact, as text."""
    from ggzy.normalize.names import name_key

    return [
        (p.uscc, p.name, name_key(p.name), role, None if p.amount is None else str(p.amount))
        for role, p in placed_parties(notice)
    ]


def notice_row(rid: int, notice: Notice, content_hash: str, seq: int) -> tuple[Any, ...]:
    """The ``notice`` table row of a notice, in ``NOTICE_COLUMNS`` order."""
    region = notice.region_code
    return (
        rid,
        notice.id,
        notice.centre,
        notice.kind.value,
        notice.category.value,
        notice.published.isoformat() if notice.published else "",
        region,
        region[:2] + "0000" if region else None,
        notice.project_code,
        None if notice.amount is None else float(notice.amount),
        public_days(notice)[1],
        notice.harvested_at.isoformat() if notice.harvested_at else None,
        content_hash,
        seq,
        china_day(notice.deadline),
        public_days(notice)[0],
    )


def _existing(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for rid, notice_id, content_hash in conn.execute(
            f"SELECT rid, id, content_hash FROM notice WHERE id IN ({marks})", chunk
        ):
            found[notice_id] = (rid, content_hash)
    return found


def _remove(conn: sqlite3.Connection, rids: list[int]) -> list[sqlite_tally.Counted]:
    """Take stored notices' words out of the FTS index and their parties out of the party table; returns how
    they were tallied."""
    tallied = []
    for start in range(0, len(rids), LOOKUP_CHUNK):
        chunk = rids[start : start + LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(f"SELECT rid, doc FROM notice_doc WHERE rid IN ({marks})", chunk).fetchall()
        removals = []
        for rid, doc in rows:
            removals.append((rid, *fts_row(read_notice(doc))))
        conn.executemany(DELETE_TEXT, removals)
        tallied += sqlite_tally.stored(conn, chunk)
        conn.execute(f"DELETE FROM party WHERE notice_rid IN ({marks})", chunk)
    return tallied


def write_batch(conn: sqlite3.Connection, notices: Iterable[Notice]) -> UpsertReport:
    """Insert or replace ``notices`` (inside the caller's write transaction) and report what changed."""
    batch = list(notices)
    report = UpsertReport()
    known = _existing(conn, list({n.id for n in batch}))
    seq, rid = conn.execute("SELECT coalesce(max(modified_seq), 0), coalesce(max(rid), 0) FROM notice").fetchone()
    pending: dict[str, tuple[Notice, str, int, str, int]] = {}
    replaced: list[int] = []
    for notice in batch:
        stored = known.get(notice.id)
        if stored is not None and notice.content_hash and stored[1] == notice.content_hash:
            report.unchanged += 1  # hash given and unchanged: nothing to encode
            continue
        # One encoding per notice gives both the content hash and the stored document.
        content_hash, document = stored_json(notice.to_dict())
        if stored is not None and stored[1] == content_hash:
            report.unchanged += 1
            continue
        seq += 1
        if stored is None:
            rid += 1
            report.inserted += 1
            target = rid
        else:
            report.updated += 1
            target = stored[0]
            if notice.id not in pending:
                replaced.append(target)
        known[notice.id] = (target, content_hash)
        pending.pop(notice.id, None)
        pending[notice.id] = (notice, document, target, content_hash, seq)
    removed = _remove(conn, replaced) if replaced else []
    notice_rows, doc_rows, text_rows, parties, added = [], [], [], [], []
    for notice, document, target, content_hash, modified_seq in pending.values():
        notice_rows.append(notice_row(target, notice, content_hash, modified_seq))
        doc_rows.append((target, encode_document(document)))
        text_rows.append((target, *fts_row(notice)))
        placed = party_rows(notice)
        parties += [(target, *party) for party in placed]
        tallied = sqlite_tally.counted(notice, [(uscc, name) for uscc, name, *_rest in placed])
        if tallied is not None:
            added.append(tallied)
    conn.executemany(INSERT_NOTICE, notice_rows)
    conn.executemany(INSERT_DOC, doc_rows)
    conn.executemany(INSERT_TEXT, text_rows)
    conn.executemany(INSERT_PARTY, parties)
    conn.executemany(INSERT_ENTITY_NAME, {(p[1], p[2], p[3]) for p in parties if p[1]})
    sqlite_tally.apply(conn, added, removed)
    return report


def fill_public_days(conn: sqlite3.Connection, rid: int, notice: Notice) -> None:
    """Re-derive the stored public days of one notice (the publicity rules may have changed since)."""
    conn.execute("UPDATE notice SET public_from = ?, hidden_from = ? WHERE rid = ?", (*public_days(notice), rid))


def refill_public_days(conn: sqlite3.Connection) -> None:
    """Re-derive the public days of every stored penalty (inside a write transaction)."""
    for rid, doc in conn.execute(
        "SELECT d.rid, d.doc FROM notice_doc d JOIN notice n ON n.rid = d.rid WHERE n.kind = 'penalty'"
    ).fetchall():
        fill_public_days(conn, rid, read_notice(doc))


def refill_text(conn: sqlite3.Connection) -> None:
    """Fill the empty FTS index from the stored notices (inside a write transaction), a batch of documents at a
    time (``sqlite_doc.in_batches``)."""
    for rows in in_batches(conn):
        conn.executemany(INSERT_TEXT, [(rid, *fts_row(read_notice(doc))) for rid, doc in rows])
    conn.execute("INSERT INTO notice_text (notice_text) VALUES ('optimize')")


def rebuild_text(conn: sqlite3.Connection) -> None:
    """Re-derive the FTS index, the party table and its tallies from the stored notices (inside a write
    transaction)."""
    conn.execute("INSERT INTO notice_text (notice_text) VALUES ('delete-all')")
    conn.execute("DELETE FROM party")
    conn.execute("DELETE FROM entity_name")
    for rid, doc in chain.from_iterable(in_batches(conn)):
        notice = read_notice(doc)
        conn.execute(INSERT_TEXT, (rid, *fts_row(notice)))
        conn.execute("UPDATE notice SET deadline = ? WHERE rid = ?", (china_day(notice.deadline), rid))
        if notice.penalty is not None:  # the publicity rules may have changed since it was written
            fill_public_days(conn, rid, notice)
        conn.executemany(INSERT_PARTY, [(rid, *party) for party in party_rows(notice)])
    conn.execute(FILL_ENTITY_NAMES)
    sqlite_tally.refill(conn)
    conn.execute("INSERT INTO notice_text (notice_text) VALUES ('optimize')")
