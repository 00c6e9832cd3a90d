"""The Elasticsearch engine's harvest state: one small index ``<alias>-harvest`` beside the notices.

It holds three kinds of document, told apart by ``type``:

- ``seen``: one per committed (centre, source id), its ``_id`` a hash of the pair, so a look-up is one ``mget``
  of the batch's ids (real-time, no refresh needed) and a write is one bulk request of the batch;
- ``centre``: one per centre (``_id`` ``centre:<id>``) holding its JSON record, written with ``if_seq_no`` /
  ``if_primary_term`` so two workers never overwrite each other's change (compare-and-set);
- ``crawl``: one per crawl and centre, for the health page.

The index belongs to the alias, not to a versioned index: a rebuild, which keeps the notices, keeps the state;
``ElasticIndex.drop`` deletes it with the notices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from typing import Any

from elasticsearch import BadRequestError, ConflictError, Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk

from ggzy.index.elastic_mapping import settings

#: How many ids one ``mget`` asks for.
LOOKUP_CHUNK = 1000

MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "type": {"type": "keyword"},
        "centre": {"type": "keyword"},
        "source_id": {"type": "keyword", "index": False, "doc_values": False},
        "crawl_id": {"type": "keyword"},
        "finished": {"type": "keyword"},
        "record": {"type": "object", "enabled": False},
    },
}


def seen_id(centre: str, source_id: str) -> str:
    """The document id of a committed (centre, source id): source ids may be long URLs, so it is a hash."""
    return "seen:" + hashlib.sha1(f"{centre}\x1f{source_id}".encode()).hexdigest()


def ensure(client: Elasticsearch, name: str) -> None:
    """Create the harvest index if it does not exist (a writer that loses the race uses the winner's)."""
    if client.indices.exists(index=name):
        return
    try:
        client.indices.create(index=name, settings=settings(), mappings=MAPPING)
    except BadRequestError as error:
        if error.error != "resource_already_exists_exception":
            raise


def committed_ids(client: Elasticsearch, name: str, centre: str, source_ids: Collection[str]) -> set[str]:
    wanted = list(dict.fromkeys(source_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        by_doc = {seen_id(centre, i): i for i in chunk}
        docs = client.mget(index=name, ids=list(by_doc), source=False).body["docs"]
        found.update(by_doc[d["_id"]] for d in docs if d.get("found"))
    return found


def mark_committed(client: Elasticsearch, name: str, centre: str, source_ids: Iterable[str]) -> None:
    actions = [
        {"_index": name, "_id": seen_id(centre, i), "_source": {"type": "seen", "centre": centre, "source_id": i}}
        for i in dict.fromkeys(source_ids)
        if i
    ]
    if actions:
        bulk(client, actions, refresh=False)


def centre_record(client: Elasticsearch, name: str, centre: str) -> tuple[dict[str, Any], str | None]:
    try:
        found = client.get(index=name, id=f"centre:{centre}")
    except NotFoundError:
        return {}, None
    return dict(found["_source"]["record"]), f"{found['_seq_no']}:{found['_primary_term']}"


def put_centre_record(
    client: Elasticsearch, name: str, centre: str, record: dict[str, Any], version: str | None
) -> bool:
    document = {"type": "centre", "centre": centre, "record": record}
    try:
        if version is None:
            client.create(index=name, id=f"centre:{centre}", document=document)
        else:
            seq_no, primary_term = (int(part) for part in version.split(":"))
            client.index(
                index=name, id=f"centre:{centre}", document=document, if_seq_no=seq_no, if_primary_term=primary_term
            )
    except ConflictError:
        return False
    return True


def add_crawl_record(client: Elasticsearch, name: str, record: dict[str, Any]) -> None:
    document = {
        "type": "crawl",
        "centre": record["centre"],
        "crawl_id": record["crawl_id"],
        "finished": record["finished"],
        "record": record,
    }
    client.index(index=name, id=f"crawl:{record['centre']}:{record['crawl_id']}", document=document)


def crawl_records(client: Elasticsearch, name: str, centre: str, limit: int) -> list[dict[str, Any]]:
    client.indices.refresh(index=name)
    found = client.search(
        index=name,
        query={"bool": {"filter": [{"term": {"type": "crawl"}}, {"term": {"centre": centre}}]}},
        sort=[{"finished": "desc"}, {"crawl_id": "desc"}],
        size=limit,
    )
    return [hit["_source"]["record"] for hit in found["hits"]["hits"]]


def harvested_centres(client: Elasticsearch, name: str) -> list[str]:
    client.indices.refresh(index=name)
    found = client.search(
        index=name,
        query={"terms": {"type": ["centre", "crawl"]}},
        aggs={"centres": {"terms": {"field": "centre", "size": 10_000}}},
        size=0,
    )
    return sorted(bucket["key"] for bucket in found["aggregations"]["centres"]["buckets"])
