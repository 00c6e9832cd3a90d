"""新疆生产建设兵团公共资源交易信息网: an Epoint platform, configured from platform notes only."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class XinjiangbtGgzy(EpointSpider):
    """
    Domain
      新疆生产建设兵团公共资源交易信息网 (XPCC public resource trading platform), ggzy.xjbt.gov.cn
    Caveats
      Documented only: written from the platform notes (bid-collect-skill, MIT), never run against a capture
      of this site. Its codes are 004xxx: 004001001001 is 建设工程 招标公告, under cnum 004. The site's
      keyword search (wd) is broken, which does not matter here: the whole 栏目 is listed. Sorted by webdate.
    Spider arguments
      from_date
        Only notices published on or after this date (a webdate window).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "xinjiangbt_ggzy"
    cnum = "004"
    sort_field = "webdate"
    categories = (("004001001001", Category.ENGINEERING),)
