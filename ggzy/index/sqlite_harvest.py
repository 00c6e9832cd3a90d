"""The SQLite engine's harvest state: three small tables beside the notices, in the same file.

``harvest_seen`` holds one row per committed (centre, source id); ``harvest_centre`` one JSON record per centre
with a version number for compare-and-set; ``harvest_crawl`` one JSON record per crawl and centre. The tables are
created on first use (``ensure``), so an index file written before they existed gains them without a schema
bump. Look-ups and writes touch the rows of their arguments only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from typing import Any

#: How many ids one ``IN (...)`` look-up asks for.
LOOKUP_CHUNK = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS harvest_seen (
    centre TEXT NOT NULL,
    source_id TEXT NOT NULL,
    PRIMARY KEY (centre, source_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS harvest_centre (
    centre TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS harvest_crawl (
    crawl_id TEXT NOT NULL,
    centre TEXT NOT NULL,
    finished TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (centre, crawl_id)
);
CREATE INDEX IF NOT EXISTS harvest_crawl_newest ON harvest_crawl (centre, finished DESC);
"""


def ensure(conn: sqlite3.Connection) -> None:
    """Create the harvest tables if this file lacks them."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'harvest_crawl_newest'").fetchone():
        return
    conn.executescript(SCHEMA)


def committed_ids(conn: sqlite3.Connection, centre: str, source_ids: Collection[str]) -> set[str]:
    wanted = list(dict.fromkeys(source_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT source_id FROM harvest_seen WHERE centre = ? AND source_id IN ({marks})", [centre, *chunk]
        )
        found.update(row[0] for row in rows)
    return found


def mark_committed(conn: sqlite3.Connection, centre: str, source_ids: Iterable[str]) -> None:
    rows = [(centre, i) for i in dict.fromkeys(source_ids) if i]
    if not rows:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("INSERT OR IGNORE INTO harvest_seen (centre, source_id) VALUES (?, ?)", rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def centre_record(conn: sqlite3.Connection, centre: str) -> tuple[dict[str, Any], str | None]:
    row = conn.execute("SELECT record, version FROM harvest_centre WHERE centre = ?", (centre,)).fetchone()
    return ({}, None) if row is None else (json.loads(row[0]), str(row[1]))


def put_centre_record(conn: sqlite3.Connection, centre: str, record: dict[str, Any], version: str | None) -> bool:
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if version is None:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO harvest_centre (centre, record, version) VALUES (?, ?, 1)", (centre, text)
            )
        else:
            cursor = conn.execute(
                "UPDATE harvest_centre SET record = ?, version = version + 1 WHERE centre = ? AND version = ?",
                (text, centre, int(version)),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return cursor.rowcount == 1


def add_crawl_record(conn: sqlite3.Connection, record: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO harvest_crawl (crawl_id, centre, finished, record) VALUES (?, ?, ?, ?)",
        (record["crawl_id"], record["centre"], record["finished"], json.dumps(record, ensure_ascii=False)),
    )


def crawl_records(conn: sqlite3.Connection, centre: str, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT record FROM harvest_crawl WHERE centre = ? ORDER BY finished DESC, crawl_id DESC LIMIT ?",
        (centre, limit),
    )
    return [json.loads(row[0]) for row in rows]


def harvested_centres(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT centre FROM harvest_centre UNION SELECT centre FROM harvest_crawl ORDER BY 1")
    return [row[0] for row in rows]
