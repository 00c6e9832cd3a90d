"""Harvest-state benchmark: the cost of one committed batch as a centre's history grows.

Usage: ``python3 -m bench state [--history 0 100000 1000000] [--engines sqlite elastic] [--batches 50]``

For each history size it fills one centre's committed source ids (``mark_committed`` in chunks of 5,000), then
times ``--batches`` batches as a harvest runs them: look up the 20 ids of a list page (``committed_ids``) and
mark the 100 ids of a committed batch. The state files of earlier versions rewrote every id of the centre after
each batch; this shows the cost per batch stays flat instead.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from ggzy.index import open_index
from ggzy.index.base import Index

FILL_CHUNK = 5000


def per_batch_ms(index: Index, centre: str, label: str, batches: int) -> float:
    started = time.perf_counter()
    for number in range(batches):
        ids = [f"{label}-{number}-{i}" for i in range(100)]
        index.committed_ids(centre, ids[:20])
        index.mark_committed(centre, ids)
    return (time.perf_counter() - started) / batches * 1000


def run(engine: str, histories: list[int], batches: int, folder: Path) -> None:
    url = (
        f"sqlite:///{folder / f'state-{uuid.uuid4().hex[:6]}.db'}"
        if engine == "sqlite"
        else f"{os.environ.get('GGZY_ES_URL', 'http://127.0.0.1:9200')}?alias=ggzy-bench-{uuid.uuid4().hex[:8]}"
    )
    index = open_index(url)
    filled = 0
    try:
        for history in sorted(histories):
            for start in range(filled, history, FILL_CHUNK):
                index.mark_committed("centre", [f"old-{n}" for n in range(start, min(start + FILL_CHUNK, history))])
            filled = max(filled, history)
            cost = per_batch_ms(index, "centre", f"h{history}", batches)
            print(f"| {engine} | {history:,} | {batches} | {cost:.2f} |", flush=True)
    finally:
        drop = getattr(index, "drop", None)
        if drop is not None:
            drop()
        index.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m bench state")
    parser.add_argument("--history", type=int, nargs="+", default=[0, 100_000])
    parser.add_argument("--engines", nargs="+", default=["sqlite"], choices=["sqlite", "elastic"])
    parser.add_argument("--batches", type=int, default=50)
    args = parser.parse_args(argv)
    print("| engine | committed ids before | batches | ms per batch (look up 20, mark 100) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="ggzy-state-bench-") as scratch:
        for engine in args.engines:
            run(engine, args.history, args.batches, Path(scratch))
