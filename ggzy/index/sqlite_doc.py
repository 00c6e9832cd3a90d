"""The stored Notice document of the SQLite engine: ``notice_doc`` keeps each notice's JSON deflated with zlib.

The document (``model.stored_json``: the canonical JSON with the fetch details) is about 2.3 times the UTF-8 size
of the notice's title and body, since it keeps the sanitised HTML beside the text; deflated, it is about a quarter
of its size. Every write encodes with ``encode_document`` and every read decodes with ``decode_document`` (or
``read_notice``); SQL that looks inside a document calls ``notice_json(doc)``, the same decoding registered on each
connection (``register``).

``LEVEL`` was chosen on 4,000 documents of the realistic corpus (9.9 KB of JSON each; CPU µs per document,
three rounds on the shared machine):

====== ============ ============ ==============
level  bytes/doc    compress µs  decompress µs
====== ============ ============ ==============
1      2,425        99–118       37–44
3      2,361        104–123      33–44
6      2,264        158–178      41–43
9      2,258        168–176      39–44
====== ============ ============ ==============

Levels 1 to 3 share zlib's fast strategy and cost the same; from 4 the lazy matching costs half as much again
for 4 % fewer bytes. Decompressing costs the same at every level.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from typing import Any

from ggzy.model import Notice

#: zlib level of the stored documents (see the table above).
LEVEL = 3
#: Rows a pass over every stored document reads at a time (``in_batches``).
BATCH = 2_000

SCHEMA = "CREATE TABLE IF NOT EXISTS notice_doc (rid INTEGER PRIMARY KEY, doc BLOB NOT NULL)"
INSERT_DOC = "INSERT OR REPLACE INTO notice_doc (rid, doc) VALUES (?, ?)"


def encode_document(document: str) -> bytes:
    """The stored form of a notice's JSON document: its UTF-8 bytes deflated."""
    return zlib.compress(document.encode("utf-8"), LEVEL)


def decode_document(stored: bytes) -> str:
    """The JSON document of a stored ``notice_doc.doc``."""
    return zlib.decompress(stored).decode("utf-8")


def read_notice(stored: bytes) -> Notice:
    """The notice of a stored ``notice_doc.doc``."""
    return Notice.from_json(decode_document(stored))


def register(conn: sqlite3.Connection) -> None:
    """Let SQL read inside stored documents: ``json_extract(notice_json(d.doc), '$.penalty')``."""
    conn.create_function("notice_json", 1, decode_document, deterministic=True)


def migrate(conn: sqlite3.Connection) -> int:
    """Re-encode the plain JSON documents (``notice_doc.json``) of a file of schema 7 or earlier, in batches, inside
    the caller's write transaction; returns how many. The old table's pages stay free in the file until it is
    compacted (``ggzy index rebuild``)."""
    if "json" not in {row[1] for row in conn.execute("PRAGMA table_info(notice_doc)")}:
        return 0
    conn.execute("ALTER TABLE notice_doc RENAME TO notice_doc_json")
    conn.execute(SCHEMA)
    done = 0
    for rows in in_batches(conn, "notice_doc_json", "json"):
        conn.executemany(INSERT_DOC, [(rid, encode_document(text)) for rid, text in rows])
        done += len(rows)
    conn.execute("DROP TABLE notice_doc_json")
    return done


def in_batches(conn: sqlite3.Connection, table: str = "notice_doc", column: str = "doc") -> Iterator[list[Any]]:
    """Every ``(rid, column)`` row of ``table`` in row-id order, ``BATCH`` rows at a time, each batch read from
    the last row id of the one before: the caller may write between batches, and memory holds one batch
    whatever the size of the index."""
    last = -1
    while True:
        rows = conn.execute(
            f"SELECT rid, {column} FROM {table} WHERE rid > ? ORDER BY rid LIMIT ?", (last, BATCH)
        ).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]
