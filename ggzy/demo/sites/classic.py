"""Family ``classic``: server-rendered list and detail pages in GBK, declared only inside the page.

Every page is GBK-encoded bytes. The HTTP ``Content-Type`` is a bare ``text/html`` (no charset); the page
declares its encoding in a ``<meta>`` tag only: layout ``list_n`` with
``<meta http-equiv="Content-Type" content="text/html; charset=gbk">``, layout ``query`` with
``<meta charset="gb2312">`` (the bytes are GBK, a superset, as browsers read it). Lists are newest first,
15 rows a page.

Layout ``list_n`` (湖州, base e.g. ``http://127.0.0.1:PORT/huzhou``):

``GET /jyxx/list_1.html`` … ``/jyxx/list_N.html`` (``/jyxx/index.html`` is page 1)
    Rows: ``<ul class="news-list"><li><a href="/huzhou/art/Y/M/D/art_1229_ID.html" title="TITLE">TITLE</a>
    <span class="date">YYYY-MM-DD</span></li>…``. Pager ``<div class="pages">``: 首页, 上一页, one link per page
    number (``list_K.html``), 下一页 (``<a class="next">``), 尾页, ``共N页``.
``GET /art/{Y}/{M}/{D}/art_1229_{ID}.html``
    ``h1.art-title``, ``div.art-info`` (``发布时间：YYYY-MM-DD HH:MM　信息来源：NAME``), ``div#zoom`` the body.
    ``source_id`` = ID.

Layout ``query`` (赣州, base e.g. ``http://127.0.0.1:PORT/ganzhou``), one list per section, ``gcjs``
(工程建设) and ``zfcg`` (政府采购):

``GET /jyxx/{section}/index.html?page=N``
    Rows: ``<table class="ewb-list"><tr><td class="ewb-title"><a href="/ganzhou/jyxx/SECTION/YYYYMMDD/GUID.html">
    TITLE</a></td><td class="ewb-date">[YYYY-MM-DD]</td></tr>…``. Pager ``<div class="ewb-page">`` with
    relative links ``?page=K`` (首页, 上一页, numbers, 下一页, 末页) and ``第n/N页``.
``GET /jyxx/{section}/{YYYYMMDD}/{GUID}.html``
    ``h2.ewb-article-tt``, ``p.ewb-article-info`` (``【信息时间：YYYY-MM-DD】【来源：NAME】``),
    ``div.ewb-article-content`` the body. ``source_id`` = GUID.

With faults on, the 下一页 link of one list page points to a page that answers 404 (``list_K.htm`` /
``?pageNo=K``) while page K stays reachable through its page-number link; one row of each page but the
first repeats the previous page's last row.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, abort, request

from ggzy.demo.bodies import to_html
from ggzy.demo.centres import DemoCentre
from ggzy.demo.faults import current_faults
from ggzy.demo.generator import Publication, World
from ggzy.demo.sites import int_arg, list_page, respond
from ggzy.model import Category

PAGE_SIZE = 15
SECTIONS = {"gcjs": Category.ENGINEERING, "zfcg": Category.PROCUREMENT}


def gbk(html: str) -> bytes:
    """The page in GBK; a character GBK lacks becomes a numeric character reference, as browsers send it."""
    return html.encode("gbk", errors="xmlcharrefreplace")


def _document(meta: str, title: str, centre: DemoCentre, body: str) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n<html>\n<head>\n'
        f"{meta}\n<title>{escape(title)}-{escape(centre.name)}</title>\n</head>\n<body>\n"
        f'<div class="header"><h1>{escape(centre.name)}</h1></div>\n{body}\n'
        f'<div class="footer">主办单位：{escape(centre.name)}</div>\n</body>\n</html>\n'
    )


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The list and detail pages of one classic centre (layout ``list_n`` or ``query``)."""
    bp = Blueprint(centre.id, __name__)
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}
    if centre.layout == "list_n":
        _list_n(bp, centre, pubs, by_id)
    else:
        _query(bp, centre, pubs, by_id)
    return bp


def _list_n(bp: Blueprint, centre: DemoCentre, pubs: list[Publication], by_id: dict[str, Publication]) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'

    @bp.route("/jyxx/index.html", defaults={"number": 1})
    @bp.route("/jyxx/list_<int:number>.html")
    def listing(number: int) -> Response:
        rows, pages = list_page(pubs, number, PAGE_SIZE, centre.id)
        if number > pages:
            abort(404)
        items = "".join(
            f'<li><a href="{p.path}" title="{escape(p.title)}" target="_blank">{escape(p.title)}</a>'
            f'<span class="date">{p.published_at:%Y-%m-%d}</span></li>\n'
            for p in rows
        )
        next_href = f"list_{number + 1}.html"
        if current_faults().broken_next(centre.id, number, pages):
            next_href = f"list_{number + 1}.htm"
        pager = ['<a href="list_1.html">首页</a>']
        if number > 1:
            pager.append(f'<a href="list_{number - 1}.html">上一页</a>')
        pager += [f'<a href="list_{k}.html">{k}</a>' if k != number else f"<b>{k}</b>" for k in range(1, pages + 1)]
        if number < pages:
            pager.append(f'<a class="next" href="{next_href}">下一页</a>')
        pager.append(f'<a href="list_{pages}.html">尾页</a><span>共{pages}页</span>')
        body = f'<ul class="news-list">\n{items}</ul>\n<div class="pages">{" ".join(pager)}</div>'
        newest = rows[0].published_at if rows else None
        return respond(gbk(_document(meta, "交易信息", centre, body)), "text/html", newest)

    @bp.route("/art/<int:y>/<int:m>/<int:d>/art_1229_<nid>.html")
    def article(y: int, m: int, d: int, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        body = (
            f'<div class="article"><h1 class="art-title">{escape(pub.title)}</h1>\n'
            f'<div class="art-info">发布时间：{pub.published_at:%Y-%m-%d %H:%M}　'
            f"信息来源：{escape(centre.name)}</div>\n"
            f'<div id="zoom">\n{to_html(pub.blocks)}\n</div></div>'
        )
        return respond(gbk(_document(meta, pub.title, centre, body)), "text/html", pub.published_at)


def _query(bp: Blueprint, centre: DemoCentre, pubs: list[Publication], by_id: dict[str, Publication]) -> None:
    meta = '<meta charset="gb2312">'

    @bp.route("/jyxx/<section>/index.html")
    def listing(section: str) -> Response:
        if section not in SECTIONS:
            abort(404)
        number = int_arg(request.args.get("page"), 1)
        own = [p for p in pubs if p.category == SECTIONS[section]]
        rows, pages = list_page(own, number, PAGE_SIZE, centre.id)
        if number > pages or "pageNo" in request.args:
            abort(404)
        items = "".join(
            f'<tr><td class="ewb-title"><a href="{p.path}" target="_blank">{escape(p.title)}</a></td>'
            f'<td class="ewb-date">[{p.published_at:%Y-%m-%d}]</td></tr>\n'
            for p in rows
        )
        next_href = f"?page={number + 1}"
        if current_faults().broken_next(centre.id, number, pages):
            next_href = f"?pageNo={number + 1}"
        pager = ['<a href="?page=1">首页</a>']
        if number > 1:
            pager.append(f'<a href="?page={number - 1}">上一页</a>')
        pager += [f'<a href="?page={k}">{k}</a>' if k != number else f"<span>{k}</span>" for k in range(1, pages + 1)]
        if number < pages:
            pager.append(f'<a class="ewb-next" href="{next_href}">下一页</a>')
        pager.append(f'<a href="?page={pages}">末页</a><em>第{number}/{pages}页</em>')
        body = f'<table class="ewb-list">\n{items}</table>\n<div class="ewb-page">{" ".join(pager)}</div>'
        newest = rows[0].published_at if rows else None
        return respond(gbk(_document(meta, "交易信息", centre, body)), "text/html", newest)

    @bp.route("/jyxx/<section>/<day>/<nid>.html")
    def article(section: str, day: str, nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        body = (
            f'<div class="ewb-article"><h2 class="ewb-article-tt">{escape(pub.title)}</h2>\n'
            f'<p class="ewb-article-info">【信息时间：{pub.published_at:%Y-%m-%d}】'
            f"【来源：{escape(centre.name)}】</p>\n"
            f'<div class="ewb-article-content">\n{to_html(pub.blocks)}\n</div></div>'
        )
        return respond(gbk(_document(meta, pub.title, centre, body)), "text/html", pub.published_at)
