"""``datapackage.json`` (Frictionless Data Package) and ``SHA256SUMS`` for the open-data folder.

Every CSV file is a tabular resource with its table schema (from ``rows``); JSON Lines and OCDS files are listed
as plain file resources. Each resource carries its size and SHA-256, so ``frictionless validate`` checks integrity.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ggzy.opendata.formats import format_of
from ggzy.opendata.rows import (
    ENTITY_COLUMNS,
    FLAG_COLUMNS,
    NOTICE_COLUMNS,
    PENALTY_COLUMNS,
    WITHDRAWN_COLUMNS,
    Column,
)
from ggzy.opendata.writers import FileInfo

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
SOURCES = [
    {"title": "全国公共资源交易平台 and the provincial and city public resource trading centres"},
    {"title": "信用中国 and departmental 双公示 administrative penalty publications"},
]


def _schema(columns: list[Column[Any]]) -> dict[str, Any]:
    return {
        "fields": [
            {"name": c.title, "type": c.type, "description": f"{c.description} (key: {c.key})"} for c in columns
        ],
        "missingValues": [""],
    }


def _columns_for(path: str) -> list[Column[Any]] | None:
    fmt = format_of(path)
    if fmt is None or not fmt.is_table():
        return None
    if path.startswith(("notices", "kinds/")):
        return NOTICE_COLUMNS
    if path == "penalties.csv":
        return PENALTY_COLUMNS
    if path == "entities.csv":
        return ENTITY_COLUMNS
    if path == "withdrawn.csv":
        return WITHDRAWN_COLUMNS
    if path == "flags.csv":
        return FLAG_COLUMNS
    return None


def resource(info: FileInfo, site_url: str) -> dict[str, Any]:
    """The Data Package resource describing one exported file."""
    name = re.sub(r"[^a-z0-9._-]+", "-", info.path.lower())
    entry: dict[str, Any] = {
        "name": name,
        "path": info.path,
        "bytes": info.bytes,
        "hash": f"sha256:{info.sha256}",
        "url": f"{site_url}/opendata/{info.path}",
    }
    fmt = format_of(info.path)
    columns = _columns_for(info.path)
    if fmt is not None and columns is not None:
        entry.update(
            type="table",
            format=fmt.datapackage_format,
            mediatype=fmt.media_type,
            encoding="utf-8-sig",
            schema=_schema(columns),
            rows=info.rows,
        )
        if info.path.endswith(".gz"):
            entry["compression"] = "gz"
    elif fmt is not None:
        entry.update(type="file", format=fmt.datapackage_format, mediatype=fmt.media_type)
    return entry


def write(out: Path, infos: list[FileInfo], *, site_url: str) -> None:
    """Write ``datapackage.json`` and ``SHA256SUMS`` describing ``infos``."""
    package = {
        "name": "ggzy-public-resource-trading",
        "title": "ggzy: 公共资源交易公告与信用信息 open data",
        "description": "Tender, award and contract notices and administrative penalties from China's public "
        "resource trading centres, normalized and keyed by the unified social credit code (USCC).",
        "homepage": f"{site_url}/opendata/",
        "licenses": [LICENSE],
        "sources": SOURCES,
        "resources": [resource(info, site_url) for info in sorted(infos, key=lambda i: i.path)],
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), "utf-8")
    lines = [f"{info.sha256}  {info.path}\n" for info in sorted(infos, key=lambda i: i.path)]
    (out / "SHA256SUMS").write_text("".join(lines), "utf-8")
