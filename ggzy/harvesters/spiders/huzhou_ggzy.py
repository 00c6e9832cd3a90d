"""湖州市公共资源交易网: server-rendered GBK list (list_N.html) and article pages."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_list_detail import ListDetailSpider


class HuzhouGgzy(ListDetailSpider):
    """
    Domain
      湖州市公共资源交易网 (Huzhou public resource trading centre)
    Caveats
      Pages are GBK, declared only in a <meta http-equiv> tag. The pager's 下一页 link is sometimes broken, so
      the numbered page links are followed. A row may repeat on the next page; the pipeline drops the copy.
    Spider arguments
      from_date
        Only notices published on or after this date; paging stops at the first older row.
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "huzhou_ggzy"
    list_paths = ("/jyxx/index.html",)
    pager = "div.pages a"
    row = "ul.news-list li"
    row_date = "span.date::text"
    title = "h1.art-title::text"
    body = "div#zoom"
    key_pattern = r"art_\d+_(\d+)\.html"
