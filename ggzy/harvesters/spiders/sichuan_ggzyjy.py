"""四川省公共资源交易信息网: an Epoint platform, configured from platform notes only."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class SichuanGgzyjy(EpointSpider):
    """
    Domain
      四川省公共资源交易信息网 (Sichuan public resource trading platform), ggzyjy.sc.gov.cn
    Caveats
      Documented only: written from the platform notes (bid-collect-skill, MIT), never run against a capture
      of this site. Two 招标公告 lists carry engineering tenders: 002001001 (工程建设) and 003001002 (建设工程).
      Records are sorted by webdate. The notes describe a second way to the body (/staticJson/ JSON) for
      pages rendered by script; this spider reads the static detail page only.
    Spider arguments
      from_date
        Only notices published on or after this date (a webdate window).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "sichuan_ggzyjy"
    cnum = "002"
    sort_field = "webdate"
    categories = (
        ("002001001", Category.ENGINEERING),
        ("003001002", Category.ENGINEERING),
    )
