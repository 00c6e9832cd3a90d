"""Entity profiles, name search and statistics for the Elasticsearch engine.

The same rules as ``sqlite_entity``: awards counted once per project with the winner's own amounts, everything
but ``withdrawn_penalties`` from public notices only, and ties between names or regions going to the one seen
first (the smallest ``inserted_seq``). One profile is one multi-search of three requests.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from ggzy.index.base import EntityMatch, EntityProfile, Freshness, IndexStats
from ggzy.index.elastic_mapping import entity_name, split_entity_key
from ggzy.index.elastic_query import NEWEST_FIRST, public_filter
from ggzy.index.sqlite_entity import AWARD_KINDS, LATEST, uscc_region
from ggzy.model import Kind, Notice

#: Enough buckets for every centre, month, province or name of a company.
BUCKETS = 10_000
#: Penalties and awards read in the first request; a company with more has the rest scanned.
ENTITY_PAGE = 200


def _not_public(today: date) -> dict[str, Any]:
    return {"bool": {"must_not": public_filter(today)}}


def entity(client: Elasticsearch, index: str, uscc: str, today: date) -> EntityProfile | None:
    """The ``Index.entity`` of the Elasticsearch engine: one multi-search of three requests."""
    public = public_filter(today)
    names_agg: dict[str, Any] = {
        "terms": {"field": "entity_names", "size": BUCKETS, "include": _regex(entity_name(uscc, "")) + ".*"},
        "aggs": {"first": {"min": {"field": "inserted_seq"}}},
    }
    overview = {
        "query": {"bool": {"filter": [{"term": {"usccs": uscc}}]}},
        "post_filter": public,
        "sort": NEWEST_FIRST,
        "size": LATEST,
        "_source": ["doc"],
        "track_total_hits": False,
        "aggs": {
            "all": {"filter": {"match_all": {}}},
            "withdrawn": {
                "filter": {
                    "bool": {
                        "filter": [_not_public(today), {"term": {"kind": Kind.PENALTY.value}}],
                        "must": [{"term": {"subject_usccs": uscc}}],
                    }
                }
            },
            "visible": {
                "filter": public,
                "aggs": {
                    "kinds": {"terms": {"field": "kind", "size": BUCKETS}},
                    "first": {"min": {"field": "published"}},
                    "last": {"max": {"field": "published"}},
                    "regions": {
                        "terms": {"field": "region_code", "size": BUCKETS},
                        "aggs": {"first": {"min": {"field": "inserted_seq"}}},
                    },
                    "names": names_agg,
                },
            },
        },
    }
    penalties = {
        "query": {
            "bool": {"filter": [public, {"term": {"kind": Kind.PENALTY.value}}, {"term": {"subject_usccs": uscc}}]}
        },
        "sort": NEWEST_FIRST,
        "size": ENTITY_PAGE,
        "track_total_hits": True,
        "_source": ["doc"],
    }
    awards = {
        "query": {"bool": {"filter": [public, {"terms": {"kind": AWARD_KINDS}}, {"term": {"winner_usccs": uscc}}]}},
        "size": ENTITY_PAGE,
        "track_total_hits": True,
        "_source": ["doc.id", "doc.kind", "doc.published", "doc.project_code", "doc.winners"],
    }
    searches: list[dict[str, Any]] = []
    for body in (overview, penalties, awards):
        searches += [{"index": index}, body]
    first, penalty_response, award_response = client.msearch(searches=searches).body["responses"]
    for response in (first, penalty_response, award_response):
        if "error" in response:
            raise RuntimeError(f"entity search failed: {response['error']}")
    aggs = first["aggregations"]
    if aggs["all"]["doc_count"] == 0:
        return None
    visible = aggs["visible"]
    names = sorted(
        ((b["key"].split("\x1f", 1)[1], b["doc_count"], b["first"]["value"]) for b in visible["names"]["buckets"]),
        key=lambda item: (-item[1], item[2]),
    )
    # Ties go to the name or region seen first, as in the SQLite engine.
    regions = sorted(visible["regions"]["buckets"], key=lambda b: (-b["doc_count"], b["first"]["value"]))
    projects, award_dates = _awards(_every_hit(client, index, awards, award_response), uscc)
    return EntityProfile(
        uscc=uscc,
        names=[name for name, _count, _first in names],
        region_code=uscc_region(uscc) or (regions[0]["key"] if regions else None),
        counts_by_kind={b["key"]: b["doc_count"] for b in sorted(visible["kinds"]["buckets"], key=_key)},
        awards_won=len(projects),
        awards_total=sum((amount for _rank, amount in projects.values()), Decimal(0)),
        active_penalties=[
            Notice.from_dict(h["_source"]["doc"]) for h in _every_hit(client, index, penalties, penalty_response)
        ],
        withdrawn_penalties=int(aggs["withdrawn"]["doc_count"]),
        latest=[Notice.from_dict(h["_source"]["doc"]) for h in first["hits"]["hits"]],
        first_seen=_date(visible["first"]),
        last_seen=_date(visible["last"]),
        last_award=date.fromisoformat(max(award_dates)) if award_dates else None,
    )


def _every_hit(
    client: Elasticsearch, index: str, body: dict[str, Any], response: dict[str, Any]
) -> list[dict[str, Any]]:
    """The hits of ``response``, or, when it holds only the first page, every hit of ``body`` in its order."""
    hits: list[dict[str, Any]] = response["hits"]["hits"]
    if response["hits"]["total"]["value"] <= len(hits):
        return hits
    query = {key: value for key, value in body.items() if key not in ("size", "track_total_hits")}
    return list(scan(client, index=index, query=query, preserve_order="sort" in body, size=1000))


def _awards(hits: list[dict[str, Any]], uscc: str) -> tuple[dict[str, tuple[Any, Decimal]], list[str]]:
    """Awards counted once per project, each with the winner's amounts in its award notice (else contract)."""
    projects: dict[str, tuple[Any, Decimal]] = {}
    dates = []
    for found in hits:
        doc = found["_source"]["doc"]
        amount = Decimal(0)
        for winner in doc.get("winners") or []:
            if winner.get("uscc") == uscc:
                value = winner.get("amount")
                # The same float round trip as the SQLite engine, so totals agree to the last digit.
                amount += Decimal(str(float(value) if value is not None else 0))
        published = doc.get("published") or ""
        project = doc.get("project_code") or doc["id"]
        rank = (int(doc["kind"] == Kind.AWARD.value), published, doc["id"])
        if project not in projects or rank > projects[project][0]:
            projects[project] = (rank, amount)
        if published:
            dates.append(published)
    return projects, dates


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
