"""Family ``ckan``: a CKAN open-data portal whose datasets hold 行政处罚 双公示 CSVs (``ckan-demo/`` shapes).

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/opendata-shenzhen``):

Actions answer GET and POST (a JSON body, as ``ckanapi`` sends), under ``/api/3/action/`` and ``/api/action/``.

``GET /api/3/action/package_list``
    ``{"help": …, "success": true, "result": [dataset names]}``.
``GET /api/3/action/package_search?q=&fq=&rows=10&start=0``
    ``result``: ``count``, ``sort``, ``facets``, ``results`` (full datasets), ``search_facets``. ``q`` matches
    words of the title/notes/tags; ``fq=tags:行政处罚`` and ``fq=organization:NAME`` filter; ``rows`` ≤ 1000.
``GET|POST /api/3/action/package_show?id=NAME_OR_ID``
    ``result``: one dataset: ``id``, ``name``, ``title`` (e.g. 深圳市市场监督管理局行政处罚信息（2025年）),
    ``notes``, ``organization``, ``tags`` (行政处罚, 双公示), ``metadata_modified``, ``resources``: each with
    ``id``, ``package_id``, ``name``, ``format`` ``CSV``, ``mimetype`` ``text/csv`` and an absolute ``url``.
    Unknown id: 404 with ``success: false`` and ``error.__type`` ``Not Found Error``.
``GET /api/3/action/status_show``
``GET /dataset/{package}/resource/{resource}/download/xzcf-{year}.csv``
    The records: the 双公示 columns of ``ggzy.demo.penalties.XZCF_COLUMNS``, UTF-8 with BOM, CRLF.
    ``source_id`` = 行政处罚决定书文号 (rules in ``ggzy.demo.penalties``).

One dataset per 处罚机关 and year of decision, one CSV resource each.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from flask import Blueprint, Response, request

from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import Publication, World
from ggzy.demo.penalties import XZCF_COLUMNS
from ggzy.demo.sites import int_arg, respond
from ggzy.demo.sites.credit import records_csv

TAGS = ("行政处罚", "双公示")


def _dataset(index: int, pubs: list[Publication], host: str, centre: DemoCentre) -> dict[str, Any]:
    first = pubs[0]
    info = first.info
    modified = max(p.published_at for p in pubs).isoformat()
    org_name = f"org-{index:02d}"
    resource = {
        "id": info["resource"], "package_id": info["package"], "name": f"xzcf-{info['year']}.csv",
        "description": f"{info['authority']}{info['year']}年行政处罚决定信息", "format": "CSV",
        "mimetype": "text/csv", "url": host + first.path, "url_type": "upload", "state": "active",
        "created": modified, "last_modified": modified, "position": 0, "datastore_active": False,
        "hash": "", "size": None, "cache_url": None, "resource_type": None, "mimetype_inner": None,
    }  # fmt: skip
    return {
        "id": info["package"], "name": f"xzcf-{org_name}-{info['year']}", "type": "dataset", "state": "active",
        "title": f"{info['authority']}行政处罚信息（{info['year']}年）",
        "notes": f"{info['authority']}{info['year']}年作出的行政处罚决定（双公示），按国家“双公示”数据标准发布。",
        "license_id": "cc-by", "license_title": "Creative Commons Attribution", "isopen": True,
        "author": info["authority"], "maintainer": centre.name, "private": False, "version": "",
        "metadata_created": modified, "metadata_modified": modified, "num_resources": 1, "num_tags": 2,
        "organization": {"id": org_name, "name": org_name, "title": info["authority"], "type": "organization",
                         "is_organization": True, "state": "active", "approval_status": "approved"},
        "owner_org": org_name, "groups": [], "extras": [{"key": "年度", "value": info["year"]}],
        "tags": [{"name": t, "display_name": t, "state": "active", "vocabulary_id": None} for t in TAGS],
        "resources": [resource], "relationships_as_object": [], "relationships_as_subject": [], "url": "",
    }  # fmt: skip


def _answer(action: str, result: Any, status: int = 200) -> Response:
    body: dict[str, Any] = {"help": f"/api/3/action/help_show?name={action}", "success": status == 200}
    if status == 200:
        body["result"] = result
    else:
        body["error"] = {"__type": "Not Found Error", "message": "Not found"}
    response = respond(json.dumps(body, ensure_ascii=False), "application/json;charset=utf-8")
    response.status_code = status
    return response


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The CKAN Action API subset and the CSV downloads."""
    bp = Blueprint(centre.id, __name__)
    groups: dict[str, list[Publication]] = defaultdict(list)
    for pub in world.at(centre.id):
        groups[pub.info["package"]].append(pub)
    packages = sorted(groups.values(), key=lambda pubs: (pubs[0].info["authority"], pubs[0].info["year"]))
    authorities = sorted({pubs[0].info["authority"] for pubs in packages})
    by_path = {pubs[0].path.removeprefix(f"/{centre.prefix}"): pubs for pubs in packages}

    def datasets() -> list[dict[str, Any]]:
        host = request.host_url.rstrip("/")
        return [_dataset(authorities.index(p[0].info["authority"]) + 1, p, host, centre) for p in packages]

    @bp.route("/api/3/action/package_list", methods=["GET", "POST"])
    @bp.route("/api/action/package_list", methods=["GET", "POST"])
    def package_list() -> Response:
        return _answer("package_list", [d["name"] for d in datasets()])

    @bp.route("/api/3/action/package_search", methods=["GET", "POST"])
    @bp.route("/api/action/package_search", methods=["GET", "POST"])
    def package_search() -> Response:
        params = {**request.args.to_dict(), **(request.get_json(silent=True) or {})}
        found = datasets()
        words = str(params.get("q") or "").replace("*:*", "").split()
        found = [d for d in found if all(w in d["title"] + d["notes"] + "行政处罚 双公示" for w in words)]
        for clause in str(params.get("fq") or "").split():
            field, _, value = clause.partition(":")
            value = value.strip('"')
            if field == "tags":
                found = [d for d in found if value in {t["name"] for t in d["tags"]}]
            elif field == "organization":
                found = [d for d in found if d["organization"]["name"] == value]
        start, rows = int_arg(params.get("start"), 0), min(int_arg(params.get("rows"), 10), 1000)
        facets = {"res_format": {"CSV": len(found)}, "tags": {"行政处罚": len(found), "双公示": len(found)}}
        result = {"count": len(found), "sort": "score desc, metadata_modified desc", "facets": facets,
                  "results": found[start : start + rows], "search_facets": {}}  # fmt: skip
        return _answer("package_search", result)

    @bp.route("/api/3/action/package_show", methods=["GET", "POST"])
    @bp.route("/api/action/package_show", methods=["GET", "POST"])
    def package_show() -> Response:
        wanted = request.args.get("id") or (request.get_json(silent=True) or {}).get("id") or request.form.get("id")
        for dataset in datasets():
            if wanted in (dataset["id"], dataset["name"]):
                return _answer("package_show", dataset)
        return _answer("package_show", None, status=404)

    @bp.route("/api/3/action/status_show", methods=["GET", "POST"])
    @bp.route("/api/action/status_show", methods=["GET", "POST"])
    def status_show() -> Response:
        return _answer("status_show", {"ckan_version": "2.10.4", "site_title": centre.name, "extensions": []})

    @bp.route("/dataset/<package>/resource/<resource>/download/<filename>")
    def download(package: str, resource: str, filename: str) -> Response:
        pubs = by_path.get(f"/dataset/{package}/resource/{resource}/download/{filename}")
        if pubs is None:
            return Response("Not found", status=404)
        ordered = sorted(pubs, key=lambda p: (p.published_at, p.source_id), reverse=True)
        newest = ordered[0].published_at
        return respond(records_csv(ordered, XZCF_COLUMNS), "text/csv; charset=utf-8", newest)

    return bp
