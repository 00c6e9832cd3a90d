"""Family ``ccgp``: 中国政府采购网, modelled on ``ccgp-gov-cn/`` (a 中央公告 list page and an article page).

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/ccgp``), for each list ``zygg``
(中央公告) and ``dfgg`` (地方公告):

``GET /cggg/{list}/index.htm``, ``/cggg/{list}/index_K.htm`` (page K+1)
    As ``ccgp_list.html`` (UTF-8): rows ``<ul class="c_list_bid"><li><a href="./{type}/{YYYYMM}/t{YYYYMMDD}_{ID}.htm"
    title="TITLE">TITLE (cut at 40 characters with ...)</a><em rel="bxlx">公告类型</em> 发布时间：<em>YYYY-MM-DD
    HH:MM</em> 地域：<em>省</em> 采购人：<em>…</em></li>``, 20 rows a page, newest first; no pager links, only
    the script call ``Pager({size:N, current:K, prefix:'index',suffix:'htm'});``.
``GET /cggg/{list}/{type}/{YYYYMM}/t{YYYYMMDD}_{ID}.htm``
    As ``ccgp_detail.html``: ``<meta name="ArticleTitle">``, ``div.vF_detail_header h2`` the title, ``span#pubTime``
    (``YYYY年MM月DD日 HH:MM``), a 公告概要 table (``div.table``: 采购项目名称, 采购单位, 行政区域, 公告时间) and
    the notice in ``div.vF_detail_content``. ``source_id`` = ID. ``type``: gkzb 公开招标公告, gzgg 更正公告, zbgg
    中标公告, htgg 合同公告, zzgg 终止公告.

With faults on, every list page after the first starts with the previous page's last row.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, abort

from ggzy.demo.bodies import to_html
from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import Publication, World
from ggzy.demo.sites import list_page, respond

PAGE_SIZE = 20
LISTS = {"zygg": "中央公告", "dfgg": "地方公告"}


def _head(title: str) -> str:
    return (
        '<!doctype html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        '<meta name="SiteName" content="中国政府采购网" />\n'
        f'<meta name="ArticleTitle" content="{escape(title)}" />\n<title>{escape(title)}</title>\n'
        '<link href="/css/detail.css" rel="stylesheet" type="text/css" />\n</head>\n<body id="detail">\n'
    )


def _row(pub: Publication) -> str:
    href = "./" + pub.path.split(f"/cggg/{pub.info['list']}/", 1)[1]
    shown = pub.title if len(pub.title) <= 40 else pub.title[:40] + "..."
    buyer = pub.notice.buyer.name if pub.notice.buyer else ""
    return (
        f'<li>   <a href="{href}" target="_blank" title="{escape(pub.title)}">{escape(shown)}</a>\n'
        f'    <em rel="bxlx">{escape(pub.info["type"])}</em> 发布时间：<em>{pub.published_at:%Y-%m-%d %H:%M}</em>'
        f" 地域：<em>{escape(pub.info['area'])}</em> 采购人：<em>{escape(buyer)}</em>\n    </li>\n"
    )


def _summary(pub: Publication) -> str:
    buyer = pub.notice.buyer.name if pub.notice.buyer else ""
    project = pub.project.name if pub.project else ""
    city = pub.project.place.name if pub.project else ""
    return (
        "<div class='table'><h5>公告概要：</h5><table width='600' border='0' cellspacing='1' bgcolor='#bfbfbf'>"
        "<tr><td colspan='4'><b>公告信息：</b></td></tr>"
        f"<tr><td class='title' width='128'>采购项目名称</td><td colspan='3' width='430'>{escape(project)}</td></tr>"
        f"<tr><td class='title'>采购单位</td><td colspan='3'>{escape(buyer)}</td></tr>"
        f"<tr><td class='title'>行政区域</td><td width='168'>{escape(city)}</td><td class='title' width='128'>公告时间"
        f"</td><td width='168'>{pub.published_at:%Y年%m月%d日  %H:%M}</td></tr></table></div>"
    )


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The 中央公告 / 地方公告 lists and article pages of the ccgp demo centre."""
    bp = Blueprint(centre.id, __name__)
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}

    @bp.route("/cggg/<listing>/index.htm", defaults={"number": 0})
    @bp.route("/cggg/<listing>/index_<int:number>.htm")
    def listing_page(listing: str, number: int) -> Response:
        if listing not in LISTS:
            abort(404)
        own = [p for p in pubs if p.info["list"] == listing]
        rows, pages = list_page(own, number + 1, PAGE_SIZE, centre.id)
        if number >= pages:
            abort(404)
        body = (
            f'<div class="vF_detail_relcontent mt13">\n    <h2><p>{LISTS[listing]}</p></h2>\n'
            '    <div class="vF_detail_relcontent_lst">\n        <ul class="c_list_bid">\n\n'
            + "\n".join(_row(p) for p in rows)
            + '\n        </ul>\n    </div>\n    <div class="pagigation"><p class="pager">\n'
            '<script language="javascript">function Pager(c){/* writes the page links */}</script>\n'
            f"<script language=\"javascript\">Pager({{size:{pages}, current:{number}, prefix:'index',suffix:'htm'}});"
            "</script></p></div>\n</div>\n</body>\n</html>\n"
        )
        newest = rows[0].published_at if rows else None
        return respond(_head(LISTS[listing]) + body, "text/html", newest)

    @bp.route("/cggg/<listing>/<folder>/<month>/t<day>_<nid>.htm")
    def article(listing: str, folder: str, month: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        if pub.info["list"] != listing:
            abort(404)
        body = (
            '<div class="main"><div class="vF_deail_maincontent">\n<div class="vF_detail_main ">\n'
            f'            <div class="vF_detail_header"><h2 class="tc">{escape(pub.title)}</h2>\n'
            f'            <p class="tc"><span id="pubTime">{pub.published_at:%Y年%m月%d日 %H:%M}</span> 来源：'
            '<span id="sourceName"></span> 【<span id="printBtn">打印</span>】</p></div>\n'
            f"<!--contentTable-->\n{_summary(pub)}\n<!--contentTable-->\n"
            '<div class="vF_detail_content_container">\n            <div class="vF_detail_content">\n'
            f"{to_html(pub.blocks)}\n            </div>\n        </div>\n        </div>\n    </div></div>\n"
            '<script language="javascript" src="/js/detailaddon.js"></script>\n</body>\n</html>\n'
        )
        return respond(_head(pub.title) + body, "text/html", pub.published_at)

    return bp
