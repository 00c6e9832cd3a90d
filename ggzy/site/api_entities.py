"""``/api/v1/entities`` and ``/api/v1/credit-check``: a company's credit profile, finding companies by name, the
batch credit check and the public keys of its signed receipts."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, jsonify, request

from ggzy.flags.model import StoredFlag
from ggzy.index.base import EntityProfile
from ggzy.index.buyer import buyer_roles
from ggzy.index.profile import Award
from ggzy.normalize import regions
from ggzy.normalize.dates import china_today
from ggzy.normalize.uscc import read_input, require_valid
from ggzy.receipts import KeyStore
from ggzy.site.api import route, site_url
from ggzy.site.api_credit import MAX_CODES, credit_rows, parse_as_of, subject_penalties
from ggzy.site.api_errors import InvalidRequest
from ggzy.site.api_flags import flag_json, party_flags
from ggzy.site.api_schema import notice_json, penalty_record, to_json
from ggzy.site.index_handle import get_index
from ggzy.site.openapi import USCC_PATH, Param

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
    doc=(
        "曾用名称、注册地区、各类公告数、中标次数与金额合计、仍在公示期内的行政处罚及其双公示事项、最新公告，"
        "以及涉及该企业的已触发风险标志（flags）。"
    ),
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
    today = china_today()
    as_of = parse_as_of(request.args.get("as_of"), today)
    index = get_index()
    profile = index.entity(given.code, today=today, as_of=as_of)
    flags = party_flags(given.code)
    roles = buyer_roles(index, given.code, today=today) if profile else []
    answer = entity_json(
        given.code, profile, normalized_from=given.normalized_from, as_of=as_of, today=today, flags=flags, roles=roles
    )
    return jsonify(answer)


def entity_json(
    code: str,
    profile: EntityProfile | None,
    *,
    normalized_from: str | None,
    as_of: date | None,
    today: date,
    flags: list[StoredFlag],
    roles: list[str],
) -> dict[str, Any]:
    """The credit profile of a valid ``code`` as the API answers it (the company page's JSON twin too); ``flags``
    are the triggered integrity flags naming it (today's, also with ``as_of``), ``roles`` the buyer and agency
    roles it plays (``index.buyer.buyer_roles``), whose pages it links."""
    site = site_url()
    on = as_of or today
    region_code = profile.region_code if profile else read_input(code).region_code
    penalties = [penalty_record(n, site, on) for n in subject_penalties(profile)] if profile else []
    return {
        "uscc": code,
        "normalized_from": normalized_from,
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
        "flags": [flag_json(stored, site) for stored in flags],
        "links": _links(site, code, roles),
    }


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


def _links(site: str, code: str, roles: list[str]) -> dict[str, str]:
    """The company's page and feed, and its buyer and agency pages where it plays those roles."""
    links = {"page": f"{site}/entity/{code}", "feed": f"{site}/feeds/entity/{code}.atom"}
    if "buyer" in roles:
        links["buyer"] = f"{site}/buyer/{code}"
    if "agency" in roles:
        links["agency"] = f"{site}/buyer/{code}?role=agency"
    return links
