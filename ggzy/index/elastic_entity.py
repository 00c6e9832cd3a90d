"""Party rows and documents for entity profiles (their rules are ``profile``'s), name search and statistics
for the Elasticsearch engine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from elasticsearch import Elasticsearch

from ggzy.index.base import EntityMatch, Freshness, IndexEngineError, IndexStats
from ggzy.index.elastic_mapping import SEPARATOR, split_entity_key
from ggzy.index.elastic_query import public_filter
from ggzy.index.profile import AWARD_KINDS, CodeSummary, PartyRow
from ggzy.index.profile import party_rows as profile_party_rows
from ggzy.model import Kind, Notice

#: Enough buckets for every centre, month, province or name of a company.
BUCKETS = 10_000


#: Codes (or ids) asked for in one request (a credit check of 1,000 codes is one look-up), notices read per page,
#: and names counted per look-up (a code is printed under a few names).
CHUNK = 1000
PAGE = 2000
NAME_BUCKETS = 50_000
#: The parts of a stored notice the profile rules read (the texts are left out).
ROW_FIELDS = [
    "doc.id",
    "doc.centre",
    "doc.title",
    "doc.kind",
    "doc.published",
    "doc.region_code",
    "doc.project_code",
    "doc.buyer",
    "doc.agency",
    "doc.winners",
    "doc.penalty",
]


def _detailed(chunk: list[str]) -> dict[str, Any]:
    """``profile.is_detailed`` as a query, when the codes ``chunk`` are asked about."""
    won = {"bool": {"filter": [{"terms": {"kind": list(AWARD_KINDS)}}, {"terms": {"winner_usccs": chunk}}]}}
    return {"bool": {"should": [{"term": {"kind": Kind.PENALTY.value}}, won], "minimum_should_match": 1}}


def party_facts(
    client: Elasticsearch, index: str, codes: Sequence[str], published_by: date | None, latest: int
) -> tuple[list[PartyRow], list[CodeSummary]]:
    """The ``Index.party_facts`` of the Elasticsearch engine: per chunk of codes one ``_msearch`` holding the first
    page of the detailed notices (scanned for their parties, amounts read from the stored document, exact) and one
    aggregation over the counted ones; further pages of detailed notices, when there are any, follow it."""
    rows: list[PartyRow] = []
    summaries: list[CodeSummary] = []
    for start in range(0, len(codes), CHUNK):
        chunk = list(codes[start : start + CHUNK])
        searches: list[dict[str, Any]] = [
            {"index": index},
            _detailed_page(chunk, None),
            {"index": index},
            _summary_request(chunk, published_by, latest),
        ]
        responses = client.msearch(searches=searches).body["responses"]
        for response in responses:
            if "error" in response:
                raise IndexEngineError(f"Elasticsearch refused a profile look-up: {response['error']}")
        page = responses[0]["hits"]["hits"]
        rows += _rows(page)
        while len(page) == PAGE:  # pages by search_after on the id: no scroll context for the usual few hits
            page = client.search(index=index, **_detailed_page(chunk, page[-1]["sort"])).body["hits"]["hits"]
            rows += _rows(page)
        summaries += _summaries(responses[1]["aggregations"], latest)
    return rows, summaries


def _detailed_page(chunk: list[str], after: list[Any] | None) -> dict[str, Any]:
    """The search for a page of the notices ``profile.is_detailed`` picks, after the sort values ``after``."""
    body: dict[str, Any] = {
        "query": {"bool": {"filter": [{"terms": {"usccs": chunk}}, _detailed(chunk)]}},
        "_source": {"includes": ROW_FIELDS},
        "sort": [{"id": "asc"}],
        "size": PAGE,
        "track_total_hits": False,
    }
    if after is not None:
        body["search_after"] = after
    return body


def _rows(hits: list[dict[str, Any]]) -> list[PartyRow]:
    return [row for hit in hits for row in profile_party_rows(Notice.from_dict(hit["_source"]["doc"]))]


def _summary_request(chunk: list[str], published_by: date | None, latest: int) -> dict[str, Any]:
    """One aggregation over the counted notices: per code, per kind and region the notices and their first and
    last day; names per code from ``entity_names``; the newest ``latest`` per code."""
    filters: list[dict[str, Any]] = [{"terms": {"usccs": chunk}}]
    if published_by is not None:
        undated = {"bool": {"must_not": {"exists": {"field": "published"}}}}
        dated = {"range": {"published": {"lte": published_by.isoformat()}}}
        filters.append({"bool": {"should": [undated, dated], "minimum_should_match": 1}})
    per_code: dict[str, Any] = {
        "kinds": {
            "terms": {"field": "kind", "size": 100},
            "aggs": {
                "regions": {
                    "terms": {"field": "region_code", "size": BUCKETS, "missing": ""},
                    "aggs": {"first": {"min": {"field": "published"}}, "last": {"max": {"field": "published"}}},
                }
            },
        }
    }
    if latest:
        per_code["latest"] = {
            "top_hits": {
                "size": latest,
                "sort": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
                "_source": {"includes": ["id", "published"]},
            }
        }
    names = "(" + "|".join(_regex(code) for code in chunk) + ")" + SEPARATOR + ".*"
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": filters, "must_not": [_detailed(chunk)]}},
        "aggs": {
            "codes": {"terms": {"field": "usccs", "size": len(chunk), "include": chunk}, "aggs": per_code},
            "names": {"terms": {"field": "entity_names", "size": NAME_BUCKETS, "include": names}},
        },
    }


def _summaries(aggregations: dict[str, Any], latest: int) -> list[CodeSummary]:
    found: dict[str, CodeSummary] = {}
    for bucket in aggregations["codes"]["buckets"]:
        summary = found[bucket["key"]] = CodeSummary(bucket["key"])
        for kind in bucket["kinds"]["buckets"]:
            for region in kind["regions"]["buckets"]:
                summary.groups[(kind["key"], region["key"] or None)] = (
                    int(region["doc_count"]),
                    _date(region["first"]),
                    _date(region["last"]),
                )
        if latest:
            summary.latest = [
                (hit["_source"].get("published") or "", hit["_source"]["id"])
                for hit in bucket["latest"]["hits"]["hits"]
            ]
    for bucket in aggregations["names"]["buckets"]:
        code, _sep, name = bucket["key"].partition(SEPARATOR)
        if code in found:
            found[code].names[name] = int(bucket["doc_count"])
    return list(found.values())


def entity_codes(client: Elasticsearch, index: str) -> Iterator[str]:
    """The ``Index.entity_codes`` of the Elasticsearch engine: a composite aggregation over ``usccs``, paged."""
    after: dict[str, Any] | None = None
    while True:
        composite: dict[str, Any] = {"size": BUCKETS, "sources": [{"code": {"terms": {"field": "usccs"}}}]}
        if after is not None:
            composite["after"] = after
        found = client.search(index=index, size=0, aggs={"codes": {"composite": composite}}).body["aggregations"]
        buckets = found["codes"]["buckets"]
        yield from (str(bucket["key"]["code"]) for bucket in buckets)
        after = found["codes"].get("after_key")
        if not buckets or after is None:
            return


def documents(client: Elasticsearch, index: str, ids: Sequence[str]) -> dict[str, Notice]:
    """The ``Index.documents`` of the Elasticsearch engine: one ``mget`` per chunk of ids."""
    found: dict[str, Notice] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        docs = client.mget(index=index, ids=chunk, source_includes=["doc"]).body["docs"]
        found.update({d["_id"]: Notice.from_dict(d["_source"]["doc"]) for d in docs if d.get("found")})
    return found


def _key(bucket: dict[str, Any]) -> str:
    return str(bucket["key"])


def _date(agg: dict[str, Any]) -> date | None:
    text = agg.get("value_as_string")
    return date.fromisoformat(text[:10]) if agg.get("value") is not None and text else None


def _regex(text: str) -> str:
    """``text`` as a literal in Lucene's regular expression syntax."""
    return "".join(c if c.isalnum() or ord(c) > 127 or c == "\x1f" else "\\" + c for c in text)


def find_entities(client: Elasticsearch, index: str, name: str, limit: int, today: date) -> list[EntityMatch]:
    """The ``Index.find_entities`` of the Elasticsearch engine: name-key substring, most notices first."""
    from ggzy.normalize.names import name_key

    key = name_key(name)
    if not key:
        return []
    pattern = "[^\x1f]*" + _regex(key) + "[^\x1f]*\x1f.*"
    public = public_filter(today)
    response = client.search(
        index=index,
        size=0,
        query={"bool": {"filter": [public, {"regexp": {"entity_keys": {"value": pattern}}}]}},
        aggs={"keys": {"terms": {"field": "entity_keys", "size": BUCKETS, "include": pattern}}},
    ).body
    by_uscc: dict[str, Counter[str]] = {}
    for bucket in response["aggregations"]["keys"]["buckets"]:
        _name_key, uscc, found_name = split_entity_key(bucket["key"])
        by_uscc.setdefault(uscc, Counter())[found_name] += bucket["doc_count"]
    if not by_uscc:
        return []
    codes = sorted(by_uscc)
    counted = client.search(
        index=index,
        size=0,
        query={"bool": {"filter": [public, {"terms": {"usccs": codes}}]}},
        aggs={"codes": {"terms": {"field": "usccs", "size": len(codes), "include": codes}}},
    ).body
    notices = {b["key"]: int(b["doc_count"]) for b in counted["aggregations"]["codes"]["buckets"]}
    matches = [
        EntityMatch(
            uscc=uscc,
            name=min(names.items(), key=lambda item: (-item[1], item[0]))[0],
            notices=notices.get(uscc, 0),
        )
        for uscc, names in by_uscc.items()
    ]
    matches.sort(key=lambda m: (-m.notices, m.name, m.uscc))
    return matches[:limit]


def stats(client: Elasticsearch, index: str, today: date) -> IndexStats:
    """The ``Index.stats`` of the Elasticsearch engine: public notices only."""

    def terms(field: str, **aggs: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"terms": {"field": field, "size": BUCKETS, "order": {"_key": "asc"}}}
        if aggs:
            body["aggs"] = aggs
        return body

    response = client.search(
        index=index,
        size=0,
        track_total_hits=True,
        query={"bool": {"filter": [public_filter(today)]}},
        aggs={
            "by_centre": terms(
                "centre",
                newest={"max": {"field": "published"}},
                harvested={
                    "top_hits": {
                        "size": 1,
                        "sort": [{"harvested_at": {"order": "desc", "missing": "_last"}}],
                        "_source": ["doc.harvested_at"],
                    }
                },
            ),
            "by_kind": terms("kind"),
            "by_category": terms("category"),
            "by_month": terms("month"),
            "by_province": terms("province"),
        },
    ).body
    aggs = response["aggregations"]

    def grouped(name: str) -> dict[str, int]:
        return {str(b["key"]): int(b["doc_count"]) for b in aggs[name]["buckets"]}

    freshness = {}
    for bucket in aggs["by_centre"]["buckets"]:
        top = bucket["harvested"]["hits"]["hits"]
        harvested = top[0]["_source"].get("doc", {}).get("harvested_at") if top else None
        freshness[str(bucket["key"])] = Freshness(
            newest=_date(bucket["newest"]),
            harvested_at=datetime.fromisoformat(harvested) if harvested else None,
        )
    return IndexStats(
        total=int(response["hits"]["total"]["value"]),
        by_centre=grouped("by_centre"),
        by_kind=grouped("by_kind"),
        by_category=grouped("by_category"),
        by_month=grouped("by_month"),
        by_province=grouped("by_province"),
        freshness=freshness,
    )
