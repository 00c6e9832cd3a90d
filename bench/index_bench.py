"""Index engine benchmark: indexing throughput, search and entity latency, and size per notice.

Usage: ``python3 -m bench index_bench [--sizes 10000,100000,1000000] [--engines sqlite] [--write]``
and ``python3 -m bench index_bench --tokenizers 100000`` for the full-text design comparison.

For each engine and size:

1. The benchmark corpus (``bench/corpus.py``: ``--corpus FILE``, or generated with seed 7) is read in batches
   of ``BATCH``; only ``upsert`` is timed, giving
   notices/s. The same rows go through a raw bulk insert (plain ``executemany`` into a SQLite table with the
   same columns and the JSON document, no FTS, no secondary index) and the ratio of the two is reported.
   For Elasticsearch the raw baseline is a ``_bulk`` into a store-only index (``bench/index_elastic.py``).
2. The 20 fixed ``SEARCHES`` (words, phrases, filters, facets; 采购/工程/建设/中标 each match a quarter or more of
   all notices) run once to warm up, then ``ROUNDS`` times; p50/p95 are over all timed calls.
3. ``entity(uscc)`` runs for ``ENTITY_SAMPLE`` codes drawn from the notices' parties; p99 is reported.
4. Size per notice is ``index.status()["size"]`` divided by the notices stored.

Each engine is a function ``open_<engine>(workdir, size) -> Index`` in ``ENGINES``; ``measure(index, size)``
does the rest for any ``Index``. With ``--write`` the table replaces the index section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bench import corpus_files
from bench.index_elastic import open_elastic, raw_bulk_seconds
from bench.opendata_bench import machine
from ggzy.index.base import Index
from ggzy.index.query import FACETS, SearchQuery
from ggzy.model import Notice

BATCH = 2_000
ROUNDS = 5
ENTITY_SAMPLE = 300
TODAY = date(2026, 11, 1)

#: The fixed searches, as the URL parameters the site and the API would receive.
SEARCHES: list[dict[str, str]] = [
    {"q": "工程", "facet": ",".join(FACETS)},
    {"q": "采购"},
    {"q": "建设", "sort": "newest"},
    {"q": "中标", "facet": "kind,province"},
    {"q": "学校"},
    {"q": "医院 设备"},
    {"q": '"道路改造工程"'},
    {"q": '"中标候选人公示"', "facet": "year"},
    {"q": "智慧"},
    {"q": "处罚", "kind": "penalty"},
    {"q": "杭州", "region": "33"},
    {"kind": "award", "sort": "amount"},
    {"region": "3301", "sort": "newest"},
    {"category": "procurement", "from": "2024-01-01", "to": "2024-12-31", "facet": "kind,centre"},
    {"facet": ",".join(FACETS)},
    {"uscc": "{uscc}"},
    {"q": "物业", "centre": "ggzy-3702"},
    {"amount_min": "1000000", "amount_max": "5000000", "sort": "amount"},
    {"q": "维修", "sort": "newest"},
    {"q": "服务", "size": "50"},
]


def open_sqlite(workdir: Path, size: int) -> Index:
    """A new SQLite index file for this size."""
    from ggzy.index.sqlite import SqliteIndex

    path = workdir / f"index-{size}.db"
    for leftover in workdir.glob(f"index-{size}.db*"):
        leftover.unlink()
    return SqliteIndex(path)


#: Engines by name; each opens an empty index for one size.
ENGINES: dict[str, Callable[[Path, int], Index]] = {"sqlite": open_sqlite, "elastic": open_elastic}


def batches(size: int) -> Iterator[list[Notice]]:
    batch: list[Notice] = []
    for notice in corpus_files.corpus_notices(size):
        notice.content_hash = ""  # as a harvest or ``ggzy import`` hands notices over: the index hashes them
        batch.append(notice)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def raw_insert_seconds(workdir: Path, size: int) -> float:
    """Seconds to executemany the same rows into a plain table (no FTS, no secondary index)."""
    path = workdir / f"raw-{size}.db"
    for leftover in workdir.glob(f"raw-{size}.db*"):  # a stale write-ahead log would corrupt the new file
        leftover.unlink()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE notice (id TEXT PRIMARY KEY, centre TEXT, kind TEXT, category TEXT, published TEXT, "
        "region_code TEXT, project_code TEXT, amount REAL, content_hash TEXT, json TEXT)"
    )
    elapsed = 0.0
    for batch in batches(size):
        rows = [
            (
                n.id,
                n.centre,
                n.kind.value,
                n.category.value,
                n.published.isoformat() if n.published else "",
                n.region_code,
                n.project_code,
                None if n.amount is None else float(n.amount),
                n.content_hash,
                n.to_json(),
            )
            for n in batch
        ]
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT OR REPLACE INTO notice VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        elapsed += time.perf_counter() - started
    conn.close()
    path.unlink()
    return elapsed


#: Each engine's baseline: seconds to store the same rows with none of the engine's indexing work.
RAW_SECONDS: dict[str, Callable[[Path, int], float]] = {"sqlite": raw_insert_seconds, "elastic": raw_bulk_seconds}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(index: Index, size: int) -> dict[str, Any]:
    """Fill ``index`` with ``size`` corpus notices and time indexing, searches and entity profiles."""
    elapsed, cpu, usccs = 0.0, 0.0, []
    for batch in batches(size):
        usccs += [p.uscc for n in batch for p in n.winners if p.uscc]
        started, cpu_started = time.perf_counter(), time.process_time()
        index.upsert(batch)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    common = Counter(usccs).most_common(1)[0][0]
    queries = [
        SearchQuery.from_params({k: v.replace("{uscc}", common) for k, v in params.items()}) for params in SEARCHES
    ]
    queries = [replace(q, today=TODAY) for q in queries]
    timings: list[float] = []
    totals: list[int] = []
    for round_number in range(ROUNDS + 1):
        for query in queries:
            started = time.perf_counter()
            result = index.search(query)
            spent = time.perf_counter() - started
            if round_number == 0:
                totals.append(result.total)
            else:
                timings.append(spent)
    sample = random.Random(7).sample(sorted(set(usccs)), min(ENTITY_SAMPLE, len(set(usccs))))
    entity_times = []
    for uscc in [common, *sample]:
        started = time.perf_counter()
        index.entity(uscc, today=TODAY)
        entity_times.append(time.perf_counter() - started)
    status = index.status()
    slowest = sorted(
        zip(
            SEARCHES, [statistics.median(timings[i :: len(queries)]) for i in range(len(queries))], totals, strict=True
        ),
        key=lambda item: -item[1],
    )[:3]
    return {
        "size": size,
        "notices_per_s": size / elapsed,
        "cpu_us_per_notice": cpu / size * 1e6,
        "search_p50_ms": percentile(timings, 0.50) * 1000,
        "search_p95_ms": percentile(timings, 0.95) * 1000,
        "entity_p99_ms": percentile(entity_times, 0.99) * 1000,
        "bytes_per_notice": (status.get("size") or 0) / max(1, index.count()),
        "slowest": [(json.dumps(p, ensure_ascii=False), round(t * 1000, 1), n) for p, t, n in slowest],
        "totals": totals,
    }


def run(
    engines: list[str],
    sizes: list[int],
    workdir: Path,
    *,
    opener: dict[str, Callable[[Path, int], Index]] | None = None,
    measurer: Callable[[Index, int], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """For each size and engine, the raw-engine floor, then ``measurer`` (this module's ``measure`` by default) on
    an index opened by ``opener`` (``ENGINES``) and dropped afterwards, each result printed as it comes."""
    opener = opener or ENGINES
    measurer = measurer or measure
    results = []
    for size in sizes:
        for engine in engines:
            raw = RAW_SECONDS[engine](workdir, size)
            index = opener[engine](workdir, size)
            try:
                result = measurer(index, size)
            finally:
                drop = getattr(index, "drop", None)
                if drop is not None and engine != "sqlite":
                    drop()
                index.close()
            result["engine"] = engine
            result["raw_per_s"] = size / raw if raw else None
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return results


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | notices | index notices/s | raw insert notices/s | ratio | search p50 ms | search p95 ms "
        "| entity p99 ms | bytes/notice |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        raw = r["raw_per_s"]
        raw_text = f"{raw:,.0f}" if raw else "-"
        ratio = f"{r['notices_per_s'] / raw:.2f}" if raw else "-"
        lines.append(
            f"| {r['engine']} | {r['size']:,} | {r['notices_per_s']:,.0f} | {raw_text} | {ratio} "
            f"| {r['search_p50_ms']:.1f} | {r['search_p95_ms']:.1f} | {r['entity_p99_ms']:.1f} "
            f"| {r['bytes_per_notice']:,.0f} |"
        )
    lines.append("")
    lines.append("Slowest searches (median ms, matches):")
    lines.append("")
    for r in results:
        for params, ms, total in r["slowest"]:
            lines.append(f"- {r['engine']} {r['size']:,}: `{params}` {ms} ms, {total:,} matches")
    return "\n".join(lines)


def write_section(path: Path, marker: str, body: str) -> None:
    """Replace the text between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` (appended when absent)."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated index sizes.")
    parser.add_argument("--engines", default="sqlite", help=f"Comma-separated, from {', '.join(ENGINES)}.")
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--tokenizers", type=int, metavar="N", help="Compare FTS5 designs on N notices instead.")
    parser.add_argument("--write", action="store_true", help="Replace the index section of BENCHMARKS.md.")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    if args.tokenizers:
        from bench.fts_designs import compare

        body = compare(args.tokenizers, args.workdir)
        marker = "index-tokenizers"
    else:
        results = run(args.engines.split(","), [int(s) for s in args.sizes.split(",")], args.workdir)
        body = table(results)
        marker = f"index-{'-'.join(args.engines.split(','))}"
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), marker, f"{machine()}\n\n{body}")


if __name__ == "__main__":
    main()
