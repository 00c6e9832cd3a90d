"""Search benchmark: the fixed searches through the engine and through ``/api/v1/notices``, both engines side by side.

Usage: ``python3 -m bench search --corpus FILE [--sizes 10000,100000] [--engines sqlite,elastic] [--write]``;
``{size}`` in ``FILE`` is replaced by each size (``--corpus /work/corpus/corpus-{size}.jsonl.gz``).

For each size and engine:

1. An index of the first ``size`` corpus notices (``--corpus FILE``, or generated with seed 7) is built once and
   kept: the SQLite file ``search-<size>.db`` under ``--workdir`` and the Elasticsearch alias
   ``ggzy-bench-search-<size>``, each reused while ``search-<size>.json`` names the same corpus and schema.
2. Each of the index benchmark's 20 fixed ``SEARCHES`` (broad words with every facet among them) runs in three
   ways, turn about, once to warm up and then ``--rounds`` times:

   * *floor*: the engine's bare match, the first 20 matches in no order with no count, facet, ranking, document
     or highlight (SQLite: ``SELECT rid … LIMIT 20`` on the search's own FROM and WHERE; Elasticsearch: the same
     bool query, ``size`` 20, no ``_source``, ``track_total_hits`` off);
   * *engine*: ``index.search(query)``, the whole answer (total, facets, the page of notices, highlights);
   * *API*: ``GET /api/v1/notices`` through Flask's test client (parsing, the engine, the JSON body);
   * *unbounded*: ``index.search(query)`` again with ``EXACT_TOTAL_LIMIT`` and the ranking window out of reach,
     every match counted, faceted, ranked and sorted as before the total contract: the design comparison.

   Reported: p50 and p95 over every timed call of each way (wall time; the engine's and the API's CPU time of the
   process too, which other jobs on the machine inflate less), the API ÷ engine ratio of the summed medians, and the
   slowest searches with their totals, whether they are exact, and the count of every match.
With ``--write`` the table replaces the ``search-scale`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import corpus_files
from bench.api_bench import bench_app
from bench.index_bench import BATCH, SEARCHES, TODAY, percentile, write_section
from bench.index_elastic import elastic_url
from bench.opendata_bench import machine
from ggzy.index import open_index
from ggzy.index import query as query_module
from ggzy.index.base import Index
from ggzy.index.query import SearchQuery

ROUNDS = 5
FLOOR_ROWS = 20


def index_url(engine: str, workdir: Path, size: int) -> str:
    if engine == "sqlite":
        return f"sqlite:///{(workdir / f'search-{size}.db').resolve()}"
    return f"{elastic_url()}?alias=ggzy-bench-search-{size}"


def schema_version(engine: str) -> int:
    if engine == "sqlite":
        from ggzy.index.sqlite import SCHEMA_VERSION

        return SCHEMA_VERSION
    from ggzy.index.elastic_mapping import SCHEMA_VERSION as ELASTIC_VERSION

    return ELASTIC_VERSION


def ready_index(engine: str, workdir: Path, size: int) -> tuple[str, float | None]:
    """The URL of an index of ``size`` corpus notices, built unless the marker says it holds them already; and
    the seconds building took (None when reused)."""
    url = index_url(engine, workdir, size)
    marker = workdir / f"search-{size}-{engine}.json"
    wanted = {"corpus": corpus_files.describe(), "schema": schema_version(engine), "size": size}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        with open_index(url) as index:
            if index.count() == size:
                return url, None
    marker.unlink(missing_ok=True)
    with open_index(url) as index:
        drop = getattr(index, "drop", None)
        if drop is not None:
            drop()
    for leftover in workdir.glob(f"search-{size}.db*") if engine == "sqlite" else ():
        leftover.unlink()
    started = time.perf_counter()
    with open_index(url) as index:
        corpus_files.load_into(index, size, BATCH)
    marker.write_text(json.dumps(wanted))
    return url, time.perf_counter() - started


def floor_call(index: Index, query: SearchQuery) -> Callable[[], object]:
    """The engine's bare match of ``query``: its first ``FLOOR_ROWS`` matches, unordered, nothing else."""
    if index.engine == "sqlite":
        from ggzy.index.sqlite_search import where_clause

        conn = index.connection()  # type: ignore[attr-defined]
        source, where, params = where_clause(query)
        sql = f"SELECT n.rid FROM {source} WHERE {where} LIMIT {FLOOR_ROWS}"
        return lambda: conn.execute(sql, params).fetchall()
    from ggzy.index.elastic_query import flagged_ids, query_body

    client, name = index.client, index.alias  # type: ignore[attr-defined]
    body = query_body(query, scored=False, flagged=flagged_ids(client, name, query))
    return lambda: client.search(index=name, query=body, size=FLOOR_ROWS, track_total_hits=False, source=False)


def busiest_code(index: Index) -> str:
    """The code named most often among the first 20,000 notices (the ``{uscc}`` search)."""
    counts = Counter(code for n in islice(index.scan(SearchQuery()), 20_000) for code in n.usccs())
    return counts.most_common(1)[0][0]


class Unbounded:
    """Within it, the exact limit and the ranking window are out of reach: every match counted, faceted, ranked and
    sorted, as before the total contract."""

    def __enter__(self) -> None:
        from ggzy.index import sqlite_total

        self.saved = (query_module.EXACT_TOTAL_LIMIT, sqlite_total.RANK_WINDOW)
        query_module.EXACT_TOTAL_LIMIT = 10**12
        sqlite_total.RANK_WINDOW = 10**12

    def __exit__(self, *_exc: object) -> None:
        from ggzy.index import sqlite_total

        query_module.EXACT_TOTAL_LIMIT, sqlite_total.RANK_WINDOW = self.saved


def measure(engine: str, url: str, rounds: int) -> dict[str, Any]:
    """Time every fixed search four ways, turn about, on the index at ``url``."""
    client = bench_app(url, rate_limited=False).test_client()
    with open_index(url) as index:
        code = busiest_code(index)
        searches = [{k: v.replace("{uscc}", code) for k, v in params.items()} for params in SEARCHES]
        queries = [replace(SearchQuery.from_params(params), today=TODAY) for params in searches]
        floors = [floor_call(index, query) for query in queries]
        ways = ("floor", "engine", "api", "unbounded", "engine_cpu", "api_cpu")
        times: dict[str, list[list[float]]] = {way: [[] for _ in searches] for way in ways}
        answers = []
        for round_number in range(rounds + 1):
            for number, (params, query) in enumerate(zip(searches, queries, strict=True)):
                started = time.perf_counter()
                floors[number]()
                floor = time.perf_counter() - started
                started, cpu = time.perf_counter(), time.process_time()
                result = index.search(query)
                spent, cpu = time.perf_counter() - started, time.process_time() - cpu
                path = f"/api/v1/notices?{urlencode(params)}"
                started, api_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                api, api_cpu = time.perf_counter() - started, time.process_time() - api_cpu
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                with Unbounded():
                    started = time.perf_counter()
                    everything = index.search(query)
                    unbounded = time.perf_counter() - started
                if round_number == 0:
                    answers.append((result.total, result.total_exact, everything.total))
                    continue
                for way, value in (
                    ("floor", floor),
                    ("engine", spent),
                    ("api", api),
                    ("unbounded", unbounded),
                    ("engine_cpu", cpu),
                    ("api_cpu", api_cpu),
                ):
                    times[way][number].append(value * 1000)
    medians = {way: [statistics.median(values) for values in found] for way, found in times.items()}
    every = {way: [value for values in found for value in values] for way, found in times.items()}
    slowest = sorted(range(len(searches)), key=lambda n: -medians["engine"][n])[:4]
    return {
        "engine": engine,
        **{f"{way}_p50": percentile(every[way], 0.50) for way in every},
        **{f"{way}_p95": percentile(every[way], 0.95) for way in every},
        "api_ratio": sum(medians["api"]) / sum(medians["engine"]),
        "slowest": [
            (
                json.dumps(searches[n], ensure_ascii=False),
                round(medians["floor"][n], 1),
                round(medians["engine"][n], 1),
                round(medians["api"][n], 1),
                round(medians["unbounded"][n], 1),
                *answers[n],
            )
            for n in slowest
        ],
    }


def run(engines: list[str], sizes: list[int], workdir: Path, rounds: int) -> list[dict[str, Any]]:
    results = []
    template = corpus_files.SOURCE["file"]
    for size in sizes:
        if template is not None:  # ``corpus-{size}.jsonl.gz``: each size reads its own corpus file
            corpus_files.SOURCE["file"] = Path(str(template).replace("{size}", str(size)))
        for engine in engines:
            url, built = ready_index(engine, workdir, size)
            result = {"size": size, "built_s": built, **measure(engine, url, rounds)}
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return results


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | notices | floor p50 / p95 ms | engine p50 / p95 ms | API p50 / p95 ms | API ÷ engine "
        "| unbounded engine p50 / p95 ms | engine CPU p50 / p95 ms | API CPU p50 / p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['size']:,} | {r['floor_p50']:.1f} / {r['floor_p95']:.1f} "
            f"| {r['engine_p50']:.1f} / {r['engine_p95']:.1f} | {r['api_p50']:.1f} / {r['api_p95']:.1f} "
            f"| {r['api_ratio']:.2f} | {r['unbounded_p50']:.1f} / {r['unbounded_p95']:.1f} "
            f"| {r['engine_cpu_p50']:.1f} / {r['engine_cpu_p95']:.1f} "
            f"| {r['api_cpu_p50']:.1f} / {r['api_cpu_p95']:.1f} |"
        )
    lines += ["", "Slowest searches (median ms floor / engine / API / unbounded; matches as answered, counted):", ""]
    for r in results:
        for params, floor, engine, api, unbounded, total, exact, counted in r["slowest"]:
            lines.append(
                f"- {r['engine']} {r['size']:,}: `{params}` {floor} / {engine} / {api} / {unbounded} ms; "
                f"{total:,} {'exact' if exact else 'estimated'}, {counted:,} counted"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated index sizes.")
    parser.add_argument("--engines", default="sqlite,elastic", help="Comma-separated: sqlite, elastic.")
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--write", action="store_true", help="Replace the search-scale section of BENCHMARKS.md.")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    results = run(args.engines.split(","), [int(s) for s in args.sizes.split(",")], args.workdir, args.rounds)
    body = table(results)
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), "search-scale", f"{machine()}\n\n{body}")


if __name__ == "__main__":
    main()
