"""``ListDetailSpider``: a centre whose notices are server-rendered list pages linking to detail pages.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name).
2. Set ``list_paths`` (page 1 of each list) and ``page_url`` (how page N of a list is addressed, as a format
   string with ``{list}`` — the page-1 URL without its file name — and ``{page}``), or set ``pager`` and
   let the spider follow the pager's numbered links.
3. Set the selectors: ``row`` (one list entry), ``row_link`` (its detail link), ``row_date`` (its date),
   ``title`` and ``body`` (on the detail page), and ``key_pattern`` (a regex whose group 1, applied to the
   detail URL, is the centre's own id).
4. Optionally override ``category_for(url)`` when the list a notice came from says its category.

Pages are decoded by what they declare (``decode_page``): GBK sites that declare it only in ``<meta>`` are
read right. The pager's numbered links are followed rather than its 下一页 link, which some centres break.

Minimal example::

    class ExampleCentre(ListDetailSpider):
        \"\"\"
        Domain
          示例市公共资源交易中心
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_centre"
        list_paths = ("/jyxx/index.html",)
        pager = "div.pages a"
        row = "ul.news-list li"
        row_link = "a::attr(href)"
        row_date = "span.date::text"
        title = "h1::text"
        body = "div#zoom"
        key_pattern = r"art_(\\d+)\\.html"
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Response

from ggzy.harvesters.spiders.base_detail import DetailPageSpider
from ggzy.model import Category
from ggzy.normalize.dates import parse_date


class ListDetailSpider(DetailPageSpider):
    """Server-rendered list and detail pages (see the module docstring)."""

    family: ClassVar[str] = "list_detail"
    list_paths: ClassVar[tuple[str, ...]] = ()
    #: Links of the list's pager; the one whose text is the next page number is followed.
    pager: ClassVar[str] = ""
    row: ClassVar[str] = ""
    row_link: ClassVar[str] = "a::attr(href)"
    row_title: ClassVar[str] = "a::attr(title)"
    row_date: ClassVar[str] = ""

    async def start(self) -> AsyncIterator[Any]:
        for path in self.list_paths:
            yield Request(self.url(path), errback=self.request_failed, callback=self.parse_list, cb_kwargs={"page": 1})

    def category_for(self, url: str) -> Category | None:
        """The category the list of ``url`` stands for, when the centre separates them."""
        return None

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        page_selector = self.selector(response)
        links = (row.css(self.row_link).get() for row in page_selector.css(self.row))
        self.prefetch_committed(self.key(response.urljoin(href)) for href in links if href)
        dates = []
        for row in page_selector.css(self.row):
            href = row.css(self.row_link).get()
            if not href:
                continue
            url = response.urljoin(href)
            published = parse_date(" ".join(row.css(self.row_date).getall()))
            dates.append(published)
            if self.wants(self.key(url), published):
                yield Request(
                    url,
                    errback=self.request_failed,
                    callback=self.parse_detail,
                    cb_kwargs={"published": published, "row_title": (row.css(self.row_title).get() or "").strip()},
                )
        if dates and self.keep_paging(dates):
            for link in page_selector.css(self.pager):
                if "".join(link.css("::text").getall()).strip() == str(page + 1):
                    href = link.attrib.get("href")
                    if href:
                        yield Request(
                            response.urljoin(href),
                            errback=self.request_failed,
                            callback=self.parse_list,
                            cb_kwargs={"page": page + 1},
                        )
                        break

    def parse_detail(self, response: Response, published: Any, row_title: str) -> Iterator[Any]:
        yield from self.detail_notice(
            response, published=published, category=self.category_for(response.url), fallback_title=row_title
        )
