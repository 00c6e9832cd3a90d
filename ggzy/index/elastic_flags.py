"""Integrity flags in the Elasticsearch engine: one document per stored result in ``<alias>-flags``.

``<alias>-flags`` is itself an alias over one versioned index, ``<alias>-flags-v<UTC timestamp>``, whose mapping's
``_meta`` holds the catalogue version. ``replace`` fills a new versioned index and swaps the alias to it in one
atomic step, so readers see the old results or the new ones, never a mix; the notices are not touched. The
search filter ``flag=`` and the ``flag`` facet read the triggered results first (``triggered``) and then match
notices by id. Like the harvest state, the flags belong to the alias: a rebuild of the notices keeps them.

``<alias>-flags-basis`` holds one document per notice with its dependency keys (``flags.affected``); the serving
flags index's ``_meta`` carries the sequence and day of that basis once it is complete. ``replace_of`` replaces
the results and keys of some notices in place (bulk delete and index, then a refresh): it takes the sequence out
of ``_meta`` first and puts the new one back last, so a write cut short leaves results without a basis, which
the next update refreshes in full.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import scan

from ggzy.flags.model import FlagBasis, FlagMark, FlagResult, FlagState, StoredFlag, stamp_flags
from ggzy.index.base import FlagQuery
from ggzy.index.elastic_mapping import settings

SCAN_PAGE = 1000
#: Ids or keys in one ``terms`` query.
CHUNK = 5_000
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
BASIS_MAPPING: dict[str, Any] = {"dynamic": "strict", "properties": {"keys": {"type": "keyword"}}}
NEWEST_FIRST: list[dict[str, Any]] = [
    {"published": {"order": "desc", "missing": "_last"}},
    {"triggered_since": {"order": "desc", "missing": "_last"}},
    {"notice_id": "asc"},
    {"flag": "asc"},
]


def flags_alias(alias: str) -> str:
    """The alias of the flags of the notices behind ``alias``."""
    return f"{alias}-flags"


def basis_index(alias: str) -> str:
    """The index of the notices' dependency keys beside the flags of ``alias``."""
    return f"{flags_alias(alias)}-basis"


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


def _document(data: dict[str, Any]) -> dict[str, Any]:
    """The document of one stored result (``StoredFlag.to_dict`` form)."""
    fields = ("notice_id", "flag", "state", "published", "buyer", "region_code", "triggered_since", "hidden_from")
    return {**{name: data[name] for name in fields}, "parties": sorted(set(data["parties"])), "doc": data}


def _triggered_since(
    client: Elasticsearch, name: str, notice_ids: list[str] | None = None
) -> dict[tuple[str, str], date | None]:
    if _serving(client, name) is None:
        return {}
    filters: list[dict[str, Any]] = [{"term": {"state": FlagState.TRIGGERED.value}}]
    if notice_ids is not None:
        filters.append({"terms": {"notice_id": notice_ids}})
    query = {"query": {"bool": {"filter": filters}}, "_source": ["notice_id", "flag", "triggered_since"]}
    found: dict[tuple[str, str], date | None] = {}
    for hit in scan(client, index=name, query=query, size=SCAN_PAGE):
        source = hit["_source"]
        since = source.get("triggered_since")
        found[(source["notice_id"], source["flag"])] = date.fromisoformat(since) if since else None
    return found


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _action(index: str, data: dict[str, Any]) -> dict[str, Any]:
    source = json.dumps(_document(data), ensure_ascii=False, separators=(",", ":"))
    return {"_index": index, "_id": f"{data['notice_id']}\x1f{data['flag']}", "_source": source}


def _basis_actions(index: str, basis: FlagBasis) -> Iterator[dict[str, Any]]:
    for notice_id, pairs in groupby(basis.keys, key=lambda pair: pair[0]):
        yield {"_index": index, "_id": notice_id, "_source": {"keys": sorted({key for _, key in pairs})}}


def _set_meta(client: Elasticsearch, index: str, version: str, basis: FlagBasis | None) -> None:
    meta: dict[str, Any] = {"version": version}
    if basis is not None:
        meta |= {"sequence": basis.sequence, "day": basis.day.isoformat()}
    client.indices.put_mapping(index=index, meta=meta)


def _write_basis(client: Elasticsearch, alias: str, basis: FlagBasis) -> None:
    """Replace the basis index with ``basis``."""
    from ggzy.index.elastic_write import bulk_write

    name = basis_index(alias)
    client.indices.delete(index=name, ignore_unavailable=True)
    client.indices.create(index=name, settings={**settings(), "refresh_interval": "-1"}, mappings=BASIS_MAPPING)
    bulk_write(client, _basis_actions(name, basis))
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=name)


def replace(
    client: Elasticsearch,
    alias: str,
    results: Iterable[FlagResult],
    version: str,
    today: date,
    basis: FlagBasis | None = None,
) -> int:
    """Fill a new flags index with ``results`` and swap the flags alias to it; the old index is deleted. Then
    the basis index is replaced with ``basis`` and its sequence put in the new index's ``_meta``."""
    name = flags_alias(alias)
    old = _serving(client, name)
    triggered = _triggered_since(client, name)
    new = f"{name}-v{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    filling = {**settings(), "refresh_interval": "-1"}  # nobody reads it before the swap
    client.indices.create(index=new, settings=filling, mappings={**MAPPING, "_meta": {"version": version}})
    try:
        # Imported here: the writer imports the search module, which imports this one for the flag filter.
        from ggzy.index.elastic_write import bulk_write

        written = bulk_write(client, (_action(new, data) for data in stamp_flags(results, triggered, today)))
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
    if basis is not None:
        _write_basis(client, alias, basis)
        _set_meta(client, new, version, basis)
    return written


def replace_of(
    client: Elasticsearch,
    alias: str,
    notice_ids: Collection[str],
    results: Iterable[FlagResult],
    version: str,
    today: date,
    basis: FlagBasis,
) -> int:
    """Replace the results and basis keys of the notices ``notice_ids`` in the serving flags index."""
    from ggzy.index.elastic_write import bulk_write

    name = flags_alias(alias)
    serving = _serving(client, name)
    if serving is None:
        return replace(client, alias, results, version, today, None)
    _set_meta(client, serving, version, None)
    triggered: dict[tuple[str, str], date | None] = {}
    stored: set[str] = set()
    for chunk in _chunks(notice_ids):
        triggered |= _triggered_since(client, name, chunk)
        body = {"query": {"terms": {"notice_id": chunk}}, "_source": False}
        stored.update(hit["_id"] for hit in scan(client, index=serving, query=body, size=SCAN_PAGE))
    actions = [_action(serving, data) for data in stamp_flags(results, triggered, today)]
    gone = stored - {action["_id"] for action in actions}
    bulk_write(client, [*actions, *({"_op_type": "delete", "_index": serving, "_id": i} for i in sorted(gone))])
    bulk_write(client, _basis_actions(basis_index(alias), basis))
    client.indices.refresh(index=[serving, basis_index(alias)])
    _set_meta(client, serving, version, basis)
    return len(actions)


def mark(client: Elasticsearch, alias: str) -> FlagMark | None:
    """The ``Index.flags_mark`` of the Elasticsearch engine: the serving flags index's ``_meta``."""
    serving = _serving(client, flags_alias(alias))
    if serving is None:
        return None
    meta = client.indices.get_mapping(index=serving).body[serving]["mappings"].get("_meta", {})
    if "version" not in meta:
        return None
    day = meta.get("day")
    return FlagMark(meta["version"], meta.get("sequence"), date.fromisoformat(day) if day else None)


def keys(client: Elasticsearch, alias: str, notice_ids: Collection[str]) -> dict[str, set[str]]:
    """The ``Index.flag_keys`` of the Elasticsearch engine."""
    found: dict[str, set[str]] = {}
    for chunk in _chunks(notice_ids):
        body = {"query": {"ids": {"values": chunk}}}
        for hit in scan(client, index=basis_index(alias), query=body, size=SCAN_PAGE):
            found[hit["_id"]] = set(hit["_source"]["keys"])
    return found


def keyed(client: Elasticsearch, alias: str, wanted: Collection[str]) -> set[str]:
    """The ``Index.flag_keyed`` of the Elasticsearch engine."""
    found: set[str] = set()
    for chunk in _chunks(wanted):
        body = {"query": {"terms": {"keys": chunk}}, "_source": False}
        found.update(hit["_id"] for hit in scan(client, index=basis_index(alias), query=body, size=SCAN_PAGE))
    return found


def flags(client: Elasticsearch, alias: str, query: FlagQuery) -> list[StoredFlag]:
    """The ``Index.flags`` of the Elasticsearch engine."""
    name = flags_alias(alias)
    if _serving(client, name) is None:
        return []
    response = client.search(
        index=name,
        query={"bool": {"filter": _filters(query)}},
        sort=NEWEST_FIRST,
        from_=query.offset,
        size=query.limit,
        source_includes=["doc"],
    ).body
    return [StoredFlag.from_dict(hit["_source"]["doc"]) for hit in response["hits"]["hits"]]


def stream(client: Elasticsearch, alias: str, query: FlagQuery) -> Iterator[StoredFlag]:
    """The ``Index.stream_flags`` of the Elasticsearch engine: a scroll in ``flags``' order, as far as it goes
    (``from`` stops at the index's result window)."""
    name = flags_alias(alias)
    if _serving(client, name) is None:
        return
    body = {"query": {"bool": {"filter": _filters(query)}}, "sort": NEWEST_FIRST, "_source": ["doc"]}
    for hit in scan(client, index=name, query=body, size=SCAN_PAGE, preserve_order=True):
        yield StoredFlag.from_dict(hit["_source"]["doc"])


def _filters(query: FlagQuery) -> list[dict[str, Any]]:
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
    return filters


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
    client.indices.delete(index=basis_index(alias), ignore_unavailable=True)
