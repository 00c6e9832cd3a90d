"""Searching the SQLite engine: one WHERE clause for every filter, keyset pages, facets and highlights.

Sort orders, each ending in ``id`` so pages never repeat or skip a notice:

* relevance — bm25 with the title weighted ``TITLE_WEIGHT`` times the body, best first;
* newest — published date descending (undated last);
* oldest — published date ascending (undated last);
* amount — amount descending (no amount last).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ggzy.index.cursor import decode_cursor, encode_cursor
from ggzy.index.query import Hit, SearchQuery, SearchResult, Sort
from ggzy.index.textmatch import highlight, match_expression
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
    """The condition that leaves out penalties past their 公示截止期 (or removed) as of ``today``."""
    return "(n.hidden_from IS NULL OR n.hidden_from > ?)", [today]


def where_clause(query: SearchQuery, *, with_text: bool = True) -> tuple[str, list[Any]]:
    """Every filter of ``query`` as one SQL condition on ``notice n`` and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if not query.include_withdrawn:
        sql, values = public_clause(query.today.isoformat())
        add(sql, *values)
    for column, chosen in (
        ("kind", [k.value for k in query.kind]),
        ("category", [c.value for c in query.category]),
        ("centre", list(query.centre)),
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
    if query.published_from:
        add("n.published >= ?", query.published_from.isoformat())
    if query.published_to:
        add("n.published <> '' AND n.published <= ?", query.published_to.isoformat())
    if query.amount_min is not None:
        add("n.amount >= ?", float(query.amount_min))
    if query.amount_max is not None:
        add("n.amount <= ?", float(query.amount_max))
    if with_text and query.terms():
        match = match_expression(query.q)
        if match is None:
            raise _Empty
        add("n.rid IN (SELECT rowid FROM notice_text WHERE notice_text MATCH ?)", match)
    return " AND ".join(clauses) or "1", params


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
    where, params = where_clause(query, with_text=sort is not Sort.RELEVANCE)
    if sort is Sort.RELEVANCE:
        match = match_expression(query.q)
        inner = (
            "SELECT n.rid, n.id, bm25(notice_text, ?, 1.0) AS score, n.published, n.amount "
            "FROM notice_text JOIN notice n ON n.rid = notice_text.rowid "
            f"WHERE notice_text MATCH ? AND {where}"
        )
        params = [TITLE_WEIGHT, match, *params]
    else:
        inner = f"SELECT n.rid, n.id, NULL AS score, n.published, n.amount FROM notice n WHERE {where}"
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


def facet_counts(
    conn: sqlite3.Connection, query: SearchQuery, names: tuple[str, ...]
) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` over the whole match set, largest count first, then by value."""
    where, params = where_clause(query)
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        expr = FACET_SQL[name]
        rows = conn.execute(
            f"SELECT {expr} AS value, count(*) AS c FROM notice n WHERE {where} AND value IS NOT NULL "
            "GROUP BY value ORDER BY c DESC, value",
            params,
        ).fetchall()
        facets[name] = [(str(value), int(count)) for value, count in rows]
    return facets


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    """The ``Index.search`` of the SQLite engine."""
    try:
        where, params = where_clause(query)
    except _Empty:
        return SearchResult(total=0, hits=[], facets={name: [] for name in query.facets})
    total = conn.execute(f"SELECT count(*) FROM notice n WHERE {where}", params).fetchone()[0]
    sort = query.effective_sort
    rows, cursor = page(conn, query, sort, query.size)
    hits = []
    for _rid, _id, score, _published, _amount, text in rows:
        notice = Notice.from_json(text)
        hits.append(
            Hit(
                notice=notice,
                score=None if score is None else -float(score),
                highlights=highlight(query.q, notice.title, notice.body_text),
            )
        )
    facets = facet_counts(conn, query, query.facets) if query.facets else {}
    return SearchResult(total=int(total), hits=hits, facets=facets, next_cursor=cursor)


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
