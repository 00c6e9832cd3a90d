"""Each fixed search's CPU time on an index that is already built, for comparing two versions of the code on one
file (``bench search`` reports the percentiles over all of them; this reports every one).

Usage: ``python3 -m bench search_each --index URL --out FILE.json [--uscc CODE] [--rounds N] [--before FILE.json]``.
Each of ``index_bench.SEARCHES`` runs once to warm up, then ``--rounds`` times through ``Index.search``; the median
CPU milliseconds of each is written to ``--out`` (search parameters as JSON → ms). With ``--before`` (the file an
earlier run wrote, on the same index, with the code before a change), a Markdown table puts both side by side.
``{uscc}`` in a search is the ``--uscc`` code, else the code the first 20,000 notices name most.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bench.index_bench import SEARCHES, TODAY
from bench.search_bench import busiest_code
from ggzy.index import open_index
from ggzy.index.query import SearchQuery

ROUNDS = 5


def measure(url: str, code: str | None, rounds: int) -> dict[str, float]:
    """Median CPU ms of each fixed search on the index at ``url``, by its parameters as JSON."""
    found: dict[str, float] = {}
    with open_index(url) as index:
        code = code or busiest_code(index)
        for params in SEARCHES:
            params = {key: value.replace("{uscc}", code) for key, value in params.items()}
            query = replace(SearchQuery.from_params(params), today=TODAY)
            index.search(query)
            times = []
            for _round in range(rounds):
                started = time.process_time()
                index.search(query)
                times.append((time.process_time() - started) * 1000)
            found[json.dumps(params, ensure_ascii=False)] = round(statistics.median(times), 1)
    return found


def table(before: dict[str, float], after: dict[str, float]) -> str:
    """Both runs side by side, one row a search, and their sums."""
    lines = ["| search | before, CPU ms | after, CPU ms |", "|---|---:|---:|"]
    lines += [f"| `{search}` | {before.get(search, float('nan')):.1f} | {ms:.1f} |" for search, ms in after.items()]
    lines.append(f"| all {len(after)} | {sum(before.values()):,.0f} | {sum(after.values()):,.0f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m bench search_each", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="the index URL (sqlite:///PATH or http://…?alias=NAME)")
    parser.add_argument("--out", type=Path, required=True, help="where to write this run's medians (JSON)")
    parser.add_argument("--uscc", help="the code of the {uscc} search (default: the code named most)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--before", type=Path, help="an earlier run's JSON to put beside this one")
    args = parser.parse_args(argv)
    found = measure(args.index, args.uscc, args.rounds)
    args.out.write_text(json.dumps(found, ensure_ascii=False, indent=1))
    before = json.loads(args.before.read_text()) if args.before else {}
    print(table(before, found) if before else "\n".join(f"{ms:8.1f}  {search}" for search, ms in found.items()))
