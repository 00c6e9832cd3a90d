"""``ListApiSpider``: a centre whose notice list is a paged JSON API.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name) and ``list_path``.
2. Implement ``list_request(page)`` if the API is not ``GET list_path?page=N`` (a POST form, JSON body…).
3. Implement ``records(data)``, ``record_key(record)``, ``record_date(record)`` and, if the API says how
   many pages it has, ``page_count(data)``; if it says how many notices its list holds, ``list_total(data)``
   (the health page compares it with what was committed).
4. Implement ``follow(record, response)``: yield the notice when the record carries it whole, or yield a
   ``Request`` for the detail page with a callback of your own that yields the notice.

Minimal example::

    class ExampleCentre(ListApiSpider):
        \"\"\"
        Domain
          示例市公共资源交易中心
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_centre"
        list_path = "/api/notices"

        def records(self, data):
            return data["rows"]

        def record_key(self, record):
            return str(record["id"])

        def record_date(self, record):
            return parse_date(record["date"])

        def follow(self, record, response):
            yield Notice(id=self.notice_id(self.record_key(record)), centre=self.source.id, ...)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Response

from ggzy.harvesters.spiders.base import BaseSpider


class ListApiSpider(BaseSpider):
    """A paged JSON list API; each record is a notice or leads to one (see the module docstring)."""

    family: ClassVar[str] = "list_api"
    #: The list endpoint, relative to the centre's base URL.
    list_path: ClassVar[str] = ""
    #: The first page number the API counts from.
    first_page: ClassVar[int] = 1

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(self.first_page)

    def list_request(self, page: int) -> Request:
        """The request for list page ``page`` (default: ``GET list_path?page=N``)."""
        separator = "&" if "?" in self.list_path else "?"
        return Request(
            self.url(f"{self.list_path}{separator}page={page}"),
            errback=self.request_failed,
            callback=self.parse_list,
            cb_kwargs={"page": page},
        )

    def records(self, data: Any) -> list[dict[str, Any]]:
        """The notice records of one decoded list page."""
        raise NotImplementedError

    def record_key(self, record: dict[str, Any]) -> str:
        """The centre's own id of the record's notice."""
        raise NotImplementedError

    def record_date(self, record: dict[str, Any]) -> date | None:
        """The record's publication date."""
        raise NotImplementedError

    def page_count(self, data: Any) -> int | None:
        """How many list pages there are, when the API says; None pages on until a page is empty."""
        return None

    def list_total(self, data: Any) -> int | None:
        """How many notices the list holds, when the API says (read from its first page)."""
        return None

    def follow(self, record: dict[str, Any], response: Response) -> Iterable[Any]:
        """The notice of a record, or the request(s) that lead to it.  Its ``source_url`` is the page a reader
        opens for this one notice (the platform's detail page), never the list URL the record came in."""
        raise NotImplementedError

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        data = json.loads(response.text)
        records = self.records(data)
        if page == self.first_page:
            self.announce(self.list_total(data))
        self.prefetch_committed(self.record_key(r) for r in records)
        dates = []
        for record in records:
            published = self.record_date(record)
            dates.append(published)
            if self.wants(self.record_key(record), published):
                try:
                    yield from self.follow(record, response)
                except Exception as error:  # one bad record must not end the page
                    self.record_error(response.url, f"record {self.record_key(record)}: {error!r}")
        pages = self.page_count(data)
        if records and (pages is None or page < pages) and self.keep_paging(dates):
            yield self.list_request(page + 1)
