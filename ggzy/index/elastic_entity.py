"""Party rows and documents for entity profiles (their rules are ``profile``'s), name search and statistics
for the Elasticsearch engine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from elasticsearch import Elasticsearch

from ggzy.index.base import EntityMatch, Freshness, IndexStats
from ggzy.index.elastic_mapping import split_entity_key
from ggzy.index.elastic_query import public_filter
from ggzy.index.profile import PartyRow
from ggzy.index.profile import party_rows as profile_party_rows
from ggzy.model import Notice

#: Enough buckets for every centre, month, province or name of a company.
BUCKETS = 10_000


#: Codes (or ids) asked for in one request, and notices read per page.
CHUNK = 500
PAGE = 2000
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


def party_rows(client: Elasticsearch, index: str, codes: Sequence[str]) -> Iterator[PartyRow]:
    """The ``Index.party_rows`` of the Elasticsearch engine: the notices naming the codes, scanned for their
    parties; amounts are read from the stored document, exact."""
    for start in range(0, len(codes), CHUNK):
        chunk = list(codes[start : start + CHUNK])
        after: list[Any] | None = None
        while True:  # pages by search_after on the id: no scroll context to open for the usual few hits
            page = client.search(
                index=index,
                query={"bool": {"filter": [{"terms": {"usccs": chunk}}]}},
                source_includes=ROW_FIELDS,
                sort=[{"id": "asc"}],
                size=PAGE,
                track_total_hits=False,
                search_after=after,
            ).body["hits"]["hits"]
            for hit in page:
                yield from profile_party_rows(Notice.from_dict(hit["_source"]["doc"]))
            if len(page) < PAGE:
                break
            after = page[-1]["sort"]


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
