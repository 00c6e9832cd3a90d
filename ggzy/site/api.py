"""The ``/api/v1`` blueprint: notices, company credit profiles, the credit check, changes for mirrors.

JSON in UTF-8, CORS open to every origin, one problem+json error shape, rate limits per IP address or per API
key (``ratelimit``). Every route is declared with ``@route``, which also writes it into the OpenAPI document
served at ``/api/v1/openapi.json`` and shown on the ``/api/`` page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from flask_limiter import RateLimitExceeded

from ggzy.centres import centre_names, load_registry
from ggzy.index import IndexEngineError
from ggzy.index.profile import Award
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Kind, Penalty
from ggzy.normalize import regions
from ggzy.normalize.credit import ladder as credit_ladder
from ggzy.normalize.dates import china_today
from ggzy.normalize.uscc import read_input, require_valid
from ggzy.receipts import KeyStore
from ggzy.site import ratelimit
from ggzy.site.api_credit import MAX_CODES, credit_rows, parse_as_of, subject_penalties
from ggzy.site.api_errors import InvalidRequest, NoticeNotFound
from ggzy.site.api_schema import notice_json, penalty_record, to_json
from ggzy.site.index_handle import get_index
from ggzy.site.openapi import OPERATIONS, SEARCH_PARAMS, USCC_PATH, Param, build_spec, operation

api = Blueprint("api", __name__)
F = TypeVar("F", bound=Callable[..., Any])
CHANGES_MAX = 1000
UNLIMITED = ("api.docs", "api.openapi_document", "api.health", "api.keys")


def route(method: str, path: str, **declaration: Any) -> Callable[[F], F]:
    """Register a view on the blueprint and declare it in the OpenAPI document."""

    def register(view: F) -> F:
        operation(method, path, **declaration)(view)
        api.add_url_rule(OPERATIONS[-1].flask_path, view_func=view, methods=[method.upper()])
        return view

    return register


def init_app(app: Flask) -> None:
    """Rate limits on the API blueprint; the documentation and key routes are exempt."""
    ratelimit.init_app(app, api, exempt=list(UNLIMITED))


@api.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded) -> Response:
    return ratelimit.too_many_requests(error)


@api.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Authorization, X-API-Key, Content-Type"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Expose-Headers"] = (
        "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, "
        "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    )
    return response


# -- notices ---------------------------------------------------------------------------------------------


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
    result = get_index().search(query)
    site = _site_url()
    next_url = None
    if result.next_cursor:
        args = request.args.copy()
        args.setlist("cursor", [result.next_cursor])
        next_url = f"{site}/api/v1/notices?{urlencode(list(args.items(multi=True)))}"
    return jsonify(
        total=result.total,
        items=[
            notice_json(h.notice, site, brief=True, highlights=h.highlights)
            for h in result.hits
            if h.notice.is_public(query.today)
        ],
        facets={name: [[value, count] for value, count in pairs] for name, pairs in result.facets.items()},
        next_cursor=result.next_cursor,
        next=next_url,
    )


@route(
    "get",
    "/api/v1/notices/{notice_id}",
    summary="一条公告",
    doc="完整公告，含当事人、金额与双公示事项；编号不存在或处罚已过公示截止期时返回 404。",
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
    return jsonify(notice_json(notice, _site_url()))


# -- companies -------------------------------------------------------------------------------------------


AS_OF = Param(
    "as_of",
    {"type": "string", "format": "date"},
    "YYYY-MM-DD：按这一天回答（当天公示中的处罚、当天及以前发布的公告、覆盖当天的禁止期）。",
    example="2025-06-01",
)


@route(
    "get",
    "/api/v1/entities/{uscc}",
    summary="企业信用概况",
    doc=("曾用名称、注册地区、各类公告数、中标次数与金额合计、仍在公示期内的行政处罚及其双公示事项、最新公告。"),
    response="EntityProfile",
    params=(USCC_PATH, AS_OF),
    errors=(400, 503),
    example="/api/v1/entities/913305026385JRT06R",
    tags=("credit",),
)
def get_entity(uscc: str) -> Response:
    """Names, region, counts by kind, awards won (one row per project with the company's own amount) and their
    total, active penalties with their 双公示 items and severity (严重失信 marked), the latest notices. A code
    typed in lower case, full width or with spaces is read as its canonical form (normalized_from says so); an
    invalid code is a 400 naming the expected check character; a valid code no public notice names is answered
    with known: false. as_of=YYYY-MM-DD answers for that day."""
    given = require_valid(uscc)
    code = given.code
    today = china_today()
    as_of = parse_as_of(request.args.get("as_of"), today)
    profile = get_index().entity(code, today=today, as_of=as_of)
    site = _site_url()
    on = as_of or today
    region_code = profile.region_code if profile else read_input(code).region_code
    penalties = [penalty_record(n, site, on) for n in subject_penalties(profile)] if profile else []
    body: dict[str, Any] = {
        "uscc": code,
        "normalized_from": given.normalized_from,
        "as_of": to_json(as_of),
        "valid": True,
        "known": profile is not None,
        "names": profile.names if profile else [],
        "region_code": region_code,
        "region": regions.describe(region_code),
        "counts_by_kind": profile.counts_by_kind if profile else {},
        "awards_won": profile.awards_won if profile else 0,
        "awards_total": to_json(profile.awards_total) if profile else "0",
        "awards": [_award_json(a, site) for a in profile.awards] if profile else [],
        "first_seen": to_json(profile.first_seen) if profile else None,
        "last_seen": to_json(profile.last_seen) if profile else None,
        "last_award": to_json(profile.last_award) if profile else None,
        "active_penalties": penalties,
        "serious_violation": any(p["serious_violation"] for p in penalties),
        "withdrawn_penalties": profile.withdrawn_penalties if profile else 0,
        "latest": [notice_json(n, site, brief=True) for n in profile.latest] if profile else [],
        "links": {"page": f"{site}/entity/{code}", "feed": f"{site}/feeds/entity/{code}.atom"},
    }
    return jsonify(body)


@route(
    "get",
    "/api/v1/entities",
    summary="按名称查找企业",
    doc="名称包含所给文字的企业及其统一社会信用代码，公告多的在前。",
    response="EntityMatches",
    params=(Param("name", {"type": "string", "minLength": 1}, "名称的一部分。", required=True, example="东方新元"),),
    example="/api/v1/entities?name=东方新元",
    errors=(400, 503),
    tags=("credit",),
)
def find_entities() -> Response:
    """Candidate companies whose name contains the words, with their USCCs, most notices first."""
    name = (request.args.get("name") or "").strip()
    if not name:
        raise InvalidRequest("name is required: part of a company's name, such as 供销")
    matches = get_index().find_entities(name[:100], limit=20)
    return jsonify(items=to_json(matches))


@route(
    "post",
    "/api/v1/credit-check",
    summary="批量信用核查（一次最多 1000 个代码）",
    doc=(
        "按提交顺序每个代码一行：代码是否有效（及原因）、是否收录、仍在公示期内的处罚数"
        "及最严重的一类（严重违法失信 > 吊销/责令停产停业/取消资格 > 罚款/没收 > 警告/通报批评 > 其他）、"
        "中标次数与最近一次中标日期。"
    ),
    response="CreditCheck",
    body="CreditCheckRequest",
    errors=(400, 503),
    example='{"uscc": ["913305026385JRT06R", "91110102x00012095Q"], "as_of": "2025-06-01", "receipt": true}',
    tags=("credit",),
)
def credit_check() -> Response:
    """One row per code in the order given: valid or not (and why; a lower-case, full-width or spaced code is
    read as its canonical form and normalized_from says so), known or not, the number of active penalties and
    the most severe of them (5 严重违法失信 > 4 吊销/责令停产停业/取消资格 > 3 罚款/没收 > 2 警告/通报批评 > 1
    其他), serious_violation and a ban's banned_until, awards won and the date of the last award. A code that
    cannot be checked has null counts, never 0. as_of answers for a past day; "receipt": true adds a signed
    receipt (verify it with /api/v1/keys or `ggzy receipt verify`)."""
    body, codes = _credit_body()
    if len(codes) > MAX_CODES:
        raise InvalidRequest(f"一次最多核查 {MAX_CODES} 个代码，本次有 {len(codes)} 个：请分批提交。")
    as_of_text = body.get("as_of")
    if as_of_text is not None and not isinstance(as_of_text, str):
        raise InvalidRequest("as_of 应是写作 YYYY-MM-DD 的日期，例如 2025-06-01。")
    wants_receipt = body.get("receipt", False)
    if not isinstance(wants_receipt, bool):
        raise InvalidRequest("receipt 应是 true 或 false。")
    today = china_today()
    as_of = parse_as_of(as_of_text, today)
    index = get_index()
    rows = credit_rows(codes, lambda found: index.entities(found, today=today, as_of=as_of, latest=0), as_of or today)
    answer = {"count": len(rows), "checked_on": today.isoformat(), "as_of": to_json(as_of), "results": to_json(rows)}
    if wants_receipt:
        question = {"uscc": codes, "as_of": to_json(as_of)}
        answer["receipt"] = receipt_keys().sign(question, dict(answer), index_state(index))
    return jsonify(answer)


@route(
    "get",
    "/api/v1/keys",
    summary="回执签名公钥",
    doc=(
        "验证信用核查签名回执所用的 Ed25519 公钥（JWK 集合，RFC 8037），当前密钥在前；回执以 key_id 指明密钥，"
        "更换密钥之前签发的回执仍可验证。"
    ),
    response="KeySet",
    errors=(503,),
    example="/api/v1/keys",
    tags=("credit",),
)
def keys() -> Response:
    """The Ed25519 public keys (a JWK set, RFC 8037) that verify credit-check receipts, the current key first;
    a receipt names its key by key_id, so receipts signed before a rotation still verify."""
    return jsonify(receipt_keys().jwks())


def receipt_keys() -> KeyStore:
    """The signing keys in the data folder (``DATA_DIR``)."""
    return KeyStore(current_app.config["DATA_DIR"])


def index_state(index: Any) -> dict[str, Any]:
    """What a receipt records of the index it was read from: the engine, the notices stored and the change
    cursor (a later answer from the same state is the same answer)."""
    return {
        "engine": getattr(index, "engine", type(index).__name__),
        "count": index.count(),
        "changes_head": index.changes_head(),
    }


def _award_json(award: Award, site: str) -> dict[str, Any]:
    return {
        "notice_id": award.notice_id,
        "url": f"{site}/notice/{award.notice_id}",
        "project": award.project,
        "kind": award.kind,
        "published": to_json(award.published),
        "amount": to_json(award.amount),
    }


def _credit_body() -> tuple[dict[str, Any], list[str]]:
    """The request body and its ``uscc`` list; ``InvalidRequest`` saying what exactly is wrong with them."""
    example = '例如 {"uscc": ["913305026385JRT06R"]}'
    if not request.get_data():
        raise InvalidRequest(f"请求体是空的：请发送 JSON，{example}。")
    body = request.get_json(silent=True, force=True)
    if body is None:
        raise InvalidRequest(f"请求体不是有效的 JSON：请检查引号、逗号和括号，{example}。")
    if not isinstance(body, dict):
        raise InvalidRequest(f"请求体应是 JSON 对象（{{…}}），收到的是 {type(body).__name__}：{example}。")
    if "uscc" not in body:
        raise InvalidRequest(f"请求体缺少 uscc 字段：{example}。")
    codes = body["uscc"]
    if not isinstance(codes, list):
        raise InvalidRequest(f"uscc 应是代码的列表（[…]），收到的是 {type(codes).__name__}：{example}。")
    wrong = [i for i, code in enumerate(codes) if not isinstance(code, str)]
    if wrong:
        raise InvalidRequest(f"uscc 列表的第 {wrong[0] + 1} 项不是字符串：每个代码都应写在引号里。")
    return body, codes


# -- mirrors, centres, stats -----------------------------------------------------------------------------


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
    today, site = china_today(), _site_url()
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
def docs() -> str:
    """The readable API page: every endpoint, its parameters, an example, the error shape and rate limits."""
    operations = sorted(OPERATIONS, key=lambda op: (op.path, op.method))
    site = _site_url()
    code, as_of = credit_example()
    return render_template(
        "api.html",
        spec=_spec(),
        operations=operations,
        site_url=site,
        canonical_url=f"{site}/api/",
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


# -- helpers ---------------------------------------------------------------------------------------------


def _site_url() -> str:
    return str(current_app.config["SITE_URL"]).rstrip("/")


def _spec() -> dict[str, Any]:
    config = current_app.config
    return build_spec(
        server_url=_site_url(),
        anonymous_limit=str(config["RATELIMIT_ANONYMOUS"]),
        keyed_limit=str(config["RATELIMIT_KEYED"]),
    )
