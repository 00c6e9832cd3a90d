"""湖南省公共资源交易服务平台: the trade API that returns whole notices (Word HTML) in its list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from ggzy.harvesters.extract.records import hunan_record_fields, with_publishing_agency
from ggzy.harvesters.spiders.base_list_api import ListApiSpider
from ggzy.model import Notice
from ggzy.normalize.dates import parse_date


class HunanHnsggzy(ListApiSpider):
    """
    Domain
      湖南省公共资源交易服务平台 (Hunan public resource trading service platform), www.hnsggzy.com
    Caveats
      The list API carries each notice whole: noticeContent is the 招标公告 converted from Word, so no detail
      page is fetched. The record is read by ggzy.harvesters.extract.records.hunan_record_fields, as ggzy
      extract reads it: bulletinType (ZHAOBIAO_NOTICE …) states the kind where the title's words do not. The
      captured response came without its request: the list path and its paging parameters (pageNum,
      pageSize) must be checked against the live site. Paging stops at data.pages or the first empty page.
    Spider arguments
      from_date
        Only notices sent (noticeSendTime) on or after this date.
      until_date
        Only notices sent on or before this date.
      sample
        At most this many notices.
    """

    name = "hunan_hnsggzy"
    list_path = "/tradeApi/bulletin/noticeList?pageSize=20"

    def list_request(self, page: int) -> Any:
        request = super().list_request(page)
        return request.replace(url=request.url.replace("&page=", "&pageNum="))

    def records(self, data: Any) -> list[dict[str, Any]]:
        if not data.get("success", data.get("code") == 200):
            raise ValueError(f"trade API answered {data.get('code')}: {data.get('msg')}")
        return list((data.get("data") or {}).get("noticeList") or [])

    def page_count(self, data: Any) -> int | None:
        pages = (data.get("data") or {}).get("pages")
        return int(pages) if pages else None

    def list_total(self, data: Any) -> int | None:
        total = (data.get("data") or {}).get("total")
        return int(total) if total is not None else None

    def record_key(self, record: dict[str, Any]) -> str:
        return str(record["id"])

    def detail_url(self, record: dict[str, Any]) -> str:
        """The page a reader opens on the platform: the web app's view of the notice's 标段."""
        params = {
            "t": "GC",
            "id": record.get("constructionTenderId") or "",
            "bidSectionId": record.get("constructionSectionId") or "",
            "noticeId": self.record_key(record),
        }
        return self.url(f"/#/resources/transactionDetail/construction?{urlencode(params)}")

    def record_date(self, record: dict[str, Any]) -> date | None:
        return parse_date(record.get("noticeSendTime"))

    def follow(self, record: dict[str, Any], response: Response) -> Iterator[Notice]:
        fields = hunan_record_fields(record)
        notice = self.make_notice(
            key=self.record_key(record), url=self.detail_url(record), page=record.get("noticeContent") or "", **fields
        )
        yield with_publishing_agency(notice, record)
