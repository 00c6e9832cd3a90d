"""Searching the SQLite engine: one WHERE clause for every filter, keyset pages, facets and highlights.

Sort orders, each ending in ``id`` so pages never repeat or skip a notice:

* relevance — bm25 with the title weighted ``TITLE_WEIGHT`` times the body, best first;
* newest — published date descending (undated last);
* oldest — published date ascending (undated last);
* amount — amount descending (no amount last).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ggzy.index import sqlite_flags
from ggzy.index.cursor import decode_cursor, encode_cursor
from ggzy.index.query import Hit, SearchQuery, SearchResult, Sort
from ggzy.index.textmatch import highlight, match_expressions
from ggzy.model import Notice

TITLE_WEIGHT = 10.0
SCAN_PAGE = 500

#: SQL for each facet's value; NULL values are not counted.
FACET_SQL = {
    "kind": "n.kind",
    "category": "n.category",
    "province": "n.province",
    "centre": "n.centre",
    "year": "nullif(substr(n.published, 1, 4), '')",
}

_ORDER = {
    Sort.RELEVANCE: "score, id",
    Sort.NEWEST: "published DESC, id",
    Sort.OLDEST: "published = '', published, id",
    Sort.AMOUNT: "amount DESC, id",
}


class _Empty(Exception):
    """The query has words but none that can match."""


def public_clause(today: str) -> tuple[str, list[Any]]:
    """``Notice.is_public(today)`` over the stored days: leaves out penalties not yet decided, past their
    公示截止期 or removed as of ``today``."""
    return "(n.hidden_from IS NULL OR n.hidden_from > ?) AND (n.public_from IS NULL OR n.public_from <= ?)", [
        today,
        today,
    ]


def where_clause(query: SearchQuery) -> tuple[str, str, list[Any]]:
    """``(FROM, WHERE, parameters)`` selecting the matches of ``query`` as rows of ``notice n``.

    With words, the FTS table drives the join (``CROSS JOIN`` fixes the order): its matches are read in row-id
    order and each looks up its ``notice`` row. Left to itself the planner may start from a filter's index and
    probe the FTS table once per row, which is many times slower. A USCC or project code filter selects so few
    notices that starting from them is the better order.
    """
    clauses: list[str] = []
    params: list[Any] = []
    source = "notice n"
    required, excluded = match_expressions(query.parsed)
    if required == "":
        raise _Empty
    if required:
        if query.uscc or query.project_code:
            source = "notice n CROSS JOIN notice_text ON notice_text.rowid = n.rid"
        else:
            source = "notice_text CROSS JOIN notice n ON n.rid = notice_text.rowid"
        clauses.append("notice_text MATCH ?")
        params.append(f"({required}) NOT ({excluded})" if excluded else required)

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if excluded and not required:
        add("n.rid NOT IN (SELECT rowid FROM notice_text WHERE notice_text MATCH ?)", excluded)

    if not query.include_withdrawn:
        sql, values = public_clause(query.today.isoformat())
        add(sql, *values)
    for column, chosen in (
        ("kind", [k.value for k in query.kind]),
        ("category", [c.value for c in query.category]),
        ("centre", list(query.centre)),
        ("id", list(query.ids)),
    ):
        if chosen:
            add(f"n.{column} IN ({', '.join('?' * len(chosen))})", *chosen)
    if query.region:
        add("n.region_code GLOB ?", query.region + "*")
    if query.uscc:
        marks = ", ".join("?" * len(query.uscc))
        add(f"n.rid IN (SELECT notice_rid FROM party WHERE uscc IN ({marks}))", *query.uscc)
    if query.project_code:
        add("n.project_code = ?", query.project_code)
    if query.published_since:
        add("n.published >= ?", query.published_since.isoformat())
    if query.published_to:
        add("n.published <> '' AND n.published <= ?", query.published_to.isoformat())
    if query.open_only:
        add("n.deadline >= ?", query.today.isoformat())
    if query.amount_min is not None:
        add("n.amount >= ?", float(query.amount_min))
    if query.amount_max is not None:
        add("n.amount <= ?", float(query.amount_max))
    if query.flag:
        sql, values = sqlite_flags.triggered_clause(query.flag, query.today.isoformat())
        add(sql, *values)
    return source, " AND ".join(clauses) or "1", params


def _after(sort: Sort, key: list[Any]) -> tuple[str, list[Any]]:
    """The search-after condition on the ordered subquery's columns."""
    if sort is Sort.RELEVANCE:
        score, last_id = key
        return "(score > ? OR (score = ? AND id > ?))", [score, score, last_id]
    if sort is Sort.NEWEST:
        published, last_id = key
        return "(published < ? OR (published = ? AND id > ?))", [published, published, last_id]
    if sort is Sort.OLDEST:
        published, last_id = key
        return "((published = '', published, id) > (?, ?, ?))", [int(published == ""), published, last_id]
    amount, last_id = key
    if amount is None:
        return "(amount IS NULL AND id > ?)", [last_id]
    return "(amount < ? OR amount IS NULL OR (amount = ? AND id > ?))", [amount, amount, last_id]


def _sort_key(sort: Sort, row: sqlite3.Row | tuple[Any, ...]) -> list[Any]:
    _rid, notice_id, score, published, amount, _json = row
    return {
        Sort.RELEVANCE: [score, notice_id],
        Sort.NEWEST: [published, notice_id],
        Sort.OLDEST: [published, notice_id],
        Sort.AMOUNT: [amount, notice_id],
    }[sort]


def page(
    conn: sqlite3.Connection, query: SearchQuery, sort: Sort, size: int
) -> tuple[list[tuple[Any, ...]], str | None]:
    """One page of ``(rid, id, score, published, amount, json)`` rows in ``sort`` order, and the next
    cursor."""
    source, where, params = where_clause(query)
    score = f"bm25(notice_text, {TITLE_WEIGHT}, 1.0, 1.0, 1.0, 1.0)" if sort is Sort.RELEVANCE else "NULL"
    inner = f"SELECT n.rid, n.id, {score} AS score, n.published, n.amount FROM {source} WHERE {where}"
    outer_where = "1"
    if query.cursor:
        outer_where, after_params = _after(sort, decode_cursor(query.cursor, sort.value, 2))
        params += after_params
    sql = (
        f"SELECT m.rid, m.id, m.score, m.published, m.amount, d.json FROM ({inner}) AS m "
        f"JOIN notice_doc d ON d.rid = m.rid WHERE {outer_where} ORDER BY {_ORDER[sort]} LIMIT ?"
    )
    rows = conn.execute(sql, [*params, size + 1]).fetchall()
    more = len(rows) > size
    rows = rows[:size]
    cursor = encode_cursor(sort.value, _sort_key(sort, rows[-1])) if more and rows else None
    return rows, cursor


def count_and_facets(
    conn: sqlite3.Connection, query: SearchQuery, names: tuple[str, ...]
) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The number of matches and ``{facet: [(value, count), ...]}`` over all of them, largest count first,
    then by value.

    One pass reads the facet columns of every match and counts their combinations (a C-level ``Counter``);
    each facet then sums the few distinct combinations. One SQL ``GROUP BY`` per facet would read the matches
    once per facet. The ``flag`` facet (several values per notice, in the flag table) is counted apart.
    """
    source, where, params = where_clause(query)
    facets: dict[str, list[tuple[str, int]]] = {}
    if "flag" in names:
        facets["flag"] = sqlite_flags.facet(conn, source, where, params, query.today.isoformat())
        names = tuple(name for name in names if name != "flag")
    if not names:
        return int(conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]), facets
    columns = ", ".join(FACET_SQL[name] for name in names)
    combinations = Counter(conn.execute(f"SELECT {columns} FROM {source} WHERE {where}", params))
    for position, name in enumerate(names):
        counts: Counter[str] = Counter()
        for combination, count in combinations.items():
            value = combination[position]
            if value is not None:
                counts[str(value)] += count
        facets[name] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return sum(combinations.values()), facets


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    """The ``Index.search`` of the SQLite engine."""
    try:
        total, facets = count_and_facets(conn, query, query.facets)
    except _Empty:
        return SearchResult(total=0, hits=[], facets={name: [] for name in query.facets})
    sort = query.effective_sort
    rows, cursor = page(conn, query, sort, query.size)
    hits = []
    for _rid, _id, score, _published, _amount, text in rows:
        notice = Notice.from_json(text)
        hits.append(
            Hit(
                notice=notice,
                score=None if score is None else -float(score),
                highlights=highlight(query.parsed, notice.title, notice.body_text),
            )
        )
    return SearchResult(total=total, hits=hits, facets=facets, next_cursor=cursor)


def scan(connect: Callable[[], sqlite3.Connection], query: SearchQuery) -> Iterator[Notice]:
    """Every match, newest first then by id, fetched in keyset pages so no read stays open for long."""
    try:
        where_clause(query)
    except _Empty:
        return
    cursor: str | None = None
    while True:
        rows, cursor = page(connect(), replace(query, cursor=cursor), Sort.NEWEST, SCAN_PAGE)
        for row in rows:
            yield Notice.from_json(row[5])
        if cursor is None:
            return
