"""赣州市公共资源交易中心: GB2312-declared list tables per section (工程建设, 政府采购) and article pages."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_list_detail import ListDetailSpider
from ggzy.model import Category


class GanzhouGgzy(ListDetailSpider):
    """
    Domain
      赣州市公共资源交易中心 (Ganzhou public resource trading centre)
    Caveats
      Two lists, gcjs (工程建设) and zfcg (政府采购); the list a notice is on gives its category. Pages declare
      gb2312 in <meta charset> but are GBK. Pager links are relative (?page=K).
    Spider arguments
      from_date
        Only notices published on or after this date; paging stops at the first older row.
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "ganzhou_ggzy"
    list_paths = ("/jyxx/gcjs/index.html", "/jyxx/zfcg/index.html")
    pager = "div.ewb-page a"
    row = "table.ewb-list tr"
    row_link = "td.ewb-title a::attr(href)"
    row_title = "td.ewb-title a::text"
    row_date = "td.ewb-date::text"
    title = "h2.ewb-article-tt::text"
    body = "div.ewb-article-content"
    key_pattern = r"/([0-9a-f-]{36})\.html"

    def category_for(self, url: str) -> Category | None:
        return Category.ENGINEERING if "/jyxx/gcjs/" in url else Category.PROCUREMENT
