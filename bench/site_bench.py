"""Website benchmark: requests per second of the search and company pages under ``wrk`` against ``ggzy serve``,
and each page's time divided by the raw engine time for the same query.

Usage: ``python3 -m bench.site_bench [--size 20000] [--duration 10] [--connections 8] [--write]``

1. Fills a SQLite index with the benchmark corpus (``--corpus FILE``) under ``--workdir`` (reused when already
   that size).
2. Times, in one process, the engine call behind each page (``index.search`` with the page's facets, or
   ``index.entity``) and the whole page through Flask's test client (opening the index, the query, the
   template); the ratio is what the page adds on top of the engine.
3. Starts ``ggzy serve`` on a free port and runs ``wrk`` (installed from Debian when missing) on both pages.
With ``--write`` the table replaces the website section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

from bench import corpus_files
from bench.opendata_bench import build_index, machine
from ggzy.index import open_index
from ggzy.index.query import FACETS, SearchQuery

SEARCH_PARAMS = {"q": "道路", "category": "engineering"}
START = "<!-- site-bench:start -->"
END = "<!-- site-bench:end -->"


def ensure_wrk() -> str:
    """The path of ``wrk``, installing Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


def busiest_company(url: str) -> str:
    """The winner named most often among the first notices: a company page with plenty to show."""
    with open_index(url) as index:
        counts = Counter(w.uscc for n in islice(index.scan(SearchQuery()), 5000) for w in n.winners if w.uscc)
    return counts.most_common(1)[0][0]


def paired_medians(page: Callable[[], object], engine: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median ms of ``page`` and of ``engine``, timed turn about so both see the same load on the machine."""
    page(), engine()  # warm caches
    page_times, engine_times = [], []
    for _ in range(repeats):
        for action, times in ((engine, engine_times), (page, page_times)):
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
    return statistics.median(page_times) * 1000, statistics.median(engine_times) * 1000


def in_process(url: str, uscc: str, repeats: int) -> dict[str, tuple[float, float]]:
    """(page ms, engine ms) for the search and the company page, medians over ``repeats``."""
    from ggzy.site import create_app

    client = create_app({"INDEX": url}).test_client()
    query = replace(SearchQuery.from_params(SEARCH_PARAMS), facets=FACETS)

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, (path, response.status_code)
            return response.get_data()

        return get

    with open_index(url) as index:
        return {
            "search": paired_medians(page(search_path()), lambda: index.search(query), repeats),
            "company": paired_medians(page(f"/entity/{uscc}"), lambda: index.entity(uscc), repeats),
        }


def search_path() -> str:
    return "/search?" + urlencode(SEARCH_PARAMS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def under_wrk(url: str, uscc: str, duration: int, connections: int) -> dict[str, tuple[float, str]]:
    """(requests per second, mean latency) of each page, from ``wrk`` against ``ggzy serve``."""
    wrk = ensure_wrk()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", "from ggzy.cli import main; main()", "serve", "--port", str(port)],
        env={**os.environ, "GGZY_INDEX": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/about", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        for name, path in (("search", search_path()), ("company", f"/entity/{uscc}")):
            command = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", base + path]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
            latency = re.search(r"Latency\s+(\S+)", output).group(1)  # type: ignore[union-attr]
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            assert errors is None, f"{name}: {errors.group(0)}"
            results[name] = (rate, latency)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def table(size: int, timings: dict, load: dict, duration: int, connections: int) -> str:  # type: ignore[type-arg]
    busy = os.getloadavg()[0]
    lines = [
        f"Index: SQLite, {size:,} notices ({corpus_files.describe()}). Machine: {machine()}; "
        f"load average {busy:.1f} at the end.",
        f"`wrk -t2 -c{connections} -d{duration}s` against `ggzy serve` (waitress, 8 threads) on the same machine, "
        "so wrk and the server share the cores.",
        "Page and engine times are medians in one process, timed turn about. The page is the whole request "
        "through Flask's test client (engine call, facet links, highlight cleaning, template).",
        "The engine is the bare `index.search` (with the page's five facets) or `index.entity` call.",
        "A load average above 2 means other work shared the machine, so the rates are lower bounds.",
        "",
        "| page | requests/s (wrk) | mean latency | page ms | engine ms | page ÷ engine |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    shown = "&".join(f"{key}={value}" for key, value in SEARCH_PARAMS.items())
    labels = {"search": f"search `/search?{shown}`", "company": "company `/entity/<uscc>`"}
    for name in ("search", "company"):
        page_ms, engine_ms = timings[name]
        rate, latency = load[name]
        lines.append(
            f"| {labels[name]} | {rate:,.0f} | {latency} | {page_ms:.1f} | {engine_ms:.1f} | "
            f"{page_ms / engine_ms:.2f} |"
        )
    return "\n".join(lines)


def write_section(path: Path, body: str) -> None:
    """Replace the website section of BENCHMARKS.md (between its markers), or append it."""
    section = f"{START}\n## Website pages (`bench/site_bench.py`)\n\n{body}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    url = build_index(args.workdir / f"site-{args.size}.db", args.size)
    uscc = busiest_company(url)
    timings = in_process(url, uscc, args.repeats)
    load = under_wrk(url, uscc, args.duration, args.connections)
    body = table(args.size, timings, load, args.duration, args.connections)
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), body)


if __name__ == "__main__":
    main()
