"""The fidelity development set: hand labels (``tests/data/fidelity/labels.json``) and the extractor's input for
each labelled record, built from the real captures in ``../shared/data`` as ``../shared/EVALUATION.md`` says:

- a crawler's text (national platform, Hefei, Jiangxi, Zhejiang): a plain-text file whose first line is the title,
  then the text — the bytes ``ggzy extract FILE --json`` reads;
- a platform's JSON record with the notice HTML inside (Hunan ``noticeContent``, Epoint ``content``): the HTML
  wrapped in a page with the record's title as ``<title>`` and ``<h1>``;
- a saved page (``.html``): its bytes as they are.

Also the Hefei reference: every Hefei bundle's award text beside the platform's own structured fields.
"""

from __future__ import annotations

import html
import json
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "tests" / "data" / "fidelity" / "labels.json"

#: The fields a label may give and the benchmark scores (``lot_code`` is kept for reference, not scored).
SCORED_FIELDS = ("kind", "project_code", "buyer", "winners", "amount", "budget")
KINDS = ("tender", "correction", "candidates", "award", "contract", "opening", "termination", "penalty", "other")
#: Label keys that are not fields.
RECORD_KEYS = ("set", "source", "record", "title", "note")


@dataclass(frozen=True)
class Page:
    """One input for the extractor: the bytes and the name ``ggzy extract`` would be given."""

    name: str
    body: bytes


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The hand labels, in file order."""
    labels: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return labels


def label_id(label: dict[str, Any]) -> str:
    """A short readable name for a label: its source and record locator."""
    record = label.get("record") or {}
    where = ",".join(f"{k}={v}" for k, v in record.items())
    return f"{label['source']}[{where}]" if where else label["source"]


def text_page(name: str, title: str, text: str) -> Page:
    """A crawler's title and text as the plain-text file ``ggzy extract`` reads: the title line, then the text."""
    return Page(name, f"{title}\n{text}".encode())


def wrapped_page(name: str, title: str, markup: str) -> Page:
    """A record's notice HTML inside a page titled as the platform's detail page shows it."""
    escaped = html.escape(title)
    page = (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escaped}</title></head>'
        f"<body><h1>{escaped}</h1>{markup}</body></html>"
    )
    return Page(name, page.encode("utf-8"))


@cache
def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def hefei_items(bid_content: str) -> list[tuple[str, str]]:
    """The (title, text) notices of a Hefei ``bid_content``.

    It is JSON when the text holds no table; otherwise the tables are pasted into the strings as unescaped JSON,
    so the notices are cut at their ``{"title": "`` / ``", "content": "`` / ``", "attachments": `` seams.
    """
    try:
        return [(str(item["title"]), str(item["content"])) for item in json.loads(bid_content, strict=False)["data"]]
    except ValueError:
        items = []
        for chunk in bid_content.split('{"title": "')[1:]:
            title, _, rest = chunk.partition('", "content": "')
            end = rest.rfind('", "attachments": ')
            items.append((title, rest[: end if end >= 0 else rest.rfind('"}')]))
        return items


def _jiangxi_record(path: Path, record_id: str) -> tuple[str, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute("SELECT title, detail_json FROM bid_records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise LookupError(f"no bid_records row {record_id} in {path}")
    title, detail = row
    return str(title), str(json.loads(detail)["text"])


def page_for(label: dict[str, Any], shared_data: Path = SHARED_DATA) -> Page:
    """The extractor's input for one labelled record (``LookupError`` when the record is not in the capture)."""
    source, record = label["source"], label.get("record") or {}
    path = shared_data / source
    name = label_id(label)
    if not path.is_file():
        raise LookupError(f"no capture {path}")
    if source.endswith(".html"):
        return Page(name, path.read_bytes())
    if source.startswith("ggzy-gov-cn/"):
        item = _json(path)["items"][record["index"]]
        return text_page(name, item["title"], item["content_text"])
    if source.startswith("hefei-ggzy/"):
        row = _json(path)["raw_rows"][record["row"]]
        title, text = hefei_items(row["bid_content"])[record["item"]]
        return text_page(name, title, text)
    if source.startswith("jiangxi-ggzy/"):
        return text_page(name, *_jiangxi_record(path, record["id"]))
    if source.startswith("zhejiang-zfcg/"):
        notice = _json(path)["notices"][record["index"]]
        return text_page(name, notice["title"], notice["raw_detail_text"])
    if source.startswith("hunan-hnsggzy/"):
        item = _json(path)["data"]["noticeList"][record["index"]]
        return wrapped_page(name, item["noticeName"], item["noticeContent"])
    if source.startswith("jiangsu-jsggzy/"):
        item = _json(path)["result"]["records"][record["index"]]
        return wrapped_page(name, item["title"], item["content"])
    raise LookupError(f"no loader for {source}")


@dataclass(frozen=True)
class Reference:
    """One Hefei notice and what the platform's structured fields say about it (``None``: not given)."""

    name: str
    page: Page
    buyer: str | None
    winners: list[str] | None
    amount: Decimal | None
    budget: Decimal | None


def _yuan(value: str) -> Decimal | None:
    """A platform amount without its float noise (707342.8099999999 → 707342.81); ``None`` when blank."""
    value = (value or "").strip()
    return Decimal(value).quantize(Decimal("0.01")) if value else None


def hefei_reference(shared_data: Path = SHARED_DATA) -> list[Reference]:
    """Each Hefei bundle's first single-notice row, with the platform's fields for that notice.

    Rows sharing the notice's link or text are one notice with several winners (one per lot, or one 联合体 with its
    members joined by ``;``); their ``bid_company`` values together are the winners; the amount is given only when
    one row holds the notice.
    """
    references = []
    for path in sorted((shared_data / "hefei-ggzy" / "projects").glob("20*.json")):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        rows = json.loads(text)["raw_rows"]
        index = next((n for n, row in enumerate(rows) if len(hefei_items(row["bid_content"])) == 1), None)
        if index is None:
            continue
        row = rows[index]
        title, body = hefei_items(row["bid_content"])[0]
        if not body.strip():
            continue
        same = [r for r in rows if r["link"] == row["link"] or r["bid_content"] == row["bid_content"]]
        companies = [name.strip() for r in same for name in (r["bid_company"] or "").split(";") if name.strip()]
        amounts = [r["bid_amount"] for r in same if (r["bid_amount"] or "").strip()]
        name = f"hefei-ggzy/projects/{path.name}[row={index},item=0]"
        references.append(
            Reference(
                name=name,
                page=text_page(name, title, body),
                buyer=(row["purchaser"] or "").strip() or None,
                winners=sorted(set(companies)) or None,
                amount=_yuan(amounts[0]) if len(same) == 1 and amounts else None,
                budget=_yuan(row["budget_amount"]),
            )
        )
    return references
