"""``DetailPageSpider``: what the HTML families share, a notice read from its own detail page.

Not a family of its own: ``ListDetailSpider`` and ``RssSpider`` derive from it and differ only in how they find
the detail pages (numbered list pages, or a feed). A subclass sets the detail page's ``title`` and ``body``
selectors and ``key_pattern``, a regex whose group 1, applied to the page's URL, is the centre's own id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar

from scrapy import Selector
from scrapy.http import Response

from ggzy.harvesters.extract import decode_page
from ggzy.harvesters.spiders.base import BaseSpider
from ggzy.model import Category


class DetailPageSpider(BaseSpider):
    """Reads one notice from a detail page, decoded by what the page declares."""

    title: ClassVar[str] = "h1::text"
    body: ClassVar[str] = ""
    key_pattern: ClassVar[str] = r"/([^/]+?)\.html?$"

    def selector(self, response: Response) -> Selector:
        """The page decoded by what it declares (header, ``<meta>``, or sniffing)."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        return Selector(text=decode_page(response.body, content_type))

    def key(self, url: str) -> str:
        """The centre's own id of the notice at ``url``."""
        match = re.search(self.key_pattern, url)
        if not match:
            raise ValueError(f"no id in {url}")
        return match.group(1)

    def detail_page(self, response: Response, fallback_title: str = "") -> tuple[str, str] | None:
        """The title and body markup of a detail page; None, recorded as an error of the centre, when either is
        missing."""
        page = self.selector(response)
        title = " ".join(t.strip() for t in page.css(self.title).getall() if t.strip()) or fallback_title
        body = page.css(self.body).get()
        if not title or body is None:
            self.record_error(response.url, "no title or body on the detail page")
            return None
        return title, body

    def detail_notice(
        self,
        response: Response,
        *,
        published: date | str | None,
        category: Category | None,
        fallback_title: str = "",
    ) -> Iterator[Any]:
        """The notice of a detail page; a page without title or body is an error of the centre."""
        read = self.detail_page(response, fallback_title)
        if read is None:
            return
        title, body = read
        yield self.make_notice(
            key=self.key(response.url),
            url=response.url,
            title=title,
            page=body,
            published=published,
            category=category,
        )
