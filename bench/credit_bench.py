"""Credit benchmark: indexing rate and bytes per notice, the batch credit check and entity profiles, per engine.

Usage: ``python3 -m bench credit --engines sqlite,elastic --sizes 10000,100000 --corpus FILE [--write]``, or
``python3 -m bench credit --index URL --sizes N --corpus FILE`` to measure steps 2 and 3 on an index that already
holds the first ``N`` notices of ``FILE`` (as ``bench index`` or ``bench search`` leaves it; step 1 is not run).

For each size and engine, side by side in one run:

1. **Indexing.** The corpus (``bench/corpus.py``) is upserted in batches of ``index_bench.BATCH`` into an empty
   index; only ``upsert`` is timed (wall clock and this process's CPU). The raw floor is the same rows stored
   with no indexing work (``index_bench.RAW_SECONDS``: plain ``executemany`` for SQLite, ``_bulk`` into a
   store-only index for Elasticsearch), measured just before. Bytes per notice are the index's size on disk
   (``status()["size"]``) over the notices stored, beside the UTF-8 bytes of each notice's text (title and
   body) and of its whole stored JSON.
2. **Credit check.** 1,000 codes as the API receives them, through the API's own ``credit_rows`` over
   ``Index.entities(latest=0)`` (one batched look-up): 700 known codes, 280 valid codes nobody printed and 20
   malformed ones. Two draws: 700 codes at random from the parties, and the 700 named most often (the worst
   case). ``ROUNDS`` timed runs after one warm-up; the median and the slowest are reported.
3. **Entity profile.** ``Index.entity`` for ``ENTITY_SAMPLE`` random codes plus the busiest buyer, agency and
   winner; p50 and p99 over all, and the busiest buyer's own time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus_files, index_bench
from bench.index_bench import TODAY, batches, percentile, write_section
from bench.index_elastic import elastic_url
from bench.opendata_bench import machine
from ggzy.index import open_index
from ggzy.index.base import Index
from ggzy.normalize.uscc import expected_check_character
from ggzy.site.api_credit import credit_rows

ROUNDS = 3
ENTITY_SAMPLE = 300
KNOWN, UNKNOWN, MALFORMED = 700, 280, 20


def open_sqlite(workdir: Path, size: int) -> Index:
    """A new SQLite index file ``credit-<size>.db`` (kept after the run: ``bench opendata --index`` exports it)."""
    from ggzy.index.sqlite import SqliteIndex

    for leftover in workdir.glob(f"credit-{size}.db*"):
        leftover.unlink()
    return SqliteIndex(workdir / f"credit-{size}.db")


def open_elastic(workdir: Path, size: int) -> Index:
    """A new, empty alias ``ggzy-bench-credit-<size>-<process id>``, so runs of several sizes side by side do not
    meet (dropped at the end of the run)."""
    from ggzy.index.elastic import ElasticIndex

    url = f"{elastic_url()}?alias=ggzy-bench-credit-{size}-{os.getpid()}"
    ElasticIndex(url).drop()
    return ElasticIndex(url)


ENGINES: dict[str, Callable[[Path, int], Index]] = {"sqlite": open_sqlite, "elastic": open_elastic}


class Parties:
    """How often each code is named in the corpus, by role."""

    def __init__(self) -> None:
        self.named: Counter[str] = Counter()
        self.by_role: dict[str, Counter[str]] = {r: Counter() for r in ("buyer", "agency", "winner", "subject")}

    def add(self, notice: Any) -> None:
        placed = [("buyer", notice.buyer), ("agency", notice.agency), *(("winner", w) for w in notice.winners)]
        if notice.penalty is not None:
            placed.append(("subject", notice.penalty.subject))
        for role, party in placed:
            if party is not None and party.uscc:
                self.named[party.uscc] += 1
                self.by_role[role][party.uscc] += 1

    def busiest(self, role: str) -> tuple[str, int]:
        return self.by_role[role].most_common(1)[0]


def unknown_codes(count: int, seed: int) -> list[str]:
    """Valid codes (check character right) that no corpus notice prints: registration area 99 does not exist."""
    draw = random.Random(seed)
    codes = []
    for _ in range(count):
        body = "9199" + "".join(draw.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(13))
        codes.append(body + expected_check_character(body))
    return codes


def question(known: list[str], seed: int) -> list[str]:
    """1,000 codes as a client sends them: the known ones, unknown valid ones and malformed ones, shuffled."""
    malformed = [code[:-1] + ("0" if code[-1] != "0" else "1") for code in known[:MALFORMED]]
    codes = known + unknown_codes(UNKNOWN, seed) + malformed
    random.Random(seed).shuffle(codes)
    return codes


def load(index: Index, size: int, parties: Parties, *, fill: bool = True) -> dict[str, float]:
    """Upsert the corpus (unless ``fill`` is false: the index holds it already); wall and CPU seconds inside
    ``upsert``, and the UTF-8 sizes of what went in."""
    elapsed = cpu = 0.0
    text_bytes = json_bytes = 0
    for batch in batches(size):
        for notice in batch:
            parties.add(notice)
            text_bytes += len(notice.title.encode()) + len(notice.body_text.encode())
            json_bytes += len(notice.to_json().encode())
        if not fill:
            continue
        started, cpu_started = time.perf_counter(), time.process_time()
        index.upsert(batch)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    return {"seconds": elapsed, "cpu": cpu, "text_bytes": text_bytes / size, "json_bytes": json_bytes / size}


def timed(call: Callable[[], Any], rounds: int = ROUNDS) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``rounds`` calls after one warm-up. On a shared machine the CPU time of this
    process is the steadier measure (all of SQLite's work; for Elasticsearch the node's work is not in it)."""
    call()
    wall, cpu = [], []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return wall, cpu


def credit_check(index: Index, codes: list[str]) -> list[Any]:
    """What ``POST /api/v1/credit-check`` computes for ``codes``."""
    return credit_rows(codes, lambda found: index.entities(found, today=TODAY, latest=0), TODAY)


def measure(index: Index, size: int, *, fill: bool = True) -> dict[str, Any]:
    parties = Parties()
    loaded = load(index, size, parties, fill=fill)
    status = index.status()
    known = sorted(parties.named)
    draws = {
        "random": random.Random(7).sample(known, KNOWN),
        "busiest": [code for code, _count in parties.named.most_common(KNOWN)],
    }
    checks = {}
    for name, codes in draws.items():
        asked = question(codes, 7)
        rows = credit_check(index, asked)
        penalised = sum(1 for r in rows if r.active_penalties)
        spent, cpu = timed(lambda asked=asked: credit_check(index, asked))
        checks[name] = {
            "median_ms": statistics.median(spent) * 1000,
            "max_ms": max(spent) * 1000,
            "cpu_ms": statistics.median(cpu) * 1000,
            "notices_named": sum(parties.named[c] for c in codes),
            "penalised": penalised,
        }
    buyer, buyer_notices = parties.busiest("buyer")
    busiest = [buyer, parties.busiest("agency")[0], parties.busiest("winner")[0]]
    sample = random.Random(11).sample(known, min(ENTITY_SAMPLE, len(known)))
    entity_times, entity_cpu = [], []
    for code in [*busiest, *sample]:
        wall, cpu = timed(lambda code=code: index.entity(code, today=TODAY), rounds=1)
        entity_times += wall
        entity_cpu += cpu
    return {
        "size": size,
        "load_average": os.getloadavg()[0],
        "notices_per_s": size / loaded["seconds"] if fill else None,
        "cpu_us_per_notice": loaded["cpu"] / size * 1e6 if fill else None,
        "bytes_per_notice": (status.get("size") or 0) / max(1, index.count()),
        "text_bytes": loaded["text_bytes"],
        "json_bytes": loaded["json_bytes"],
        "credit": checks,
        "entity_p50_ms": percentile(entity_times, 0.50) * 1000,
        "entity_p99_ms": percentile(entity_times, 0.99) * 1000,
        "entity_cpu_p99_ms": percentile(entity_cpu, 0.99) * 1000,
        "busiest_buyer_ms": entity_times[0] * 1000,
        "busiest_buyer_cpu_ms": entity_cpu[0] * 1000,
        "busiest_buyer_notices": buyer_notices,
    }


def run(engines: list[str], sizes: list[int], workdir: Path) -> list[dict[str, Any]]:
    return index_bench.run(engines, sizes, workdir, opener=ENGINES, measurer=measure)


def run_on(url: str, size: int) -> dict[str, Any]:
    """Steps 2 and 3 on the index at ``url``, which holds the first ``size`` corpus notices already."""
    with open_index(url) as index:
        if index.count() != size:
            raise SystemExit(f"{url} holds {index.count():,} notices, not {size:,}")
        result = measure(index, size, fill=False)
        result.update(engine=index.engine, raw_per_s=None)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def _number(value: float | None) -> str:
    return "not run" if value is None else f"{value:,.0f}"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | notices | index notices/s | raw floor notices/s | CPU µs/notice | bytes/notice (÷ text, ÷ JSON) "
        "| credit check 1,000 codes, random / busiest: wall ms median (max), CPU ms | entity p50 / p99 ms (CPU p99) "
        "| busiest buyer ms, CPU ms (notices) | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        credit = " / ".join(
            f"{r['credit'][draw]['median_ms']:,.0f} ({r['credit'][draw]['max_ms']:,.0f}), "
            f"{r['credit'][draw]['cpu_ms']:,.0f}"
            for draw in ("random", "busiest")
        )
        lines.append(
            f"| {r['engine']} | {r['size']:,} | {_number(r['notices_per_s'])} | {_number(r['raw_per_s'])} "
            f"| {_number(r['cpu_us_per_notice'])} | {r['bytes_per_notice']:,.0f} "
            f"({r['bytes_per_notice'] / r['text_bytes']:.1f}×, {r['bytes_per_notice'] / r['json_bytes']:.1f}×) "
            f"| {credit} | {r['entity_p50_ms']:.1f} / {r['entity_p99_ms']:.1f} ({r['entity_cpu_p99_ms']:.1f}) "
            f"| {r['busiest_buyer_ms']:.1f}, {r['busiest_buyer_cpu_ms']:.1f} ({r['busiest_buyer_notices']:,}) "
            f"| {r['load_average']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated index sizes.")
    parser.add_argument("--engines", default="sqlite,elastic", help=f"Comma-separated, from {', '.join(ENGINES)}.")
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--write", action="store_true", help="Replace the credit section of BENCHMARKS.md.")
    parser.add_argument("--index", help="An index URL already holding the first --sizes corpus notices.")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.index:
        results = [run_on(args.index, size) for size in sizes]
    else:
        results = run(args.engines.split(","), sizes, args.workdir)
    body = table(results)
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), "credit-bench", f"{machine()}; {corpus_files.describe()}\n\n{body}")


if __name__ == "__main__":
    main()
