"""Extraction benchmark: time to turn one page into a Notice, as a multiple of a bare lxml parse of that page.

Usage: ``python3 -m bench.extract_bench [--repeat 30] [--demo-pages 40] [--json]``

Pages: the real captures in ``../shared/data`` (the national platform's outer, inner and list pages; Hunan's
Word-converted notice) and demo pages rendered from the seeded demo world (plain markup and Word markup). For
each page the best of ``--repeat`` runs of ``extract_page(bytes)`` (decode, one lxml parse, text, fields,
normalization, sanitizing, masking; the content hash is the index's) is divided by the best of
``lxml.html.document_fromstring`` on the same bytes; the best run is the cost of the code itself, least disturbed
by other processes on a shared machine. The summary gives the ratio of the summed times (a corpus as a harvest
sees it) and the median per-page ratio.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from ggzy.demo.bodies import to_html, to_word_html
from ggzy.demo.generator import build_world
from ggzy.harvesters.extract import extract_page

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAME = "extract"


def real_pages() -> dict[str, bytes]:
    """The real captures, by name (empty when ../shared/data is absent)."""
    pages: dict[str, bytes] = {}
    national = SHARED_DATA / "ggzy-gov-cn"
    for name in ("detail_sample.html", "detail_b_sample.html", "probe_page.html"):
        if (national / name).is_file():
            pages[f"ggzy-gov-cn/{name}"] = (national / name).read_bytes()
    hunan = SHARED_DATA / "hunan-hnsggzy" / "tmp.json"
    if hunan.is_file():
        for n, item in enumerate(json.loads(hunan.read_text(encoding="utf-8"))["data"]["noticeList"]):
            pages[f"hunan-hnsggzy/noticeContent[{n}]"] = item["noticeContent"].encode("utf-8")
    return pages


def demo_pages(count: int, seed: int = 1) -> dict[str, bytes]:
    """Demo notice pages: each body once as a plain page and once as Word markup."""
    world = build_world(seed=seed, projects=max(4, count // 4))
    pages: dict[str, bytes] = {}
    bodies = [p for p in world.publications if p.blocks][: max(1, count // 2)]
    for n, publication in enumerate(bodies):
        plain = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{publication.title}</title></head>'
            f"<body><h1>{publication.title}</h1>{to_html(publication.blocks)}</body></html>"
        )
        pages[f"demo/plain-{n}"] = plain.encode("utf-8")
        pages[f"demo/word-{n}"] = to_word_html(publication.title, publication.blocks).encode("utf-8")
    return pages


def best_seconds(action: Callable[[bytes], object], page: bytes, repeat: int) -> float:
    """The shortest wall time of ``action(page)`` over ``repeat`` runs (after one warm-up run)."""
    action(page)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action(page)
        times.append(time.perf_counter() - started)
    return min(times)


def measure(pages: dict[str, bytes], repeat: int) -> dict[str, dict[str, float]]:
    """Per page: bytes, lxml parse and extraction medians (ms), and their ratio."""
    results = {}
    for name, page in pages.items():
        parse = best_seconds(lxml.html.document_fromstring, page, repeat)
        extract = best_seconds(extract_page, page, repeat)
        results[name] = {
            "bytes": len(page),
            "parse_ms": parse * 1000,
            "extract_ms": extract * 1000,
            "ratio": extract / parse,
        }
    return results


def summary(results: dict[str, dict[str, float]]) -> dict[str, float]:
    """Ratio of summed times, median per-page ratio, and mean extraction time per page."""
    parse = sum(r["parse_ms"] for r in results.values())
    extract = sum(r["extract_ms"] for r in results.values())
    return {
        "pages": len(results),
        "corpus_ratio": extract / parse,
        "median_page_ratio": statistics.median(r["ratio"] for r in results.values()),
        "mean_extract_ms": extract / len(results),
        "mean_parse_ms": parse / len(results),
    }


def run(repeat: int = 30, demo_count: int = 40) -> dict[str, object]:
    """Measure the real captures and the demo pages; the result is what ``--json`` prints."""
    real = measure(real_pages(), repeat)
    demo = measure(demo_pages(demo_count), repeat)
    return {
        "benchmark": NAME,
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
        "real": {"pages": real, "summary": summary(real) if real else None},
        "demo": {"summary": summary(demo)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs per page (the best is taken)")
    parser.add_argument("--demo-pages", type=int, default=40, help="demo pages to render")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    result = run(args.repeat, args.demo_pages)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"extraction time ÷ bare lxml parse ({result['machine']})")
    real = result["real"]
    assert isinstance(real, dict)
    for name, row in real["pages"].items():
        print(
            f"  {name:36s} {row['bytes']:8d} B  parse {row['parse_ms']:7.3f} ms  "
            f"extract {row['extract_ms']:7.3f} ms  ×{row['ratio']:.1f}"
        )
    for label in ("real", "demo"):
        block = result[label]
        assert isinstance(block, dict)
        total = block["summary"]
        if total:
            print(
                f"{label}: {total['pages']} pages, corpus ×{total['corpus_ratio']:.1f}, "
                f"median page ×{total['median_page_ratio']:.1f}, {total['mean_extract_ms']:.2f} ms/page "
                f"(lxml {total['mean_parse_ms']:.3f} ms/page)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
