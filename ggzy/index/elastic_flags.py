"""Integrity flags in the Elasticsearch engine: one document per stored result in ``<alias>-flags``.

``<alias>-flags`` is itself an alias over one versioned index, ``<alias>-flags-v<UTC timestamp>``, whose mapping's
``_meta`` holds the catalogue version. ``replace`` fills a new versioned index and swaps the alias to it in one
atomic step, so readers see the old results or the new ones, never a mix; the notices are not touched. The
search filter ``flag=`` and the ``flag`` facet read the triggered results first (``triggered``) and then match
notices by id. Like the harvest state, the flags belong to the alias: a rebuild of the notices keeps them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import scan

from ggzy.flags.model import FlagResult, FlagState, StoredFlag
from ggzy.index.base import FlagQuery, stamp_flags
from ggzy.index.elastic_mapping import settings

SCAN_PAGE = 1000
#: Triggered results read by one search before a scroll takes over (the node's result window).
PAGE = 10_000
_DAY = {"type": "date", "format": "strict_date"}
MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "notice_id": {"type": "keyword"},
        "flag": {"type": "keyword"},
        "state": {"type": "keyword"},
        "published": _DAY,
        "buyer": {"type": "keyword"},
        "region_code": {"type": "keyword"},
        "parties": {"type": "keyword"},
        "triggered_since": _DAY,
        "hidden_from": _DAY,
        "doc": {"type": "object", "enabled": False},
    },
}
NEWEST_FIRST: list[dict[str, Any]] = [
    {"published": {"order": "desc", "missing": "_last"}},
    {"triggered_since": {"order": "desc", "missing": "_last"}},
    {"notice_id": "asc"},
    {"flag": "asc"},
]


def flags_alias(alias: str) -> str:
    """The alias of the flags of the notices behind ``alias``."""
    return f"{alias}-flags"


def _serving(client: Elasticsearch, name: str) -> str | None:
    try:
        return sorted(client.indices.get_alias(name=name).body)[0]
    except NotFoundError:
        return None


def visible(today: date) -> dict[str, Any]:
    """Results public on ``today``: no ``hidden_from``, or one after it."""
    missing = {"bool": {"must_not": {"exists": {"field": "hidden_from"}}}}
    later = {"range": {"hidden_from": {"gt": today.isoformat()}}}
    return {"bool": {"should": [missing, later], "minimum_should_match": 1}}


def _document(stored: StoredFlag) -> dict[str, Any]:
    data = stored.to_dict()
    return {
        "notice_id": stored.notice_id,
        "flag": stored.flag,
        "state": stored.state.value,
        "published": data["published"],
        "buyer": stored.buyer,
        "region_code": stored.region_code,
        "parties": sorted(set(stored.parties)),
        "triggered_since": data["triggered_since"],
        "hidden_from": data["hidden_from"],
        "doc": data,
    }


def _triggered_since(client: Elasticsearch, name: str) -> dict[tuple[str, str], date | None]:
    if _serving(client, name) is None:
        return {}
    query = {
        "query": {"term": {"state": FlagState.TRIGGERED.value}},
        "_source": ["notice_id", "flag", "triggered_since"],
    }
    found: dict[tuple[str, str], date | None] = {}
    for hit in scan(client, index=name, query=query, size=SCAN_PAGE):
        source = hit["_source"]
        since = source.get("triggered_since")
        found[(source["notice_id"], source["flag"])] = date.fromisoformat(since) if since else None
    return found


def replace(client: Elasticsearch, alias: str, results: Iterable[FlagResult], version: str, today: date) -> int:
    """Fill a new flags index with ``results`` and swap the flags alias to it; the old index is deleted."""
    name = flags_alias(alias)
    old = _serving(client, name)
    triggered = _triggered_since(client, name)
    new = f"{name}-v{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    filling = {**settings(), "refresh_interval": "-1"}  # nobody reads it before the swap
    client.indices.create(index=new, settings=filling, mappings={**MAPPING, "_meta": {"version": version}})
    try:
        # Imported here: the writer imports the search module, which imports this one for the flag filter.
        from ggzy.index.elastic_write import bulk_write

        def actions() -> Iterator[dict[str, Any]]:
            for stored in stamp_flags(results, triggered, today):
                source = json.dumps(_document(stored), ensure_ascii=False, separators=(",", ":"))
                yield {"_index": new, "_id": f"{stored.notice_id}\x1f{stored.flag}", "_source": source}

        written = bulk_write(client, actions())
        client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=new)
        swap: list[dict[str, Any]] = [{"add": {"index": new, "alias": name}}]
        if old is not None:
            swap.insert(0, {"remove": {"index": old, "alias": name}})
        client.indices.update_aliases(actions=swap)
    except BaseException:
        client.indices.delete(index=new, ignore_unavailable=True)
        raise
    if old is not None:
        client.indices.delete(index=old, ignore_unavailable=True)
    return written


def flags(client: Elasticsearch, alias: str, query: FlagQuery) -> list[StoredFlag]:
    """The ``Index.flags`` of the Elasticsearch engine."""
    name = flags_alias(alias)
    if _serving(client, name) is None:
        return []
    filters: list[dict[str, Any]] = [visible(query.today)]
    for field, value in (
        ("notice_id", query.notice_id),
        ("flag", query.flag),
        ("state", query.state.value if query.state else None),
        ("buyer", query.buyer),
        ("parties", query.party),
    ):
        if value is not None:
            filters.append({"term": {field: value}})
    if query.region:
        filters.append({"prefix": {"region_code": query.region}})
    if query.since:
        filters.append({"range": {"triggered_since": {"gte": query.since.isoformat()}}})
    response = client.search(
        index=name,
        query={"bool": {"filter": filters}},
        sort=NEWEST_FIRST,
        from_=query.offset,
        size=query.limit,
        source_includes=["doc"],
    ).body
    return [StoredFlag.from_dict(hit["_source"]["doc"]) for hit in response["hits"]["hits"]]


def coverage(client: Elasticsearch, alias: str, today: date) -> dict[str, dict[str, int]]:
    """The ``Index.flag_coverage`` of the Elasticsearch engine."""
    name = flags_alias(alias)
    if _serving(client, name) is None:
        return {}
    aggs = {"flag": {"terms": {"field": "flag", "size": 1000}, "aggs": {"state": {"terms": {"field": "state"}}}}}
    response = client.search(index=name, size=0, query=visible(today), aggs=aggs).body
    return {
        bucket["key"]: {state["key"]: int(state["doc_count"]) for state in bucket["state"]["buckets"]}
        for bucket in sorted(response["aggregations"]["flag"]["buckets"], key=lambda b: b["key"])
    }


def version(client: Elasticsearch, alias: str) -> str | None:
    """The catalogue version in the serving flags index's ``_meta``."""
    serving = _serving(client, flags_alias(alias))
    if serving is None:
        return None
    meta = client.indices.get_mapping(index=serving).body[serving]["mappings"].get("_meta", {})
    return meta.get("version")


def triggered(client: Elasticsearch, alias: str, wanted: Iterable[str] | None, today: date) -> dict[str, list[str]]:
    """The ids of the notices with each flag (of ``wanted``, or every flag) triggered and public on ``today``."""
    name = flags_alias(alias)
    filters: list[dict[str, Any]] = [{"term": {"state": FlagState.TRIGGERED.value}}, visible(today)]
    if wanted is not None:
        filters.append({"terms": {"flag": list(wanted)}})
    query = {"bool": {"filter": filters}}
    found: dict[str, list[str]] = defaultdict(list)
    # One search answers when the triggered results fit in a page (the usual case); a scroll reads the rest.
    try:
        response = client.search(
            index=name, query=query, size=PAGE, source_includes=["notice_id", "flag"], track_total_hits=True
        ).body
    except NotFoundError:  # never refreshed: no flags yet
        return {}
    hits = response["hits"]["hits"]
    if response["hits"]["total"]["value"] > len(hits):
        body = {"query": query, "_source": ["notice_id", "flag"]}
        hits = list(scan(client, index=name, query=body, size=SCAN_PAGE))
    for hit in hits:
        found[hit["_source"]["flag"]].append(hit["_source"]["notice_id"])
    return dict(found)


def drop(client: Elasticsearch, alias: str) -> None:
    """Delete every flags index of ``alias`` (by name: the node refuses wildcard deletes)."""
    found = client.indices.get(index=f"{flags_alias(alias)}-v*", expand_wildcards="all", allow_no_indices=True)
    for name in sorted(found.body):
        client.indices.delete(index=name, ignore_unavailable=True)
