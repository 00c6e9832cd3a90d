"""``/buyer/<uscc>``: what a buyer (采购人/招标人) spends, how and with whom; ``?role=agency`` for an agency (代理机构).

The profile is ``ggzy.index.buyer.buyer_profile``, written once on the index interface: spend by year and by
category, the method mix, the top suppliers with their shares, the flags on its notices. A code typed in lower
case, full width or with spaces redirects to its canonical address; an invalid code, or one no public notice names
in the role, answers 404. The JSON twin (``?format=json``) holds the same profile.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, request

from ggzy.flags.catalogue import load_catalogue
from ggzy.index.buyer import BUYER_ROLES, UNKNOWN_METHOD, BuyerProfile, buyer_profile
from ggzy.normalize import regions, uscc
from ggzy.normalize.dates import china_today
from ggzy.normalize.methods import METHOD_LABELS, Method
from ggzy.site import filters, twins
from ggzy.site.api import site_url
from ggzy.site.api_flags import flag_json, input_titles
from ggzy.site.api_schema import to_json
from ggzy.site.index_handle import get_index
from ggzy.site.pages import ROLE_LABELS, invalid_code_page
from ggzy.site.web import PageAnswer, render_page

bp = Blueprint("buyers", __name__)
METHOD_VALUES = frozenset(m.value for m in Method)


@bp.get("/buyer/<code>")
def buyer(code: str) -> Any:
    role = request.args.get("role", "buyer")
    if role not in BUYER_ROLES:
        abort(404)
    checked = uscc.read_input(code)
    if not checked.valid:
        return invalid_code_page(code, checked)
    if checked.code != code:
        params = {"role": role} if role != "buyer" else {}
        return redirect(f"/buyer/{checked.code}" + (f"?{urlencode(params)}" if params else ""), code=301)
    profile = buyer_profile(get_index(), checked.code, role=role, today=china_today())
    return buyer_page(checked.code, role, profile)


def buyer_page(code: str, role: str, profile: BuyerProfile | None) -> PageAnswer:
    other = "agency" if role == "buyer" else "buyer"
    catalogue = load_catalogue()
    return render_page(
        "buyer.html",
        status=200 if profile else 404,
        code=code,
        role=role,
        role_label=ROLE_LABELS[role],
        other_role=other,
        other_url=f"/buyer/{code}" + ("?role=agency" if other == "agency" else ""),
        other_label=ROLE_LABELS[other],
        profile=profile,
        region=filters.region_name(profile.region_code if profile else None),
        categories=[(category_label(c), amount) for c, amount in profile.spend_by_category.items()] if profile else [],
        methods=[(method_label(m), count) for m, count in profile.methods.items()] if profile else [],
        catalogue=catalogue,
        flag_rows=flag_rows(profile),
        titles=input_titles(profile.flags_raised) if profile else {},
        canonical=f"/buyer/{code}" + ("?role=agency" if role == "agency" else ""),
        twin=lambda: buyer_json(code, role, profile),
    )


def flag_rows(profile: BuyerProfile | None) -> list[dict[str, Any]]:
    """One row per flag of the catalogue computed for the buyer: its name and its counts per state."""
    if profile is None:
        return []
    rows = []
    for spec in load_catalogue().flags.values():
        counts = profile.flag_counts.get(spec.id)
        if counts:
            rows.append({"spec": spec, "computed": sum(counts.values()), **counts})
    return rows


def category_label(value: str) -> str:
    return filters.category_label(value)


def method_label(value: str) -> str:
    if value == UNKNOWN_METHOD:
        return "未注明"
    return METHOD_LABELS.get(Method(value), value) if value in METHOD_VALUES else value


def buyer_json(code: str, role: str, profile: BuyerProfile | None) -> dict[str, Any]:
    """The buyer page as data: the profile, amounts as decimal strings, suppliers with their shares."""
    site = site_url()
    page = f"{site}/buyer/{code}" + ("?role=agency" if role == "agency" else "")
    links = {"page": page, "entity": f"{site}/entity/{code}"}
    if profile is None:
        return {"uscc": code, "role": role, "known": False, "links": links}
    return {
        "uscc": code,
        "role": role,
        "known": True,
        "names": profile.names,
        "region_code": profile.region_code,
        "region": regions.describe(profile.region_code),
        "notices": profile.notices,
        "counts_by_kind": profile.counts_by_kind,
        "procurements": profile.procurements,
        "awards": profile.awards,
        "spend": to_json(profile.spend),
        "spend_by_year": to_json(profile.spend_by_year),
        "spend_by_category": to_json(profile.spend_by_category),
        "methods": profile.methods,
        "suppliers": [{**to_json(s), "url": f"{site}/entity/{s.uscc}" if s.uscc else None} for s in profile.suppliers],
        "supplier_count": profile.supplier_count,
        "first_seen": to_json(profile.first_seen),
        "last_seen": to_json(profile.last_seen),
        "latest": twins.listed(profile.latest),
        "single_bid_rate": profile.single_bid_rate,
        "flag_counts": profile.flag_counts,
        "flags_raised": [flag_json(stored, site) for stored in profile.flags_raised],
        "links": links,
    }
