"""Field extraction fidelity: how often extraction gives the right kind, project code, buyer, winners, amount and budget
on real notices, scored as ``../shared/EVALUATION.md`` says.

Usage: ``python3 -m bench fidelity [--json] [--show-errors FIELD|all] [--show-reference-errors FIELD|all] [--write]``

Three parts:

- the development set: the hand labels of ``tests/data/fidelity/labels.json`` (rules in its README), each record
  given to the extractor as EVALUATION.md says (see ``bench/fidelity_data.py``) and run through the function
  ``ggzy extract --json`` uses. A field the label does not give is not scored; accuracy is right ÷ scored, per field,
  per set and overall. A page the extractor rejects counts wrong on every field its label gives;
- the Hefei reference: every Hefei bundle's award text scored against the platform's own structured fields
  (purchaser → buyer, bid_company → winners, bid_amount → amount, budget_amount → budget, float noise rounded away).
  These fields are a reference, not labels: they are sometimes wrong or absent from the text (a budget an award
  notice never prints), so the figure says how often extraction and the platform agree;
- the cost: wall time of one extraction per page over both corpora, median and 90th percentile.

``--show-errors FIELD`` lists each development-set notice whose FIELD is wrong, expected beside got;
``--show-reference-errors FIELD`` lists where extraction and the Hefei platform disagree.
``--write`` replaces the "Field extraction fidelity" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bench.fidelity_data import (
    SCORED_FIELDS,
    Page,
    hefei_reference,
    label_id,
    load_labels,
    page_for,
)
from bench.index_bench import write_section
from bench.opendata_bench import machine
from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.records import notices_from_bytes

NAME = "fidelity"
REFERENCE_FIELDS = ("buyer", "winners", "amount", "budget")
COMMAND = "python3 -m bench fidelity --write"
#: A budget counts as printed only beside one of these words (an award amount equal to the budget does not count).
BUDGET_WORDS = ("预算", "最高限价", "控制价", "估算价")


def extract(page: Page) -> tuple[dict[str, Any] | None, str | None, float]:
    """What ``ggzy extract PAGE --json`` prints for the page's first notice, or the error; and the seconds taken."""
    started = time.perf_counter()
    try:
        notices = notices_from_bytes(page.body, source=page.name)
    except ExtractError as error:
        return None, str(error), time.perf_counter() - started
    elapsed = time.perf_counter() - started
    return (notices[0].to_dict() if notices else None), None if notices else "no notice", elapsed


def _yuan(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def got_field(field: str, notice: dict[str, Any]) -> Any:
    """The value a scored field has in ``ggzy extract --json`` output, in the label's shape."""
    value = notice.get(field)
    if field == "buyer":
        return (value or {}).get("name")
    if field == "winners":
        return sorted(str(w.get("name") or "") for w in value or [])
    if field in ("amount", "budget"):
        return None if value is None else str(value)
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def field_right(field: str, expected: Any, got: Any) -> bool:
    """Right or wrong, as EVALUATION.md scores each field."""
    if field == "winners":
        return {str(w).strip() for w in expected or []} == {str(w).strip() for w in got or []}
    if field in ("amount", "budget"):
        want, have = _yuan(expected), _yuan(got)
        if have is None and got not in (None, ""):
            return False
        if want is None or have is None:
            return want is None and have is None
        return abs(have - want) <= max(Decimal(1), abs(want) * Decimal("0.005"))
    return _text(expected) == _text(got)


class Tally:
    """Right and scored counts keyed by (group, field)."""

    def __init__(self) -> None:
        self.right: dict[tuple[str, str], int] = defaultdict(int)
        self.scored: dict[tuple[str, str], int] = defaultdict(int)

    def add(self, group: str, field: str, right: bool) -> None:
        for key in ((group, field), (group, "all"), ("overall", field), ("overall", "all")):
            self.scored[key] += 1
            self.right[key] += right

    def groups(self) -> list[str]:
        return [*sorted({g for g, _ in self.scored if g != "overall"}), "overall"]

    def cell(self, group: str, field: str) -> dict[str, Any] | None:
        scored = self.scored.get((group, field), 0)
        if not scored:
            return None
        right = self.right[(group, field)]
        return {"right": right, "scored": scored, "accuracy": right / scored}

    def table(self, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {g: {f: self.cell(g, f) for f in (*fields, "all")} for g in self.groups()}


def score_labels(labels: list[dict[str, Any]]) -> tuple[Tally, list[dict[str, Any]], list[float]]:
    """Score every label; the tally, each scored field's outcome, and the extraction times."""
    tally, outcomes, seconds = Tally(), [], []
    for label in labels:
        notice, error, elapsed = extract(page_for(label))
        seconds.append(elapsed)
        for field in SCORED_FIELDS:
            if field not in label:
                continue
            got = f"error: {error}" if notice is None else got_field(field, notice)
            right = notice is not None and field_right(field, label[field], got)
            tally.add(label["set"], field, right)
            outcomes.append(
                {
                    "notice": label_id(label),
                    "title": label.get("title", ""),
                    "set": label["set"],
                    "field": field,
                    "expected": label[field],
                    "got": got,
                    "right": right,
                }
            )
    return tally, outcomes, seconds


def printed(field: str, expected: Any, text: str) -> bool:
    """Whether the notice's text prints the platform's value at all (white space and thousands commas ignored)."""
    flat = "".join(text.split()).replace(",", "")
    if field == "buyer":
        return "".join(str(expected).split()) in flat
    if field == "winners":
        return all("".join(name.split()) in flat for name in expected)
    if field == "budget" and not any(word in flat for word in BUDGET_WORDS):
        return False
    value = Decimal(expected)
    forms = {f"{value:.2f}", f"{value.normalize():f}"}
    if value == value.to_integral_value():
        forms.add(f"{value:.0f}")
    return any(form in flat for form in forms)


def score_reference() -> tuple[Tally, dict[str, int], list[dict[str, Any]], list[float]]:
    """Score extraction against the Hefei platform's structured fields where the notice's text prints the value.

    A value the text does not print (a result table the crawler did not capture, a budget an award notice omits)
    cannot be extracted; those are counted apart, not scored.
    """
    tally, unprinted, errors, seconds = Tally(), dict.fromkeys(REFERENCE_FIELDS, 0), [], []
    for reference in hefei_reference():
        notice, _, elapsed = extract(reference.page)
        seconds.append(elapsed)
        text = reference.page.body.decode("utf-8")
        for field in REFERENCE_FIELDS:
            expected = getattr(reference, field)
            if expected is None:
                continue
            if not printed(field, expected, text):
                unprinted[field] += 1
                continue
            got = None if notice is None else got_field(field, notice)
            right = notice is not None and field_right(field, expected, got)
            tally.add("hefei-ggzy (reference)", field, right)
            if not right:
                title = reference.page.body.decode("utf-8").partition("\n")[0]
                expected = str(expected) if isinstance(expected, Decimal) else expected
                errors.append(
                    {"notice": reference.name, "title": title, "field": field, "expected": expected, "got": got}
                )
    return tally, unprinted, errors, seconds


def extractor_version() -> str:
    """The last commit that changed the extractor (``+`` when it has uncommitted changes), or ``unknown``."""
    root, package = Path(__file__).resolve().parents[1], "ggzy/harvesters/extract"
    try:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h %cs", "--", package], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", package], cwd=root, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{' +' if dirty.stdout.strip() else ''}" or "unknown"


def cost(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "pages": len(ms),
        "median_ms": statistics.median(ms),
        "p90_ms": ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))],
    }


def run() -> dict[str, Any]:
    """Everything ``--json`` prints."""
    labels = load_labels()
    tally, outcomes, label_seconds = score_labels(labels)
    reference, unprinted, reference_errors, reference_seconds = score_reference()
    return {
        "benchmark": NAME,
        "machine": machine(),
        "extractor": extractor_version(),
        "labels": len(labels),
        "dev_set": tally.table(SCORED_FIELDS),
        "hefei_reference": (
            {
                "note": "the platform's structured fields: a reference, not labels",
                "not_in_text": unprinted,
                **reference.table(REFERENCE_FIELDS),
            }
            if reference.cell("overall", "all")
            else None
        ),
        "cost": cost(label_seconds + reference_seconds),
        "errors": [o for o in outcomes if not o["right"]],
        "reference_errors": reference_errors,
    }


def _percent(cell: dict[str, Any] | None) -> str:
    return "—" if cell is None else f"{100 * cell['accuracy']:.0f}% ({cell['right']}/{cell['scored']})"


def markdown_table(table: dict[str, dict[str, Any]], fields: Iterable[str]) -> str:
    columns = [*fields, "all"]
    lines = ["| set | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for group, cells in table.items():
        name = f"**{group}**" if group == "overall" else group
        lines.append(f"| {name} | " + " | ".join(_percent(cells[c]) for c in columns) + " |")
    return "\n".join(lines)


def report(result: dict[str, Any]) -> str:
    """The human-readable result (also the BENCHMARKS.md section body)."""
    parts = [
        f"Extractor: `ggzy/harvesters/extract` at {result['extractor']}.",
        "",
        f"Development set: {result['labels']} hand-labelled real notices (tests/data/fidelity/labels.json), "
        "right ÷ scored per field; amounts within max(1 yuan, 0.5%).",
        "",
        markdown_table(result["dev_set"], SCORED_FIELDS),
    ]
    reference = result["hefei_reference"]
    if reference:
        skipped = ", ".join(f"{field} {count}" for field, count in reference["not_in_text"].items())
        parts += [
            "",
            "Hefei reference — the platform's structured fields (purchaser → buyer, bid_company → winners, "
            "bid_amount → amount, budget_amount → budget), a reference, not labels: agreement where the platform gives "
            f"a value and the notice's text prints it. Values the text does not print are not scored ({skipped}): "
            "many award texts lost their result table, and award notices seldom print the budget.",
            "",
            markdown_table(
                {"hefei-ggzy (reference)": reference["hefei-ggzy (reference)"]},
                REFERENCE_FIELDS,
            ),
        ]
    spent = result["cost"]
    parts += [
        "",
        f"Cost: {spent['pages']} pages, {spent['median_ms']:.2f} ms median, {spent['p90_ms']:.2f} ms p90 per page "
        "(one extraction each, decode to Notice).",
    ]
    return "\n".join(parts)


def show_errors(errors: list[dict[str, Any]], field: str, echo: Callable[[str], None] = print) -> None:
    chosen = [e for e in errors if field in ("all", e["field"])]
    echo(f"{len(chosen)} wrong {field} value(s):")
    for e in chosen:
        echo(f"- {e['notice']} [{e['field']}] {e['title'][:60]}")
        echo(f"    expected: {json.dumps(e['expected'], ensure_ascii=False)}")
        echo(f"    got:      {json.dumps(e['got'], ensure_ascii=False)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--show-errors", metavar="FIELD", choices=(*SCORED_FIELDS, "all"), help="list the wrong values of FIELD"
    )
    parser.add_argument(
        "--show-reference-errors",
        metavar="FIELD",
        choices=(*REFERENCE_FIELDS, "all"),
        help="list where extraction and the Hefei platform's FIELD disagree",
    )
    parser.add_argument("--write", action="store_true", help="replace the fidelity section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    result = run()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"machine: {result['machine']}")
        print(report(result))
    if args.show_errors:
        show_errors(result["errors"], args.show_errors)
    if args.show_reference_errors:
        show_errors(result["reference_errors"], args.show_reference_errors)
    if args.write:
        body = (
            "## Field extraction fidelity (`bench/fidelity_bench.py`)\n\n"
            f"Command: `{COMMAND}`. Machine: {result['machine']}, shared with other work.\n\n{report(result)}"
        )
        write_section(Path(__file__).resolve().parents[1] / "BENCHMARKS.md", "fidelity", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
