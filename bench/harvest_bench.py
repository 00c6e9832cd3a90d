"""Harvest benchmark: notices per second harvested from the demo centres over HTTP on 127.0.0.1.

Usage: ``python3 -m bench harvest [--projects 60] [--repeat 1]``

Starts the demo centres (in this process, serving from a thread), runs a full harvest of every demo centre with
the ``demo`` settings profile in a subprocess (as ``ggzy harvest`` would) into a fresh SQLite index, and reports
notices stored, pages fetched, wall seconds (process start included) and notices per second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from ggzy.demo.server import start_demo_centres
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.index import open_index


def run_once(projects: int) -> dict[str, float]:
    """One harvest of a demo world of ``projects`` projects; its figures."""
    with (
        tempfile.TemporaryDirectory(prefix="ggzy-harvest-bench-") as scratch,
        start_demo_centres(port=0, projects=projects) as demo,
    ):
        index_url = f"sqlite:///{Path(scratch) / 'ggzy.db'}"
        options = HarvestOptions(demo_url=demo.base_url, profile="demo", data_dir=scratch, index_url=index_url)
        started = time.perf_counter()
        report = harvest_in_subprocess(options)
        seconds = time.perf_counter() - started
        with open_index(index_url) as index:
            notices = index.count()
    totals = report.totals()
    return {
        "projects": projects,
        "notices": notices,
        "pages": totals["pages"],
        "errors": totals["error_count"],
        "seconds": round(seconds, 2),
        "notices_per_second": round(notices / seconds, 1),
        "pages_per_second": round(totals["pages"] / seconds, 1),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m bench harvest", description=__doc__)
    parser.add_argument("--projects", type=int, default=60, help="projects in the demo world (default 60)")
    parser.add_argument("--repeat", type=int, default=1, help="harvests to run (default 1)")
    args = parser.parse_args(argv)
    print(f"machine: {platform.platform()} {platform.processor() or ''} cpus={os.cpu_count()}".strip())
    for _ in range(args.repeat):
        print(json.dumps(run_once(args.projects)), flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
