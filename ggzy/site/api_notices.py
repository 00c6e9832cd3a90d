"""``/api/v1/notices``: the search and one notice, as the API's JSON (``api_schema.notice_json``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Response, jsonify, request
from werkzeug.datastructures import MultiDict

from ggzy.flags.model import StoredFlag
from ggzy.index.query import SearchQuery, SearchResult
from ggzy.model import Notice
from ggzy.normalize.dates import china_today
from ggzy.site.api import route, site_url
from ggzy.site.api_errors import NoticeNotFound
from ggzy.site.api_flags import flag_json, notice_flags
from ggzy.site.api_schema import notice_json
from ggzy.site.index_handle import get_index
from ggzy.site.openapi import SEARCH_PARAMS, Param


@route(
    "get",
    "/api/v1/notices",
    summary="搜索公告",
    doc=(
        "参数与搜索页相同（含搜索语言）；没有关键词时按发布时间从新到旧。用 next（游标，"
        "而非页码）翻页。过了公示截止期的行政处罚不会出现。"
    ),
    response="SearchPage",
    params=SEARCH_PARAMS,
    errors=(400, 503),
    example="/api/v1/notices?q=工程&kind=award&region=33&facet=kind",
    tags=("notices",),
)
def search_notices() -> Response:
    """The search page's parameters; newest first without words. Page on with next (a cursor, never an
    offset). Penalties past their 公示截止期 never appear."""
    query = SearchQuery.from_params(request.args)
    return jsonify(search_json(query, get_index().search(query), request.args))


def search_json(query: SearchQuery, result: SearchResult, args: MultiDict[str, str]) -> dict[str, Any]:
    """One page of a search as the API answers it (the search page's JSON twin too); ``args`` are the search's
    URL parameters, repeated in the ``next`` link with the next cursor."""
    site = site_url()
    next_url = None
    if result.next_cursor:
        following = args.copy()
        following.setlist("cursor", [result.next_cursor])
        following.poplist("format")
        next_url = f"{site}/api/v1/notices?{urlencode(list(following.items(multi=True)))}"
    return {
        "total": result.total,
        "total_exact": result.total_exact,
        "items": [
            notice_json(h.notice, site, brief=True, highlights=h.highlights)
            for h in result.hits
            if h.notice.is_public(query.today)
        ],
        "facets": {name: [[value, count] for value, count in pairs] for name, pairs in result.facets.items()},
        "next_cursor": result.next_cursor,
        "next": next_url,
    }


@route(
    "get",
    "/api/v1/notices/{notice_id}",
    summary="一条公告",
    doc="完整公告，含当事人、金额、双公示事项与风险标志（flags）；编号不存在或处罚已过公示截止期时返回 404。",
    response="Notice",
    params=(Param("notice_id", {"type": "string"}, "公告编号。", location="path"),),
    errors=(404, 503),
    example="/api/v1/notices/huzhou-ggzy-e9c25765474d004d5f5a",
    tags=("notices",),
)
def get_notice(notice_id: str) -> Response:
    """The whole notice with its parties, amounts and 双公示 items; 404 for an unknown id or a penalty past
    its 公示截止期."""
    notice = get_index().get(notice_id)
    if notice is None or not notice.is_public(china_today()):
        raise NoticeNotFound(f"no public notice has the id {notice_id!r}")
    return jsonify(notice_document(notice, notice_flags(notice.id)))


def notice_document(notice: Notice, flags: list[StoredFlag]) -> dict[str, Any]:
    """One notice as the API answers it (the notice page's JSON twin too): the notice and its integrity flags."""
    site = site_url()
    return {**notice_json(notice, site), "flags": [flag_json(stored, site) for stored in flags]}
