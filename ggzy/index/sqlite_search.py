"""Searching the SQLite engine: one WHERE clause for every filter, keyset pages, facets and highlights.

Sort orders, each ending in ``id`` so pages never repeat or skip a notice:

* relevance — bm25 with the title weighted ``TITLE_WEIGHT`` times the body, best first; past ``RANK_WINDOW``
  matches, the most recently indexed ``RANK_WINDOW`` with the words in the title first, then the rest, each
  newest indexed first (``_window_ranking``);
* newest — published date descending (undated last);
* oldest — published date ascending (undated last);
* amount — amount descending (no amount last).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Literal

from ggzy.index import sqlite_flags
from ggzy.index.cursor import decode_cursor, encode_cursor
from ggzy.index.query import Hit, SearchQuery, SearchResult, Sort
from ggzy.index.sqlite_doc import read_notice
from ggzy.index.sqlite_plan import Order, choose_order, default_order, indexed_filters, text_match
from ggzy.index.sqlite_total import Tally, broad, limit, probes, ranking_window, tally, text_bounds, walks
from ggzy.index.textmatch import highlight, match_expressions
from ggzy.model import Kind, Notice

TITLE_WEIGHT = 10.0
#: Row ids divided by this rank newer matches first within a tier of a broad search (``_window_ranking``).
RECENCY_SCALE = float(1 << 40)
SCAN_PAGE = 500

#: SQL for each facet's value; NULL values are not counted. A match's ``flag`` values are in the flag table: its row id
#: is read, and ``sqlite_flags.facet`` turns the row ids read into flag counts.
FACET_SQL = {
    "flag": "n.rid",
    "kind": "n.kind",
    "category": "n.category",
    "province": "n.province",
    "centre": "n.centre",
    "year": "nullif(substr(n.published, 1, 4), '')",
}

#: How the words of a search select its matches (``where_clause``).
WordsAs = Literal["join", "set", "probe"]
#: How a USCC filter selects its matches (``where_clause``).
CodesAs = Literal["set", "probe"]

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


def where_clause(
    query: SearchQuery,
    *,
    words_as: WordsAs = "join",
    codes_as: CodesAs = "set",
    order: Order | None = None,
    scoped: bool = True,
) -> tuple[str, str, list[Any]]:
    """``(FROM, WHERE, parameters)`` selecting the matches of ``query`` as rows of ``notice n``.

    With words, the FTS table drives the join (``CROSS JOIN`` fixes the order): its matches are read in row-id
    order and each looks up its ``notice`` row. Left to itself the planner may start from a filter's index and
    probe the FTS table once per row, which is many times slower. A USCC or project code filter selects so few
    notices that starting from them is the better order. With ``words_as`` "set" the matching row ids are read
    once into a set (``rid IN (…)``) and the ``notice`` table drives: for a word in many notices, a walk down a
    sort's index then stops after the first page instead of sorting every match. With "probe" the walk asks the
    FTS table about each row it reaches instead (``EXISTS``, about 65 µs a row, whatever the size of the index),
    which spares reading the set, linear in the matches, for a word in most notices (``sqlite_total.probes``).

    ``codes_as`` does the same for a USCC filter: "set" reads the notices naming the codes once (the way to count
    them all), "probe" asks the party index about each row reached (``EXISTS``), the way to read a sample's few
    runs of row ids: with the set, each run read every notice naming a busy code again (4.4 s against 7 ms for a
    code named by 70,000 of 1,000,000 notices).

    ``order`` says which side a "join" of words and filters reads first (``sqlite_plan``; ``default_order`` when
    None): with "filtered" the filters become one set of row ids, ``+notice_text.rowid IN (…)`` (the ``+`` keeps
    the text index from being asked about each of them: 1.1 s against 38 ms for 13,500 notices of a centre),
    tested on each word match before its row is read.

    ``scoped``: the text expression also names the centres, kinds and categories filtered on
    (``sqlite_plan.text_match``), so FTS5 intersects the words with them; not for bm25 or a probe.
    """
    order = order or default_order(query)
    clauses: list[str] = []
    params: list[Any] = []
    source = "notice n"
    words, excluded = text_match(query, scoped and words_as != "probe" and order != "notices")
    if words == "":
        raise _Empty
    if words:
        if words_as == "set":
            clauses.append("n.rid IN (SELECT rowid FROM notice_text WHERE notice_text MATCH ?)")
        elif words_as == "probe":
            clauses.append("EXISTS (SELECT 1 FROM notice_text WHERE notice_text MATCH ? AND notice_text.rowid = n.rid)")
        elif order == "notices":
            source = "notice n CROSS JOIN notice_text ON notice_text.rowid = n.rid"
            clauses.append("notice_text MATCH ?")
        else:
            source = "notice_text CROSS JOIN notice n ON n.rid = notice_text.rowid"
            clauses.append("notice_text MATCH ?")
        params.append(words)

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if excluded and not words:
        add("n.rid NOT IN (SELECT rowid FROM notice_text WHERE notice_text MATCH ?)", excluded)

    if not query.include_withdrawn:
        sql, values = public_clause(query.today.isoformat())
        add(sql, *values)
    for column, chosen in [*indexed_filters(query).items(), ("id", list(query.ids))]:
        if chosen:
            add(f"n.{column} IN ({', '.join('?' * len(chosen))})", *chosen)
    if query.region:
        add("n.region_code GLOB ?", query.region + "*")
    if query.uscc:
        marks = ", ".join("?" * len(query.uscc))
        if codes_as == "set":
            add(f"n.rid IN (SELECT notice_rid FROM party WHERE uscc IN ({marks}))", *query.uscc)
        else:
            add(f"EXISTS (SELECT 1 FROM party p WHERE p.uscc IN ({marks}) AND p.notice_rid = n.rid)", *query.uscc)
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
    if order == "filtered" and words_as == "join" and words and len(clauses) > 1:
        # A LEFT JOIN on the row id is left out by SQLite when no column of the notice is read: a count reads no
        # notice row at all, facets and pages only those of the matches that pass.
        source = "notice_text LEFT JOIN notice n ON n.rid = notice_text.rowid"
        filters = " AND ".join(clauses[1:])
        clauses = [clauses[0], f"+notice_text.rowid IN (SELECT n.rid FROM notice n WHERE {filters})"]
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


def _filter_reads_in_order(query: SearchQuery, sort: Sort) -> bool:
    """Whether one value of a centre, kind or category filter reads its notices newest first from its own index
    (``sqlite_plan.FILTER_INDEX``), which beats walking every notice's."""
    return sort is Sort.NEWEST and any(len(values) == 1 for values in indexed_filters(query).values())


#: The index a walk in each sort's order reads (``where_clause(words_as="set" or "probe")``); oldest has none.
SORT_INDEX = {Sort.NEWEST: "notice_newest", Sort.AMOUNT: "notice_amount"}


def page(
    conn: sqlite3.Connection,
    query: SearchQuery,
    sort: Sort,
    size: int,
    *,
    total: int = 0,
    walk: bool = False,
    order: Order | None = None,
) -> tuple[list[tuple[Any, ...]], str | None]:
    """One page of ``(rid, id, score, published, amount, doc)`` rows in ``sort`` order, and the next
    cursor. ``total`` (the matches counted) bounds ranking to ``ranking_window``; with ``walk`` (``broad``: more
    than ``RANK_WINDOW`` matches) newest-first and by-amount walk their index, probing each row's text match or
    the set of matching row ids (``probes``), and stop after the page instead of sorting every match. A search
    without words walks the same way (a company's notices asking the party index about each row) when that reads
    fewer rows than sorting them (``walks``) and no filter's own index reads them in order; else SQLite's planner
    chooses. ``order``: as ``where_clause``'s."""
    words = bool(query.parsed.required)
    walk = walk and sort in SORT_INDEX and not query.project_code and not (words and query.uscc)
    words_as: WordsAs = "join"
    codes_as: CodesAs = "set"
    if walk:
        highest = int(conn.execute("SELECT coalesce(max(rid), 0) FROM notice").fetchone()[0])
        if words:
            words_as = "probe" if probes(total, highest, size) else "set"
        elif walks(total, highest, size) and not _filter_reads_in_order(query, sort):
            codes_as = "probe"
        else:
            walk = False
    # bm25 reads every match of each term first, a scope's too: left out where the filters' set tests the matches
    # anyway; where the words drive, the scope is what keeps them from reading every match of a common word
    # (物业 in a centre of 5,629 notices: 254 ms without it).
    by_bm25 = sort is Sort.RELEVANCE and ranking_window(total) is None
    scoped = not (by_bm25 and order == "filtered")
    source, where, params = where_clause(query, words_as=words_as, codes_as=codes_as, order=order, scoped=scoped)
    if walk:
        source = f"notice n INDEXED BY {SORT_INDEX[sort]}"
    window = ranking_window(total) if sort is Sort.RELEVANCE and source.startswith("notice_text") else None
    if window is not None:
        inner, params = _window_ranking(query, source, where, params, window)
    else:
        score = f"bm25(notice_text, {TITLE_WEIGHT}, 1.0, 1.0, 1.0, 1.0, 0.0)" if sort is Sort.RELEVANCE else "NULL"
        inner = f"SELECT n.rid, n.id, {score} AS score, n.published, n.amount FROM {source} WHERE {where}"
    outer_where = "1"
    if query.cursor:
        outer_where, after_params = _after(sort, decode_cursor(query.cursor, sort.value, 2))
        params += after_params
    # The page is chosen first and only its rows read their stored document: joined before the ORDER BY, every
    # ranked or sorted match read its document (up to 2,000 for a broad word: 14.1 → 9.2 ms CPU for 服务).
    sql = (
        f"SELECT m.rid, m.id, m.score, m.published, m.amount, d.doc FROM (SELECT * FROM ({inner}) "
        f"WHERE {outer_where} ORDER BY {_ORDER[sort]} LIMIT ?) AS m JOIN notice_doc d ON d.rid = m.rid "
        f"ORDER BY {_ORDER[sort]}"
    )
    rows = conn.execute(sql, [*params, size + 1]).fetchall()
    more = len(rows) > size
    rows = rows[:size]
    cursor = encode_cursor(sort.value, _sort_key(sort, rows[-1])) if more and rows else None
    return rows, cursor


def _window_ranking(
    query: SearchQuery, source: str, where: str, params: list[Any], window: int
) -> tuple[str, list[Any]]:
    """The ranked rows of a broad search, ``(SQL, parameters)``: its ``window`` most recently indexed matches,
    those with the words in the title first, then the rest, each newest indexed first.

    bm25 read the whole list of every word's matches before scoring the first row, to weigh the word: 50 ms for
    a word in 880,000 of 1,000,000 notices, 90 ms for a five-bigram phrase, whatever the window. The window is
    read once (a common table expression), and which of its matches have the words in the title is one more text
    query bounded to its row ids (2 to 20 ms at 1,000,000)."""
    required, _excluded = match_expressions(query.parsed)
    in_title = "r IN (SELECT rowid FROM notice_text WHERE notice_text MATCH ? AND rowid >= (SELECT min(r) FROM w))"
    sql = (
        f"WITH w AS (SELECT notice_text.rowid AS r, n.rid, n.id, n.published, n.amount FROM {source} WHERE {where} "
        f"ORDER BY notice_text.rowid DESC LIMIT {int(window)}) "
        f"SELECT rid, id, (CASE WHEN {in_title} THEN -1.0 ELSE 0.0 END) - r / {RECENCY_SCALE} AS score, "
        "published, amount FROM w"
    )
    return sql, [*params, f"{{title}} : ({required})"]


def filters_in_text(query: SearchQuery) -> bool:
    """Whether the text expression of ``query`` (``sqlite_plan.text_match``) holds every filter it has: words,
    perhaps with centres, kinds and categories, and nothing a notice row must be read for but the public days."""
    bare = replace(query, centre=(), kind=(), category=(), include_withdrawn=True)
    return where_clause(bare)[1] == "notice_text MATCH ?"


def count_and_facets(
    conn: sqlite3.Connection,
    query: SearchQuery,
    names: tuple[str, ...],
    order: Order | None = None,
    in_text: bool = False,
) -> Tally:
    """The number of matches and each facet's counts (``Tally.facets``): exact up to ``EXACT_TOTAL_LIMIT`` matches,
    estimated from a sample past it (``sqlite_total``), the ``flag`` facet too. ``order``: as ``where_clause``'s;
    a sample's runs of row ids test each row instead of reading the filters' set once a run. ``in_text``: every
    filter is in the text expression (``filters_in_text``), so the text index counts first
    (``sqlite_total.text_bounds``)."""
    source, where, params = where_clause(query, order=order)
    run_order = "words" if order == "filtered" else order
    sample_source, sample_where, sample_params = where_clause(query, codes_as="probe", order=run_order)
    row_id = "notice_text.rowid" if source.startswith("notice_text") else "n.rid"
    if sample_source == "notice n":  # a run is read by row id, not through a filter's index
        sample_source = "notice n NOT INDEXED"
    columns = {name: FACET_SQL[name] for name in names}
    text = None
    # Penalty notices hold penalties: among them the text index has nothing public on every day to count.
    if in_text and set(query.kind) != {Kind.PENALTY}:
        public = None if query.include_withdrawn else public_clause(query.today.isoformat())
        text = text_bounds(conn, text_match(query)[0] or "", limit(), public)
    sampled = (sample_source, sample_where, sample_params)
    counted = tally(conn, source, where, params, columns, row_id, sampled=sampled, text=text)
    if "flag" in counted.counts:
        counted.counts["flag"] = sqlite_flags.facet(conn, counted.counts["flag"], query.today.isoformat())
    return counted


def search(conn: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    """The ``Index.search`` of the SQLite engine."""
    try:
        in_text = filters_in_text(query)
        order = choose_order(conn, query, in_text)
        counted = count_and_facets(conn, query, query.facets, order, in_text)
    except _Empty:
        return SearchResult(total=0, hits=[], facets={name: [] for name in query.facets})
    sort = query.effective_sort
    rows, cursor = page(conn, query, sort, query.size, total=counted.total, walk=broad(counted.total), order=order)
    hits = []
    for _rid, _id, score, _published, _amount, doc in rows:
        notice = read_notice(doc)
        hits.append(
            Hit(
                notice=notice,
                score=None if score is None else -float(score),
                highlights=highlight(query.parsed, notice.title, notice.body_text),
            )
        )
    return SearchResult(
        total=counted.total, hits=hits, facets=counted.facets(), next_cursor=cursor, total_exact=counted.exact
    )


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
            yield read_notice(row[5])
        if cursor is None:
            return
