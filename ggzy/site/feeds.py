"""The ``/feeds/`` blueprint: every search, centre, region, kind, company and watch list as RSS and Atom, and
the newly triggered integrity flags (``/feeds/flags.atom?buyer=&region=&flag=``).

Every feed takes the search page's parameters (``SearchQuery.from_params``) and is sorted newest first; the
path narrows it further. ``limit`` (or ``size``) asks for up to 200 items, ``FEED_LIMIT`` by default. Answers
carry an ETag and Last-Modified, so a repeated request is a 304, and ``Cache-Control: public, max-age=300``.
A bad parameter is a 400 problem, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from itertools import islice
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.http import is_resource_modified

from ggzy.feeds import FeedError
from ggzy.feeds.build import (
    FORMATS,
    FeedInfo,
    build_feed,
    centre_name,
    feed_etag,
    last_modified,
)
from ggzy.feeds.flags import CAVEAT, build_flag_feed, flag_name, flagged_at, flags_etag, last_flagged
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import FlagState
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Notice
from ggzy.normalize import regions
from ggzy.normalize.dates import china_today
from ggzy.normalize.uscc import require_valid
from ggzy.site.index_handle import get_index

feeds = Blueprint("feeds", __name__, url_prefix="/feeds")

WATCHLIST_MAX = 200
CACHE_CONTROL = "public, max-age=300"
_CENTRE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


@feeds.get("/search.<any(rss, atom):fmt>")
def search_feed(fmt: str) -> Response:
    """The feed of any search: the same parameters as ``/search``."""
    query = _query(request.args)
    title = f"搜索：{describe(query)}"
    return _answer(fmt, query, title, page_path="/search", page_params=query.to_params())


@feeds.get("/centre/<centre_id>.<any(rss, atom):fmt>")
def centre_feed(centre_id: str, fmt: str) -> Response:
    """The newest notices of one trading centre."""
    if not _CENTRE_ID.fullmatch(centre_id):
        raise FeedError(f"centre must be a centre id such as huzhou, not {centre_id!r}")
    query = replace(_query(request.args), centre=(centre_id,))
    return _answer(fmt, query, f"{centre_name(centre_id)} 最新公告", page_path=f"/centre/{centre_id}")


@feeds.get("/region/<code>.<any(rss, atom):fmt>")
def region_feed(code: str, fmt: str) -> Response:
    """The newest notices of a region (a GB/T 2260 code or prefix: 33, 3305, 330502)."""
    query = _query(request.args, region=code)
    name = regions.describe(code) or code
    return _answer(fmt, query, f"{name} 公共资源交易公告", page_path=f"/region/{code}")


@feeds.get("/kind/<kind>.<any(rss, atom):fmt>")
def kind_feed(kind: str, fmt: str) -> Response:
    """The newest notices of one kind (tender, award, penalty …), everywhere."""
    query = _query(request.args, kind=kind)
    return _answer(fmt, query, f"最新{query.kind[0].label}", page_path="/search", page_params=query.to_params())


@feeds.get("/entity/<uscc>.<any(rss, atom):fmt>")
def entity_feed(uscc: str, fmt: str) -> Response:
    """Everything naming one company: tenders it buys, awards it wins, penalties against it."""
    code = require_valid(uscc).code
    query = replace(_query(request.args), uscc=(code,))
    notices = _notices(query)
    title = f"{_name_of(code, notices) or code} 的公告、中标与处罚"
    return _respond(fmt, notices, title, page_path=f"/entity/{code}", page_params={}, company=code)


@feeds.get("/watchlist.<any(rss, atom):fmt>")
def watchlist_feed(fmt: str) -> Response:
    """Everything about a list of companies: ``?uscc=A&uscc=B`` (or comma-separated), up to 200 codes."""
    raw = [v.strip() for item in request.args.getlist("uscc") for v in item.split(",") if v.strip()]
    if not raw:
        raise FeedError("a watch list needs at least one uscc parameter")
    if len(raw) > WATCHLIST_MAX:
        raise FeedError(f"a watch list holds at most {WATCHLIST_MAX} codes, not {len(raw)}")
    codes = tuple(dict.fromkeys(require_valid(code).code for code in raw))
    params = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k != "uscc"])
    query = replace(_query(params), uscc=codes)
    title = f"关注列表：{len(codes)} 家企业"
    return _answer(fmt, query, title, page_path="/search", page_params=query.to_params())


@feeds.get("/flags.<any(rss, atom):fmt>")
def flags_feed(fmt: str) -> Response:
    """Newly triggered integrity flags, the newest first: ``?buyer=`` (a USCC, or the name of a buyer printed
    without one), ``?region=`` (a code prefix), ``?flag=`` (a flag id of ``/methodology``)."""
    flag = request.args.get("flag") or None
    if flag is not None and flag not in load_catalogue().flags:
        raise FeedError(f"flag must be a flag id listed on /methodology, not {flag!r}")
    region = request.args.get("region") or None
    if region is not None and not (region.isdigit() and 2 <= len(region) <= 6):
        raise FeedError(f"region must be a region code or prefix such as 33 or 3305, not {region!r}")
    buyer = request.args.get("buyer") or None
    today = china_today()
    index = get_index()
    limit = int(current_app.config["FEED_LIMIT"])
    found = index.flags(flag=flag, state=FlagState.TRIGGERED, buyer=buyer, region=region, today=today, limit=limit)
    found.sort(key=lambda stored: (flagged_at(stored), stored.notice_id, stored.flag), reverse=True)
    documents = index.documents(sorted({stored.notice_id for stored in found}))
    titles = {i: n.title for i, n in documents.items() if n.is_public(today)}
    about = [flag_name(flag) if flag else "", regions.describe(region) or "" if region else "", buyer or ""]
    title = "新触发的风险标志" + (f"：{' · '.join(part for part in about if part)}" if any(about) else "")
    site_url = _site_url()
    info = _feed_info(title, "/methodology", f"{title}，最新在前。{CAVEAT}")
    return _conditional(
        fmt,
        flags_etag(found, info, fmt),
        last_flagged(found),
        lambda: build_flag_feed(found, titles, info, fmt=fmt, site_url=site_url),
    )


def describe(query: SearchQuery) -> str:
    """A short Chinese description of a search, for feed titles (``SearchQuery.describe``)."""
    return query.describe()


def _query(args: MultiDict[str, str], **path: str) -> SearchQuery:
    """The search parameters plus the path's own filter, newest first, ``FEED_LIMIT`` items by default."""
    params = MultiDict(args)
    for name, value in path.items():
        params.setlist(name, [value])
    limit = int(current_app.config["FEED_LIMIT"])
    query = SearchQuery.from_params(params, default_size=limit)
    return replace(query, sort=Sort.NEWEST, cursor=None, facets=())


def _notices(query: SearchQuery) -> list[Notice]:
    """The newest ``query.size`` public matches. A feed needs neither the total nor highlights, so it reads
    the engine's newest-first stream and stops early: counting every match is most of a search's time."""
    found = islice(get_index().scan(query), query.size)
    # The public stream already hides penalties past their 公示截止期; a feed re-checks, as it is cached.
    return [notice for notice in found if notice.is_public(query.today)]


def _answer(
    fmt: str, query: SearchQuery, title: str, *, page_path: str, page_params: dict[str, str] | None = None
) -> Response:
    return _respond(fmt, _notices(query), title, page_path=page_path, page_params=page_params or {})


def _respond(
    fmt: str,
    notices: list[Notice],
    title: str,
    *,
    page_path: str,
    page_params: dict[str, str],
    company: str | None = None,
) -> Response:
    site_url = _site_url()
    page = page_path + (f"?{urlencode(page_params)}" if page_params else "")
    info = _feed_info(title, page, f"{title}：全国公共资源交易公告、中标结果与行政处罚，最新在前。")
    return _conditional(
        fmt,
        feed_etag(notices, info, fmt),
        last_modified(notices),
        lambda: build_feed(notices, info, fmt=fmt, site_url=site_url, company=company),
    )


def _site_url() -> str:
    return str(current_app.config["SITE_URL"]).rstrip("/")


def _feed_info(title: str, page: str, description: str) -> FeedInfo:
    """The feed at the requested address (its query string kept), about the site page ``page``."""
    site_url = _site_url()
    query_string = request.query_string.decode("utf-8", "replace")
    site_name = str(current_app.config["SITE_NAME"])
    return FeedInfo(
        site_name=site_name,
        title=f"{title} — {site_name}",
        feed_url=f"{site_url}{request.path}" + (f"?{query_string}" if query_string else ""),
        page_url=f"{site_url}{page}",
        description=description,
    )


def _conditional(fmt: str, etag: str, modified: datetime, build: Callable[[], bytes]) -> Response:
    """The feed document built by ``build``, or 304 when the reader's copy is current, with its validators and
    caching headers."""
    if is_resource_modified(request.environ, etag=etag, last_modified=modified):
        response = Response(build(), content_type=FORMATS[fmt])
    else:
        response = Response(status=304)
    response.set_etag(etag)
    response.last_modified = modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _name_of(code: str, notices: list[Notice]) -> str | None:
    for notice in notices:
        for party in notice.parties():
            if party.uscc == code and party.name:
                return party.name
    return None
