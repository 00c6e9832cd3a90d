"""``/api/v1/changes`` for mirrors, the centres, the statistics and health, and the API's own documents: the
OpenAPI document generated from the ``@route`` declarations and the readable ``/api/`` page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, jsonify, request

from ggzy.centres import centre_names, load_registry
from ggzy.index import IndexEngineError
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Kind, Penalty
from ggzy.normalize.credit import ladder as credit_ladder
from ggzy.normalize.dates import china_today
from ggzy.site.api import api, route, site_url
from ggzy.site.api_errors import InvalidRequest
from ggzy.site.api_schema import notice_json, to_json
from ggzy.site.index_handle import get_index
from ggzy.site.openapi import OPERATIONS, Param, build_spec
from ggzy.site.web import render_page

CHANGES_MAX = 1000


@route(
    "get",
    "/api/v1/changes",
    summary="增量同步：游标之后的变更",
    doc=(
        "按修改顺序列出公告。"
        "退出公示的公告（过了公示截止期或信用修复后撤下的处罚）以 {id, withdrawn: true} 标记，"
        "供镜像删除。带上 next_cursor 继续调用，直到 items 为空。"
    ),
    example="/api/v1/changes?limit=100",
    response="Changes",
    params=(
        Param("since", {"type": "string"}, "上次调用返回的 next_cursor；省略则从头开始。"),
        Param("limit", {"type": "integer", "minimum": 1, "maximum": CHANGES_MAX}, "每次条数（默认 500）。"),
    ),
    errors=(400, 503),
    tags=("mirrors",),
)
def changes() -> Response:
    """Notices in modification order. A notice withdrawn from public view (a penalty past its 公示截止期, or
    removed after credit repair) comes as a tombstone {id, withdrawn: true} so a mirror deletes it. Call again
    with next_cursor until items is empty."""
    limit_text = request.args.get("limit", "500")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= CHANGES_MAX:
        raise InvalidRequest(f"limit must be a whole number from 1 to {CHANGES_MAX}, not {limit_text!r}")
    index_cursor, synced_on = _parse_changes_cursor(request.args.get("since") or None)
    index = get_index()
    today, site = china_today(), site_url()
    notices, cursor = index.changes(index_cursor, limit=int(limit_text))
    items = [notice_json(n, site) if n.is_public(today) else {"id": n.id, "withdrawn": True} for n in notices]
    if synced_on is not None and synced_on <= today:  # the same day too: a repair recorded since then
        items += [{"id": i, "withdrawn": True} for i in withdrawn_since(synced_on, today)]
    next_cursor = f"{cursor}@{today.isoformat()}"
    return jsonify(
        items=items,
        next_cursor=next_cursor,
        next=f"{site}/api/v1/changes?{urlencode({'since': next_cursor, 'limit': limit_text})}",
    )


def _parse_changes_cursor(since: str | None) -> tuple[str | None, date | None]:
    """``<engine cursor>@<day of that call>``; the day says which withdrawals the mirror has not yet seen."""
    if since is None:
        return None, None
    index_cursor, _, day = since.rpartition("@")
    if not index_cursor:
        return since, None
    try:
        return index_cursor, date.fromisoformat(day)
    except ValueError:
        raise InvalidRequest(f"since must be a next_cursor from an earlier changes call, not {since!r}") from None


def withdrawn_since(synced_on: date, today: date) -> list[str]:
    """Ids of penalties that left public view after ``synced_on``: their 公示截止期 passed, or a re-harvest
    recorded their early removal. The engines' change logs skip withdrawn notices, so they are found here,
    from the day's list of withdrawn penalties (built once per day and index change, then kept)."""
    gone = []
    for notice_id, penalty, touched_on in _withdrawn_penalties(today):
        if penalty.is_public(synced_on) or (touched_on is not None and touched_on >= synced_on):
            gone.append(notice_id)
    return gone


def _withdrawn_penalties(today: date) -> list[tuple[str, Penalty, date | None]]:
    index = get_index()
    key = (today, index.changes_head())
    held = current_app.extensions.get("ggzy_withdrawn")
    if held is None or held[0] != key:
        query = SearchQuery(kind=(Kind.PENALTY,), include_withdrawn=True, today=today)
        found = [
            (n.id, n.penalty, n.harvested_at.date() if n.harvested_at else None)
            for n in index.scan(query)
            if n.penalty is not None and not n.is_public(today)
        ]
        held = current_app.extensions["ggzy_withdrawn"] = (key, found)
    withdrawn: list[tuple[str, Penalty, date | None]] = held[1]
    return withdrawn


@route(
    "get",
    "/api/v1/centres",
    summary="交易中心",
    doc="登记表或索引中的每个交易中心，及其公告数与数据新鲜度。",
    response="Centres",
    errors=(503,),
    example="/api/v1/centres",
    tags=("about",),
)
def centres() -> Response:
    """Every centre in the registry or the index, with its notice count and freshness."""
    stats = get_index().stats(today=china_today())
    registry = {s.id: s for s in load_registry()}
    names = centre_names()
    items = []
    for centre_id in dict.fromkeys([*registry, *stats.by_centre]):
        source = registry.get(centre_id)
        fresh = stats.freshness.get(centre_id)
        items.append(
            {
                "id": centre_id,
                "name": source.name if source else names.get(centre_id, centre_id),
                "region_code": (source.region_code or None) if source else None,
                "base_url": source.base_url if source else None,
                "notices": stats.by_centre.get(centre_id, 0),
                "newest": to_json(fresh.newest) if fresh else None,
                "harvested_at": to_json(fresh.harvested_at) if fresh else None,
            }
        )
    return jsonify(items=items)


@route(
    "get",
    "/api/v1/stats",
    summary="统计与数据新鲜度",
    doc="按交易中心、公告类型、业务类别、月份与省份统计的公开公告数；各交易中心最新公告的日期。",
    response="IndexStats",
    errors=(503,),
    example="/api/v1/stats",
    tags=("about",),
)
def stats() -> Response:
    """Public notices per centre, kind, category, month and province; the newest notice per centre."""
    return jsonify(to_json(get_index().stats(today=china_today())))


@route(
    "get",
    "/api/v1/health",
    summary="服务状态",
    doc="索引可用时返回 ok 与公告总数，不可用时返回 503。",
    response="Health",
    errors=(503,),
    rate_limited=False,
    example="/api/v1/health",
)
def health() -> Response:
    """ok and the number of stored notices, or 503 when the index cannot be reached."""
    try:
        count = get_index().count()
    except IndexEngineError:
        raise
    except Exception as error:
        raise IndexEngineError(f"the index cannot be reached: {error}") from error
    return jsonify(status="ok", count=count)


@api.get("/api/v1/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.1 document, generated from the declared routes."""
    return jsonify(_spec())


@api.get("/api/")
def docs() -> tuple[str | Response, int]:
    """The readable API page: every endpoint, its parameters, an example, the error shape and rate limits."""
    operations = sorted(OPERATIONS, key=lambda op: (op.path, op.method))
    site = site_url()
    code, as_of = credit_example()
    spec = _spec()
    return render_page(
        "api.html",
        spec=spec,
        operations=operations,
        site_url=site,
        canonical="/api/",
        twin=lambda: spec,
        ladder=credit_ladder(),
        example_code=code,
        example_as_of=as_of,
    )


def credit_example() -> tuple[str, str | None]:
    """A code whose credit check shows something on this index (the subject of a recent public penalty, a serious
    violation first) and a day when that penalty was public, for the examples on the API page."""
    found = get_index().search(SearchQuery(kind=(Kind.PENALTY,), sort=Sort.NEWEST, size=50))
    listed = [h.notice for h in found.hits if h.notice.penalty and h.notice.penalty.subject.uscc]
    listed.sort(key=lambda n: not (n.penalty and n.penalty.is_serious()))
    chosen = listed[0] if listed else None
    if chosen is None or chosen.penalty is None:
        return "91370783165683479K", None
    day = chosen.published + timedelta(days=1) if chosen.published else None
    return str(chosen.penalty.subject.uscc), (day.isoformat() if day and day < china_today() else None)


def _spec() -> dict[str, Any]:
    config = current_app.config
    return build_spec(
        server_url=site_url(),
        anonymous_limit=str(config["RATELIMIT_ANONYMOUS"]),
        keyed_limit=str(config["RATELIMIT_KEYED"]),
    )
