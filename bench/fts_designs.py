"""The full-text design comparison behind ``ggzy.index.textmatch``: three ways to index Chinese with FTS5.

``python3 -m bench index_bench --tokenizers N`` builds each design over the same N corpus notices, each in its
own contentless FTS5 table, and reports the index bytes per notice (``dbstat``), build time, how many notices
each query finds against the true count (a substring test in Python), and the median query time.

* ``bigram`` (what ggzy uses) — ``unicode61`` over text whose Han runs were rewritten as overlapping bigrams
  plus the run's last character; a word is the phrase of its bigrams.
* ``trigram`` — FTS5's ``trigram`` tokenizer over the raw text. It cannot answer a word shorter than three
  characters from its index, so two-character words fall back to ``instr()`` over the stored text: a full scan.
* ``unicode61`` — the default tokenizer over raw text: a Han run is one token, so words inside runs are missed.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.corpus_files import corpus_notices, describe
from ggzy.index.textmatch import fts_text, match_expression

QUERIES = ["工程", "学校", "医院", "中标候选人", "道路改造工程"]
REPEATS = 5


def _build(path: Path, design: str, rows: list[tuple[int, str, str]]) -> tuple[sqlite3.Connection, float]:
    _remove(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    tokenize = "trigram" if design == "trigram" else "unicode61 remove_diacritics 2"
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, content='', tokenize='{tokenize}')")
    conn.execute("CREATE TABLE doc (rowid INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO doc VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    started = time.perf_counter()
    if design == "bigram":
        rows = [(r, fts_text(a), fts_text(b)) for r, a, b in rows]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO t (t) VALUES ('optimize')")
    return conn, time.perf_counter() - started


def _remove(path: Path) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


def _query(conn: sqlite3.Connection, design: str, word: str) -> tuple[int, float]:
    if design == "bigram":
        sql, params = "SELECT count(*) FROM t WHERE t MATCH ?", [match_expression(word)]
    elif design == "trigram" and len(word) < 3:
        sql, params = "SELECT count(*) FROM doc WHERE instr(title, ?) OR instr(body, ?)", [word, word]
    else:
        sql, params = "SELECT count(*) FROM t WHERE t MATCH ?", ['"' + word + '"']
    times, found = [], 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        found = conn.execute(sql, params).fetchone()[0]
        times.append(time.perf_counter() - started)
    return found, statistics.median(times)


def compare(size: int, workdir: Path) -> str:
    """Build the three designs over ``size`` notices and return a Markdown table of what they cost and find."""
    rows = [(i + 1, n.title, n.body_text) for i, n in enumerate(corpus_notices(size))]
    truth = {w: sum(1 for _r, a, b in rows if w in a or w in b) for w in QUERIES}
    header = "| design | index bytes/notice | build s | " + " | ".join(f"{w} found/true, ms" for w in QUERIES) + " |"
    lines = [header, "|---|---:|---:|" + "---:|" * len(QUERIES)]
    for design in ("bigram", "trigram", "unicode61"):
        path = workdir / f"fts-{design}-{size}.db"
        conn, build = _build(path, design, rows)
        index_bytes = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 't%'").fetchone()[0]
        cells = []
        for word in QUERIES:
            found, seconds = _query(conn, design, word)
            cells.append(f"{found:,}/{truth[word]:,}, {seconds * 1000:.1f}")
        conn.close()
        _remove(path)
        lines.append(f"| {design} | {index_bytes / size:,.0f} | {build:.1f} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"{size:,} notices, {describe()} (average title + body {_average(rows):.0f} characters).")
    return "\n".join(lines)


def _average(rows: list[tuple[int, str, str]]) -> float:
    return sum(len(a) + len(b) for _r, a, b in rows) / max(1, len(rows))
