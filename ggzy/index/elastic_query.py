"""Searching the Elasticsearch engine: search, scan and the change log (entities are in ``elastic_entity``).

Every answer matches the SQLite engine's (``sqlite_search``): the same public rule (a penalty
leaves public view on its ``hidden_from`` day, compared with ``query.today`` at query time), the same sort orders
and tie-breaks (each ends in ``id``), the same facet counts (largest first, then by value), search-after cursors
in the shared ``cursor`` format, and highlights from ``textmatch.highlight``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from elasticsearch import Elasticsearch

from ggzy.index import elastic_flags
from ggzy.index.cursor import decode_cursor, encode_cursor
from ggzy.index.elastic_mapping import query_text
from ggzy.index.elastic_total import tally, track_total_hits
from ggzy.index.query import Hit, SearchQuery, SearchResult, Sort
from ggzy.index.querytext import Term
from ggzy.index.textmatch import highlight
from ggzy.model import Notice

#: The title counts this many times the body in relevance, as in the SQLite engine.
TITLE_WEIGHT = 10.0
SCAN_PAGE = 500
#: Enough buckets for every value of a facet; facet counts are never cut short.
BUCKETS = 10_000

FACET_FIELDS = {"kind": "kind", "category": "category", "province": "province", "centre": "centre", "year": "year"}

SORTS: dict[Sort, list[dict[str, Any]]] = {
    Sort.RELEVANCE: [{"_score": "desc"}, {"id": "asc"}],
    Sort.NEWEST: [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    Sort.OLDEST: [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
    Sort.AMOUNT: [{"amount": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
}
NEWEST_FIRST = [{"published": {"order": "desc", "missing": "_last"}}, {"id": "desc"}]


def public_filter(today: date) -> dict[str, Any]:
    """``Notice.is_public(today)`` over the stored days: leaves out penalties not yet decided, past their
    公示截止期 or removed as of ``today``."""
    day = today.isoformat()

    def unless(field: str, bound: dict[str, str]) -> dict[str, Any]:
        missing = {"bool": {"must_not": {"exists": {"field": field}}}}
        return {"bool": {"should": [missing, {"range": {field: bound}}], "minimum_should_match": 1}}

    return {"bool": {"filter": [unless("hidden_from", {"gt": day}), unless("public_from", {"lte": day})]}}


def _filters(query: SearchQuery, flagged: dict[str, list[str]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if query.flag:
        found.append({"ids": {"values": sorted({i for flag in query.flag for i in flagged.get(flag, [])})}})
    if not query.include_withdrawn:
        found.append(public_filter(query.today))
    for name, chosen in (
        ("kind", [k.value for k in query.kind]),
        ("category", [c.value for c in query.category]),
        ("centre", list(query.centre)),
        ("usccs", list(query.uscc)),
        ("id", list(query.ids)),
    ):
        if chosen:
            found.append({"terms": {name: chosen}})
    if query.region:
        found.append({"prefix": {"region_code": query.region}})
    if query.project_code:
        found.append({"term": {"project_code": query.project_code}})
    published = {}
    if query.published_since:
        published["gte"] = query.published_since.isoformat()
    if query.published_to:
        published["lte"] = query.published_to.isoformat()
    if published:
        found.append({"range": {"published": published}})
    if query.open_only:
        found.append({"range": {"deadline": {"gte": query.today.isoformat()}}})
    amount = {}
    if query.amount_min is not None:
        amount["gte"] = float(query.amount_min)
    if query.amount_max is not None:
        amount["lte"] = float(query.amount_max)
    if amount:
        found.append({"range": {"amount": amount}})
    return found


#: The text fields a term of each field of the search language looks in (``None``: the title and the text).
FIELD_TEXT = {
    None: ("title", "body"),
    "title": ("title",),
    "buyer": ("buyer",),
    "winner": ("winner",),
    "agency": ("agency",),
}


def _term(term: Term) -> dict[str, Any]:
    """One word or phrase, matched as a phrase in the fields it names (the title boosted over the body)."""
    words = query_text(term.text)
    return {
        "bool": {
            "should": [
                {"match_phrase": {name: {"query": words, **({"boost": TITLE_WEIGHT} if name == "title" else {})}}}
                for name in FIELD_TEXT[term.field]
            ],
            "minimum_should_match": 1,
        }
    }


def _words(query: SearchQuery) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(required, excluded)`` clauses: each group must match by any of its terms; no excluded term may."""
    required = []
    for group in query.parsed.required:
        alternatives = [_term(term) for term in group]
        required.append(
            alternatives[0] if len(alternatives) == 1 else {"bool": {"should": alternatives, "minimum_should_match": 1}}
        )
    return required, [_term(term) for term in query.parsed.excluded]


def query_body(query: SearchQuery, *, scored: bool, flagged: dict[str, list[str]]) -> dict[str, Any]:
    """The bool query of every filter and word of ``query``; words are scored only when ranking by them.
    ``flagged`` holds the ids of the notices with each flag triggered (``elastic_flags.triggered``)."""
    words, excluded = _words(query)
    filters = _filters(query, flagged)
    body: dict[str, Any] = {"filter": filters, "must": words} if scored else {"filter": filters + words}
    if excluded:
        body["must_not"] = excluded
    return {"bool": body}


def facet_aggs(names: tuple[str, ...], flagged: dict[str, list[str]]) -> dict[str, Any]:
    """A ``terms`` aggregation per facet, each with room for every value; the ``flag`` facet is a filter per flag
    over the ids of its triggered notices (``flagged``)."""
    aggs: dict[str, Any] = {
        name: {"terms": {"field": FACET_FIELDS[name], "size": BUCKETS}} for name in names if name != "flag"
    }
    if "flag" in names:
        found = {flag: {"ids": {"values": ids}} for flag, ids in flagged.items()}
        aggs["flag"] = {"filters": {"filters": found or {"none": {"match_none": {}}}}}
    return aggs


def flagged_ids(client: Elasticsearch, index: str, query: SearchQuery) -> dict[str, list[str]]:
    """The triggered notice ids the search needs: of its ``flag=`` filter, or of every flag for the flag facet."""
    if not query.flag and "flag" not in query.facets:
        return {}
    wanted = None if "flag" in query.facets else query.flag
    return elastic_flags.triggered(client, index, wanted, query.today)


def _page(
    client: Elasticsearch,
    index: str,
    query: SearchQuery,
    sort: Sort,
    size: int,
    *,
    total: bool | int,
    flagged: dict[str, list[str]],
) -> tuple[dict[str, Any], str | None]:
    body: dict[str, Any] = {
        "query": query_body(query, scored=sort is Sort.RELEVANCE, flagged=flagged),
        "sort": SORTS[sort],
        "size": size + 1,
        "track_total_hits": total,
        "source": ["doc"],
    }
    if query.cursor:
        body["search_after"] = decode_cursor(query.cursor, sort.value, 2)
    response = client.search(index=index, **body).body
    hits = response["hits"]["hits"]
    cursor = encode_cursor(sort.value, hits[size - 1]["sort"]) if len(hits) > size else None
    response["hits"]["hits"] = hits[:size]
    return response, cursor


def search(client: Elasticsearch, index: str, query: SearchQuery) -> SearchResult:
    """The ``Index.search`` of the Elasticsearch engine: the page counts up to the exact limit, then one request
    of no hits counts the facets, or estimates the total and the facets past the limit (``elastic_total``)."""
    sort = query.effective_sort
    flagged = flagged_ids(client, index, query)
    response, cursor = _page(client, index, query, sort, query.size, total=track_total_hits(), flagged=flagged)
    total, exact, facets = tally(
        client,
        index,
        response["hits"]["total"],
        query_body(query, scored=False, flagged=flagged),
        query.facets,
        facet_aggs(query.facets, flagged),
    )
    hits = []
    for found in response["hits"]["hits"]:
        notice = Notice.from_dict(found["_source"]["doc"])
        score = found.get("_score") if sort is Sort.RELEVANCE else None
        hits.append(
            Hit(
                notice=notice,
                score=None if score is None else float(score),
                highlights=highlight(query.parsed, notice.title, notice.body_text),
            )
        )
    return SearchResult(total=total, hits=hits, facets=facets, next_cursor=cursor, total_exact=exact)


def scan(client: Elasticsearch, index: str, query: SearchQuery) -> Iterator[Notice]:
    """Every match, newest first then by id, in search-after pages."""
    cursor: str | None = None
    flagged = flagged_ids(client, index, replace(query, facets=()))
    while True:
        page = replace(query, cursor=cursor)
        response, cursor = _page(client, index, page, Sort.NEWEST, SCAN_PAGE, total=False, flagged=flagged)
        for found in response["hits"]["hits"]:
            yield Notice.from_dict(found["_source"]["doc"])
        if cursor is None:
            return


def modified_after(client: Elasticsearch, index: str, sequence: int, limit: int) -> tuple[list[Notice], int]:
    """Stored notices with ``modified_seq`` above ``sequence`` in that order, and the last sequence read."""
    response = client.search(
        index=index,
        size=limit,
        query={"range": {"modified_seq": {"gt": sequence}}},
        sort=[{"modified_seq": "asc"}],
        source_includes=["doc", "modified_seq"],
    ).body
    hits = response["hits"]["hits"]
    notices = [Notice.from_dict(h["_source"]["doc"]) for h in hits]
    return notices, int(hits[-1]["_source"]["modified_seq"]) if hits else sequence


def newest_change(client: Elasticsearch, index: str) -> int:
    """The highest ``modified_seq`` stored, 0 when empty."""
    response = client.search(index=index, size=0, aggs={"seq": {"max": {"field": "modified_seq"}}}).body
    value = response["aggregations"]["seq"]["value"]
    return int(value) if value is not None else 0
