"""The pages of one thing: a notice, a company (by USCC), a trading centre and a region.

A penalty past its 公示截止期 is no longer public: its notice page answers 410 and says so, and company pages
never show it. A company code with a wrong check character gets a 404 page that names the right one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, request

from ggzy.flags.catalogue import load_catalogue
from ggzy.index.buyer import buyer_roles
from ggzy.index.profile import own_amount
from ggzy.index.query import FACETS, SearchQuery, Sort
from ggzy.model import KIND_TIMELINE_ORDER, Notice
from ggzy.normalize import credit, regions, uscc
from ggzy.normalize.dates import china_today
from ggzy.site import filters, twins
from ggzy.site.api_credit import parse_as_of, subject_penalties
from ggzy.site.api_entities import entity_json
from ggzy.site.api_errors import InvalidRequest
from ggzy.site.api_flags import input_titles, notice_flags, party_flags
from ggzy.site.api_notices import notice_document
from ggzy.site.index_handle import get_index
from ggzy.site.web import cached_stats, render_page, search_url

bp = Blueprint("pages", __name__)

#: How many notices a company, centre or region page lists before linking to the full search.
PAGE_NOTICES = 20
TIMELINE_LIMIT = 200
ROLE_LABELS = {
    "buyer": "采购人/招标人",
    "agency": "代理机构",
    "winner": "中标人",
    "subject": "处罚对象",
    "authority": "处罚机关",
}


@bp.get("/notice/<notice_id>")
def notice(notice_id: str) -> Any:
    index = get_index()
    found = index.get(notice_id)
    if found is None:
        abort(404)
    if not found.is_public(china_today()):
        return render_page("withdrawn.html", status=410, notice=found, twin=lambda: {"id": found.id, "withdrawn": True})
    flags = notice_flags(found.id)
    return render_page(
        "notice.html",
        notice=found,
        timeline=timeline(found),
        roles=ROLE_LABELS,
        flags=flags,
        catalogue=load_catalogue(),
        titles=input_titles(flags),
        twin=lambda: notice_document(found, flags),
    )


def timeline(notice: Notice) -> list[Notice]:
    """Every public notice of the same project: tender → corrections → … → award → contract, then by date."""
    if not notice.project_code:
        return []
    query = SearchQuery(project_code=notice.project_code, sort=Sort.OLDEST, size=TIMELINE_LIMIT)
    found = [hit.notice for hit in get_index().search(query).hits]
    if all(n.id != notice.id for n in found):
        found.append(notice)
    order = {kind: position for position, kind in enumerate(KIND_TIMELINE_ORDER)}
    return sorted(found, key=lambda n: (order.get(n.kind, len(order)), n.published or notice.published, n.id))


@bp.get("/entity/<code>")
def entity(code: str) -> Any:
    """A company's page. A code typed in lower case, full width or with spaces redirects to its canonical
    address, which says what it was read from (``?from=``); ``?as_of=YYYY-MM-DD`` shows that day's record."""
    checked = uscc.read_input(code)
    if not checked.valid:
        return invalid_code_page(code, checked)
    as_of_text = request.args.get("as_of") or None
    if checked.code != code:
        params = {"from": code, **({"as_of": as_of_text} if as_of_text else {})}
        return redirect(f"/entity/{checked.code}?{urlencode(params)}", code=301)
    today = china_today()
    try:
        as_of = parse_as_of(as_of_text, today)
    except InvalidRequest:
        as_of, as_of_text = None, None
    index = get_index()
    profile = index.entity(checked.code, today=today, as_of=as_of)
    roles = buyer_roles(index, checked.code, today=today) if profile else []
    region = filters.region_name(profile.region_code if profile else checked.region_code)
    everything = SearchQuery(uscc=(checked.code,), sort=Sort.NEWEST)
    on = as_of or today
    flags = party_flags(checked.code)
    return render_page(
        "entity.html",
        code=checked.code,
        normalized_from=request.args.get("from"),
        as_of=as_of,
        profile=profile,
        penalties=subject_penalties(profile) if profile else [],
        bans={
            n.id: credit.banned_on(n.penalty, on) for n in (profile.active_penalties if profile else []) if n.penalty
        },
        region=region,
        notices=[
            (n, roles_of(n, checked.code), own_amount(n, checked.code)) for n in (profile.latest if profile else [])
        ],
        all_notices_url=search_url(everything),
        flags=flags,
        buyer_roles=roles,
        catalogue=load_catalogue(),
        titles=input_titles(flags),
        twin=lambda: entity_json(
            checked.code,
            profile,
            normalized_from=request.args.get("from"),
            as_of=as_of,
            today=today,
            flags=flags,
            roles=roles,
        ),
    )


def invalid_code_page(code: str, checked: uscc.UsccCheck) -> Any:
    """The 404 page (and its JSON twin) of a company, buyer or agency address whose code is not a valid USCC."""
    problem = invalid_reason(checked)
    return render_page(
        "entity_invalid.html",
        status=404,
        code=code,
        checked=checked,
        problem=problem,
        twin=lambda: {"uscc": code, "valid": False, "reason": problem},
    )


def invalid_reason(checked: uscc.UsccCheck) -> str:
    """Why a code is not a USCC, in Chinese, naming the right check character where that is the fault."""
    code = checked.code
    if not code:
        return "代码为空"
    if code.isdigit() and 13 <= len(code) <= 15:
        return f"这是 {len(code)} 位的旧工商注册号，不是统一社会信用代码"
    if len(code) != 18:
        return f"代码有 {len(code)} 位，统一社会信用代码应为 18 位"
    if checked.reason == uscc.PLACEHOLDER:
        return "这是占位代码（如 00000000000000000X），不代表任何单位"
    bad = [(i, c) for i, c in enumerate(code, start=1) if c not in uscc.ALPHABET]
    if bad:
        position, char = bad[0]
        return f"第 {position} 位的字符“{char}”不会出现在统一社会信用代码中"
    expected = uscc.expected_check_character(code)
    return f"校验位（第 18 位）是“{code[17]}”，按 GB 32100-2015 应为“{expected}”"


def roles_of(notice: Notice, code: str) -> list[str]:
    """The Chinese names of the roles the company with ``code`` plays in ``notice``."""
    roles = []
    if notice.buyer and notice.buyer.uscc == code:
        roles.append(ROLE_LABELS["buyer"])
    if notice.agency and notice.agency.uscc == code:
        roles.append(ROLE_LABELS["agency"])
    if any(w.uscc == code for w in notice.winners):
        roles.append(ROLE_LABELS["winner"])
    if notice.penalty and notice.penalty.subject.uscc == code:
        roles.append(ROLE_LABELS["subject"])
    if notice.penalty and notice.penalty.authority and notice.penalty.authority.uscc == code:
        roles.append(ROLE_LABELS["authority"])
    return roles or ["其他"]


@bp.get("/centre/<centre_id>")
def centre(centre_id: str) -> Any:
    index = get_index()
    query = SearchQuery(centre=(centre_id,), sort=Sort.NEWEST, size=PAGE_NOTICES, facets=FACETS)
    result = index.search(query)
    freshness = cached_stats().freshness.get(centre_id)
    if result.total == 0 and freshness is None:
        abort(404)
    return render_page(
        "centre.html",
        centre_id=centre_id,
        result=result,
        freshness=freshness,
        kinds=result.facets.get("kind", []),
        all_notices_url=search_url(replace(query, sort=Sort.NEWEST)),
        twin=lambda: twins.centre(centre_id, result, freshness),
    )


@bp.get("/region/<code>")
def region(code: str) -> Any:
    if not re.fullmatch(r"\d{2}(\d{2}){0,2}", code):
        abort(404)
    full = code.ljust(6, "0")
    if regions.name_for_code(full) is None and regions.describe(full) is None:
        abort(404)
    if full != code:
        return redirect(f"/region/{full}", code=301)
    query = SearchQuery.from_params({"region": full}, default_size=PAGE_NOTICES)
    query = replace(query, sort=Sort.NEWEST, facets=("kind", "category"))
    result = get_index().search(query)
    parent, children = parent_region(full), child_regions(full)
    return render_page(
        "region.html",
        code=full,
        name=filters.region_name(full),
        parent=parent,
        children=children,
        result=result,
        kinds=result.facets.get("kind", []),
        all_notices_url=search_url(query),
        twin=lambda: twins.region(full, parent, children, result),
    )


def parent_region(code: str) -> tuple[str, str] | None:
    """The province of a city, or the city of a county, as (code, name)."""
    if code.endswith("0000"):
        return None
    parent = code[:4] + "00" if not code.endswith("00") else code[:2] + "0000"
    name = regions.name_for_code(parent)
    if name is None and parent != code[:2] + "0000":
        parent = code[:2] + "0000"
        name = regions.name_for_code(parent)
    return (parent, name) if name else None


def child_regions(code: str) -> list[tuple[str, str]]:
    """The cities of a province, or the counties of a city, as (code, name) from the region table."""
    if code.endswith("0000"):
        candidates = [f"{code[:2]}{i:02d}00" for i in range(1, 100)]
    elif code.endswith("00"):
        candidates = [f"{code[:4]}{i:02d}" for i in range(1, 100)]
    else:
        return []
    return [(c, name) for c in candidates if (name := regions.name_for_code(c))]
