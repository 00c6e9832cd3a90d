"""浙江省公共资源交易服务平台: an Epoint platform, configured from platform notes only."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class ZhejiangGgzy(EpointSpider):
    """
    Domain
      浙江省公共资源交易服务平台 (Zhejiang public resource trading platform), ggzy.zj.gov.cn
    Caveats
      Documented only: written from the platform notes (bid-collect-skill, MIT), never run against a capture
      of this site. 工程建设 招标公告 is categorynum 002001001 under cnum 002. Records have no infodatepx:
      the list is sorted and filtered by webdate (sorted otherwise, it returns notices from 2018 first).
      Bodies are often PDF attachments; the detail template is assumed to be the family's.
    Spider arguments
      from_date
        Only notices published on or after this date (a webdate window).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "zhejiang_ggzy"
    cnum = "002"
    sort_field = "webdate"
    categories = (("002001001", Category.ENGINEERING),)
