"""江苏省公共资源交易网: an Epoint platform (getFullTextDataNew list API, /jyxx/ detail pages)."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class JiangsuJsggzy(EpointSpider):
    """
    Domain
      江苏省公共资源交易网 (Jiangsu public resource trading platform), jsggzy.jszwfw.gov.cn
    Caveats
      Verified on captures: a getFullTextDataNew list response and a 招标公告 detail page (2026-07). Three
      建设工程 lists under cnum 003: 招标公告/资审公告 (003001001, captured), 中标候选人公示 (003001007) and
      中标结果公告 (003001008), the last two from the platform notes only. The notes say only http is
      reachable. A record's infodate is when it was indexed: the date is infodatepx, as the detail page's
      信息发布时间 shows. zhuanzai names the city platform that first published the notice.
    Spider arguments
      from_date
        Only notices published on or after this date (sent to the API as a time window on infodatepx).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "jiangsu_jsggzy"
    cnum = "003"
    categories = (
        ("003001001", Category.ENGINEERING),
        ("003001007", Category.ENGINEERING),
        ("003001008", Category.ENGINEERING),
    )
