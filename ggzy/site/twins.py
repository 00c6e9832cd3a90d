"""The JSON twins of the pages that have no API twin: what the page shows, as data.

Every page links its twin with ``<link rel="alternate" type="application/json">`` and serves it at its own address
with ``?format=json`` (``web.render_page``). A page with an API twin serves exactly that API's JSON: a notice
(``api_schema.notice_json``), a company (``api_entities.entity_json``), a search (``api_notices.search_json``),
the API page (the OpenAPI document). The others are built here from the same values the page is rendered from,
with notices written as the API lists them (``notice_json``, brief).
"""

from __future__ import annotations

from typing import Any

from flask import request

from ggzy.index.base import EntityMatch, Freshness, IndexStats
from ggzy.index.query import SearchQuery, SearchResult
from ggzy.model import Notice
from ggzy.site import filters
from ggzy.site.api import site_url
from ggzy.site.api_notices import search_json
from ggzy.site.api_schema import notice_json, to_json


def listed(notices: list[Notice]) -> list[dict[str, Any]]:
    """Notices as a page lists them, in the API's search-result form."""
    site = site_url()
    return [notice_json(n, site, brief=True) for n in notices]


def search(query: SearchQuery, result: SearchResult, companies: list[EntityMatch]) -> dict[str, Any]:
    """The search page: the API's answer to the same search, with the companies the page offers when it
    looked some up."""
    body = search_json(query, result, request.args)
    if companies:
        body["companies"] = to_json(companies)
    return body


def home(stats: IndexStats, latest: SearchResult) -> dict[str, Any]:
    """The home page: the counts it charts and the latest notices."""
    return {"stats": to_json(stats), "latest": listed([h.notice for h in latest.hits])}


def about(centres: list[tuple[str, str, int]], platforms: list[Any], keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The about page: the centres and their notice counts, the national platforms, the receipt keys."""
    return {
        "centres": [{"id": centre, "name": name, "notices": count} for centre, name, count in centres],
        "platforms": [p.to_json() for p in platforms],
        "receipt_keys": keys,
    }


def centre(centre_id: str, result: SearchResult, freshness: Freshness | None) -> dict[str, Any]:
    """A centre's page: its name, counts by kind, freshness and newest notices."""
    return {
        "id": centre_id,
        "name": filters.centre_name(centre_id),
        "total": result.total,
        "kinds": dict(result.facets.get("kind", [])),
        "freshness": to_json(freshness),
        "latest": listed([h.notice for h in result.hits]),
    }


def region(
    code: str, parent: tuple[str, str] | None, children: list[tuple[str, str]], result: SearchResult
) -> dict[str, Any]:
    """A region's page: its name, its parent and children, counts by kind and newest notices."""
    return {
        "code": code,
        "name": filters.region_name(code),
        "parent": {"code": parent[0], "name": parent[1]} if parent else None,
        "children": [{"code": c, "name": name} for c, name in children],
        "total": result.total,
        "kinds": dict(result.facets.get("kind", [])),
        "latest": listed([h.notice for h in result.hits]),
    }
