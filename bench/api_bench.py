"""API benchmark: what /api/v1 adds to the engine, and the 1,000-code credit check.

Usage: ``python3 -m bench api_bench [--size 100000] [--repeats 10] [--write]``

1. Fills a SQLite index with the benchmark corpus (``bench/corpus.py``, ``--corpus FILE``) under ``--workdir``
   (``api-<size>.db``, reused
   when already that size; the feeds benchmark shares it).
2. For each of the index benchmark's fixed ``SEARCHES``, times the raw engine call
   (``index.search(SearchQuery.from_params(params))``) and the whole ``GET /api/v1/notices`` request through
   Flask's test client (parsing, the engine, JSON encoding); reports the medians and their ratio, and the ratio
   of the sums over all searches (aim: at most 1.3).
3. Times ``POST /api/v1/credit-check`` with 1,000 codes: 700 valid codes of the notices' parties (a random
   draw, then the parties named most often, the worst case), the rest from real registrations
   (``../shared/data/uscc-registrations``) and some malformed ones.
4. Times a mirror's ``GET /api/v1/changes`` with nothing new, on the same day and on a new day.
With ``--write`` the table replaces the API section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

from bench import corpus_files
from bench.index_bench import SEARCHES, write_section
from bench.opendata_bench import build_index, machine
from ggzy.index import open_index
from ggzy.index.query import SearchQuery
from ggzy.site import create_app

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "uscc-registrations"
UNLIMITED = {"RATELIMIT_ANONYMOUS": "1000000 per minute", "RATELIMIT_KEYED": "1000000 per minute"}


def bench_app(url: str, *, rate_limited: bool = True):  # type: ignore[no-untyped-def]
    """The site over the benchmark index; limits too high to refuse, but counted unless ``rate_limited`` is off."""
    return create_app({"INDEX": url, "TESTING": True, "RATELIMIT_ENABLED": rate_limited, **UNLIMITED})


def timings_ms(action: Callable[[], object], repeats: int) -> list[float]:
    action()  # warm-up: caches, the first connection
    found = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    return found


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def party_codes(url: str, count: int, *, busiest: bool = True) -> list[str]:
    """Valid codes named in the index's first 20,000 notices: the most often named parties first, or (with
    ``busiest`` off) a seeded random draw from all of them, as a list of suppliers would be."""
    with open_index(url) as index:
        counts = Counter(c for n in islice(index.scan(SearchQuery()), 20000) for c in n.usccs())
    if busiest:
        return [code for code, _ in counts.most_common(count)]
    codes = sorted(counts)
    return random.Random(7).sample(codes, min(count, len(codes)))


def credit_codes(url: str, *, busiest: bool) -> list[str]:
    """1,000 codes as a client would send them: 700 parties of the index, real registrations, a few malformed."""
    known = party_codes(url, 700, busiest=busiest)
    real = []
    for path in sorted(SHARED.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            real += [row["统一社会信用代码"] for row in csv.DictReader(handle)]
    random.Random(7).shuffle(real)
    codes = known + real[: 1000 - len(known) - 20] + [f"91330100MA2{n:05d}X" for n in range(20)]
    return codes[:1000]


def search_ratios(url: str, repeats: int) -> list[tuple[str, float, float, float]]:
    """(params, engine ms, API ms, API ms without rate limiting) medians for every fixed search."""
    limited = bench_app(url).test_client()
    unlimited = bench_app(url, rate_limited=False).test_client()
    code = party_codes(url, 1)[0]
    rows = []
    with open_index(url) as index:
        for params in SEARCHES:
            params = {k: v.replace("{uscc}", code) for k, v in params.items()}
            engine = timings_ms(lambda p=params: index.search(SearchQuery.from_params(p)), repeats)
            path = f"/api/v1/notices?{urlencode(params)}"

            def call(client, path: str = path) -> None:  # type: ignore[no-untyped-def]
                response = client.get(path)
                assert response.status_code == 200, response.get_data(as_text=True)[:300]

            api = timings_ms(lambda: call(limited), repeats)
            bare = timings_ms(lambda: call(unlimited), repeats)
            label = "&".join(f"{k}={v}" for k, v in params.items())
            rows.append((label, statistics.median(engine), statistics.median(api), statistics.median(bare)))
    return rows


def credit_check(url: str, repeats: int, *, busiest: bool) -> tuple[list[float], int, int]:
    client = bench_app(url).test_client()
    codes = credit_codes(url, busiest=busiest)
    answers = []

    def call() -> None:
        response = client.post("/api/v1/credit-check", json={"uscc": codes})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        answers.append(response.json)

    found = timings_ms(call, repeats)
    rows = answers[-1]["results"]
    return found, sum(r["known"] for r in rows), sum(r["valid"] for r in rows)


def changes_times(url: str, repeats: int) -> tuple[float, float, float]:
    """Median ms of a mirror's changes call on the day of its last call, and on a new day (which looks for
    withdrawn penalties): the first such call after an index change, and the later ones."""
    app = bench_app(url)
    client = app.test_client()
    with open_index(url) as index:
        head = index.changes_head()
    today = client.get(f"/api/v1/changes?since={head}&limit=500").json["next_cursor"]
    new_day = f"/api/v1/changes?since={head}@2000-01-01&limit=500"
    same_day = timings_ms(lambda: client.get(f"/api/v1/changes?since={today}&limit=500"), repeats)

    def first_of_the_day() -> None:
        app.extensions.pop("ggzy_withdrawn", None)
        client.get(new_day)

    first = timings_ms(first_of_the_day, repeats)
    later = timings_ms(lambda: client.get(new_day), repeats)
    return statistics.median(same_day), statistics.median(first), statistics.median(later)


def table(
    size: int,
    rows: list[tuple[str, float, float, float]],
    credit: dict[str, tuple[list[float], int, int]],
    changes: tuple[float, float, float],
) -> str:
    engine_total, api_total, bare_total = (sum(r[i] for r in rows) for i in (1, 2, 3))
    lines = [
        f"SQLite index of {size:,} notices ({corpus_files.describe()}); medians over the repeats, in-process "
        "(Flask test client). "
        "The last column leaves out the rate limiter (memory storage).",
        "",
        "| search | engine ms | API ms | API / engine | API without limiter / engine |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| `{p}` | {e:.1f} | {a:.1f} | {a / e:.2f} | {b / e:.2f} |" for p, e, a, b in rows]
    lines += [
        f"| **all {len(rows)} searches** | {engine_total:.1f} | {api_total:.1f} | "
        f"**{api_total / engine_total:.2f}** | **{bare_total / engine_total:.2f}** |",
        "",
    ]
    for label, (times, known, valid) in credit.items():
        lines.append(
            f"Credit check, 1,000 codes in one request, {label} ({valid} valid, {known} known to the index): "
            f"median {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms over {len(times)} requests.\n"
        )
    lines.append(
        f"Changes for a mirror, nothing new: {changes[0]:.0f} ms on the day of its last call. On its first call "
        f"of a new day it also gets tombstones for penalties withdrawn since: {changes[1]:.0f} ms when the day's "
        f"list of withdrawn penalties is built (once per day and index change), {changes[2]:.0f} ms after."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--workdir", type=Path, default=Path(".cache/bench"))
    parser.add_argument("--write", action="store_true", help="Replace the API section of BENCHMARKS.md.")
    corpus_files.add_argument(parser)
    args = parser.parse_args(argv)
    corpus_files.use(args)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    started = time.perf_counter()
    url = build_index(args.workdir / f"api-{args.size}.db", args.size)
    print(f"index ready in {time.perf_counter() - started:.0f} s")
    repeats = max(3, args.repeats // 2)
    credit = {
        "700 of them a random draw of the index's parties": credit_check(url, repeats, busiest=False),
        "700 of them the parties named most often (worst case)": credit_check(url, repeats, busiest=True),
    }
    body = table(args.size, search_ratios(url, args.repeats), credit, changes_times(url, repeats))
    print(body)
    if args.write:
        write_section(Path("BENCHMARKS.md"), "api", f"### API (/api/v1)\n\n{machine()}\n\n{body}")


if __name__ == "__main__":
    main()
