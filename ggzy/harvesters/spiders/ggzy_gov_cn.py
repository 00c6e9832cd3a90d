"""The national platform, 全国公共资源交易平台 (www.ggzy.gov.cn): every provincial platform's deals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, ClassVar

from scrapy import FormRequest, Request
from scrapy.http import Response

from ggzy.harvesters.extract.html import decode_page
from ggzy.harvesters.extract.records import national_record_fields
from ggzy.harvesters.pipelines import Republication
from ggzy.harvesters.spiders.base_list_api import ListApiSpider
from ggzy.normalize.dates import parse_date


class GgzyGovCn(ListApiSpider):
    """
    Domain
      全国公共资源交易平台 (national public resource trading platform), www.ggzy.gov.cn
    Caveats
      The list API (POST /information/pubTradingInfo/getTradList) answers code 829 with a captcha for date
      ranges over a month: a harvest asks for at most 30 days (from_date is moved up to 30 days before
      until_date). Each record leads to an outer "a" page (project code, originating centre, the project's
      other notices) and an inner "b" page (the notice's own table or text). Most notices are
      republications of a provincial centre's notice: they are folded into the originating centre's notice
      by the pipeline (see ggzy.harvesters.pipelines), so harvest it with those centres, not alone before
      them. A contract's 合同金额 printed as 0元 means the figure was omitted: the amount stays unknown.
    Spider arguments
      from_date
        First publication date to ask for (default: the newest date already harvested, or 9 days ago).
      until_date
        Last publication date to ask for (default: today).
      sample
        At most this many notices.
    """

    name = "ggzy_gov_cn"
    republishes = True
    list_path = "/information/pubTradingInfo/getTradList"
    #: Longest date range the API answers without a captcha.
    max_days: ClassVar[int] = 30

    def date_range(self) -> tuple[date | None, date | None]:
        """The publication dates to ask the list API for (None: leave that end open).

        Source options: ``bounded_dates`` (default true; the demo platform answers any range),
        ``first_days`` (days asked for on a first harvest, default 9), ``max_days`` (default 30).
        """
        options = self.source.options
        until = self.until_date or (date.today() if options.get("bounded_dates", True) else None)
        since = self.from_date or self.state.newest
        if since is None and until is not None:
            since = until - timedelta(days=int(options.get("first_days", 9)))
        max_days = int(options.get("max_days", self.max_days))
        if since is not None and until is not None and max_days:
            since = max(since, until - timedelta(days=max_days))
        return since, until

    def list_request(self, page: int) -> Request:
        since, until = self.date_range()
        form = {"SOURCE_TYPE": "1", "DEAL_TIME": "06", "isShowAll": "1", "PAGENUMBER": str(page)}
        if since is not None:
            form["TIMEBEGIN"] = since.isoformat()
        if until is not None:
            form["TIMEEND"] = until.isoformat()
        return FormRequest(
            self.url(self.list_path),
            formdata=form,
            errback=self.request_failed,
            callback=self.parse_list,
            cb_kwargs={"page": page},
        )

    def records(self, data: Any) -> list[dict[str, Any]]:
        if data.get("code") != 200:
            raise ValueError(f"list API answered code {data.get('code')}: {data.get('message')}")
        return list(data["data"]["records"])

    def page_count(self, data: Any) -> int | None:
        return int(data["data"].get("pages") or 0)

    def record_key(self, record: dict[str, Any]) -> str:
        return str(record["id"])

    def record_date(self, record: dict[str, Any]) -> date | None:
        return parse_date(record.get("publishTime"))

    def follow(self, record: dict[str, Any], response: Response) -> Iterator[Any]:
        yield Request(
            self.url(record["url"]),
            errback=self.request_failed,
            callback=self.parse_outer,
            cb_kwargs={"record": record},
        )

    def parse_outer(self, response: Response, record: dict[str, Any]) -> Iterator[Any]:
        """The "a" page: the project code and originating centre, then the "b" page with the notice."""
        code = response.css("p.p_o span::text").re_first(r"编号[：:]\s*(\S+)")
        origin = response.css("#platformName::text").get(default="").strip()
        inner = response.xpath("//script").re_first(r"firstLastUrl\s*=\s*'([^']+)'")
        inner = inner or response.url.replace("/html/a/", "/html/b/")
        yield Request(
            response.urljoin(inner),
            errback=self.request_failed,
            callback=self.parse_inner,
            cb_kwargs={"record": record, "outer_url": response.url, "project_code": code, "origin": origin},
        )

    def parse_inner(
        self, response: Response, record: dict[str, Any], outer_url: str, project_code: str | None, origin: str
    ) -> Iterator[Any]:
        """The "b" page: the notice itself."""
        html = decode_page(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
        fields = national_record_fields(record)
        fields["title"] = fields["title"] or response.css("h4.h4_o::text").get(default="").strip()
        if project_code:
            fields["extra_fields"]["project_code"] = project_code
        notice = self.make_notice(key=self.record_key(record), url=outer_url, page=html, **fields)
        origin = origin or record.get("transactionSourcesPlatformText") or ""
        yield Republication(notice, origin) if origin else notice
