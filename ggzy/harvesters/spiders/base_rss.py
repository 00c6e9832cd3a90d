"""``RssSpider``: a centre that publishes an RSS 2.0 feed of its notices, each linking to a detail page.

The feed is paged the RFC 5005 way (``<atom:link rel="next">``); items are newest first.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name).
2. Set ``feed_path``, the detail page's ``title`` and ``body`` selectors and ``key_pattern`` (a regex whose
   group 1, applied to the item's link, is the centre's own id).

Minimal example::

    class ExampleFeed(RssSpider):
        \"\"\"
        Domain
          示例市公共资源交易中心
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_feed"
        feed_path = "/rss.xml"
        title = "h1::text"
        body = "div.content"
        key_pattern = r"/(\\d+)\\.html$"
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

from scrapy import Request, Selector
from scrapy.http import Response

from ggzy.harvesters.spiders.base_detail import DetailPageSpider
from ggzy.normalize.kinds import category_from_business_type

ATOM = "http://www.w3.org/2005/Atom"


def rfc822_date(text: str | None) -> date | None:
    """The date of an RSS ``pubDate`` (in the centre's own time zone), or None."""
    try:
        return parsedate_to_datetime(text or "").date()
    except (TypeError, ValueError):
        return None


class RssSpider(DetailPageSpider):
    """An RSS 2.0 feed of notices with detail pages (see the module docstring)."""

    family: ClassVar[str] = "rss"
    feed_path: ClassVar[str] = "/rss.xml"

    async def start(self) -> AsyncIterator[Any]:
        yield Request(self.url(self.feed_path), errback=self.request_failed, callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        feed = Selector(text=response.text, type="xml")
        feed.register_namespace("atom", ATOM)
        links = ((link or "").strip() for link in feed.xpath("//channel/item/link/text()").getall())
        self.prefetch_committed(self.key(link) for link in links if link)
        dates = []
        for item in feed.xpath("//channel/item"):
            link = (item.xpath("link/text()").get() or "").strip()
            published = rfc822_date(item.xpath("pubDate/text()").get())
            dates.append(published)
            if link and self.wants(self.key(link), published):
                yield Request(
                    response.urljoin(link),
                    errback=self.request_failed,
                    callback=self.parse_detail,
                    cb_kwargs={"published": published, "category": item.xpath("category/text()").get()},
                )
        following = feed.xpath("//channel/atom:link[@rel='next']/@href").get()
        if following and dates and self.keep_paging(dates):
            yield Request(response.urljoin(following), errback=self.request_failed, callback=self.parse_feed)

    def parse_detail(self, response: Response, published: date | None, category: str | None) -> Iterator[Any]:
        business = category_from_business_type(category) if category else None
        yield from self.detail_notice(response, published=published, category=business)
