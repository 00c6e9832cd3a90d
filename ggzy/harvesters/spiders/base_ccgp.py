"""``CcgpSpider``: 中国政府采购网 (www.ccgp.gov.cn), static list pages paged by a script, and article pages.

The site is a TRS static publication: each 公告 list (``/cggg/zygg/`` 中央公告, ``/cggg/dfgg/`` 地方公告 …) is
``index.htm``, ``index_1.htm`` … ``index_N-1.htm``; the pager is not links but a script call
``Pager({size:N, current:K, prefix:'index',suffix:'htm'})`` that writes them in the browser. A list row is
``<li><a href="./<type>/<YYYYMM>/t<YYYYMMDD>_<id>.htm" title="TITLE">…</a><em rel="bxlx">公告类型</em>
发布时间：<em>YYYY-MM-DD HH:MM</em> 地域：<em>…</em> 采购人：<em>…</em></li>``.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` and ``list_paths`` (page 1 of each list).
2. Keep the selectors unless the site's template changed; ``key_pattern`` takes the article number.

The detail page's ``div.vF_detail_main`` holds the 公告概要 table (采购单位, 行政区域, 预算金额, 开标时间 …)
and the notice's text; both are read. Every notice is 政府采购; its kind is the row's 公告类型 unless the
title names one.

Minimal example::

    class CcgpLocal(CcgpSpider):
        \"\"\"
        Domain
          中国政府采购网 地方公告
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "ccgp_local"
        list_paths = ("/cggg/dfgg/index.htm",)
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Response

from ggzy.harvesters.spiders.base_detail import DetailPageSpider
from ggzy.model import Category
from ggzy.normalize.dates import parse_date
from ggzy.normalize.kinds import kind_for_notice

_PAGER = re.compile(r"Pager\(\{\s*size\s*:\s*(\d+)\s*,\s*current\s*:\s*(\d+)\s*,\s*prefix\s*:\s*'([^']*)'\s*,"
                    r"\s*suffix\s*:\s*'([^']*)'")  # fmt: skip


def next_page_href(page_html: str) -> str | None:
    """The relative URL of the page after this one, from the page's ``Pager({...})`` call; None on the last."""
    match = _PAGER.search(page_html)
    if not match:
        return None
    size, current, prefix, suffix = int(match[1]), int(match[2]), match[3], match[4]
    if current + 1 >= size:
        return None
    return f"{prefix}_{current + 1}.{suffix}"


class CcgpSpider(DetailPageSpider):
    """中国政府采购网 lists and article pages (see the module docstring)."""

    family: ClassVar[str] = "ccgp"
    list_paths: ClassVar[tuple[str, ...]] = ()
    row: ClassVar[str] = "ul.c_list_bid > li"
    title: ClassVar[str] = "div.vF_detail_header h2::text"
    body: ClassVar[str] = "div.vF_detail_main"
    key_pattern: ClassVar[str] = r"/t\d{8}_(\d+)\.htm$"

    async def start(self) -> AsyncIterator[Any]:
        for path in self.list_paths:
            yield Request(self.url(path), errback=self.request_failed, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[Any]:
        page = self.selector(response)
        dates: list[date | None] = []
        for row in page.css(self.row):
            href = row.css("a::attr(href)").get()
            if not href:
                continue
            url = response.urljoin(href)
            labels = [t.strip() for t in row.css("em::text").getall()]
            notice_type = labels[0] if labels else ""
            published = parse_date(" ".join(labels[1:]))
            dates.append(published)
            if self.wants(self.key(url), published):
                yield Request(
                    url,
                    errback=self.request_failed,
                    callback=self.parse_detail,
                    cb_kwargs={
                        "published": published,
                        "notice_type": notice_type,
                        "row_title": (row.css("a::attr(title)").get() or "").strip(),
                    },
                )
        following = next_page_href(page.get())
        if dates and following and self.keep_paging(dates):
            yield Request(response.urljoin(following), errback=self.request_failed, callback=self.parse_list)

    def parse_detail(self, response: Response, published: date | None, notice_type: str, row_title: str) -> Any:
        read = self.detail_page(response, row_title)
        if read is None:
            return
        title, body = read
        yield self.make_notice(
            key=self.key(response.url),
            url=response.url,
            title=title,
            page=body,
            published=published,
            kind=kind_for_notice(title, notice_type),
            category=Category.PROCUREMENT,
        )
