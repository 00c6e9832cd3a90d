"""How many notices a search matches on the Elasticsearch engine, and its facet counts, past the exact limit.

The contract is the SQLite engine's (``sqlite_total``): exact up to ``query.EXACT_TOTAL_LIMIT`` matches (read at
search time), an estimate never below it past the limit, with facet counts estimated from the same sample.

* The page's request asks ``track_total_hits`` = limit + 1: Lucene stops counting there, and a relevance page
  may then skip blocks of hits that cannot reach it (block-max WAND) instead of scoring every match.
* When the count stayed below, the facets are counted exactly by a second request of no hits over at most
  ``limit`` matches.
* Past it, the second request is a ``random_sampler`` aggregation whose probability reads about
  ``SAMPLE_DOCS`` of the stored notices: its own ``doc_count`` is the sampled matches (the estimate is that over
  the probability) and the ``terms`` buckets under it come back already scaled.
"""

from __future__ import annotations

import time
from typing import Any

from elasticsearch import Elasticsearch

from ggzy.index import query as query_module

#: Stored notices a sample reads, about; the sampler's probability is this over the notices stored.
SAMPLE_DOCS = 20_000
#: The random sampler takes a probability below one half, or exactly one.
MAX_PROBABILITY = 0.5
#: The same sample every time for the same index contents.
SEED = 7
#: How long the stored count that sets the probability is reused, in seconds.
COUNT_TTL = 60.0

MATCH_ALL: dict[str, Any] = {"filter": {"match_all": {}}}

_counts: dict[str, tuple[float, int]] = {}


#: The largest ``track_total_hits`` a node accepts (a 32-bit integer); ``True`` counts every match.
MAX_TRACK = 2**31 - 1


def track_total_hits() -> int | bool:
    """What the page's request counts up to: one past ``EXACT_TOTAL_LIMIT``, or every match when that is more than
    a node can be asked for."""
    wanted = int(query_module.EXACT_TOTAL_LIMIT) + 1
    return wanted if wanted <= MAX_TRACK else True


def stored_count(client: Elasticsearch, index: str) -> int:
    """The notices stored in ``index``, read at most once a ``COUNT_TTL``."""
    now = time.monotonic()
    cached = _counts.get(index)
    if cached is None or now - cached[0] > COUNT_TTL:
        cached = (now, int(client.count(index=index).body["count"]))
        _counts[index] = cached
    return cached[1]


def probability(client: Elasticsearch, index: str) -> float:
    """The sampler's probability: ``SAMPLE_DOCS`` over the notices stored, or 1 when that is half or more."""
    share = SAMPLE_DOCS / max(1, stored_count(client, index))
    return 1.0 if share >= MAX_PROBABILITY else share


def _buckets(aggregations: dict[str, Any], names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """Each facet's ``(value, count)`` pairs, largest first: ``terms`` buckets as a list, ``filters`` buckets (the
    flag facet) keyed by value, empty ones left out."""
    facets = {}
    for name in names:
        buckets = aggregations[name]["buckets"]
        pairs = (
            [(str(key), int(b["doc_count"])) for key, b in buckets.items() if b["doc_count"]]
            if isinstance(buckets, dict)
            else [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        )
        facets[name] = sorted(pairs, key=lambda item: (-item[1], item[0]))
    return facets


def tally(
    client: Elasticsearch,
    index: str,
    counted: dict[str, Any],
    query: dict[str, Any],
    names: tuple[str, ...],
    aggs: dict[str, Any],
) -> tuple[int, bool, dict[str, list[tuple[str, int]]]]:
    """``(total, exact, facets)`` from the page's ``hits.total`` (``counted``) and, when needed, one more request
    of no hits: the exact facets ``aggs`` below the limit, the random sample past it. ``query`` is the search's
    unscored query."""
    if counted["relation"] == "eq":
        if not names:
            return int(counted["value"]), True, {}
        response = client.search(index=index, query=query, size=0, track_total_hits=False, aggs=aggs).body
        return int(counted["value"]), True, _buckets(response["aggregations"], names)
    share = probability(client, index)
    # The sampler refuses to run without a sub-aggregation: a match-all filter is the cheapest one.
    sampler = {"random_sampler": {"probability": share, "seed": SEED}, "aggs": aggs or {"all": MATCH_ALL}}
    response = client.search(index=index, query=query, size=0, track_total_hits=False, aggs={"sample": sampler}).body
    sample = response["aggregations"]["sample"]
    estimate = max(round(int(sample["doc_count"]) / share), int(counted["value"]))
    return estimate, False, _buckets(sample, names)
