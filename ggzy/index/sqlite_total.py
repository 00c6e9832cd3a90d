"""How many notices a search matches on the SQLite engine, and its facet counts, without visiting every match.

The contract (``query.EXACT_TOTAL_LIMIT``, read at search time so a test can lower it): up to the limit the total
and the facet counts are exact; past it the engine stops counting and gives an estimate, never below the limit,
with ``total_exact`` false, and facet counts estimated from the same sample.

Measured on the benchmark corpus (BENCHMARKS.md, section ``search-scale``), the time of a broad search went into
three places, and each has its bound here:

* counting: reading the FTS matches is cheap (their row ids come from the index's lists), looking up each
  match's ``notice`` row for the filters is not. The exact count stops after ``limit + 1`` matches, so a search
  costs at most that many look-ups whatever the size of the index. When every filter is in the text expression
  (words, centres, kinds, categories: ``textmatch.scope_text``) the text index counts alone first
  (``text_bounds``): its matches holding no penalty are public on every day, so more of them than the limit is
  an estimate without a look-up, and with few matches holding a penalty the exact count looks up only those;
* facets: reading each match's facet values is the costly part. Below the limit every match is read; past it
  only a sample: ``SAMPLE_BLOCKS`` runs of consecutive row ids spread evenly over the index, about
  ``SAMPLE_ROWS`` rows in all, each run one query bounded on the row id of the join's outer table (the FTS
  table when there are words), so it seeks to its rows and reads none outside them; the sample's count times the
  index's rows over the rows sampled is the estimate. (A stride sample, every n-th row id, read all the FTS
  matches to test each row id: cheap at 100,000 notices, but it grows with the matches.)
* ranking (``sqlite_search``): bm25 costs about ten microseconds a match, and before its first row it reads the
  whole list of each word's matches (50 ms for a word in most of 1,000,000 notices). A search with more than
  ``RANK_WINDOW`` matches ranks only the ``RANK_WINDOW`` most recently indexed ones (``ranking_window``), without
  bm25: those with the words in the title first, then the rest, each newest indexed first. Its relevance pages
  end there, while the other sorts reach every match.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ggzy.index import query as query_module
from ggzy.index.textmatch import HOLDS_PENALTY

#: Rows of the whole index a sample covers, about: an estimate of a broad search reads at most this many.
SAMPLE_ROWS = 5_000
#: In this many runs of consecutive row ids, spread evenly (rows indexed together, by one harvest, are alike).
SAMPLE_BLOCKS = 20
#: Joins one facet's values of every match (a control character no value holds).
ROW_SEPARATOR = "\x1e"
#: ``text_bounds`` looks up at most this many matches holding a penalty, to tell which are public.
HELD_LOOKUPS = 2_000
#: A search with more matches ranks the most recently indexed this many: title matches first, then newest.
RANK_WINDOW = 2_000
#: CPU microseconds to ask the FTS table whether one row matches (``rowid = ?`` with ``MATCH``; the same at 10,000
#: and 56,000 notices), and to read one match into the set of matching row ids (1.1 ms for 6,112, 5.0 for 34,265).
PROBE_US = 65.0
SET_US = 0.15


@dataclass
class Tally:
    """A search's total, whether it is exact, and each facet's counts over the matches read: every match when the
    total is exact, else the sample, whose counts are multiplied by ``scale``."""

    total: int
    exact: bool
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    scale: float = 1.0

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """``{facet: [(value, count), ...]}``, largest count first, then by value; estimates when not exact."""
        return {
            name: sorted(
                ((value, round(count * self.scale)) for value, count in found.items()),
                key=lambda item: (-item[1], item[0]),
            )
            for name, found in self.counts.items()
        }


def limit() -> int:
    """The exact-count limit in force (``query.EXACT_TOTAL_LIMIT``)."""
    return int(query_module.EXACT_TOTAL_LIMIT)


def _grouped(
    conn: sqlite3.Connection,
    source: str,
    where: str,
    params: list[Any],
    columns: dict[str, str],
    row_id: str = "",
    ranges: list[tuple[int, int]] | None = None,
) -> tuple[int, dict[str, Counter[str]]]:
    """The matches and each facet's counts, in one pass: SQLite joins each facet's values of every match into one
    text (``group_concat``, which leaves out NULL), which Python splits and counts in C (``Counter``). Measured on
    the benchmark corpus: a tuple of five values a row took 272 ms for 8,918 matches, one joined value a row
    128 ms, the five values of a row joined into one and every row's in one text 17.8 ms, then counted per
    distinct combination in Python; one text a facet saves that Python loop (28 → 18 ms CPU, 9,785 matches, five
    facets). One SQL ``GROUP BY`` sorted the matches and was slower, and one per facet reads the matches once per
    facet."""
    names = list(columns)
    selected = ", ".join(f"{columns[name]} AS v{number}" for number, name in enumerate(names)) or "1"
    sql, values = f"SELECT {selected} FROM {source} WHERE {where}", params
    if ranges is not None:  # one query a range, so each seeks to its rows
        sql = " UNION ALL ".join(f"{sql} AND {row_id} BETWEEN ? AND ?" for _range in ranges)
        values = [value for low, high in ranges for value in (*params, low, high)]
    texts = "".join(f", group_concat(v{number}, char(30))" for number in range(len(names)))
    found, *joined = conn.execute(f"SELECT count(*){texts} FROM ({sql})", values).fetchone()
    counts = {
        name: Counter(text.split(ROW_SEPARATOR) if text else ()) for name, text in zip(names, joined, strict=True)
    }
    for found_values in counts.values():
        found_values.pop("", None)
    return int(found), counts


def sample(conn: sqlite3.Connection) -> tuple[list[tuple[int, int]], float]:
    """The row-id ranges a sample reads, ``SAMPLE_BLOCKS`` runs spread evenly over the index and about
    ``SAMPLE_ROWS`` rows in all, and what a count over them is multiplied by."""
    highest = int(conn.execute("SELECT coalesce(max(rid), 0) FROM notice").fetchone()[0])
    width = SAMPLE_ROWS // SAMPLE_BLOCKS
    if highest <= SAMPLE_ROWS:
        return [(0, highest)], 1.0
    step = (highest - width) / (SAMPLE_BLOCKS - 1)
    ranges = [(1 + round(step * block), round(step * block) + width) for block in range(SAMPLE_BLOCKS)]
    return ranges, highest / (width * SAMPLE_BLOCKS)


def tally(
    conn: sqlite3.Connection,
    source: str,
    where: str,
    params: list[Any],
    columns: dict[str, str],
    row_id: str,
    sampled: tuple[str, str, list[Any]] | None = None,
    text: tuple[int, int | None] | None = None,
) -> Tally:
    """Count the matches of ``FROM source WHERE where`` and the values of their ``columns`` (facet name → SQL
    value), all of them up to the limit, else those in the sample.

    ``row_id`` is the row-id expression of the join's outer table (``notice_text.rowid`` when words drive it,
    else ``n.rid``), which the sample is taken on; ``sampled`` the same FROM and WHERE written for reading a
    sample's runs (``sqlite_search.where_clause(codes_as="probe")``, the notice table read by row id), when they
    differ. ``text``: what the text index alone says of the count (``text_bounds``), when every filter is in
    its expression; it spares reading a notice row for each of the first ``limit + 1`` matches.
    """
    bound = limit()
    at_least, exact = text or (0, None)
    if at_least > bound:
        found = at_least
    elif exact is not None:
        found = exact
    else:
        found = int(
            conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT ?)", [*params, bound + 1]
            ).fetchone()[0]
        )
    if found <= bound:
        if not columns:
            return Tally(found, True)
        total, counts = _grouped(conn, source, where, params, columns)
        return Tally(total, True, counts)
    ranges, scale = sample(conn)
    sample_source, sample_where, sample_params = sampled or (source, where, params)
    in_sample, counts = _grouped(conn, sample_source, sample_where, sample_params, columns, row_id, ranges)
    return Tally(max(round(in_sample * scale), found), False, counts, scale)


def text_bounds(
    conn: sqlite3.Connection, words: str, bound: int, public: tuple[str, list[Any]] | None
) -> tuple[int, int | None]:
    """``(at_least, exact)`` for a search whose every filter is in the FTS5 expression ``words``, read from the
    text index (about 0.1 µs a match for a word, against 2–10 µs to look up its notice row).

    At least its matches holding no penalty, which are public on every day (``textmatch.HOLDS_PENALTY``), counted
    up to ``bound + 1``. When those do not pass ``bound`` and at most ``HELD_LOOKUPS`` matches hold a penalty, the
    exact count adds those of them that are public (``public``: the SQL and parameters of the public days over
    ``notice n``; None when withdrawn notices count too), each looked up; else None, and the caller counts."""

    def counted(expression: str, limit: int) -> int:
        sql = "SELECT count(*) FROM (SELECT 1 FROM notice_text WHERE notice_text MATCH ? LIMIT ?)"
        return int(conn.execute(sql, [expression, limit]).fetchone()[0])

    at_least = counted(f"({words}) NOT scope : ({HOLDS_PENALTY})", bound + 1)
    if at_least > bound:
        return at_least, None
    held = f"({words}) AND scope : ({HOLDS_PENALTY})"
    # Counted from the text index first: looking up 2,001 penalties to learn there are too many cost 20 ms.
    holding = counted(held, HELD_LOOKUPS + 1)
    if holding > HELD_LOOKUPS:
        return at_least, None
    if public is None or not holding:
        return at_least, at_least + holding
    sql, params = public
    joined = (
        "SELECT count(*) FROM notice_text CROSS JOIN notice n ON n.rid = notice_text.rowid "
        f"WHERE notice_text MATCH ? AND {sql}"
    )
    return at_least, at_least + int(conn.execute(joined, [held, *params]).fetchone()[0])


def broad(total: int) -> bool:
    """Whether a search of ``total`` matches walks a sort's index instead of sorting them (``sqlite_search.page``):
    past ``RANK_WINDOW`` matches, a walk finds a page soon."""
    return total > RANK_WINDOW


def probes(total: int, rows: int, size: int) -> bool:
    """Whether a walk down a sort's index for a page of ``size`` asks each row it reaches whether the words match
    (about ``PROBE_US`` a row, over ``(size + 1) × rows ÷ total`` rows when the matches are spread evenly) rather
    than read the set of every match first (about ``SET_US`` a match: linear in the matches). ``total`` matches
    of ``rows`` notices (the highest row id); an estimate past the limit is close enough."""
    if total <= 0:
        return False
    return (size + 1) * rows / total * PROBE_US < total * SET_US


def walks(total: int, rows: int, size: int) -> bool:
    """Whether the matches of a search without words are read for a page of ``size`` by walking a sort's index
    and testing each row (a company's code through the party index), about ``(size + 1) × rows ÷ total`` rows,
    rather than by reading and sorting all ``total`` of them: each row costs about the same either way (a look-up
    of its notice row). Measured at 1,000,000 notices: the 10 newest of a code's 71,600 took 229 ms sorted."""
    return total > 0 and (size + 1) * rows < total * total


def ranking_window(total: int) -> int | None:
    """How many of the most recently indexed matches relevance ranks: all of them (None) up to ``RANK_WINDOW``
    matches, else ``RANK_WINDOW``, so a word in most notices is ranked over a bounded set."""
    return RANK_WINDOW if total > RANK_WINDOW else None
