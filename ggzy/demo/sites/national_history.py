"""Family ``national_history``: the national platform's history list API, modelled on ``hefei-list-api/``.

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/ggzy-his``):

``POST /his/information/pubTradingInfo/getTradList``
    A form as in the capture's ``request``: ``SOURCE_TYPE``, ``DEAL_TIME``, ``TIMEBEGIN`` / ``TIMEEND``
    (``YYYY-MM-DD``, inclusive), ``DEAL_PROVINCE``, ``DEAL_CITY``, ``PAGENUMBER``. Answered as the capture's
    ``response``: ``{"code": 200, "message": "success", "data": {"records", "total", "size": 20, "current",
    "pages", ...}}`` with the live API's record keys, **every record twice in a row** (``total`` counts both
    copies). A query reaches at most ``ROW_CAP`` rows (the real API is reported to stop at 1,000): pages past
    the cap answer no records, while ``total`` still says how many there are.
    With faults on, the first request for some date ranges (seeded) answers ``{"code": 829, "message":
    "请输入验证码", "data": null}`` instead, as the real API does when asked too much too fast.
``GET /his/information/deal/html/a/{province}/{informationType}/{YYYYMMDD}/{id}.html`` and ``…/html/b/…``
    The outer and inner pages, shaped as the live platform's (``ggzy.demo.sites.national``); the outer page's
    ``firstLastUrl`` names the inner one, whose ``div#mycontent`` holds the notice.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from datetime import date
from html import escape
from typing import Any

from flask import Blueprint, Response, abort, request

from ggzy.demo.centres import DemoCentre
from ggzy.demo.faults import current_faults
from ggzy.demo.generator import Publication, World
from ggzy.demo.sites import int_arg, respond
from ggzy.demo.sites.national import _page, _record, inner_page
from ggzy.model import Category

PAGE_SIZE = 20
#: Rows one query can reach.
ROW_CAP = 24
#: Share of date ranges whose first request answers the captcha code, with faults on.
CAPTCHA_RATE = 0.3


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The history list API and a/b pages of one demo centre."""
    bp = Blueprint(centre.id, __name__)
    prefix = f"/{centre.prefix}"
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}
    asked: set[str] = set()
    lock = threading.Lock()

    def captcha(form: dict[str, str]) -> bool:
        faults = current_faults()
        if not faults.enabled or form.get("PAGENUMBER", "1") != "1":
            return False
        key = f"{faults.seed}|{form.get('TIMEBEGIN')}|{form.get('TIMEEND')}"
        if int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 2**32 >= CAPTCHA_RATE:
            return False
        with lock:
            if key in asked:
                return False
            asked.add(key)
        faults.injected["captcha"] += 1
        return True

    @bp.route("/his/information/pubTradingInfo/getTradList", methods=["POST"])
    def trade_list() -> Response:
        form = request.form.to_dict()
        if captcha(form):
            body = json.dumps({"code": 829, "message": "请输入验证码", "data": None}, ensure_ascii=False)
            return respond(body, "application/json;charset=UTF-8")
        since, until = _day(form.get("TIMEBEGIN")), _day(form.get("TIMEEND"))
        found = [
            p
            for p in pubs
            if p.info["province"] == form.get("DEAL_PROVINCE", p.info["province"])
            and (since is None or p.published_at.date() >= since)
            and (until is None or p.published_at.date() <= until)
        ]
        rows = [row for p in found for row in (_record(p, prefix), _record(p, prefix))]
        number = int_arg(form.get("PAGENUMBER"), 1)
        start = (number - 1) * PAGE_SIZE
        page = rows[start : start + PAGE_SIZE] if start < ROW_CAP else []
        data = {
            "records": page, "total": len(rows), "size": PAGE_SIZE, "current": number, "orders": [],
            "optimizeCountSql": True, "searchCount": True, "countId": None, "maxLimit": None,
            "pages": max(1, math.ceil(len(rows) / PAGE_SIZE)),
        }  # fmt: skip
        body = json.dumps({"code": 200, "message": "success", "data": data}, ensure_ascii=False)
        return respond(body, "application/json;charset=UTF-8")

    def inner_path(pub: Publication) -> str:
        return pub.path.replace("/html/a/", "/html/b/")

    @bp.route("/his/information/deal/html/a/<province>/<code>/<day>/<nid>.html")
    def outer(province: str, code: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        label = "采购项目编号" if pub.category == Category.PROCUREMENT else "项目编号"
        code_text = pub.project.code if pub.project else ""
        body = (
            '<div class="fully">\n'
            f'  <h4 class="h4_o">{escape(pub.title)}</h4>\n'
            f'  <p class="p_o"><span > {label}：{escape(code_text)}</span><span>信息来源：'
            f'<label id="platformName">{escape(pub.info["origin_name"])}</label></span></p>\n</div>\n'
            f"<script type=\"text/javascript\">\n  var firstLastUrl = '{inner_path(pub)}';\n</script>"
        )
        return respond(_page(pub.title, body), "text/html;charset=UTF-8", pub.published_at)

    @bp.route("/his/information/deal/html/b/<province>/<code>/<day>/<nid>.html")
    def inner(province: str, code: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        return inner_page(pub)

    return bp
