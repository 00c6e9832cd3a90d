"""Stored integrity flags: what a refresh costs and what the ``flag`` facet and ``flag=`` filter add to a search.

For each engine, ``--size`` synthetic notices (``ggzy.demo.synthetic``, seed 1) are stored, then timed side by
side in one run:

1. ``refresh``: ``ggzy.flags.compute.refresh`` (scan every notice, ``rules.evaluate``, ``replace_flags``), and
   ``replace_flags`` alone run again with the same results (the store's share);
2. searches (each run once to warm up, then ``ROUNDS`` times; the median is reported): the search page's facets
   without ``flag``, the same with ``flag`` (what the search page asks for), and ``flag=`` for the flag
   triggered most.

    python -m bench flags_store [--size 20000] [--engines sqlite,elastic] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.index_bench import write_section
from bench.index_elastic import elastic_url
from bench.opendata_bench import machine
from ggzy.demo.generator import synthetic_notices
from ggzy.flags.compute import refresh, stored_results
from ggzy.flags.rules import evaluate
from ggzy.index.base import Index
from ggzy.index.query import FACETS, SearchQuery

ROUNDS = 7
TODAY = date(2026, 11, 1)
COMMAND = "python3 -m bench flags_store --engines sqlite,elastic --write"
WITHOUT_FLAG = tuple(name for name in FACETS if name != "flag")


def open_engine(engine: str, workdir: Path, size: int) -> Index:
    """A new, empty index of ``engine`` for this benchmark (a leftover of an interrupted run is dropped)."""
    if engine == "sqlite":
        from ggzy.index.sqlite import SqliteIndex

        workdir.mkdir(parents=True, exist_ok=True)
        for leftover in workdir.glob(f"flags-{size}.db*"):
            leftover.unlink()
        return SqliteIndex(workdir / f"flags-{size}.db")
    from ggzy.index.elastic import ElasticIndex

    url = f"{elastic_url()}?alias=ggzy-bench-flags-{size}"
    ElasticIndex(url).drop()
    return ElasticIndex(url)


def median_ms(call: Callable[[], object]) -> float:
    call()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(engine: str, size: int, workdir: Path) -> dict[str, object]:
    index = open_engine(engine, workdir, size)
    try:
        notices = list(synthetic_notices(size, seed=1))
        index.upsert(notices)
        started = time.perf_counter()
        done = refresh(index, today=TODAY)
        refresh_s = time.perf_counter() - started
        results = stored_results(evaluate(notices, today=TODAY), notices)
        started = time.perf_counter()
        index.replace_flags(results, done.version, today=TODAY)
        replace_s = time.perf_counter() - started
        top = max(index.flag_coverage(TODAY).items(), key=lambda item: item[1].get("triggered", 0))
        return {
            "engine": engine,
            "size": size,
            "results": done.stored,
            "refresh_s": refresh_s,
            "replace_s": replace_s,
            "plain_ms": median_ms(lambda: index.search(SearchQuery(facets=WITHOUT_FLAG, today=TODAY))),
            "facet_ms": median_ms(lambda: index.search(SearchQuery(facets=FACETS, today=TODAY))),
            "filter_ms": median_ms(lambda: index.search(SearchQuery(flag=(top[0],), facets=FACETS, today=TODAY))),
            "top": f"{top[0]} ({top[1].get('triggered', 0)})",
        }
    finally:
        drop = getattr(index, "drop", None)
        if drop is not None:
            drop()
        index.close()


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| engine | notices | results | refresh s | replace_flags s | search p50 ms, facets without flag | "
        "with flag facet | flag= (most triggered) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['engine']} | {r['size']:,} | {r['results']:,} | {r['refresh_s']:.1f} | {r['replace_s']:.1f} | "
            f"{r['plain_ms']:.0f} | {r['facet_ms']:.0f} | {r['filter_ms']:.0f} ({r['top']}) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--engines", default="sqlite", help="comma-separated, from sqlite, elastic")
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--write", action="store_true", help="replace the flags-store section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    rows = [measure(engine, args.size, args.workdir) for engine in args.engines.split(",") if engine]
    text = table(rows)
    print(f"machine: {machine()}\n\n{text}")
    if args.write:
        body = (
            "## Stored integrity flags (`bench/flags_store_bench.py`)\n\n"
            f"Command: `{COMMAND}`. Machine: {machine()}, shared with other work. Synthetic notices "
            f"(`ggzy.demo.synthetic`, seed 1), penalties judged on {TODAY.isoformat()}; searches without words, "
            f"median of {ROUNDS} after one warm-up, every engine in the same run.\n\n" + text + "\n"
        )
        write_section(Path(__file__).resolve().parents[1] / "BENCHMARKS.md", "flags-store", body)
