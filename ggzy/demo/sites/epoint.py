"""Family ``epoint``: an Epoint (新点) platform, modelled on ``jiangsu-jsggzy/`` (江苏省公共资源交易网).

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/jsggzy``):

``POST /inteligentsearch/rest/esinteligentsearch/getFullTextDataNew``
    The full-text search list API, a JSON body as the site's own pages post it: ``pn`` (an offset, not a page
    number), ``rn`` (rows, default 20), ``condition`` (``[{"fieldName": "categorynum", "equal": CODE,
    "isLike": true, "likeType": 2}]``: records whose categorynum starts with CODE), ``time`` (``[{"fieldName":
    …, "startTime": "YYYY-MM-DD HH:MM:SS", "endTime": …}]``, inclusive), the rest ignored. Newest first.
    Answered as in ``jsggzy_list.json``: ``{"result": {"categorys": [...], "totalcount": N, "records":
    [...], "analyze": ..., "maxScore": ..., "scorllId": ..., "executetime": ...}}``; a record carries the
    capture's keys (``infoid`` is the ``source_id``; ``linkurl`` the detail page relative to the base URL;
    ``infodatepx`` the publication time; ``infodate`` the indexing time, up to a day later; ``categorynum``,
    ``categoryname``, ``title``, ``zhuanzai`` the city, ``content`` the first 200 characters of the text).
``GET /jyxx/{category6}/{category9}/{YYYYMMDD}/{infoid}.html``
    The detail page as in ``jsggzy_detail.html`` (UTF-8): site ``<meta>`` tags, ``h2.ewb-trade-h`` title,
    ``div.ewb-trade-info`` (信息发布时间, 来源), the content area ``div.ewb-trade-con > div.ewb-trade-right``,
    hidden ``#detailztbbs`` / ``#ztbglguid`` divs and the site's scripts. On every third notice the content
    area is a whole HTML document of its own (``<html><head><title>``, ``<style>``, ``<script>``, a
    ``<body>``), as Word exports pasted by some platforms are.

With faults on, every list page after the first starts with the previous page's last record.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from html import escape
from typing import Any

from flask import Blueprint, Response, abort, request

from ggzy.demo.bodies import to_html, to_text
from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import Publication, World
from ggzy.demo.sites import list_page, respond

PAGE_SIZE = 20


def _record(pub: Publication, prefix: str) -> dict[str, Any]:
    text = to_text(pub.blocks).replace("\n", "")
    indexed = pub.published_at + timedelta(minutes=(int(pub.source_id[:4], 16) % 600) + 5)
    city = pub.project.place.name if pub.project else ""
    return {
        "infodatepx": f"{pub.published_at:%Y-%m-%d %H:%M:%S}", "categorynum": pub.info["categorynum"],
        "infodateformat": f"{pub.published_at:%Y-%m-%d}", "zhuanzainew": f"{city}公共资源交易平台",
        "detailztbbs": "", "titlenew": pub.title, "infoid": pub.source_id, "author": "工程", "zhuanzai": city,
        "attachname": "", "sysclicktimes": 0, "fieldvalue": city, "title": pub.title,
        "content": text[:200] + "...", "highlight": {}, "score": 4.0, "bdmc": "", "syscategory": "001",
        "syscollectguid": "0e795159-d1cc-4805-9b74-8e3ca16dee97", "categoryname": pub.info["categoryname"],
        "linkurl": pub.path.removeprefix(prefix), "id": f"{pub.source_id}_001", "sysscore": "0",
        "infodate": f"{indexed:%Y-%m-%d %H:%M:%S}",
    }  # fmt: skip


def _window(body: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    for item in body.get("time") or []:
        try:
            return datetime.fromisoformat(item["startTime"]), datetime.fromisoformat(item["endTime"])
        except (KeyError, TypeError, ValueError):
            continue
    return None, None


def _content(pub: Publication, number: int) -> str:
    html = to_html(pub.blocks)
    if number % 3:
        return html
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">'
        f"<title>{escape(pub.title)}</title><style>p.MsoNormal{{margin:0pt;font-family:宋体;font-size:10.5pt}}"
        "table.MsoTableGrid{border-collapse:collapse}</style><script>var pageConfig = {print: true};</script>"
        f'</head><body lang="ZH-CN">{html}</body></html>'
    )


def _page(centre: DemoCentre, pub: Publication, number: int) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n\n<head>\n    <meta charset="UTF-8">\n'
        f'            <meta name="SiteName" content="{escape(centre.name)}">\n'
        f'            <meta name="ColumnName" content="{escape(pub.info["categoryname"])}">\n'
        f'\t\t\t<meta name="PubDate" content="{pub.published_at:%Y-%m-%d %H:%M:%S}">\n'
        '        <link rel="stylesheet" href="/css/common.css">\n    <script src="/js/jquery.min.js"></script>\n'
        f'    <title>{escape(centre.name)}</title>\n</head>\n\n<body>\n    <div id="head"></div>\n'
        '    <div class="ewb-trade-mid">\n        <div class="ewb-page-wrap">\n'
        '            <div class="ewb-trade-main">\n'
        f'\t\t\t\t\t\t\t<h2 class="ewb-trade-h">{escape(pub.title)}</h2>\n'
        '\t\t\t\t\t\t\t<div class="ewb-trade-info">\n'
        f"\t\t\t\t\t\t\t\t信息发布时间：{pub.published_at:%Y-%m-%d %H:%M:%S}<span></span>\n"
        f"\t\t\t\t\t\t\t\t来源：{escape(centre.name)}<span></span>\n"
        '\t\t\t\t\t\t\t\t阅读次数：<span id="infoViewCount"></span><span></span>\n'
        '\t\t\t\t\t\t\t\t<a href="javascript:window.print();">【我要打印】</a><span></span>\n'
        "\t\t\t\t\t\t\t</div>\n"
        '\t\t\t\t\t\t\t<div class="ewb-trade-con clearfix">\n'
        '\t\t\t\t\t\t\t\t<div class="ewb-trade-right l">\n'
        f"{_content(pub, number)}</div>\n\t\t\t\t\t\t\t</div>\n"
        '\t\t\t\t\t\t\t<div id="attach" class="con">\n\t\t\t\t\t\t\t\t</div>\n'
        f'\t\t\t\t\t\t\t<div id="ztbglguid" style="display:none;">'
        f"{escape(pub.project.code if pub.project else '')}</div>\n"
        "            </div>\n        </div>\n    </div>\n"
        '    <div id="foot"></div>\n\t<script src="/js/webBuilderCommon.js"></script>\n'
        '\t<script>\n\t\tif($("#attach").find("a").length == 0){\n\t\t\t$("#attach").css({display:"none"});\n'
        "\t\t}\n\t</script>\n</body>\n\n</html>"
    )


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The Epoint list API and detail pages of one centre."""
    bp = Blueprint(centre.id, __name__)
    prefix = f"/{centre.prefix}"
    pubs = world.at(centre.id)
    number_of = {p.source_id: n for n, p in enumerate(reversed(pubs))}
    by_id = {p.source_id: p for p in pubs}

    @bp.route("/inteligentsearch/rest/esinteligentsearch/getFullTextDataNew", methods=["POST"])
    def full_text() -> Response:
        body = request.get_json(silent=True) or {}
        if not isinstance(body, dict):
            abort(400)
        codes = [str(c.get("equal") or "") for c in body.get("condition") or [] if c.get("fieldName") == "categorynum"]
        start, end = _window(body)
        found = [
            p
            for p in pubs
            if all(p.info["categorynum"].startswith(c) for c in codes)
            and (start is None or p.published_at >= start)
            and (end is None or p.published_at <= end)
        ]
        size = max(1, int(body.get("rn") or PAGE_SIZE))
        offset = max(0, int(body.get("pn") or 0))
        rows, _ = list_page(found, offset // size + 1, size, centre.id)
        result = {
            "categorys": [{"categorynum": "001", "count": str(len(found)), "categoryname": "交易信息"}],
            "totalcount": len(found), "records": [_record(p, prefix) for p in rows], "analyze": None,
            "maxScore": 4.0, "scorllId": None, "executetime": 12,
        }  # fmt: skip
        return respond(json.dumps({"result": result}, ensure_ascii=False), "application/json;charset=UTF-8")

    @bp.route("/jyxx/<category6>/<category9>/<day>/<infoid>.html")
    def detail(category6: str, category9: str, day: str, infoid: str) -> Response:
        pub = by_id.get(infoid) or abort(404)
        if pub.info["categorynum"] != category9:
            abort(404)
        return respond(_page(centre, pub, number_of[infoid]), "text/html;charset=UTF-8", pub.published_at)

    return bp
