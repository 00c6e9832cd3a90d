"""Measure the real captures in ``../shared/data`` and write what the benchmark corpus copies from them.

``python3 -m bench.corpus_profile`` (or ``python3 -m bench corpus --profile``) re-derives
``bench/corpus_profile.json`` from the captures; the corpus generator (``bench/corpus.py``) reads only that file,
so the captures are never shipped or needed to generate a corpus. What is measured, and from which files:

- body length (characters of text, runs of white space folded to one): the national platform's crawled detail
  text (``ggzy-gov-cn/bid_data_dev.json``), Hefei award notices (``hefei-ggzy/projects/*.json``,
  ``bid_content``), Jiangxi pages (``jiangxi-ggzy/bid_info.db``, ``detail_json.text``), the Hunan trade API's
  Word-converted notice (``hunan-hnsggzy/tmp.json``) and Zhejiang procurement notices
  (``zhejiang-zfcg/*.json``, ``raw_detail_text``): pooled quantiles, one list per source beside them;
- kind and category mix: the national platform's history list API for Hefei (``ggzy-gov-cn/hefei-list-api``,
  distinct ids, ``informationTypeText`` and ``businessTypeText`` read with ``ggzy.normalize.kinds``);
- provinces: the national platform's notices (``bid_data_dev.json`` regions, ``api_sample.json`` provinces);
- amounts: Hefei budgets and award amounts, Zhejiang budgets (quantiles of log10 yuan), and the ratio of award to
  budget where a Hefei project has both;
- party reuse: Hefei purchasers, agencies and winners: how the number of distinct parties grows with the number of
  notices (Heaps' law ``distinct = a * notices ** b``, fitted over samples of 100 … all) and the Zipf exponent of
  how often each is named.
"""

from __future__ import annotations

import json
import math
import random
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html

from ggzy.normalize.kinds import category_from_business_type, kind_for_notice
from ggzy.normalize.regions import code_for_name, province_code

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PROFILE = Path(__file__).with_name("corpus_profile.json")
#: The quantiles kept of each distribution (percent).
QUANTILES = (0, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 100)
#: A source with fewer notices is reported beside the others but not mixed in.
MIN_SOURCE = 50
_SPACE = re.compile(r"\s+")
_CONTENT = re.compile(r'"content":\s*"(.*?)"\s*\}\s*(?:,\s*\{\s*"title"|\]\s*\}\s*$)', re.S)


def _text_length(text: str) -> int:
    return len(_SPACE.sub(" ", text or "").strip())


def quantiles(values: list[float]) -> list[float]:
    """The ``QUANTILES`` of ``values`` (linear interpolation between the sorted values)."""
    ordered = sorted(values)
    found = []
    for q in QUANTILES:
        position = q / 100 * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        found.append(round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 3))
    return found


def body_lengths(data: Path) -> dict[str, list[int]]:
    """Text length of each real notice body, by source file."""
    found: dict[str, list[int]] = {}
    national = json.loads((data / "ggzy-gov-cn/bid_data_dev.json").read_text("utf-8"))["items"]
    found["ggzy-gov-cn/bid_data_dev.json"] = [_text_length(item["content_text"]) for item in national]
    hefei = []
    for row in hefei_rows(data):
        content = row.get("bid_content") or ""
        hefei.append(_text_length(" ".join(_contents(content))))
    found["hefei-ggzy/projects"] = [n for n in hefei if n]
    with sqlite3.connect(data / "jiangxi-ggzy/bid_info.db") as conn:
        rows = conn.execute("SELECT detail_json FROM bid_records WHERE detail_json IS NOT NULL").fetchall()
    found["jiangxi-ggzy/bid_info.db"] = [_text_length(json.loads(text).get("text") or "") for (text,) in rows]
    hunan = json.loads((data / "hunan-hnsggzy/tmp.json").read_text("utf-8"))["data"]["noticeList"]
    found["hunan-hnsggzy/tmp.json"] = [
        _text_length(lxml.html.document_fromstring(n["noticeContent"]).text_content()) for n in hunan
    ]
    zhejiang = []
    for path in sorted((data / "zhejiang-zfcg").glob("*.json")):
        zhejiang += [
            _text_length(n.get("raw_detail_text") or "") for n in json.loads(path.read_text("utf-8"))["notices"]
        ]
    found["zhejiang-zfcg"] = zhejiang
    return found


def hefei_rows(data: Path) -> list[dict[str, Any]]:
    """The notice rows of every Hefei project bundle (a bundle that is empty is skipped)."""
    rows = []
    for path in sorted((data / "hefei-ggzy/projects").glob("*.json")):
        text = path.read_text("utf-8")
        if text.strip():
            rows += json.loads(text).get("raw_rows") or []
    return rows


def _contents(bid_content: str) -> list[str]:
    """The notice texts of a Hefei ``bid_content``: JSON ``{"data": [{"title", "content"}]}`` whose texts hold
    raw line breaks and, in some rows, unescaped quotes (so it is read leniently: what lies between
    ``"content": "`` and the next part's title, or the end)."""
    if not bid_content.startswith("{"):
        return [bid_content] if bid_content.strip() else []
    try:
        return [part.get("content") or "" for part in json.loads(bid_content, strict=False).get("data") or []]
    except json.JSONDecodeError:
        return [m.group(1) for m in _CONTENT.finditer(bid_content)]


def kind_mix(data: Path) -> tuple[dict[str, float], dict[str, float], dict[str, dict[str, float]]]:
    """Shares of kinds, of categories, and of kinds within each category, over the Hefei list API's notices."""
    seen: dict[str, tuple[str, str]] = {}
    for path in sorted((data / "ggzy-gov-cn/hefei-list-api").glob("*.json")):
        for record in json.loads(path.read_text("utf-8"))["response"]["data"]["records"]:
            kind = kind_for_notice(record["title"], record.get("informationTypeText"))
            category = category_from_business_type(record.get("businessTypeText"))
            seen[record["id"]] = (kind.value, category.value)
    kinds = Counter(kind for kind, _ in seen.values())
    categories = Counter(category for _, category in seen.values())
    within: dict[str, Counter[str]] = {}
    for kind, category in seen.values():
        within.setdefault(category, Counter())[kind] += 1
    return (
        _shares(kinds),
        _shares(categories),
        {category: _shares(counter) for category, counter in sorted(within.items())},
    )


def _shares(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {key: round(count / total, 4) for key, count in counter.most_common()}


def province_mix(data: Path) -> dict[str, float]:
    """Shares of provinces over the national platform's notices."""
    provinces: Counter[str] = Counter()
    for item in json.loads((data / "ggzy-gov-cn/bid_data_dev.json").read_text("utf-8"))["items"]:
        code = code_for_name(item.get("region"))
        if code:
            provinces[province_code(code)] += 1
    sample = json.loads((data / "ggzy-gov-cn/api_sample.json").read_text("utf-8"))
    for record in sample["data"]["records"]:
        if record.get("province"):
            provinces[province_code(str(record["province"]))] += 1
    return _shares(provinces)


def _yuan(text: Any) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value >= 100 else None


def amounts(data: Path) -> dict[str, list[float]]:
    """Quantiles of log10 budgets and awards (yuan) and of the award / budget ratio."""
    budgets, awards, ratios = [], [], []
    for row in hefei_rows(data):
        budget, award = _yuan(row.get("budget_amount")), _yuan(row.get("bid_amount"))
        if budget:
            budgets.append(math.log10(budget))
        if award:
            awards.append(math.log10(award))
        if budget and award and 0.3 <= award / budget <= 1.05:
            ratios.append(award / budget)
    for path in sorted((data / "zhejiang-zfcg").glob("*.json")):
        budgets += [
            math.log10(v) for n in json.loads(path.read_text("utf-8"))["notices"] if (v := _yuan(n.get("budget")))
        ]
    return {"log10_budget": quantiles(budgets), "log10_award": quantiles(awards), "award_ratio": quantiles(ratios)}


def party_reuse(data: Path) -> dict[str, dict[str, float]]:
    """For buyers, agencies and winners of Hefei's projects: Heaps' law ``a``, ``b`` and the Zipf exponent."""
    named: dict[str, list[str]] = {"buyer": [], "agency": [], "winner": []}
    for row in hefei_rows(data):
        for role, key in (("buyer", "purchaser"), ("agency", "agency"), ("winner", "bid_company")):
            name = (row.get(key) or "").strip()
            if name and name != "None":
                named[role].append(name)
    fitted = {}
    rng = random.Random(1)
    for role, names in named.items():
        points = []
        for size in (100, 200, 400, 800, len(names)):
            if size > len(names):
                continue
            distinct = [len(set(rng.sample(names, size))) for _ in range(20)]
            points.append((math.log(size), math.log(sum(distinct) / len(distinct))))
        b, log_a = _line(points)
        counts = sorted(Counter(names).values(), reverse=True)
        ranked = [(math.log(rank), math.log(count)) for rank, count in enumerate(counts, 1) if count > 1]
        zipf = -_line(ranked)[0] if len(ranked) > 2 else 1.0
        fitted[role] = {
            "notices": len(names),
            "distinct": len(counts),
            "heaps_a": round(math.exp(log_a), 3),
            "heaps_b": round(b, 3),
            "zipf_s": round(zipf, 3),
            "top_share": round(counts[0] / len(names), 4),
        }
    return fitted


def _line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope and intercept."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return slope, mean_y - slope * mean_x


def derive(data: Path = SHARED_DATA) -> dict[str, Any]:
    """The whole profile, measured from the captures in ``data``."""
    lengths = body_lengths(data)
    sources = [values for values in lengths.values() if len(values) >= MIN_SOURCE]
    # Each site counts the same, whatever the size of its capture: resample every source to the largest one's size.
    largest = max(len(values) for values in sources)
    pooled = [sorted(values)[i * len(values) // largest] for values in sources for i in range(largest)]
    kinds, categories, kinds_by_category = kind_mix(data)
    return {
        "quantiles": list(QUANTILES),
        "body_length": {
            "pooled": quantiles(pooled),
            "sites": [source for source, values in lengths.items() if len(values) >= MIN_SOURCE],
            "notices": sum(len(values) for values in sources),
            "by_source": {source: {"notices": len(v), "quantiles": quantiles(v)} for source, v in lengths.items()},
        },
        "kinds": kinds,
        "categories": categories,
        "kinds_by_category": kinds_by_category,
        "provinces": province_mix(data),
        "amounts": amounts(data),
        "parties": party_reuse(data),
    }


def main(argv: list[str]) -> None:
    data = Path(argv[0]) if argv else SHARED_DATA
    if not data.is_dir():
        sys.exit(f"real captures not found at {data}")
    profile = derive(data)
    PROFILE.write_text(json.dumps(profile, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    body = profile["body_length"]["pooled"]
    print(f"{PROFILE}: {profile['body_length']['notices']} bodies, median {body[7]:.0f}, p90 {body[11]:.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
