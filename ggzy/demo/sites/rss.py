"""Family ``rss``: a centre that publishes its notices as an RSS 2.0 feed with detail pages.

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/chengdu``):

``GET /rss.xml?page=N``
    RSS 2.0 (UTF-8, ``application/rss+xml``), 20 items a page, newest first; page 1 without ``page``. The
    channel has ``<atom:link rel="self">`` and, while older items remain, ``<atom:link rel="next"
    href=".../rss.xml?page=N+1">`` (RFC 5005 paging); ``lastBuildDate`` is the newest item's time. An item:
    ``title``, ``link`` (absolute URL of the detail page), ``guid isPermaLink="true"`` (the same URL),
    ``pubDate`` (RFC 822, ``+0800``), ``category`` (工程建设/政府采购), ``description`` (the first lines of the
    body, plain text).
``GET /jyxx/{id}.html``
    The detail page (UTF-8, ``<meta charset="utf-8">``): ``h1.detail-title``, ``div.detail-meta``
    (``发布日期：YYYY-MM-DD HH:MM``), ``div.detail-content`` the body. ``source_id`` = id.
"""

from __future__ import annotations

from email.utils import format_datetime
from html import escape

from flask import Blueprint, Response, abort, request

from ggzy.demo.bodies import to_html, to_text
from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import World
from ggzy.demo.sites import CST, int_arg, page_of, respond
from ggzy.model import CATEGORY_LABELS

PAGE_SIZE = 20


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The feed and the detail pages."""
    bp = Blueprint(centre.id, __name__)
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}

    @bp.route("/rss.xml")
    def feed() -> Response:
        number = int_arg(request.args.get("page"), 1)
        rows, pages = page_of(pubs, number, PAGE_SIZE)
        if number > pages:
            abort(404)
        host = request.host_url.rstrip("/")
        self_url = f"{host}/{centre.prefix}/rss.xml"
        links = [f'<atom:link rel="self" type="application/rss+xml" href="{self_url}?page={number}"/>']
        if number < pages:
            links.append(f'<atom:link rel="next" type="application/rss+xml" href="{self_url}?page={number + 1}"/>')
        items = []
        for pub in rows:
            link = escape(host + pub.path)
            summary = escape(to_text(pub.blocks)[:200])
            items.append(
                f"<item><title>{escape(pub.title)}</title><link>{link}</link>"
                f'<guid isPermaLink="true">{link}</guid>'
                f"<pubDate>{format_datetime(pub.published_at.replace(tzinfo=CST))}</pubDate>"
                f"<category>{CATEGORY_LABELS[pub.category]}</category><description>{summary}</description></item>"
            )
        newest = rows[0].published_at if rows else None
        built = format_datetime(newest.replace(tzinfo=CST)) if newest else ""
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n'
            f"<channel><title>{escape(centre.name)}交易信息</title><link>{host}/{centre.prefix}/</link>"
            f"<description>{escape(centre.name)}发布的招标、采购、结果公告</description><language>zh-cn</language>"
            f"<lastBuildDate>{built}</lastBuildDate>{''.join(links)}\n" + "\n".join(items) + "\n</channel></rss>\n"
        )
        return respond(xml, "application/rss+xml; charset=utf-8", newest)

    @bp.route("/jyxx/<nid>.html")
    def detail(nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        html = (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(pub.title)}</title>\n"
            f'</head>\n<body>\n<div class="detail"><h1 class="detail-title">{escape(pub.title)}</h1>\n'
            f'<div class="detail-meta">发布日期：{pub.published_at:%Y-%m-%d %H:%M}</div>\n'
            f'<div class="detail-content">\n{to_html(pub.blocks)}\n</div></div>\n</body>\n</html>\n'
        )
        return respond(html, "text/html; charset=utf-8", pub.published_at)

    return bp
