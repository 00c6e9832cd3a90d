"""The public website's front: home, search, about, sitemap and robots.txt, plus what every page shares.

Every response gets the security headers; browsers get errors as a zh-CN page (``render_error``). The search
page parses its URL with ``SearchQuery.from_params`` and builds every link (facets, paging, feeds, CSV) with
``SearchQuery.to_params``, so a link always repeats exactly the search on screen.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from itertools import islice
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, Flask, Response, current_app, jsonify, redirect, render_template, request

from ggzy.harvesters.health import SourceHealth, source_health
from ggzy.index.base import IndexStats
from ggzy.index.query import FACETS, QueryError, SearchQuery, SearchResult, Sort
from ggzy.index.query_params import LABELS, WITHIN
from ggzy.index.querytext import SYNTAX_HELP
from ggzy.index.textmatch import has_han
from ggzy.model import CATEGORY_LABELS, KIND_LABELS, Kind
from ggzy.normalize import regions, uscc
from ggzy.normalize.dates import china_today
from ggzy.platforms import load_platforms
from ggzy.site import charts, filters, twins
from ggzy.site.facets import facet_links
from ggzy.site.index_handle import get_index

log = logging.getLogger(__name__)

bp = Blueprint("web", __name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

#: The Chinese name of each search parameter, for error messages and the form.
PARAM_LABELS = LABELS
SORT_LABELS = {Sort.RELEVANCE: "相关度", Sort.NEWEST: "最新发布", Sort.OLDEST: "最早发布", Sort.AMOUNT: "金额从高到低"}
COMPANY_SUFFIXES = ("公司", "集团", "研究院", "设计院", "事务所", "合作社", "工程处", "厂", "医院", "大学", "学校")
ERROR_HEADLINES = {
    400: ("请求有误", "请检查网址或查询条件后再试。"),
    404: ("页面不存在", "您要找的页面不存在，可能已被移除，或网址有误。"),
    405: ("不支持的请求方法", "此地址不支持这种请求方法。"),
    410: ("信息已不再公开", "该信息已过公示期，不再公开。"),
    429: ("请求过于频繁", "请稍候再试。"),
    503: ("服务暂不可用", "数据索引暂时无法访问，请稍后再试。"),
}


def init_app(app: Flask) -> None:
    """HTML error pages for the site's routes (the problem handler asks for them)."""
    app.extensions["html_error_renderer"] = render_error


@bp.after_app_request
def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.app_context_processor
def _page_context() -> dict[str, Any]:
    return {"site_url": site_url(), "canonical_url": site_url() + request.path}


def site_url() -> str:
    return str(current_app.config["SITE_URL"]).rstrip("/")


FORM_OPTIONS: dict[str, Any] = {
    "syntax_help": SYNTAX_HELP,
    "within_options": [(value, label) for value, (_days, label) in WITHIN.items()],
    "kind_options": [(k.value, label) for k, label in KIND_LABELS.items()],
    "category_options": [(c.value, label) for c, label in CATEGORY_LABELS.items()],
    "sort_options": [(s.value, label) for s, label in SORT_LABELS.items()],
}


def search_form_options() -> dict[str, Any]:
    """The choices of the search form: kinds, categories, sorts, regions and the centres in the index.

    The region list holds the provinces; with a region chosen, also that region's province, city and the
    subdivisions one level inside it (a province's cities, a city's counties), so a reader narrows step by step.
    A region or centre in the URL that is not among them is offered too, so the form shows the search it came from.
    """
    centres = [(centre, filters.centre_name(centre)) for centre in sorted(cached_stats().by_centre)]
    region, centre = request.args.get("region", "").strip(), request.args.get("centre", "")
    if region.isdigit():
        region = regions.region_prefix(region.ljust(6, "0"))
    if centre and centre not in dict(centres):
        centres.insert(0, (centre, filters.centre_name(centre)))
    return {
        **FORM_OPTIONS,
        "region_options": region_options(region),
        "region_selected": region,
        "centre_options": centres,
    }


def region_options(region: str) -> list[tuple[str, str]]:
    """The provinces; inside the chosen region's province, its cities (or a municipality's districts), and inside
    the chosen city, its counties."""
    offered: list[tuple[str, str]] = []
    for code, name in sorted(regions.PROVINCES.items()):
        offered.append((code[:2], name))
        if not region.startswith(code[:2]):
            continue
        for child, child_name in regions.subdivisions(code[:2]):
            offered.append((child, "— " + child_name))
            if len(child) == 4 and region.startswith(child):
                offered += [(county, "—— " + county_name) for county, county_name in regions.subdivisions(child)]
    if region and region not in dict(offered):
        offered.insert(0, (region, filters.region_name(region)))
    return offered


PageAnswer = tuple[str | Response, int]  # the HTML page (or its JSON twin) and the status


def render_page(
    template: str, *, status: int = 200, twin: Callable[[], Any] | None = None, **context: Any
) -> PageAnswer:
    """A page with its status; ``canonical`` in ``context`` (a path with query) overrides the default.

    ``twin`` makes the page's JSON twin (as datasette's): the same address with ``?format=json`` answers it
    instead of the page, and the page links it with ``<link rel="alternate" type="application/json">``."""
    if twin is not None:
        if request.args.get(TWIN_PARAM) == "json":
            return jsonify(twin()), status
        context["json_url"] = twin_url()
    if "canonical" in context:
        context["canonical_url"] = site_url() + context.pop("canonical")
    return render_template(template, **context), status


#: The parameter that asks a page for its JSON twin: ``/notice/<id>?format=json``, ``/search?q=…&format=json``.
TWIN_PARAM = "format"


def twin_url() -> str:
    """The address of this page's JSON twin: its path and parameters with ``format=json``."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k != TWIN_PARAM]
    return f"{request.path}?{urlencode([*params, (TWIN_PARAM, 'json')])}"


def render_error(status: int, title: str, detail: str) -> PageAnswer:
    """The zh-CN error page the problem handler shows browsers, for every status."""
    headline, explanation = ERROR_HEADLINES.get(status, ("服务器出错", "服务器处理请求时出错，请稍后再试。"))
    if status < 500 and status not in ERROR_HEADLINES:
        headline, explanation = ERROR_HEADLINES[400]
    # Only our own Chinese messages are shown; werkzeug's default descriptions are English.
    shown = detail if 400 <= status < 500 and has_han(detail) else ""
    return render_page(
        "error.html", status=status, code=status, headline=headline, explanation=explanation, detail=shown
    )


#: Seconds the home, centre and sitemap pages reuse the index's counts: they scan every notice to make them.
STATS_TTL = 60.0


def cached_stats() -> IndexStats:
    """``index.stats()``, computed at most once a minute per process."""
    cached = current_app.extensions.get("ggzy.web.stats")
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    stats = get_index().stats()
    current_app.extensions["ggzy.web.stats"] = (now + STATS_TTL, stats)
    return stats


def cached_health(stats: IndexStats) -> list[SourceHealth]:
    """The health of every source (``ggzy.harvesters.health``), computed at most once a minute per process."""
    cached = current_app.extensions.get("ggzy.web.health")
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    percent = current_app.config["SOURCE_FAILING_ERROR_PERCENT"]
    health = source_health(get_index(), [], stats, failing_percent=percent)
    current_app.extensions["ggzy.web.health"] = (now + STATS_TTL, health)
    return health


def search_url(query: SearchQuery, path: str = "/search", **extra: str) -> str:
    """``path`` with the parameters of ``query`` (and ``extra``), as every search link is built."""
    params = query.to_params(with_cursor=True)
    params.update({k: v for k, v in extra.items() if v})
    return f"{path}?{urlencode(params)}" if params else path


def query_error_message(error: QueryError | uscc.InvalidUscc) -> str:
    """The Chinese text of a query error, which names the parameter it is about."""
    return str(error)


def looks_like_company(q: str) -> bool:
    """A single word that reads as an organisation's name (北京某某建设有限公司, 某某集团)."""
    q = q.strip()
    return len(q) >= 4 and " " not in q and ("公司" in q or q.endswith(COMPANY_SUFFIXES))


@bp.get("/")
def home() -> PageAnswer:
    stats = cached_stats()
    latest = get_index().search(SearchQuery(sort=Sort.NEWEST, size=10))
    provinces = sorted(
        ((filters.region_name(code), count) for code, count in stats.by_province.items()),
        key=lambda item: -item[1],
    )
    kinds = [(Kind(k), n) for k, n in stats.by_kind.items() if k in KIND_LABELS]
    kinds.sort(key=lambda item: -item[1])
    health = cached_health(stats)
    return render_page(
        "home.html",
        stats=stats,
        latest=latest,
        kinds=kinds,
        month_chart=charts.column_chart("每月公告数", charts.month_series(stats.by_month)),
        province_chart=charts.bar_chart("各省公告数", provinces),
        health=health,
        today=china_today(),
        canonical="/",
        twin=lambda: twins.home(stats, latest),
    )


@bp.get("/search")
def search() -> Any:
    tab = "company" if request.args.get("tab") == "company" else "notices"
    q = request.args.get("q", "").strip()
    if q and (typed := uscc.read_input(q)).valid:
        return redirect(f"/entity/{typed.code}", code=302)
    try:
        query = replace(SearchQuery.from_params(request.args), facets=FACETS)
        index = get_index()
        wants_companies = bool(q) and (tab == "company" or looks_like_company(q))
        companies = index.find_entities(q, limit=20) if wants_companies else []
        result = index.search(query) if tab == "notices" else SearchResult(total=0, hits=[])
    except (QueryError, uscc.InvalidUscc) as error:  # a malformed parameter, or a cursor the engine cannot read
        return render_page(
            "search.html",
            status=400,
            query=None,
            args=request.args,
            tab=tab,
            error=query_error_message(error),
            canonical="/search",
            **search_form_options(),
        )
    return render_page(
        "search.html",
        query=query,
        args=request.args,
        tab=tab,
        error=None,
        result=result,
        companies=companies,
        facets=facet_links(query, result),
        active=active_filters(query),
        links=search_links(query, result),
        sorts=[
            {"label": label, "url": search_url(replace(query, sort=sort, cursor=None)), "selected": sort is query.sort}
            for sort, label in SORT_LABELS.items()
        ],
        canonical=search_url(replace(query, cursor=None)),
        twin=lambda: twins.search(query, result, companies),
        **search_form_options(),
    )


def search_links(query: SearchQuery, result: SearchResult) -> dict[str, str]:
    """The feed, CSV and paging links of exactly this search."""
    first = replace(query, cursor=None)
    links = {
        "rss": search_url(first, "/feeds/search.rss"),
        "atom": search_url(first, "/feeds/search.atom"),
        "csv": search_url(first, "/opendata/search.csv"),
        "alert": search_url(first, "/alerts/new"),
        "first": search_url(first),
    }
    if result.next_cursor:
        links["next"] = search_url(replace(query, cursor=result.next_cursor))
    return links


def active_filters(query: SearchQuery) -> list[dict[str, str]]:
    """The filters in force (``SearchQuery.chips``, from the table of search parameters), each with a link that
    removes it."""
    return [{"label": f"{label}：{text}", "url": search_url(without)} for label, text, without in query.chips()]


@bp.get("/about")
def about() -> PageAnswer:
    stats = cached_stats()
    centres = [(centre, filters.centre_name(centre), count) for centre, count in sorted(stats.by_centre.items())]
    from ggzy.receipts import KeyStore

    keys = KeyStore(current_app.config["DATA_DIR"]).jwks(create=False)["keys"]
    platforms = load_platforms()
    return render_page(
        "about.html",
        centres=centres,
        platforms=platforms,
        receipt_keys=keys,
        twin=lambda: twins.about(centres, platforms, keys),
    )


@bp.get("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", "Disallow: /search", "Disallow: /api/v1/", "Allow: /", ""]
    lines.append(f"Sitemap: {site_url()}/sitemap.xml")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


#: A sitemap file holds at most 50,000 URLs; the newest notices fill what the fixed pages leave.
SITEMAP_LIMIT = 50_000


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    index = get_index()
    stats = cached_stats()
    paths = ["/", "/search", "/about", "/methodology", "/opendata/", "/api/"]
    paths += [f"/centre/{centre}" for centre in sorted(stats.by_centre)]
    paths += [f"/region/{code}" for code in sorted(stats.by_province) if code.isdigit()]
    room = SITEMAP_LIMIT - len(paths)
    notices = list(islice(index.scan(SearchQuery(sort=Sort.NEWEST)), max(room, 0) // 2))
    paths += [f"/notice/{notice.id}" for notice in notices]
    # The buyer and agency pages of those notices, then the company pages, newest first, in what room is left.
    buyers = dict.fromkeys(f"/buyer/{n.buyer.uscc}" for n in notices if n.buyer and n.buyer.uscc)
    agencies = dict.fromkeys(f"/buyer/{n.agency.uscc}?role=agency" for n in notices if n.agency and n.agency.uscc)
    paths += list(islice([*buyers, *agencies], max(SITEMAP_LIMIT - len(paths), 0)))
    companies = dict.fromkeys(code for notice in notices for code in notice.usccs())
    paths += [f"/entity/{code}" for code in islice(companies, max(SITEMAP_LIMIT - len(paths), 0))]
    base = site_url()
    body = "".join(f"<url><loc>{xml_escape(base + path)}</loc></url>" for path in paths)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
    )
    return Response(xml, mimetype="application/xml")


__all__ = ["bp", "render_error", "render_page", "search_url"]
