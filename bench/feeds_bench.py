"""Feed benchmark: time to answer a feed request, and to build the document alone.

Usage: ``python3 -m bench feeds_bench [--size 100000] [--repeats 20] [--write]``

1. Uses the SQLite index of the benchmark corpus (``--corpus FILE``) that the API benchmark builds
   (``api-<size>.db`` under ``--workdir``, built here when missing).
2. Requests each of ``FEEDS`` (a search, a centre, a region, a kind, the company named most often, a watch list
   of 50 companies drawn at random; RSS and Atom; 50 items, the default) through Flask's test client
   ``repeats`` times after one warm-up, and reports p50 and p95 per feed and over all requests (aim: p95 at
   most 30 ms at 1M notices), and the same with a conditional request that is answered 304.
3. Times ``build_feed`` alone on 50 and 200 notices (feedgen and lxml, no index).
With ``--write`` the table replaces the feeds section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import islice
from pathlib import Path

from bench import corpus_files
from bench.api_bench import bench_app, p95, party_codes, timings_ms
from bench.index_bench import write_section
from bench.opendata_bench import build_index, machine
from ggzy.feeds.build import FeedInfo, build_feed
from ggzy.index import open_index
from ggzy.index.query import SearchQuery

FEEDS = [
    "/feeds/search.rss?q=工程",
    "/feeds/search.atom?q=采购&category=procurement",
    "/feeds/centre/ggzy-3702.atom",
    "/feeds/region/33.rss",
    "/feeds/kind/award.atom",
    "/feeds/kind/penalty.rss",
    "/feeds/entity/{uscc}.atom",
    "/feeds/watchlist.atom?{watchlist}",
]


def feed_paths(url: str) -> list[str]:
    """The feeds, with the party named most often as the company and a random draw of 50 as the watch list."""
    busiest = party_codes(url, 1)[0]
    watchlist = "&".join(f"uscc={c}" for c in party_codes(url, 50, busiest=False))
    return [p.replace("{uscc}", busiest).replace("{watchlist}", watchlist) for p in FEEDS]


def request_times(url: str, repeats: int) -> dict[str, list[float]]:
    client = bench_app(url).test_client()
    found: dict[str, list[float]] = {"full": [], "304": []}
    per_feed = {}
    for path in feed_paths(url):
        etag = client.get(path).headers["ETag"]

        def full(path: str = path) -> None:
            response = client.get(path)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]

        def conditional(path: str = path, etag: str = etag) -> None:
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 304

        times = timings_ms(full, repeats)
        per_feed[path.split("?")[0]] = times
        found["full"] += times
        found["304"] += timings_ms(conditional, repeats)
    found.update(per_feed)
    return found


def build_times(url: str, repeats: int) -> dict[int, list[float]]:
    with open_index(url) as index:
        notices = list(islice(index.scan(SearchQuery()), 200))
    info = FeedInfo("搜索：全部公告", "http://127.0.0.1/feeds/search.atom", "http://127.0.0.1/search", "bench")
    return {
        n: timings_ms(lambda n=n: build_feed(notices[:n], info, fmt="atom", site_url="http://127.0.0.1"), repeats)
        for n in (50, 200)
    }


def table(size: int, requests: dict[str, list[float]], builds: dict[int, list[float]]) -> str:
    lines = [
        f"SQLite index of {size:,} notices ({corpus_files.describe()}); in-process (Flask test client), "
        "50 items per feed.",
        "",
        "| feed request | p50 ms | p95 ms |",
        "|---|---:|---:|",
    ]
    for name, times in requests.items():
        if name not in ("full", "304"):
            lines.append(f"| `{name}` | {statistics.median(times):.1f} | {p95(times):.1f} |")
    full, cached = requests["full"], requests["304"]
    lines += [
        f"| **every feed above** | **{statistics.median(full):.1f}** | **{p95(full):.1f}** |",
        f"| the same, answered 304 (If-None-Match) | {statistics.median(cached):.1f} | {p95(cached):.1f} |",
        "",
    ]
    for n, times in builds.items():
        lines.append(
            f"`build_feed` alone, {n} notices (Atom): p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--write", action="store_true", help="Replace the feeds section of BENCHMARKS.md.")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    started = time.perf_counter()
    url = build_index(args.workdir / f"api-{args.size}.db", args.size)
    print(f"index ready in {time.perf_counter() - started:.0f} s")
    body = table(args.size, request_times(url, args.repeats), build_times(url, args.repeats))
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), "feeds", f"### Feeds (RSS and Atom)\n\n{machine()}\n\n{body}")


if __name__ == "__main__":
    main()
