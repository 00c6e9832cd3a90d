"""海南省公共资源交易服务平台: an Epoint platform, configured from platform notes only."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class HainanGgzy(EpointSpider):
    """
    Domain
      海南省公共资源交易服务平台 (Hainan public resource trading platform), ggzy.hainan.gov.cn
    Caveats
      Documented only: written from the platform notes (bid-collect-skill, MIT), never run against a capture
      of this site. Its codes differ from Jiangsu's: 003001002 is 招标公告 and 003001003 资格预审公告
      (003001001 is 招标计划). Records have no infodatepx, so the list is sorted by webdate. zhuanzai names
      the publishing platform, not the project's area.
    Spider arguments
      from_date
        Only notices published on or after this date (a webdate window).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "hainan_ggzy"
    cnum = "003"
    sort_field = "webdate"
    categories = (
        ("003001002", Category.ENGINEERING),
        ("003001003", Category.ENGINEERING),
    )
