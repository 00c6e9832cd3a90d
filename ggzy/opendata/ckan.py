"""The open-data folder described as CKAN datasets, and publishing them to a CKAN instance with ckanapi.

The same dataset dicts answer our own CKAN-style catalogue (``/api/3/action/…``) and are sent by
``ggzy publish-ckan``, so a CKAN harvester sees the same thing in both places.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckanapi

from ggzy.errors import GgzyError
from ggzy.opendata.formats import format_of

log = logging.getLogger(__name__)


class PublishError(GgzyError):
    """Raised when a CKAN instance refuses a dataset (bad key, missing organisation, invalid field)."""

    http_status = 502
    title = "CKAN publishing failed"


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    title: str
    notes: str
    tags: tuple[str, ...]
    selects: Callable[[str], bool]


DATASETS = [
    DatasetSpec(
        "ggzy-notices",
        "公共资源交易公告（全量与分类）",
        "Every public notice — tenders, corrections, candidates, awards, contracts, terminations, penalties — "
        "in full and per kind, as CSV (UTF-8 with BOM) and JSON Lines.",
        ("公共资源交易", "招标", "中标"),
        lambda path: path.startswith(("notices-all", "kinds/")),
    ),
    DatasetSpec(
        "ggzy-notices-monthly",
        "公共资源交易公告（按月）",
        "The notices of each month of publication, as CSV and JSON Lines.",
        ("公共资源交易", "按月"),
        lambda path: path.startswith("notices/"),
    ),
    DatasetSpec(
        "ggzy-entities",
        "市场主体信用概况（按统一社会信用代码）",
        "One row per unified social credit code: names, region, awards won and their total, active penalties.",
        ("统一社会信用代码", "信用"),
        lambda path: path == "entities.csv",
    ),
    DatasetSpec(
        "ggzy-penalties",
        "行政处罚与失信记录（双公示）",
        "Administrative penalties and serious-dishonesty listings within their publicity period; personal "
        "identity numbers are never published.",
        ("行政处罚", "双公示", "失信"),
        lambda path: path == "penalties.csv",
    ),
    DatasetSpec(
        "ggzy-flags",
        "公共采购风险标志（红旗信号）",
        "Every integrity flag computed on the notices, in every outcome state (triggered, not triggered, "
        "insufficient data), with the notices read, the thresholds and the catalogue version: a flag is a reason "
        "to look, never a finding. Methodology and catalogue: /methodology.",
        ("风险标志", "红旗信号", "公共采购"),
        lambda path: path == "flags.csv",
    ),
    DatasetSpec(
        "ggzy-ocds",
        "OCDS 开放合同数据",
        "Monthly OCDS 1.1 release packages of tenders, awards and contracts; parties identified by CN-USCI.",
        ("OCDS", "开放合同"),
        lambda path: path.startswith("ocds/"),
    ),
]


def _format(path: str) -> tuple[str, str]:
    fmt = format_of(path)
    return (fmt.ckan_label, fmt.media_type) if fmt is not None else ("", "application/octet-stream")


def _uuid(text: str) -> str:
    digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def datasets(state: dict[str, Any], site_url: str) -> list[dict[str, Any]]:
    """CKAN package dicts for the files of an export state (``index.json``); datasets without files drop."""
    files = state.get("files", {})
    created = state.get("first_export") or state.get("last_export") or ""
    packages = []
    for spec in DATASETS:
        paths = sorted(p for p in files if spec.selects(p))
        if not paths:
            continue
        package_id = _uuid(spec.name)
        resources = []
        for position, path in enumerate(paths):
            info = files[path]
            fmt, mimetype = _format(path)
            resources.append(
                {
                    "id": _uuid(f"{spec.name}/{path}"),
                    "package_id": package_id,
                    "name": path.rsplit("/", 1)[-1],
                    "description": f"{info['rows']} rows",
                    "url": f"{site_url}/opendata/{path}",
                    "format": fmt,
                    "mimetype": mimetype,
                    "size": info["bytes"],
                    "hash": f"sha256:{info['sha256']}",
                    "last_modified": info.get("last_change"),
                    "created": info.get("last_export"),
                    "position": position,
                    "state": "active",
                    "url_type": None,
                }
            )
        modified = max((files[p].get("last_change") or "" for p in paths), default="")
        packages.append(
            {
                "id": package_id,
                "name": spec.name,
                "title": spec.title,
                "notes": spec.notes,
                "type": "dataset",
                "state": "active",
                "private": False,
                "license_id": "cc-by",
                "license_title": "Creative Commons Attribution",
                "license_url": "https://creativecommons.org/licenses/by/4.0/",
                "url": f"{site_url}/opendata/",
                "author": "ggzy",
                "maintainer": "ggzy",
                "metadata_created": created,
                "metadata_modified": modified,
                "num_resources": len(resources),
                "num_tags": len(spec.tags),
                "tags": [{"name": tag, "display_name": tag, "state": "active"} for tag in spec.tags],
                "organization": {"name": "ggzy", "title": "ggzy", "type": "organization", "is_organization": True},
                "resources": resources,
                "extras": [],
            }
        )
    return packages


#: The fields sent to a CKAN instance; the rest of a package dict is CKAN's own bookkeeping.
_PUBLISHED_FIELDS = ("name", "title", "notes", "license_id", "url", "author", "maintainer")
_RESOURCE_FIELDS = ("name", "description", "url", "format", "mimetype", "size", "hash", "last_modified")


def publish(
    url: str, api_key: str, packages: list[dict[str, Any]], *, organization: str | None = None
) -> list[tuple[str, str]]:
    """Create or update each dataset on the CKAN instance at ``url``; return ``(name, "created"|"updated")``."""
    done = []
    with ckanapi.RemoteCKAN(url, apikey=api_key, user_agent="ggzy-publish/1") as ckan:
        for package in packages:
            body: dict[str, Any] = {k: package[k] for k in _PUBLISHED_FIELDS}
            body["tags"] = [{"name": t["name"]} for t in package["tags"]]
            body["resources"] = [{k: r[k] for k in _RESOURCE_FIELDS} for r in package["resources"]]
            if organization:
                body["owner_org"] = organization
            try:
                try:
                    existing = ckan.action.package_show(id=package["name"])
                except ckanapi.NotFound:
                    ckan.action.package_create(**body)
                    action = "created"
                else:
                    ckan.action.package_update(id=existing["id"], **body)
                    action = "updated"
            except (ckanapi.CKANAPIError, ckanapi.ValidationError, ckanapi.NotAuthorized) as error:
                raise PublishError(f"{url} refused dataset {package['name']}: {error}") from error
            log.info("ckan dataset=%s action=%s url=%s", package["name"], action, url)
            done.append((package["name"], action))
    return done
