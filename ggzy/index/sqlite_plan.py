"""Which side of a search the SQLite engine reads first, chosen by what each side costs on this index.

A search with words and filters (a centre, a kind, a company…) can read its matches three ways
(``sqlite_search.where_clause``, ``Order``):

* ``words``: the text index drives; each word match looks up its ``notice`` row to test the filters
  (``JOIN_US`` a match). Best when the words are rarer than the filters;
* ``notices``: a filter's index drives; each notice it selects asks the text index whether the words match
  (``PROBE_US`` a notice). Best for a rare company or project code with a common word;
* ``filtered``: the notices the filters select are read once into a set of row ids from their index
  (``COVERED_US`` a notice when the index holds every column the filters read, else ``LOOKUP_US``), then the
  text index drives and tests each word match against the set, with no look-up (``SCAN_US`` a match); only the
  matches that pass read their row, and a count reads none. Best for a common word within a selective filter,
  measured at 1,000,000 notices: 物业 in one centre read 153,000 word matches and looked each up (240 ms), the
  centre's 13,500 notices as a set took 38–62 ms; 处罚 among penalties 90 → 26 ms.

Words with a centre, kind or category filter are matched within it by the text index itself: those values are
terms of its ``scope`` column (``text_match``), so the word side counted is already the intersection, and every
order reads only it from the text index; up to ``WORDS_FIRST`` such matches the words drive.

Each side's size is counted first, bounded by ``ESTIMATE_CAP`` (a count reads only row ids: about 0.07 µs a row),
and the order with the lowest estimated cost is chosen. The filters ``filter_rows`` can count are those with an
index: centre, kind and category (``notice_centre``, ``notice_kind``, ``notice_category``, which also carry
what the public clause reads, so a set of them reads no notice row), region, company and project code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Literal

from ggzy.index.query import SearchQuery
from ggzy.index.textmatch import match_expressions, scope_expression

#: How a search with words reads its matches (see the module's docstring).
Order = Literal["words", "notices", "filtered"]

#: Counting either side stops here; past it a side is only known to be at least this large.
ESTIMATE_CAP = 100_000
#: CPU microseconds, measured at 1,000,000 notices: reading one word match and looking up its notice row.
JOIN_US = 1.7
#: Reading one word match from the text index and testing it against a set of row ids.
SCAN_US = 0.25
#: Reading one notice a filter selects into a set from an index holding every column the filters read.
COVERED_US = 0.1
#: The same when its row must be read for the public days or another filter.
LOOKUP_US = 2.2
#: Asking the text index whether one notice matches (``sqlite_total.PROBE_US``).
PROBE_US = 65.0

#: Scoped word matches up to which the words drive whatever the filter's size: measured at 1,000,000, 物业 in one
#: centre (2,094 scoped matches of its 13,494 notices) took 28 ms read by the words, 56 ms tested against the
#: centre's set; 处罚 among penalties (30,027 scoped matches) 115 ms read by the words, 55 ms against the set.
WORDS_FIRST = 10_000

#: The indexes a count of each filter reads (equality filters: ``column IN (...)``).
FILTER_INDEX = {"centre": "notice_centre", "kind": "notice_kind", "category": "notice_category"}


def indexed_filters(query: SearchQuery) -> dict[str, list[str]]:
    """The centre, kind and category values ``query`` keeps, by column, each column with its own index
    (``FILTER_INDEX``); the columns it does not filter on are left out."""
    chosen = {
        "centre": list(query.centre),
        "kind": [kind.value for kind in query.kind],
        "category": [category.value for category in query.category],
    }
    return {column: values for column, values in chosen.items() if values}


def default_order(query: SearchQuery) -> Order:
    """The order without counting: a company or project code selects few notices, so they drive; else the words."""
    return "notices" if query.uscc or query.project_code else "words"


def _bounded(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> int:
    return int(conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {ESTIMATE_CAP})", params).fetchone()[0])


def text_match(query: SearchQuery, scoped: bool = True) -> tuple[str | None, str | None]:
    """``(words, excluded)``: the FTS5 expression the matches of ``query`` satisfy, its required words without
    any excluded ones (``textmatch.match_expressions``; None without required words, ``""`` when they cannot
    match), and the excluded words alone. When ``scoped`` the expression also keeps only the centres, kinds and
    categories the query filters on (``textmatch.scope_expression``): FTS5 then reads the words' matches only
    where the filter's own term list has the notice, which for 物业 in one centre of 1,000,000 notices is 2,127
    matches instead of the word's 153,000, each tested against the centre's notices.

    Not scoped where the scope costs more than it spares: bm25 reads every match of each term of the expression
    before its first score, a kind's or category's term included (a third of the index), and a probe of one row
    would look the scope's terms up again for a filter the row is tested on anyway."""
    required, excluded = match_expressions(query.parsed)
    if not required:
        return required, excluded
    scope = scope_expression(indexed_filters(query)) if scoped else None
    words = f"({required}) AND {scope}" if scope else required
    return (f"({words}) NOT ({excluded})" if excluded else words), excluded


def word_matches(conn: sqlite3.Connection, query: SearchQuery) -> int:
    """How many notices the words match within the query's centres, kinds and categories, up to
    ``ESTIMATE_CAP``."""
    words, _excluded = text_match(query)
    if not words:
        return 0
    return _bounded(conn, "SELECT 1 FROM notice_text WHERE notice_text MATCH ?", [words])


def covered(query: SearchQuery) -> bool:
    """Whether the filters' set is read from one index alone: one of centre, kind or category filters, perhaps
    with published days, and its index carries the public days (``FILTER_INDEX``)."""
    others = (query.region, query.uscc, query.project_code, query.ids, query.open_only, query.flag)
    amounts = (query.amount_min, query.amount_max)
    return len(indexed_filters(query)) == 1 and not any(others) and all(amount is None for amount in amounts)


def filter_rows(conn: sqlite3.Connection, query: SearchQuery) -> int | None:
    """How many notices the most selective indexed filter keeps, up to ``ESTIMATE_CAP``; None without one."""
    counts: list[int] = []
    for column, chosen in indexed_filters(query).items():
        marks = ", ".join("?" * len(chosen))
        sql = f"SELECT 1 FROM notice INDEXED BY {FILTER_INDEX[column]} WHERE {column} IN ({marks})"
        counts.append(_bounded(conn, sql, chosen))
    if query.region:
        counts.append(_bounded(conn, "SELECT 1 FROM notice WHERE region_code GLOB ?", [query.region + "*"]))
    if query.uscc:
        marks = ", ".join("?" * len(query.uscc))
        counts.append(_bounded(conn, f"SELECT 1 FROM party WHERE uscc IN ({marks})", list(query.uscc)))
    if query.project_code:
        counts.append(_bounded(conn, "SELECT 1 FROM notice WHERE project_code = ?", [query.project_code]))
    if query.ids:
        counts.append(len(query.ids))
    return min(counts) if counts else None


def costs(words: int, filtered: int, is_covered: bool = False) -> dict[Order, float]:
    """Estimated CPU microseconds of each order, for ``words`` word matches and ``filtered`` notices kept by the
    most selective indexed filter, whose set is read from indexes alone when ``is_covered``."""
    return {
        "words": words * JOIN_US,
        "notices": filtered * PROBE_US,
        "filtered": words * SCAN_US + filtered * (COVERED_US if is_covered else LOOKUP_US),
    }


def choose_order(conn: sqlite3.Connection, query: SearchQuery, in_text: bool = False) -> Order:
    """The cheapest order for ``query``: ``default_order`` without words or without an indexed filter; the words
    when every filter is in the text expression (``in_text``) and it matches at most ``WORDS_FIRST`` notices;
    else by ``costs`` over both sides counted."""
    if not query.parsed.required:
        return default_order(query)
    filtered = filter_rows(conn, query)
    if filtered is None:
        return default_order(query)
    words = word_matches(conn, query)
    if in_text and words <= WORDS_FIRST:
        return "words"
    estimated = costs(words, filtered, covered(query))
    return min(estimated, key=lambda order: estimated[order])
