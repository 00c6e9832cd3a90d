"""湖南省公共资源交易服务平台: the trade API that returns whole notices (Word HTML) in its list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from ggzy.harvesters.spiders.base_list_api import ListApiSpider
from ggzy.model import Category, Kind, Notice
from ggzy.normalize.dates import parse_date
from ggzy.normalize.kinds import kind_for_notice, kind_from_information_type


class HunanHnsggzy(ListApiSpider):
    """
    Domain
      湖南省公共资源交易服务平台 (Hunan public resource trading service platform), www.hnsggzy.com
    Caveats
      The list API carries each notice whole: noticeContent is the 招标公告 converted from Word, so no detail
      page is fetched. bulletinType (ZHAOBIAO_NOTICE …) names the kind; the title only when it does not. The
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

    @staticmethod
    def kind(title: str, bulletin_type: str | None) -> Kind:
        """The kind the platform's bulletinType states; the title's words only when it states none."""
        stated = kind_from_information_type(bulletin_type)
        return stated if stated is not Kind.OTHER else kind_for_notice(title)

    def follow(self, record: dict[str, Any], response: Response) -> Iterator[Notice]:
        title = record.get("noticeName") or ""
        yield self.make_notice(
            key=self.record_key(record),
            url=self.detail_url(record),
            title=title,
            page=record.get("noticeContent") or "",
            published=self.record_date(record),
            kind=self.kind(title, record.get("bulletinType")),
            category=Category.ENGINEERING,
            extra_fields={"deadline": record["bidDocReferEndTime"]} if record.get("bidDocReferEndTime") else None,
        )
