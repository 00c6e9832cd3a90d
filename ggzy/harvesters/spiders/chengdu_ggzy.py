"""成都市公共资源交易服务中心: an RSS 2.0 feed of notices with detail pages."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_rss import RssSpider


class ChengduGgzy(RssSpider):
    """
    Domain
      成都市公共资源交易服务中心 (Chengdu public resource trading service centre)
    Caveats
      The feed's description holds only the first lines of a notice, so every detail page is fetched. The
      feed's category (工程建设/政府采购) gives the notice's category.
    Spider arguments
      from_date
        Only notices published on or after this date; paging stops at the first older item.
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "chengdu_ggzy"
    feed_path = "/rss.xml"
    title = "h1.detail-title::text"
    body = "div.detail-content"
    key_pattern = r"/jyxx/(\d+)\.html$"
