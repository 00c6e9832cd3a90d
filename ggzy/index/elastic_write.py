"""Writing to the Elasticsearch engine: bulk requests in flight while the next are prepared, retried on 429,
and the counter that hands out modification numbers.

The counter is one document in ``<alias>-seq`` advanced with optimistic concurrency (``if_seq_no``): several
writers never get the same number and each writer's numbers rise. A notice's document version is its number
(``external_gte``), so of two writers racing on one notice the later change stays, whichever request lands last.
"""

from __future__ import annotations

import contextlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from elasticsearch import ApiError, BadRequestError, ConflictError, Elasticsearch, NotFoundError
from elasticsearch.helpers import BulkIndexError, scan, streaming_bulk

from ggzy.index.base import IndexEngineError, UpsertReport
from ggzy.index.elastic_mapping import document, settings
from ggzy.index.elastic_query import newest_change
from ggzy.model import Notice, stored_json

#: Small requests, several in flight: the node indexes some while the next are prepared (4×250 did best of
#: 2×500, 3×250 and 4×250 over 20,000 notices on 2 shared cores; over a million it matched 2×500).
BULK_CHUNK = 250
BULK_THREADS = 4
#: A 429 is retried this many times, waiting 0.5 s, 1 s, 2 s … (at most ``MAX_BACKOFF`` s) in between.
BULK_RETRIES = 8
INITIAL_BACKOFF = 0.5
MAX_BACKOFF = 8.0
SEQ_DOC = "modified_seq"

T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def write_action(
    index: str,
    notice: Notice,
    data: dict[str, Any],
    modified_seq: int,
    inserted_seq: int,
    doc_json: str | None = None,
) -> dict[str, Any]:
    """The bulk action storing ``notice``; its version is its modification number, so when two writers race
    the later change wins whichever request arrives last. ``doc_json``, when given, is ``data`` already
    encoded (``model.stored_json``): the source is sent as text with it spliced in, so the notice is not
    encoded a second time by the client."""
    source: dict[str, Any] | str = document(notice, data, modified_seq=modified_seq, inserted_seq=inserted_seq)
    if doc_json is not None:
        assert isinstance(source, dict)
        del source["doc"]
        fields = json.dumps(source, ensure_ascii=False, separators=(",", ":"))
        source = fields[:-1] + ',"doc":' + doc_json + "}"
    return {
        "_index": index,
        "_id": notice.id,
        "_version": modified_seq,
        "_version_type": "external_gte",
        "_source": source,
    }


def bulk_write(client: Elasticsearch, actions: Iterable[dict[str, Any]]) -> int:
    """Send ``actions`` in bulk requests, ``BULK_THREADS`` at a time while the next ones are prepared; a 429
    is retried with back-off, a write older than the stored one is dropped, any other failure raises."""
    written = 0
    failed: list[dict[str, Any]] = []
    with ThreadPoolExecutor(max_workers=BULK_THREADS, thread_name_prefix="ggzy-bulk") as pool:
        pending: deque[Future[tuple[int, list[dict[str, Any]]]]] = deque()
        for chunk in batches(actions, BULK_CHUNK):
            pending.append(pool.submit(_send, client, chunk))
            if len(pending) >= BULK_THREADS:
                done, errors = pending.popleft().result()
                written, failed = written + done, failed + errors
        for future in pending:
            done, errors = future.result()
            written, failed = written + done, failed + errors
    if failed:
        raise BulkIndexError(f"{len(failed)} document(s) failed to index", failed)
    return written


def _send(client: Elasticsearch, chunk: list[dict[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    written = 0
    failed = []
    # raise_on_error=False: with True the helper raises on the first 429 instead of retrying it.
    for ok, item in streaming_bulk(
        client,
        chunk,
        chunk_size=BULK_CHUNK,
        max_retries=BULK_RETRIES,
        initial_backoff=INITIAL_BACKOFF,
        max_backoff=MAX_BACKOFF,
        raise_on_error=False,
    ):
        if ok or next(iter(item.values())).get("status") == 409:  # 409: a newer write is already stored
            written += 1
        else:
            failed.append(item)
    return written, failed


def _start_counter(client: Elasticsearch, seq_index: str, alias: str) -> None:
    """Create the counter (and its index) at the highest number stored; a writer that loses the race to
    create it uses the winner's."""
    try:
        client.indices.create(
            index=seq_index,
            settings=settings(),
            mappings={"dynamic": "strict", "properties": {"value": {"type": "long"}}},
        )
    except BadRequestError as error:
        if error.error != "resource_already_exists_exception":
            raise
    # A writer that lost the race to create the index must not read it before its shard has started (a 503).
    client.cluster.health(index=seq_index, wait_for_status="yellow", timeout="60s")
    start = newest_change(client, alias)
    with contextlib.suppress(ConflictError):
        client.create(index=seq_index, id=SEQ_DOC, document={"value": start})


def reserve(client: Elasticsearch, seq_index: str, alias: str, count: int) -> int:
    """Reserve ``count`` consecutive modification sequence numbers; returns the first."""
    for _attempt in range(1000):
        try:
            counter = client.get(index=seq_index, id=SEQ_DOC)
        except NotFoundError:
            _start_counter(client, seq_index, alias)
            continue
        except ApiError as error:
            if error.meta.status != 503:  # 503: another writer created the counter and its shard is starting
                raise
            client.cluster.health(index=seq_index, wait_for_status="yellow", timeout="60s")
            continue
        value = int(counter["_source"]["value"])
        try:
            client.index(
                index=seq_index,
                id=SEQ_DOC,
                document={"value": value + count},
                if_seq_no=counter["_seq_no"],
                if_primary_term=counter["_primary_term"],
            )
        except ConflictError:
            continue
        return value + 1
    raise IndexEngineError(f"could not reserve modification numbers for {alias}: too many writers")


#: Notices a rebuild reads from the old index per scroll page.
SCAN_PAGE = 1000


def copy_notices(client: Elasticsearch, old: str, new: str) -> tuple[int, int]:
    """Copy every notice of index ``old`` into ``new``, each written again as this version's mapping stores it,
    with the refresh off while writing; ``(read, written)``."""
    read = 0

    def copies() -> Iterator[dict[str, Any]]:
        nonlocal read
        body = {"query": {"match_all": {}}, "_source": ["doc", "modified_seq", "inserted_seq"]}
        for hit in scan(client, index=old, query=body, size=SCAN_PAGE):
            source = hit["_source"]
            notice = Notice.from_dict(source["doc"])
            seq = int(source["modified_seq"])
            read += 1
            yield write_action(new, notice, notice.to_dict(), seq, source.get("inserted_seq") or seq)

    client.indices.put_settings(index=new, settings={"index": {"refresh_interval": "-1"}})
    written = bulk_write(client, copies())
    client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=new)
    return read, written


def write_batch(client: Elasticsearch, alias: str, seq_index: str, batch: list[Notice]) -> UpsertReport:
    """Store the notices of ``batch`` whose content hash changed, each with the next modification number; the
    ``Index.upsert`` of the Elasticsearch engine, one batch at a time."""
    report = UpsertReport()
    ids = list(dict.fromkeys(n.id for n in batch))
    # The stored hashes are fetched while the batch is encoded and hashed.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ggzy-mget") as pool:
        found = pool.submit(client.mget, index=alias, ids=ids, source_includes=["content_hash", "inserted_seq"])
        prepared = []
        for notice in batch:
            # One encoding per notice gives both the content hash and the stored ``doc`` (sent as it is).
            data = notice.to_dict()
            data["content_hash"], doc_json = stored_json(data)
            prepared.append((notice, data, doc_json))
        docs = found.result().body["docs"]
    stored: dict[str, tuple[str, int | None]] = {
        d["_id"]: (d["_source"]["content_hash"], d["_source"].get("inserted_seq")) for d in docs if d.get("found")
    }
    changed: list[tuple[Notice, dict[str, Any], str, int | None]] = []
    for notice, data, doc_json in prepared:
        old = stored.get(notice.id)
        if old is not None and old[0] == data["content_hash"]:
            report.unchanged += 1
            continue
        if old is None:
            report.inserted += 1
        else:
            report.updated += 1
        inserted_seq = old[1] if old is not None else None
        changed.append((notice, data, doc_json, inserted_seq))
        stored[notice.id] = (data["content_hash"], inserted_seq)
    if not changed:
        return report
    seq = reserve(client, seq_index, alias, len(changed))
    first_seq: dict[str, int] = {}

    def actions() -> Iterator[dict[str, Any]]:
        for offset, (notice, data, doc_json, inserted_seq) in enumerate(changed):
            modified = seq + offset
            inserted = inserted_seq or first_seq.setdefault(notice.id, modified)
            yield write_action(alias, notice, data, modified, inserted, doc_json)

    bulk_write(client, actions())
    return report
