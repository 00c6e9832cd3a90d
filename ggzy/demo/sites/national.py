"""Family ``national``: the national platform (全国公共资源交易平台), modelled on ggzy-gov-cn captures.

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/ggzy``):

``POST /information/pubTradingInfo/getTradList``
    The list API, answered as in ``api_sample.json``: ``{"code": 200, "message": "success", "data":
    {"records": [...], "total", "size", "current", "pages", "orders": [], ...}}``, 20 records a page,
    newest first. Parameters as a form (like the real page) or a JSON body: ``PAGENUMBER`` (or ``pageNo``
    / ``current``), ``DEAL_PROVINCE`` (or ``province``, e.g. ``330000``), ``DEAL_STAGE`` (or
    ``informationType``, e.g. ``0201``; ``0200`` means all of category 02), ``DEAL_CLASSIFY`` (``01``
    engineering, ``02`` procurement, ``03`` land), ``TIMEBEGIN`` / ``TIMEEND`` (``YYYY-MM-DD``,
    inclusive; no limit on the range).

    A record: ``id`` (36 hex characters: the platform's own id, the ``source_id`` of a national-only
    notice), ``publishTime`` (``YYYY-MM-DD``), ``transactionSourcesPlatformText`` (the originating
    centre's name; equal to a demo centre's name when it republishes that centre's notice),
    ``businessTypeText`` (工程建设/政府采购/土地使用权), ``informationType`` / ``informationTypeText``
    (0101 0104 0105, 0201–0204, 0301 0302; 0104 holds candidates and results, terminations sit under
    0105/0204: the title decides the kind), ``province`` / ``provinceText``, ``title``, ``url`` (the "a"
    page, relative to the base URL).
``GET /information/deal/html/a/{province}/{informationType}/{YYYYMMDD}/{id}.html``
    The outer page (``detail_sample.html``): ``h4.h4_o`` title, ``p.p_o`` with ``<span>项目编号：CODE</span>``
    (``采购项目编号：`` for procurement) and ``信息来源：<label id="platformName">NAME</label>``, tabs listing the
    project's other notices on the platform, and ``var firstLastUrl = '/ggzy/information/deal/html/b/…';``.
``GET /information/deal/html/b/…/{id}.html``
    The inner page (``detail_b_sample.html``): ``h4.h4_o`` title, ``p.p_o`` with ``发布时间：YYYY-MM-DD HH:MM``,
    ``信息来源`` and, for a republication, ``原文链接地址：<a id="originalUrl" href=…>`` (the originating centre's
    page); ``div#mycontent`` holds the body (two-column tables as ``table.detail_Table`` with ``th``/``td``).

All pages are UTF-8 with ``<meta charset="UTF-8">``. A notice that is a republication has the same title,
publication date and body as the original. With faults on, every list page after the first starts with the
previous page's last record.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from flask import Blueprint, Response, abort, request

from ggzy.demo.bodies import Block, to_html
from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import INFORMATION_TYPES, Publication, World
from ggzy.demo.names import PLACES
from ggzy.demo.sites import int_arg, list_page, respond
from ggzy.model import Category

PAGE_SIZE = 20
_PROVINCES = {p.province_code: p.province_name for p in PLACES}
_BUSINESS = {Category.ENGINEERING: "工程建设", Category.PROCUREMENT: "政府采购", Category.LAND: "土地使用权"}


def _record(pub: Publication, prefix: str) -> dict[str, Any]:
    code, text = INFORMATION_TYPES[(pub.category, pub.kind)]
    province = pub.info["province"]
    return {
        "id": pub.source_id, "addTime": None, "publishTime": pub.published_at.date().isoformat(), "deadline": None,
        "dataSources": None, "dataSourcesText": None, "transactionSourcesPlatform": None,
        "transactionSourcesPlatformText": pub.info["origin_name"], "businessType": None,
        "businessTypeText": _BUSINESS.get(pub.category, "其他"), "informationType": code,
        "informationTypeText": text, "industryType": None, "industryTypeText": "", "province": province,
        "provinceText": _PROVINCES.get(province, ""), "city": None, "cityText": None, "title": pub.title,
        "tenderProjectCode": None, "bodyContent": None, "url": pub.path.removeprefix(prefix),
        "syncTableName": None, "dataTimestamp": None, "pinformationType": None,
    }  # fmt: skip


def _params() -> dict[str, Any]:
    if request.is_json:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}
    return {**request.args.to_dict(), **request.form.to_dict()}


def _matches(pub: Publication, params: dict[str, Any]) -> bool:
    code = INFORMATION_TYPES[(pub.category, pub.kind)][0]
    province = str(params.get("DEAL_PROVINCE") or params.get("province") or "0")
    stage = str(params.get("DEAL_STAGE") or params.get("informationType") or "0000")
    classify = str(params.get("DEAL_CLASSIFY") or "00")
    if province not in ("0", "") and pub.info["province"] != province:
        return False
    if stage[2:] not in ("00", "") and code != stage:
        return False
    if stage[2:] == "00" and stage[:2] not in ("00", code[:2]):
        return False
    if classify not in ("00", "") and code[:2] != classify:
        return False
    day = pub.published_at.date()
    for key, keep in (("TIMEBEGIN", lambda d: day >= d), ("TIMEEND", lambda d: day <= d)):
        value = params.get(key)
        if value:
            try:
                if not keep(date.fromisoformat(str(value)[:10])):
                    return False
            except ValueError:
                continue
    return True


def _tables(blocks: list[Block]) -> str:
    return to_html(blocks, pairs='<table class="detail_Table" border="0" cellspacing="1" cellpadding="1">', label="th")


def inner_page(pub: Publication, original: str = "") -> Response:
    """The platform's inner ("b") page of a notice: title, time, source and the body's tables; ``original`` is the
    原文链接 line where the notice has an original elsewhere."""
    body = (
        '<div class="detail">\n'
        f'  <h4 class="h4_o">{escape(pub.title)}</h4>\n'
        f'  <p class="p_o"><span>发布时间：{pub.published_at:%Y-%m-%d %H:%M}</span><span>信息来源：'
        f'<label id="platformName">{escape(pub.info["origin_name"])}</label></span>{original}</p>\n'
        f'  <div id="mycontent">\n{_tables(pub.blocks)}\n  </div>\n</div>'
    )
    return respond(_page(pub.title, body), "text/html;charset=UTF-8", pub.published_at)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html>\n<head>\n  <meta charset="UTF-8">\n'
        f"  <title>{escape(title)}_交易公开_国家公共资源交易平台</title>\n"
        '  <link type="text/css" href="/assets/css/main.css" rel="stylesheet">\n</head>\n<body>\n'
        f"{body}\n</body>\n</html>\n"
    )


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The national platform's list API and a/b detail pages."""
    bp = Blueprint(centre.id, __name__)
    prefix = f"/{centre.prefix}"
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}

    @bp.route("/information/pubTradingInfo/getTradList", methods=["POST", "GET"])
    def trade_list() -> Response:
        params = _params()
        found = [p for p in pubs if _matches(p, params)]
        number = int_arg(params.get("PAGENUMBER") or params.get("pageNo") or params.get("current"), 1)
        size = int_arg(params.get("size"), PAGE_SIZE)
        rows, pages = list_page(found, number, size, centre.id)
        data = {
            "records": [_record(p, prefix) for p in rows], "total": len(found), "size": size, "current": number,
            "orders": [], "optimizeCountSql": True, "searchCount": True, "countId": None, "maxLimit": None,
            "pages": pages,
        }  # fmt: skip
        body = json.dumps({"code": 200, "message": "success", "data": data}, ensure_ascii=False)
        return respond(body, "application/json;charset=UTF-8")

    @bp.route("/information/deal/html/a/<province>/<code>/<day>/<nid>.html")
    def outer(province: str, code: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        siblings = [p for p in pubs if p.project is not None and p.project is pub.project]
        tabs, panels = [], []
        for info_code, label in sorted({INFORMATION_TYPES[(p.category, p.kind)] for p in siblings}):
            current = " class='li_toggle'" if info_code == code else ""
            tabs.append(f'<li id="t_{info_code}" onclick="clickHead(\'{info_code}\')"{current}>{label}</li>')
            items = "".join(
                f'<li><a href="javascript:;" title="{escape(p.title)}" onclick="showDetail(this, \'{info_code}\','
                f"'{p.path.replace('/html/a/', '/html/b/')}')\">{escape(p.title)}</a>"
                f"<span>{p.published_at:%Y-%m-%d}</span></li>"
                for p in siblings
                if INFORMATION_TYPES[(p.category, p.kind)][0] == info_code
            )
            panels.append(
                f'<div class="fully_toggle_cont" id="div_{info_code}"><ul class="fully_list">{items}</ul></div>'
            )
        label = "采购项目编号" if pub.category == Category.PROCUREMENT else "项目编号"
        code_text = pub.project.code if pub.project else ""
        body = (
            '<div class="fully">\n'
            f'  <h4 class="h4_o">{escape(pub.title)}</h4>\n'
            f'  <p class="p_o"><span > {label}：{escape(code_text)}</span><span>信息来源：'
            f'<label id="platformName">{escape(pub.info["origin_name"])}</label></span></p>\n'
            f'  <div class="fully_toggle"><ul class="ul_toggle">{"".join(tabs)}</ul>{"".join(panels)}</div>\n</div>\n'
            f"<script type=\"text/javascript\">\n  var firstLastUrl = '{pub.path.replace('/html/a/', '/html/b/')}';\n"
            "</script>"
        )
        return respond(_page(pub.title, body), "text/html;charset=UTF-8", pub.published_at)

    @bp.route("/information/deal/html/b/<province>/<code>/<day>/<nid>.html")
    def inner(province: str, code: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        original = ""
        if pub.origin is not None:
            url = world.base_url + pub.origin.path if world.base_url else pub.origin.path
            original = f'<span>原文链接地址：<a id="originalUrl" href="{escape(url)}">{escape(url)}</a></span>'
        return inner_page(pub, original)

    return bp
