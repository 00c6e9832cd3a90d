"""A CKAN-style catalogue: the read calls of the CKAN Action API, describing the open-data datasets.

CKAN harvesters and ``ckanapi.RemoteCKAN`` read it as they read any CKAN. Its answers, errors included, keep
CKAN's own envelope (``help``, ``success``, ``result`` / ``error``) rather than problem+json, because that
envelope is what CKAN clients parse (https://docs.ckan.org/en/2.10/api/#making-an-api-request). Calls answer
GET with query parameters and POST with a JSON body, as ckanapi sends them, at ``/api/3/action/<name>`` and
``/api/action/<name>``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, json, request

from ggzy.opendata.ckan import datasets
from ggzy.opendata.exports import load_state

bp = Blueprint("catalog", __name__)

CKAN_VERSION = "2.10.4"


def _envelope(action: str, result: Any = None, *, error: dict[str, Any] | None = None, status: int = 200) -> Response:
    body: dict[str, Any] = {"help": f"{request.host_url}api/3/action/help_show?name={action}"}
    if error is None:
        body.update(success=True, result=result)
    else:
        body.update(success=False, error=error)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _params() -> dict[str, Any]:
    params: dict[str, Any] = dict(request.args.items())
    if request.method == "POST":
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            params.update(body)
    return params


def _int(params: dict[str, Any], name: str, default: int, maximum: int) -> int:
    value = params.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _Invalid(name, f"Invalid integer: {value!r}") from None
    if number < 0:
        raise _Invalid(name, "Must be a positive integer")
    return min(number, maximum)


class _Invalid(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _packages() -> list[dict[str, Any]]:
    state = load_state(current_app.config["EXPORT_DIR"])
    return datasets(state, current_app.config["SITE_URL"].rstrip("/"))


# CKAN answers at both paths; ckanapi calls the unversioned one.
@bp.route("/api/3/action/<action>", methods=["GET", "POST"])
@bp.route("/api/action/<action>", methods=["GET", "POST"])
def action(action: str) -> Response:
    handler = ACTIONS.get(action)
    if handler is None:
        unknown = {"__type": "Not Found Error", "message": f"Action name not known: {action}"}
        return _envelope(action, error=unknown, status=400)
    try:
        return handler(_params())
    except _Invalid as invalid:
        error: dict[str, Any] = {"__type": "Validation Error", invalid.field: [str(invalid)]}
        return _envelope(action, error=error, status=409)


def package_list(params: dict[str, Any]) -> Response:
    names = [p["name"] for p in _packages()]
    offset = _int(params, "offset", 0, 10**6)
    limit = _int(params, "limit", len(names), 1000)
    return _envelope("package_list", names[offset : offset + limit])


def package_show(params: dict[str, Any]) -> Response:
    wanted = params.get("id") or params.get("name_or_id")
    for package in _packages():
        if wanted in (package["id"], package["name"]):
            return _envelope("package_show", package)
    error = {"__type": "Not Found Error", "message": "Not found"}
    return _envelope("package_show", error=error, status=404)


def package_search(params: dict[str, Any]) -> Response:
    words = str(params.get("q") or "").replace("*:*", "").split()
    packages = [p for p in _packages() if all(_mentions(p, word) for word in words)]
    start = _int(params, "start", 0, 10**6)
    rows = _int(params, "rows", 10, 1000)
    result = {
        "count": len(packages),
        "sort": "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
        "results": packages[start : start + rows],
    }
    return _envelope("package_search", result)


def _mentions(package: dict[str, Any], word: str) -> bool:
    word = word.lower()
    texts = [package["name"], package["title"], package["notes"]] + [t["name"] for t in package["tags"]]
    return any(word in text.lower() for text in texts)


def current_package_list_with_resources(params: dict[str, Any]) -> Response:
    offset = _int(params, "offset", 0, 10**6)
    limit = _int(params, "limit", 100, 1000)
    return _envelope("current_package_list_with_resources", _packages()[offset : offset + limit])


def status_show(params: dict[str, Any]) -> Response:
    result = {
        "ckan_version": CKAN_VERSION,
        "site_url": current_app.config["SITE_URL"],
        "site_title": "ggzy 公共资源交易开放数据",
        "site_description": "Open data from China's public resource trading centres",
        "locale_default": "zh_Hans_CN",
        "error_emails_to": None,
        "extensions": [],
    }
    return _envelope("status_show", result)


ACTIONS = {
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "current_package_list_with_resources": current_package_list_with_resources,
    "status_show": status_show,
}
