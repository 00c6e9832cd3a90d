"""``EpointSpider``: a platform built on Epoint (国泰新点) software, with its full-text search list API.

Many provincial and city platforms run Epoint's WebBuilder: the list is ``POST
/inteligentsearch/rest/esinteligentsearch/getFullTextDataNew`` with a JSON body, answered as
``{"result": {"totalcount": N, "records": [...]}}``; each record's ``linkurl`` is a static detail page
``/jyxx/<category>/<YYYYMMDD>/<infoid>.html`` whose content area holds the notice.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name).
2. Set ``categories``: (栏目 code, ``Category``) pairs, each 栏目 (``categorynum``, e.g. ``003001001``
   建设工程 招标公告) the spider lists with the category its notices belong to. Each code is its own paged list.
3. Set ``cnum`` (the site's top channel, ``001``–``004``: it differs per platform) and ``sort_field`` (the
   record's date field the site sorts and filters by: ``infodatepx`` where it exists, else ``webdate``).
4. If the detail pages are not the family's usual template, set ``title_selectors`` / ``body_selectors``.
5. Give the platform a ``[[source]]`` in ``ggzy/centres.toml`` (family ``epoint``) and say in the docstring's
   Caveats whether its shapes were seen in a capture.

Pages and records are read the same way on every platform of the family: the record's date is its first
of ``infodatepx``, ``infodateformat``, ``webdate``, ``infodate`` (``infodate`` is the indexing time and may
be days late); the content area may be a whole HTML document of its own (``<html>``, ``<style>``,
``<script>``, a ``<title>``), which ``content_area`` reduces to the notice's markup before extraction.

Minimal example::

    class ExampleEpoint(EpointSpider):
        \"\"\"
        Domain
          示例省公共资源交易网
        Caveats
          Written from platform notes; no capture.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_epoint"
        cnum = "003"
        categories = (("003001001", Category.ENGINEERING),)
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import JsonRequest, Response

from ggzy.harvesters.spiders.base_detail import DetailPageSpider
from ggzy.model import Category
from ggzy.normalize.dates import parse_date
from ggzy.normalize.kinds import kind_for_notice

LIST_PATH = "/inteligentsearch/rest/esinteligentsearch/getFullTextDataNew"
#: The record fields that carry its publication date, best first.
DATE_FIELDS = ("infodatepx", "infodateformat", "webdate", "infodate")
#: Elements of an embedded document that are never notice text (their content goes too).
_DOCUMENT_PARTS = re.compile(r"<(style|script|title|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_DOCUMENT_TAGS = re.compile(r"<(?:!doctype|/?html|/?head|/?body|meta|link|base)\b[^>]*>", re.IGNORECASE)


def content_area(html: str) -> str:
    """The notice's markup of an Epoint content area, without the document around it when it is one.

    Some platforms paste a whole HTML document (an exported Word page with its ``<style>`` and
    ``<script>``) into the content area: its style rules, scripts and ``<title>`` would otherwise read as
    the notice's first lines.
    """
    return _DOCUMENT_TAGS.sub("", _DOCUMENT_PARTS.sub("", html))


class EpointSpider(DetailPageSpider):
    """An Epoint platform: the full-text search list API, then each record's detail page."""

    family: ClassVar[str] = "epoint"
    list_path: ClassVar[str] = LIST_PATH
    #: The site's top channel number (``cnum``).
    cnum: ClassVar[str] = "001"
    #: (栏目 code, the category of its notices) pairs; one paged list each.
    categories: ClassVar[tuple[tuple[str, Category], ...]] = ()
    #: The record date field the list is sorted and filtered by.
    sort_field: ClassVar[str] = "infodatepx"
    #: Records per list page (``rn``).
    page_size: ClassVar[int] = 20
    #: Detail page selectors of the family's templates, tried in order.
    title_selectors: ClassVar[tuple[str, ...]] = ("h2.ewb-trade-h::text", "h3.article-title::text", "h1::text")
    body_selectors: ClassVar[tuple[str, ...]] = ("div.ewb-trade-right", "div.article-info", "div#mainContent")
    key_pattern: ClassVar[str] = r"/([0-9a-fA-F-]{32,36})\.html?$"

    async def start(self) -> AsyncIterator[Any]:
        for code, _ in self.categories:
            yield self.list_request(code, 0)

    def search_body(self, category: str, page: int) -> dict[str, Any]:
        """The JSON the site's own list page posts for page ``page`` (0-based) of ``category``."""
        window = None
        if self.from_date or self.until_date:
            start = self.from_date.isoformat() if self.from_date else "1970-01-01"
            end = self.until_date.isoformat() if self.until_date else "2999-12-31"
            window = [{"fieldName": self.sort_field, "startTime": f"{start} 00:00:00", "endTime": f"{end} 23:59:59"}]
        return {
            "token": "", "pn": page * self.page_size, "rn": self.page_size, "sdt": "", "edt": "", "wd": "",
            "inc_wd": "", "exc_wd": "", "fields": "title", "cnum": self.cnum,
            "sort": json.dumps({self.sort_field: "0"}), "ssort": "title", "cl": 200, "terminal": "",
            "condition": [{"fieldName": "categorynum", "equal": category, "notEqual": None, "equalList": None,
                           "notEqualList": None, "isLike": True, "likeType": 2}],
            "time": window, "highlights": "", "statistics": None, "unionCondition": None, "accuracy": "",
            "noParticiple": "1", "searchRange": None, "isBusiness": "1",
        }  # fmt: skip

    def list_request(self, category: str, page: int) -> Request:
        """The list API request for page ``page`` (0-based) of ``category``."""
        return JsonRequest(
            self.url(str(self.source.options.get("list_path", self.list_path))),
            data=self.search_body(category, page),
            dont_filter=True,
            errback=self.request_failed,
            callback=self.parse_list,
            cb_kwargs={"category": category, "page": page},
        )

    @staticmethod
    def record_date(record: Mapping[str, Any]) -> date | None:
        for name in DATE_FIELDS:
            found = parse_date(str(record.get(name) or ""))
            if found:
                return found
        return None

    def parse_list(self, response: Response, category: str, page: int) -> Iterator[Any]:
        data = json.loads(response.text)
        if not isinstance(data, dict) or not isinstance(data.get("result"), dict):
            # e.g. {"status": {"code": 401, "text": "未登录，请登录"}} on a platform whose standard path is walled
            self.record_error(response.url, f"list API answered without a result: {response.text[:200]}")
            return
        result = data["result"]
        records = list(result.get("records") or [])
        dates = []
        for record in records:
            published = self.record_date(record)
            dates.append(published)
            link = str(record.get("linkurl") or "")
            if not link.strip("/"):
                self.record_error(response.url, f"record {record.get('infoid')} has no detail link")
                continue
            key = str(record.get("infoid") or self.key(link))
            if self.wants(key, published):
                yield Request(
                    self.url(link),
                    errback=self.request_failed,
                    callback=self.parse_detail,
                    cb_kwargs={"record": record, "category": category},
                )
        total = int(result.get("totalcount") or 0)
        if records and (page + 1) * self.page_size < total and self.keep_paging(dates):
            yield self.list_request(category, page + 1)

    def parse_detail(self, response: Response, record: dict[str, Any], category: str) -> Iterator[Any]:
        page = self.selector(response)
        title = next((t.strip() for s in self.title_selectors for t in page.css(s).getall() if t.strip()), "")
        title = title or str(record.get("title") or record.get("titlenew") or "").strip()
        body = next((b for s in self.body_selectors if (b := page.css(s).get()) is not None), None)
        if not title or body is None:
            self.record_error(response.url, "no title or content area on the detail page")
            return
        yield self.make_notice(
            key=str(record.get("infoid") or self.key(response.url)),
            url=response.url,
            title=title,
            page=content_area(body),
            published=self.record_date(record),
            kind=kind_for_notice(title, record.get("categoryname")),
            category=dict(self.categories).get(category),
        )
