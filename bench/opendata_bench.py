"""Open-data export benchmark: notices per second and peak memory of ``ggzy export`` at several index sizes.

Usage: ``python3 -m bench.opendata_bench --sizes 10000,100000,1000000 [--workdir DIR] [--index URL]``

For each size it fills a SQLite index with the benchmark corpus (``bench/corpus.py``, ``--corpus FILE``; reused
between runs), then runs a full export in a child process that reports its CPU time and its own peak resident
memory (``ru_maxrss``, which counts the SQLite file pages the index maps into memory) and its peak anonymous
memory (``RssAnon``, sampled), beside the peaks of a child that only opens the index and scans it without writing
anything, so the ratio shows what the export itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus_files
from ggzy.index import open_index

BATCH = 5000

_CHILD = """
import json, resource, sys, threading, time
from pathlib import Path
from ggzy.index import open_index
from ggzy.index.query import SearchQuery
from ggzy.opendata.exports import Exporter
url, out, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
anon = [0]
def sample():
    while True:
        for line in open("/proc/self/status"):
            if line.startswith("RssAnon:"):
                anon[0] = max(anon[0], int(line.split()[1]))
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
started = time.perf_counter()
with open_index(url) as index:
    if mode == "scan":
        count = sum(1 for _ in index.scan(SearchQuery()))
    else:
        count = Exporter(index, out).run(force=True).notices
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss / 1024
seconds = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
peak_anon = anon[0] / 1024
print(json.dumps({"notices": count, "seconds": seconds, "cpu": cpu, "peak_rss_mb": peak, "peak_anon_mb": peak_anon}))
"""


def build_index(path: Path, size: int) -> str:
    """A SQLite index of the first ``size`` corpus notices at ``path``, reused when it already holds them (the
    file ``<path>.source`` says which corpus filled it)."""
    url = f"sqlite:///{path}"
    source = path.with_name(path.name + ".source")
    if path.exists():
        with open_index(url) as index:
            if index.count() == size and source.exists() and source.read_text("utf-8") == corpus_files.describe():
                return url
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    with open_index(url) as index:
        corpus_files.load_into(index, size, BATCH)
    source.write_text(corpus_files.describe(), "utf-8")
    return url


def run_child(url: str, out: Path, mode: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, url, str(out), mode], capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {cpu}, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--index", default=None, help="Export this index instead of building one per size.")
    parser.add_argument("--no-scan-baseline", action="store_true", help="Skip the scan-only child (large indexes).")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(
        "| notices | export s | notices/s | CPU s | notices per CPU s | export peak RSS MB (anonymous) "
        "| scan-only peak RSS MB (anonymous) | files MB | load |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = [0] if args.index else [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        url = args.index or build_index(args.workdir / f"opendata-{size}.db", size)
        out = args.workdir / f"opendata-{size}"
        shutil.rmtree(out, ignore_errors=True)
        scan = {"peak_rss_mb": float("nan"), "peak_anon_mb": float("nan")}
        if not args.no_scan_baseline:
            scan = run_child(url, out, "scan")
        started = time.perf_counter()
        export = run_child(url, out, "export")
        wall = time.perf_counter() - started
        files = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
        print(
            f"| {export['notices']:,} | {wall:.1f} | {export['notices'] / export['seconds']:,.0f} "
            f"| {export['cpu']:.1f} | {export['notices'] / export['cpu']:,.0f} "
            f"| {export['peak_rss_mb']:.0f} ({export['peak_anon_mb']:.0f}) "
            f"| {scan['peak_rss_mb']:.0f} ({scan['peak_anon_mb']:.0f}) | {files:.0f} | {os.getloadavg()[0]:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
