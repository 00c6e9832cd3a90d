"""``NationalHistorySpider``: the national platform's history list API, one province and city at a time.

``POST /his/information/pubTradingInfo/getTradList`` is the national platform's (www.ggzy.gov.cn) list of
older deals, asked for by ``DEAL_PROVINCE`` and ``DEAL_CITY`` and a date range (``TIMEBEGIN``/``TIMEEND``).
It answers like the live list API (``{"code": 200, "data": {"records", "total", "pages", "size",
"current"}}``, 20 rows a page) with three habits a harvest must handle:

* **Each row twice.** The captured responses carry every record two times in a row (1,840 rows, 920 ids):
  records are deduplicated by id across the whole crawl before anything is fetched.
* **A row cap.** The API is reported to stop at 1,000 rows for one query; a range whose ``total`` passes
  ``max_rows`` is split in two halves, recursively, down to single days. A single day above the cap is
  paged as far as the cap allows and reported as an error (the rows beyond it are out of reach).
* **Code 829 (captcha) and 800 (rate limited).** The API answers these instead of rows when asked too
  much too fast. The spider backs off (``RETRY_BACKOFF_BASE * 2**attempt`` seconds, at most
  ``RETRY_BACKOFF_MAX``) and asks again, splitting a multi-day range in two on a captcha; after
  ``max_attempts`` answers it reports an error for that range, and the crawl's state is not advanced.

Each record leads to the platform's outer "a" and inner "b" pages, read as ``ggzy_gov_cn`` reads them.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name``, ``province`` and ``city`` (6-digit codes; ``city``
   empty for the whole province).
2. Set ``first_date``: where a first harvest starts (the history API's records are old by definition).
3. Give it a ``[[source]]`` in ``ggzy/centres.toml`` (family ``national_history``, base ``https://www.ggzy.gov.cn``).

Minimal example::

    class ExampleHistory(NationalHistorySpider):
        \"\"\"
        Domain
          全国公共资源交易平台 历史库 示例市
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_history"
        province = "340000"
        city = "340100"
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any, ClassVar

from scrapy import FormRequest
from scrapy.http import Response

from ggzy.harvesters.middlewares import backoff_seconds
from ggzy.harvesters.spiders.ggzy_gov_cn import GgzyGovCn

#: Answer codes that mean "too much, too fast": back off and ask again.
CAPTCHA = 829
RATE_LIMITED = 800


class NationalHistorySpider(GgzyGovCn):
    """The national platform's history list API for one province/city (see the module docstring)."""

    family: ClassVar[str] = "national_history"
    list_path = "/his/information/pubTradingInfo/getTradList"
    #: 6-digit codes of the province and city asked for (``DEAL_PROVINCE``, ``DEAL_CITY``).
    province: ClassVar[str] = ""
    city: ClassVar[str] = ""
    #: First publication date of a first harvest.
    first_date: ClassVar[str] = "2015-01-01"
    #: Rows one query can reach; a larger range is split (source option ``max_rows``).
    max_rows: ClassVar[int] = 1000
    #: Captcha or rate-limit answers one request may get before its range is given up.
    max_attempts: ClassVar[int] = 5
    page_size: ClassVar[int] = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed: set[str] = set()

    def history_range(self) -> tuple[date, date]:
        """The publication dates to ask for: the spider arguments, else the state, else ``first_date``."""
        options = self.source.options
        until = self.until_date or date.fromisoformat(str(options.get("until_date") or date.today().isoformat()))
        since = (
            self.from_date or self.state.newest or date.fromisoformat(str(options.get("first_date", self.first_date)))
        )
        return min(since, until), until

    async def start(self) -> AsyncIterator[Any]:
        since, until = self.history_range()
        yield self.range_request(since, until, 1)

    def range_request(self, since: date, until: date, page: int, attempt: int = 0) -> FormRequest:
        """The list request for page ``page`` of the records published from ``since`` to ``until``."""
        form = {
            "SOURCE_TYPE": "1", "DEAL_TIME": "06", "TIMEBEGIN": since.isoformat(), "TIMEEND": until.isoformat(),
            "DEAL_PROVINCE": self.province, "DEAL_CITY": self.city, "PAGENUMBER": str(page),
        }  # fmt: skip
        return FormRequest(
            self.url(str(self.source.options.get("list_path", self.list_path))),
            formdata=form,
            dont_filter=True,
            errback=self.request_failed,
            callback=self.parse_range,
            cb_kwargs={"since": since, "until": until, "page": page, "attempt": attempt},
        )

    def _row_cap(self) -> int:
        return int(self.source.options.get("max_rows", self.max_rows))

    async def _back_off(self, attempt: int) -> None:
        settings = self.crawler.settings if getattr(self, "crawler", None) else None
        base = settings.getfloat("RETRY_BACKOFF_BASE") if settings else 1.0
        cap = settings.getfloat("RETRY_BACKOFF_MAX") if settings else 60.0
        await asyncio.sleep(backoff_seconds(attempt, base, cap))

    @staticmethod
    def halves(since: date, until: date) -> tuple[tuple[date, date], tuple[date, date]]:
        """The two halves of a range of at least two days, the newer first."""
        middle = since + timedelta(days=(until - since).days // 2)
        return (middle + timedelta(days=1), until), (since, middle)

    async def parse_range(
        self, response: Response, since: date, until: date, page: int, attempt: int
    ) -> AsyncIterator[Any]:
        data = json.loads(response.text)
        code = data.get("code")
        if code in (CAPTCHA, RATE_LIMITED):
            if attempt + 1 >= self.max_attempts:
                self.record_error(response.url, f"list API answered {code} {attempt + 1} times for {since}..{until}")
                return
            await self._back_off(attempt)
            if code == CAPTCHA and page == 1 and since < until:
                for half in self.halves(since, until):
                    yield self.range_request(*half, 1, attempt + 1)
            else:
                yield self.range_request(since, until, page, attempt + 1)
            return
        records = self.records(data)
        total = int(data["data"].get("total") or 0)
        cap = self._row_cap()
        if page == 1 and total > cap:
            if since < until:
                for half in self.halves(since, until):
                    yield self.range_request(*half, 1)
                return
            self.record_error(response.url, f"{total} rows on {since}, past the API's cap of {cap}")
        dates = []
        for record in records:
            key = self.record_key(record)
            published = self.record_date(record)
            dates.append(published)
            if key in self.listed:
                continue  # the API sends every row twice
            self.listed.add(key)
            if self.wants(key, published):
                for request in self.follow(record, response):
                    yield request
        pages = int(data["data"].get("pages") or 0)
        if records and page < pages and page * self.page_size < cap and self.keep_paging(dates):
            yield self.range_request(since, until, page + 1)
