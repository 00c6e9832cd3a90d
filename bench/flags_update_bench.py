"""Integrity flags at scale: what a full refresh holds in memory, before and after reading notices without their
bodies, and what an incremental update after a batch of new notices costs beside a full refresh.

On a SQLite index of the realistic corpus (``--db``, built once with ``bench.corpus_files.load_into``), each step
runs in a fresh process that samples its own ``RssAnon`` (the anonymous memory a refresh holds; the SQLite file
mapping is left out) and reports CPU and wall time:

1. a full refresh with the code at ``--before`` (another checkout, e.g. ``main``) and with this one, each on its
   own copy of the index; every stored result of the two copies is compared;
2. ``--batch`` new notices (copies of random stored notices under new ids: they join the same procurements,
   buyers and companies, as a harvest batch does) are stored, then ``update`` (incremental) runs, then a full
   refresh; the results of the two are compared;
3. ``update`` a day and 30 days later (``NEW_DAYS``), each followed by a full refresh of that day, compared too:
   a new day recomputes only what the penalties that entered or left public view reach.

With ``--elastic`` (an index URL with ``?alias=`` holding the same notices) step 2 also runs on Elasticsearch.

    python -m bench flags_update --db corpus-100000.db --before /work/main [--elastic URL] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.index_bench import write_section
from bench.opendata_bench import machine
from ggzy.index import open_index

TODAY = date(2026, 11, 1)
#: Days after ``TODAY`` an update runs on (3.): penalties enter and leave public view in between.
NEW_DAYS = (1, 30)
HERE = Path(__file__).resolve().parent.parent

#: The measured step, run by ``python -c`` in a fresh process of either checkout (``argv``: url, step, day).
CHILD = """
import json, sys, threading, time
from datetime import date, timedelta

peak = [0]
def sample():
    while True:
        for line in open("/proc/self/status"):
            if line.startswith("RssAnon:"):
                peak[0] = max(peak[0], int(line.split()[1]))
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
from ggzy.flags import compute
from ggzy.index import open_index
url, step, day = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
with open_index(url) as index:
    cpu, wall = time.process_time(), time.perf_counter()
    done = getattr(compute, step)(index, today=day)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
time.sleep(0.1)
print(json.dumps({"cpu": cpu, "wall": wall, "rss_mb": peak[0] / 1024, "stored": done.stored,
                  "recomputed": getattr(done, "recomputed", done.notices)}))
"""


def measure(tree: Path, url: str, step: str, day: date = TODAY) -> dict[str, Any]:
    """Run ``compute.<step>`` over ``url`` on ``day`` with the code at ``tree``, in a fresh process."""
    python = tree / ".venv" / "bin" / "python"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [str(python), "-c", CHILD, url, step, day.isoformat()],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def copy(source: Path, target: Path) -> Path:
    for leftover in target.parent.glob(f"{target.name}*"):
        leftover.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def stored_results(url: str) -> list[str]:
    """Every stored result (hidden ones too), as its JSON, in key order."""
    with open_index(url) as index:
        found = [json.dumps(f.to_dict(), sort_keys=True) for f in index.scan_flags(today=date(1900, 1, 1))]
    return sorted(found)


def add_batch(url: str, size: int, seed: int = 5) -> None:
    """Store ``size`` copies of random stored notices under new ids."""
    with open_index(url) as index:
        total = index.count()
        rng = random.Random(seed)
        picked = set(rng.sample(range(total), size))
        from ggzy.index.query import SearchQuery

        chosen = [n for i, n in enumerate(index.scan(SearchQuery(include_withdrawn=True, today=TODAY))) if i in picked]
        batch = []
        for number, notice in enumerate(chosen):
            again = replace(notice, id=f"{notice.id}-b{number}", source_id=f"{notice.source_id}-b{number}")
            again.content_hash = again.compute_content_hash()
            batch.append(again)
        report = index.upsert(batch)
        assert report.inserted == size, report


def row(label: str, engine: str, notices: str, found: dict[str, Any]) -> str:
    return (
        f"| {label} | {engine} | {notices} | {found['recomputed']:,} | {found['cpu']:.1f} | {found['wall']:.1f} "
        f"| {found['rss_mb']:,.0f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench flags_update", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, action="append", required=True, help="a SQLite corpus index (repeat)")
    parser.add_argument("--before", type=Path, help="the checkout to compare with (its .venv runs it)")
    parser.add_argument("--elastic", help="an Elasticsearch index URL holding the last --db's notices")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ggzy-bench-flags-update"))
    parser.add_argument("--write", action="store_true", help="write the section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    rows, checks = [], []
    for db in args.db:
        count = sqlite3.connect(db).execute("SELECT count(*) FROM notice").fetchone()[0]
        after = f"sqlite:///{copy(db, args.workdir / 'after.db')}"
        if args.before:
            before = f"sqlite:///{copy(db, args.workdir / 'before.db')}"
            rows.append(row("full refresh, before", "SQLite", f"{count:,}", measure(args.before, before, "refresh")))
        rows.append(row("full refresh", "SQLite", f"{count:,}", measure(HERE, after, "refresh")))
        if args.before:
            same = stored_results(before) == stored_results(after)
            checks.append(f"{count:,} notices: every stored result before = after: {same}")
        print("\n".join(rows), *checks, sep="\n", flush=True)
    engines = [("SQLite", after)] + ([("Elasticsearch", args.elastic)] if args.elastic else [])
    for engine, url in engines:
        if engine == "Elasticsearch":
            with open_index(url) as index:
                count = index.count()
            rows.append(row("full refresh", engine, f"{count:,}", measure(HERE, url, "refresh")))
        add_batch(url, args.batch)
        label = f"{count:,} + {args.batch}"
        rows.append(row(f"update after {args.batch} new notices", engine, label, measure(HERE, url, "update")))
        updated = stored_results(url)
        rows.append(row("full refresh", engine, label, measure(HERE, url, "refresh")))
        checks.append(f"{engine}: results after the update = after a full refresh: {updated == stored_results(url)}")
        for later in NEW_DAYS:
            day = TODAY + timedelta(days=later)
            rows.append(row(f"update {later} day(s) later", engine, label, measure(HERE, url, "update", day)))
            updated = stored_results(url)
            rows.append(row(f"full refresh {later} day(s) later", engine, label, measure(HERE, url, "refresh", day)))
            same = updated == stored_results(url)
            checks.append(f"{engine}: {later} day(s) later, results after the update = after a full refresh: {same}")
        print("\n".join(rows), *checks, sep="\n", flush=True)
    body = "\n".join(
        [
            "## Integrity flags at scale: bounded memory and the incremental update (`bench/flags_update_bench.py`)",
            "",
            f"Command: `python -m bench flags_update --db corpus-10000.db --db corpus-100000.db --before /work/main"
            f"{' --elastic URL' if args.elastic else ''} --write`. Machine: {machine()}, shared with other work; "
            f"load average {load[0]:.1f} at the start. Realistic corpus (`/work/corpus/corpus-*.jsonl.gz`, loaded "
            "with `bench.corpus_files.load_into`); penalties judged on "
            f"{TODAY.isoformat()}. Each step in a fresh process; memory is the peak `RssAnon` it sampled (Python "
            "itself included, the SQLite file mapping not). The batch: "
            f"{args.batch} copies of random stored notices under new ids (same procurements, buyers, companies).",
            "",
            "| step | engine | notices | recomputed | CPU s | wall s | peak RssAnon MB |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            *[f"- {check}" for check in checks],
        ]
    )
    print(body)
    if args.write:
        write_section(HERE / "BENCHMARKS.md", "flags-update", body)


if __name__ == "__main__":
    main(sys.argv[1:])
