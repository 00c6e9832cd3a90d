"""Integrity flags in the SQLite engine: one row per stored result, its parties beside it, the version in a
one-row table.

``flag`` holds the columns readers filter and sort on and the result's JSON (``StoredFlag.to_dict``);
``flag_party`` one row per party of a result, for ``party=``; ``flag_basis`` each notice's dependency keys
(``flags.affected``), and ``flag_meta`` the catalogue version with the sequence and day of the basis. ``replace``
(every result) and ``replace_of`` (the results of some notices) run in the caller's write transaction, so readers
see the old results or the new ones, never a mix. The search filter ``flag=`` and the ``flag`` facet read
``flag`` through ``triggered_clause``.

``flag_basis`` came after schema version 5 without a new version: ``replace`` creates it when it is missing
(``BASIS_SCHEMA``), and until it has run the stored results have no basis, so the next update refreshes them all.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from typing import Any

from ggzy.flags.model import FlagBasis, FlagMark, FlagResult, FlagState, StoredFlag, stamp_flags
from ggzy.index.base import FlagQuery

#: Rows read at a time by ``stream``.
STREAM_BATCH = 1_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS flag (
    notice_id TEXT NOT NULL,
    flag TEXT NOT NULL,
    state TEXT NOT NULL,
    published TEXT NOT NULL,          -- ISO date, '' when unknown
    buyer TEXT,
    region_code TEXT,
    triggered_since TEXT,             -- ISO date, NULL when not triggered
    hidden_from TEXT,                 -- first day it leaves public outputs, NULL when it never does
    json TEXT NOT NULL,
    PRIMARY KEY (notice_id, flag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flag_newest ON flag (published DESC, triggered_since DESC);
CREATE INDEX IF NOT EXISTS flag_by_flag ON flag (flag, state);
CREATE INDEX IF NOT EXISTS flag_by_state ON flag (state, flag);
CREATE INDEX IF NOT EXISTS flag_buyer ON flag (buyer) WHERE buyer IS NOT NULL;
CREATE TABLE IF NOT EXISTS flag_party (notice_id TEXT NOT NULL, flag TEXT NOT NULL, party TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS flag_party_party ON flag_party (party);
CREATE TABLE IF NOT EXISTS flag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
BASIS_SCHEMA = """
CREATE TABLE IF NOT EXISTS flag_basis (key TEXT NOT NULL, notice_id TEXT NOT NULL, PRIMARY KEY (key, notice_id))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flag_basis_notice ON flag_basis (notice_id);
CREATE INDEX IF NOT EXISTS flag_party_notice ON flag_party (notice_id);
"""
SCHEMA += BASIS_SCHEMA
#: Ids bound in one ``IN (…)`` list.
CHUNK = 500

INSERT_FLAG = (
    "INSERT INTO flag (notice_id, flag, state, published, buyer, region_code, triggered_since, hidden_from, json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
VISIBLE = "(hidden_from IS NULL OR hidden_from > ?)"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def _triggered(conn: sqlite3.Connection, where: str = "", params: Iterable[Any] = ()) -> dict[tuple[str, str], Any]:
    return {
        (notice_id, flag): date.fromisoformat(since) if since else None
        for notice_id, flag, since in conn.execute(
            f"SELECT notice_id, flag, triggered_since FROM flag WHERE state = ? {where}",
            (FlagState.TRIGGERED.value, *params),
        )
    }


def _write(
    conn: sqlite3.Connection,
    results: Iterable[FlagResult],
    triggered: dict[tuple[str, str], date | None],
    version: str,
    today: date,
    basis: FlagBasis | None,
) -> int:
    """Insert ``results`` and ``basis`` (their old rows deleted by the caller) and set the meta rows."""
    rows, parties = [], []
    for data in stamp_flags(results, triggered, today):
        rows.append(
            (
                data["notice_id"],
                data["flag"],
                data["state"],
                data["published"] or "",
                data["buyer"],
                data["region_code"],
                data["triggered_since"],
                data["hidden_from"],
                json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            )
        )
        parties += [(data["notice_id"], data["flag"], party) for party in set(data["parties"])]
    rows.sort(key=lambda row: (row[0], row[1]))  # in key order: each insert appends to the table's B-tree
    conn.executemany(INSERT_FLAG, rows)
    parties.sort()
    conn.executemany("INSERT INTO flag_party (notice_id, flag, party) VALUES (?, ?, ?)", parties)
    meta = [("version", version)]
    if basis is not None:
        conn.executemany("INSERT INTO flag_basis (notice_id, key) VALUES (?, ?)", basis.keys)
        meta += [("sequence", str(basis.sequence)), ("day", basis.day.isoformat())]
    else:
        conn.execute("DELETE FROM flag_meta WHERE key IN ('sequence', 'day')")
    conn.executemany("INSERT OR REPLACE INTO flag_meta (key, value) VALUES (?, ?)", meta)
    return len(rows)


def replace(
    conn: sqlite3.Connection, results: Iterable[FlagResult], version: str, today: date, basis: FlagBasis | None
) -> int:
    """Replace every stored result and the basis with ``results`` and ``basis`` (inside the caller's write
    transaction)."""
    triggered = _triggered(conn)
    for statement in BASIS_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    for table in ("flag", "flag_party", "flag_basis"):
        conn.execute(f"DELETE FROM {table}")
    return _write(conn, results, triggered, version, today, basis)


def replace_of(
    conn: sqlite3.Connection,
    notice_ids: Collection[str],
    results: Iterable[FlagResult],
    version: str,
    today: date,
    basis: FlagBasis,
) -> int:
    """Replace the stored results and basis keys of the notices ``notice_ids`` (inside the caller's write
    transaction)."""
    triggered: dict[tuple[str, str], date | None] = {}
    for chunk in _chunks(notice_ids):
        triggered.update(_triggered(conn, f"AND notice_id IN ({_marks(chunk)})", chunk))
        for table in ("flag", "flag_party", "flag_basis"):
            conn.execute(f"DELETE FROM {table} WHERE notice_id IN ({_marks(chunk)})", chunk)
    return _write(conn, results, triggered, version, today, basis)


def mark(conn: sqlite3.Connection) -> FlagMark | None:
    """The ``Index.flags_mark`` of the SQLite engine."""
    meta = dict(conn.execute("SELECT key, value FROM flag_meta").fetchall())
    if "version" not in meta:
        return None
    day = meta.get("day")
    sequence = meta.get("sequence")
    return FlagMark(meta["version"], int(sequence) if sequence else None, date.fromisoformat(day) if day else None)


def keys(conn: sqlite3.Connection, notice_ids: Collection[str]) -> dict[str, set[str]]:
    """The ``Index.flag_keys`` of the SQLite engine."""
    found: dict[str, set[str]] = {}
    for chunk in _chunks(notice_ids):
        sql = f"SELECT notice_id, key FROM flag_basis WHERE notice_id IN ({_marks(chunk)})"
        for notice_id, key in conn.execute(sql, chunk):
            found.setdefault(notice_id, set()).add(key)
    return found


def keyed(conn: sqlite3.Connection, wanted: Collection[str]) -> set[str]:
    """The ``Index.flag_keyed`` of the SQLite engine."""
    found: set[str] = set()
    for chunk in _chunks(wanted):
        sql = f"SELECT notice_id FROM flag_basis WHERE key IN ({_marks(chunk)})"
        found.update(notice_id for (notice_id,) in conn.execute(sql, chunk))
    return found


def _select(query: FlagQuery) -> tuple[str, list[Any]]:
    """The SELECT of the stored results ``query`` asks for, newest first, without its page."""
    clauses, params = [VISIBLE], [query.today.isoformat()]
    for sql, value in (
        ("notice_id = ?", query.notice_id),
        ("flag = ?", query.flag),
        ("state = ?", query.state.value if query.state else None),
        ("buyer = ?", query.buyer),
        ("region_code GLOB ?", f"{query.region}*" if query.region else None),
        ("triggered_since >= ?", _iso(query.since)),
        ("(notice_id, flag) IN (SELECT notice_id, flag FROM flag_party WHERE party = ?)", query.party),
    ):
        if value is not None:
            clauses.append(sql)
            params.append(value)
    sql = (
        f"SELECT json FROM flag WHERE {' AND '.join(clauses)} "
        "ORDER BY published DESC, triggered_since DESC, notice_id, flag"
    )
    return sql, params


def flags(conn: sqlite3.Connection, query: FlagQuery) -> list[StoredFlag]:
    """The ``Index.flags`` of the SQLite engine."""
    sql, params = _select(query)
    rows = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*params, query.limit, query.offset]).fetchall()
    return [StoredFlag.from_dict(json.loads(text)) for (text,) in rows]


def stream(conn: sqlite3.Connection, query: FlagQuery) -> Iterator[StoredFlag]:
    """The ``Index.stream_flags`` of the SQLite engine: one statement read as it goes, so the cost stays linear in
    the results however many there are (pages by offset would re-read every skipped row)."""
    sql, params = _select(query)
    cursor = conn.execute(sql, params)
    while rows := cursor.fetchmany(STREAM_BATCH):
        for (text,) in rows:
            yield StoredFlag.from_dict(json.loads(text))


def coverage(conn: sqlite3.Connection, today: date) -> dict[str, dict[str, int]]:
    """The ``Index.flag_coverage`` of the SQLite engine."""
    found: dict[str, dict[str, int]] = {}
    for flag, state, count in conn.execute(
        f"SELECT flag, state, count(*) FROM flag WHERE {VISIBLE} GROUP BY flag, state ORDER BY flag, state",
        (today.isoformat(),),
    ):
        found.setdefault(flag, {})[state] = int(count)
    return found


def triggered_clause(flags: tuple[str, ...], today: str) -> tuple[str, list[Any]]:
    """SQL keeping notices (``notice n``) with one of ``flags`` triggered and public on ``today``."""
    marks = ", ".join("?" * len(flags))
    return (
        f"n.id IN (SELECT notice_id FROM flag WHERE flag IN ({marks}) AND state = 'triggered' AND {VISIBLE})",
        [*flags, today],
    )


def facet(conn: sqlite3.Connection, rids: Iterable[str], today: str) -> Counter[str]:
    """The ``flag`` facet over the matches with row ids ``rids`` (the matches counted, or the sample of them past
    the limit, read in the same pass as the other facets): how many have each flag triggered and public on
    ``today``.

    The triggered results are read, each looking up its notice by id, and counted when the notice is among
    ``rids``: they are far fewer than the notices, and SQLite would otherwise run the text match again for every
    triggered result. Reading every match's row id instead grew with the matches (linear past the limit)."""
    matched = {int(rid) for rid in rids}
    triggered = (
        "SELECT n.rid, f.flag FROM flag f CROSS JOIN notice n ON n.id = f.notice_id "
        "WHERE f.state = 'triggered' AND (f.hidden_from IS NULL OR f.hidden_from > ?)"
    )
    return Counter(flag for rid, flag in conn.execute(triggered, [today]) if rid in matched) if matched else Counter()
