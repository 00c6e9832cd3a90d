"""Flag coverage on the real captures: how many notices each flag could be computed for, and with what outcome.

Each capture set of ``../shared/data`` is read through the extractor as ``ggzy extract`` reads it (the national
platform's development set, the Hefei project bundles, Jiangxi and Zhejiang), one centre per set so a project's
notices link by their project code, each dated by the capture's own date field when the text prints none (as a
harvest dates a notice from the centre's list), then ``ggzy.flags.rules.evaluate`` runs over the set. The
table counts, per flag, the notices in each outcome state (a flag that does not apply to a notice gives no row).
Also: how many notices the procurement method was detected for.

The ``demo`` set (not in the default sets) is the demo world ``ggzy demo`` serves (seed 1, 60 projects, ending
on ``TODAY``) as its ground truth, the notices a harvest of the demo centres stores, with its planted cases
(``ggzy.demo.flag_cases``).

    python -m bench flags              # print the table
    python -m bench flags --write      # and replace the flags section of BENCHMARKS.md
    python -m bench flags --sets demo  # the demo world's coverage
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from bench.fidelity_data import SHARED_DATA, _jiangxi_record, hefei_items, text_page
from bench.index_bench import write_section
from bench.opendata_bench import machine
from ggzy.demo.generator import build_world, synthetic_notices
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import FlagState
from ggzy.flags.rules import evaluate
from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.records import notices_from_bytes
from ggzy.model import Notice
from ggzy.normalize.dates import parse_date
from ggzy.normalize.methods import detect_method

COMMAND = "python3 -m bench flags --write"
#: The day penalties are judged public on: fixed, so a rerun gives the same table.
TODAY = date(2026, 11, 1)
STATES = (FlagState.TRIGGERED, FlagState.NOT_TRIGGERED, FlagState.INSUFFICIENT)


def _texts(name: str) -> Iterator[tuple[str, str, str | None]]:
    """The (title, text, date) notices of one capture set; the date is the capture's own field for the notice
    (as a harvest takes it from the centre's list), None when the capture gives none."""
    if name == "national":
        data = json.loads((SHARED_DATA / "ggzy-gov-cn" / "bid_data_dev.json").read_text(encoding="utf-8"))
        for item in data["items"]:
            yield item["title"], item["content_text"], item.get("publish_date")
    elif name == "hefei":
        seen = set()
        for path in sorted((SHARED_DATA / "hefei-ggzy" / "projects").glob("20*.json")):
            text = path.read_text(encoding="utf-8")
            for row in json.loads(text)["raw_rows"] if text.strip() else []:
                items = hefei_items(row["bid_content"])
                for title, body in items:
                    if (title, body) not in seen and body.strip():
                        seen.add((title, body))
                        yield title, body, row.get("event_time") if len(items) == 1 else None
    elif name == "jiangxi":
        path = SHARED_DATA / "jiangxi-ggzy" / "bid_info.db"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT id, publish_time FROM bid_records ORDER BY id").fetchall()
        for record_id, published in rows:
            yield (*_jiangxi_record(path, str(record_id)), published)
    elif name == "zhejiang":
        data = json.loads((SHARED_DATA / "zhejiang-zfcg" / "zfcg_browser_two_columns_60.json").read_text("utf-8"))
        for notice in data["notices"]:
            yield notice["title"], notice["raw_detail_text"], notice.get("publish_date")


SETS = ("national", "hefei", "jiangxi", "zhejiang")


def load(name: str) -> list[Notice]:
    """The notices of one capture set, as extracted (pages the extractor refuses are left out)."""
    if name == "demo":
        return build_world(seed=1, projects=60, today=TODAY).notices
    notices = []
    for index, (title, text, published) in enumerate(_texts(name)):
        page = text_page(f"{name}-{index}", title, text)
        try:
            found = notices_from_bytes(page.body, source=page.name, centre=name)
        except ExtractError:
            continue
        for notice in found:
            notice.published = notice.published or parse_date(published)
        notices.extend(found)
    return notices


def coverage(notices: list[Notice]) -> tuple[dict[str, Counter[FlagState]], float]:
    """Per flag, the notices in each state; and the seconds ``evaluate`` took."""
    started = time.perf_counter()
    results = evaluate(notices, today=TODAY)
    elapsed = time.perf_counter() - started
    table: dict[str, Counter[FlagState]] = {flag: Counter() for flag in load_catalogue().flags}
    for result in results:
        table[result.flag][result.state] += 1
    return table, elapsed


def report(sets: tuple[str, ...] = SETS) -> str:
    lines = []
    for name in sets:
        notices = load(name)
        table, elapsed = coverage(notices)
        methods = sum(detect_method(n.title, n.body_text) is not None for n in notices)
        kinds = Counter(n.kind.value for n in notices)
        lines.append(
            f"**{name}**: {len(notices)} notices ({', '.join(f'{k} {v}' for k, v in kinds.most_common())}); "
            f"method detected for {methods}; evaluate took {elapsed:.2f} s.\n"
        )
        if name == "demo":
            lines.append(planted_line() + "\n")
        lines.append("| flag | triggered | not triggered | insufficient data | computed |")
        lines.append("|---|---:|---:|---:|---:|")
        for flag, counts in table.items():
            row = [counts[state] for state in STATES]
            lines.append(f"| `{flag}` | {' | '.join(map(str, row))} | {row[0] + row[1]} |")
        lines.append("")
    return "\n".join(lines)


def planted_line() -> str:
    """How many of the demo world's planted cases have their planted outcome (a near miss: computed, and
    triggered on none of its notices)."""
    world = build_world(seed=1, projects=60, today=TODAY)
    results = {(r.notice_id, r.flag): r.state for r in evaluate(world.notices, today=TODAY)}
    held = 0
    for planted in world.planted:
        flag, judged = planted.case.flag, results.get((planted.judged, planted.case.flag))
        if planted.case.triggers:
            held += judged is FlagState.TRIGGERED
        else:
            fired = any(results.get((i, flag)) is FlagState.TRIGGERED for i in planted.notice_ids)
            held += judged is FlagState.NOT_TRIGGERED and not fired
    triggers = sum(p.case.triggers for p in world.planted)
    return (
        f"planted cases: {triggers} that must trigger and {len(world.planted) - triggers} near misses; "
        f"{held} of {len(world.planted)} have their planted outcome."
    )


def speed(count: int) -> str:
    """How long ``evaluate`` takes over ``count`` notices of the synthetic benchmark corpus."""
    notices = list(synthetic_notices(count, seed=1))
    table, elapsed = coverage(notices)
    results = sum(sum(counts.values()) for counts in table.values())
    return (
        f"**speed**: `evaluate` over {count:,} synthetic notices (`ggzy.demo.synthetic`) gave {results:,} "
        f"results in {elapsed:.1f} s ({elapsed / count * 1000:.2f} ms a notice).\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}, demo")
    parser.add_argument("--synthetic", type=int, default=20000, help="time evaluate over N synthetic notices (0: no)")
    parser.add_argument("--write", action="store_true", help="replace the flags section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    text = report(tuple(s for s in args.sets.split(",") if s))
    if args.synthetic:
        text += "\n" + speed(args.synthetic)
    print(f"machine: {machine()}\n\n{text}")
    if args.write:
        body = (
            "## Integrity flag coverage on the real captures (`bench/flags_bench.py`)\n\n"
            f"Command: `{COMMAND}`. Machine: {machine()}, shared with other work. Catalogue "
            f'{load_catalogue().version}; penalties judged public on {TODAY.isoformat()}. "computed" is triggered '
            'plus not triggered: the notices for which a flag\'s "not triggered" means something.\n\n' + text
        )
        write_section(Path(__file__).resolve().parents[1] / "BENCHMARKS.md", "flags", body)
    return 0
