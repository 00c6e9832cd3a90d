"""The Elasticsearch half of the index benchmark (``python3 -m bench index --engines elastic``).

``open_elastic`` gives ``index_bench.measure`` an empty alias ``ggzy-bench-<size>`` on the node at
``GGZY_ES_URL`` (``make es-start`` starts one). ``raw_bulk_seconds`` is its baseline: the same notices, as their
JSON under their ids, sent with ``_bulk`` in requests of ``RAW_CHUNK`` into an index that stores them and
indexes nothing (``"dynamic": false``), so no analysis, no derived fields, no content hashes and no modification
numbers. The ratio of the two is what the engine's mapping and bookkeeping cost.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ggzy.index.base import Index

#: Notices per raw ``_bulk`` request.
RAW_CHUNK = 500


def elastic_url() -> str:
    """The node to measure, from ``GGZY_ES_URL``."""
    return os.environ.get("GGZY_ES_URL", "http://127.0.0.1:9200")


def open_elastic(workdir: Path, size: int) -> Index:
    """A new, empty alias ``ggzy-bench-<size>`` (a leftover from an interrupted run is dropped first)."""
    from ggzy.index.elastic import ElasticIndex

    url = f"{elastic_url()}?alias=ggzy-bench-{size}"
    ElasticIndex(url).drop()
    return ElasticIndex(url)


def raw_bulk_seconds(workdir: Path, size: int) -> float:
    """Seconds to ``_bulk`` the benchmark's notices into a store-only index, refresh included."""
    from elasticsearch import Elasticsearch
    from elasticsearch.helpers import bulk

    from bench.index_bench import batches

    client = Elasticsearch(elastic_url(), request_timeout=120)
    name = f"ggzy-bench-raw-{size}"
    client.indices.delete(index=name, ignore_unavailable=True)
    client.indices.create(
        index=name, settings={"number_of_shards": 1, "number_of_replicas": 0}, mappings={"dynamic": False}
    )
    elapsed = 0.0
    try:
        for batch in batches(size):
            actions = [{"_index": name, "_id": n.id, "_source": n.to_json()} for n in batch]
            started = time.perf_counter()
            bulk(client, actions, chunk_size=RAW_CHUNK)
            elapsed += time.perf_counter() - started
        started = time.perf_counter()
        client.indices.refresh(index=name)
        elapsed += time.perf_counter() - started
    finally:
        client.indices.delete(index=name, ignore_unavailable=True)
        client.close()
    return elapsed
