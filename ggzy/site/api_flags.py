"""``/api/v1/flags``: the integrity flags the index stores, filtered and paged, and their coverage per flag.

A flag is a reason to look, never a finding (``/methodology``). Each result says its outcome state (triggered,
not triggered, insufficient data with what was missing), the notices it read, the thresholds and the catalogue
version it was computed on; ``flag_json`` writes one the same way everywhere: this API, the notice's and the
company's JSON, and the pages' JSON twins.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Response, jsonify, request

from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import STATE_LABELS, FlagState, StoredFlag
from ggzy.index.base import MAX_FLAGS_PAGE
from ggzy.normalize.dates import china_today
from ggzy.site.api import route, site_url
from ggzy.site.api_errors import InvalidRequest
from ggzy.site.index_handle import get_index
from ggzy.site.openapi import Param

DEFAULT_PAGE = 100
#: The most results a page, the notice or a company lists before linking to the API.
SHOWN = 200

FLAG_PARAMS = (
    Param("flag", {"type": "string"}, "标志编号（见 /methodology），如 single_bid。", example="single_bid"),
    Param(
        "state",
        {"type": "string", "enum": [s.value for s in FlagState if s is not FlagState.NOT_APPLICABLE]},
        "结果状态：triggered（触发）、not_triggered（未触发）、insufficient_data（数据不足）。",
        example="triggered",
    ),
    Param("buyer", {"type": "string"}, "采购人的统一社会信用代码（未印代码的采购人按名称）。"),
    Param("party", {"type": "string"}, "标志涉及的当事人（如被处罚的投标人、供应商）的统一社会信用代码或名称。"),
    Param("region", {"type": "string", "pattern": "^[0-9]{2,6}$"}, "地区代码或其前缀，如 33、3305。", example="33"),
    Param("since", {"type": "string", "format": "date"}, "只列出在这一天或以后首次触发的结果（YYYY-MM-DD）。"),
    Param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_FLAGS_PAGE}, f"每页条数（默认 {DEFAULT_PAGE}）。"),
    Param("offset", {"type": "integer", "minimum": 0}, "跳过的条数，用于翻页（见 next）。"),
)


def flag_json(stored: StoredFlag, site: str) -> dict[str, Any]:
    """One stored result as every JSON output writes it: the catalogue's names, the state and its label, the
    inputs as links, the thresholds and the version used, and when it was first seen triggered."""
    spec = load_catalogue().flags.get(stored.flag)
    data = stored.to_dict()
    data.pop("hidden_from", None)
    return {
        "flag": stored.flag,
        "name_zh": spec.name_zh if spec else stored.flag,
        "name_en": spec.name_en if spec else stored.flag,
        "ocp": list(spec.ocp) if spec else [],
        "state_label": STATE_LABELS[stored.state],
        **{key: value for key, value in data.items() if key != "flag"},
        "inputs": [{"id": i, "url": f"{site}/notice/{i}"} for i in stored.inputs],
        "notice_url": f"{site}/notice/{stored.notice_id}",
        "methodology": f"{site}/methodology#{stored.flag}",
    }


@route(
    "get",
    "/api/v1/flags",
    summary="风险标志（可按标志、状态、采购人、当事人、地区筛选）",
    doc=(
        "本站计算并保存的风险标志结果，按公告发布日期从新到旧。每条结果注明状态（触发、未触发、数据不足及缺少"
        "什么）、读取的公告、使用的界限值和标志目录版本。标志只是值得进一步查看的理由，不是对违法违规的认定；"
        "计算方法见 /methodology。用 next（或 offset）翻页。"
    ),
    response="FlagPage",
    params=FLAG_PARAMS,
    errors=(400, 503),
    example="/api/v1/flags?flag=single_bid&state=triggered&region=33",
    tags=("flags",),
)
def list_flags() -> Response:
    """Stored results, newest first; page on with next."""
    flag = request.args.get("flag") or None
    if flag is not None and flag not in load_catalogue().flags:
        raise InvalidRequest(f"没有编号为「{flag}」的标志：可选的编号见 /methodology。")
    limit = _whole("limit", DEFAULT_PAGE)
    offset = _whole("offset", 0)
    found = get_index().flags(
        flag=flag,
        state=request.args.get("state") or None,
        buyer=request.args.get("buyer") or None,
        party=request.args.get("party") or None,
        region=_region(),
        since=_since(),
        today=china_today(),
        limit=limit,
        offset=offset,
    )
    site = site_url()
    following = None
    if len(found) == limit:
        params = [(k, v) for k, v in request.args.items(multi=True) if k != "offset"]
        following = f"{site}/api/v1/flags?{urlencode([*params, ('offset', str(offset + limit))])}"
    return jsonify(
        catalogue_version=load_catalogue().version,
        items=[flag_json(stored, site) for stored in found],
        next=following,
    )


@route(
    "get",
    "/api/v1/flags/coverage",
    summary="风险标志的覆盖情况",
    doc=(
        "每个标志对多少条公告作出了判断：触发、未触发、数据不足各多少条。“未触发”只在所需数据齐全时给出，"
        "可据此判断一个“未触发”有多大分量。"
    ),
    response="FlagCoverage",
    errors=(503,),
    example="/api/v1/flags/coverage",
    tags=("flags",),
)
def flag_coverage() -> Response:
    """For each flag of the catalogue, how many results are in each state."""
    return jsonify(coverage_json())


def coverage_json() -> dict[str, Any]:
    """The coverage of every flag of the catalogue (zero counts for one never computed), the stored version."""
    index = get_index()
    counts = index.flag_coverage(today=china_today())
    states = [s for s in FlagState if s is not FlagState.NOT_APPLICABLE]
    flags = []
    for spec in load_catalogue().flags.values():
        by_state = {state.value: counts.get(spec.id, {}).get(state.value, 0) for state in states}
        flags.append({"flag": spec.id, "name_zh": spec.name_zh, "computed": sum(by_state.values()), **by_state})
    return {"catalogue_version": load_catalogue().version, "stored_version": index.flags_version(), "flags": flags}


def _whole(name: str, default: int) -> int:
    text = request.args.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit():
        raise InvalidRequest(f"{name} 应是非负整数，不是「{text}」。")
    return int(text)


def _region() -> str | None:
    region = request.args.get("region") or None
    if region is not None and not (region.isdigit() and 2 <= len(region) <= 6):
        raise InvalidRequest(f"region 应是 2 到 6 位的地区代码或其前缀，不是「{region}」。")
    return region


def _since() -> date | None:
    text = request.args.get("since") or None
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"since 应是写作 YYYY-MM-DD 的日期，不是「{text}」。") from None


#: How a notice lists its results: the triggered first, then what could not be decided, then the rest.
STATE_ORDER = {FlagState.TRIGGERED: 0, FlagState.INSUFFICIENT: 1, FlagState.NOT_TRIGGERED: 2}


def notice_flags(notice_id: str) -> list[StoredFlag]:
    """Every stored result about one notice, public today: triggered first, then insufficient data, then not
    triggered, each in catalogue order."""
    order = {flag_id: position for position, flag_id in enumerate(load_catalogue().flags)}
    found = get_index().flags(notice_id=notice_id, today=china_today(), limit=SHOWN)
    return sorted(found, key=lambda f: (STATE_ORDER.get(f.state, 3), order.get(f.flag, len(order)), f.flag))


def party_flags(code: str) -> list[StoredFlag]:
    """The triggered results naming ``code`` as a party (a penalised bidder, a supplier), newest first."""
    return get_index().flags(party=code, state=FlagState.TRIGGERED, today=china_today(), limit=SHOWN)


def input_titles(flags: list[StoredFlag]) -> dict[str, str]:
    """The title of every public notice the results are about or read, by id, from one batched read."""
    wanted = sorted({i for stored in flags for i in (stored.notice_id, *stored.inputs)})
    if not wanted:
        return {}
    today = china_today()
    return {i: n.title for i, n in get_index().documents(wanted).items() if n.is_public(today)}
