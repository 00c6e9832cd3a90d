"""黑龙江省公共资源交易网: an Epoint platform, configured from platform notes only."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_epoint import EpointSpider
from ggzy.model import Category


class HeilongjiangGgzyjyw(EpointSpider):
    """
    Domain
      黑龙江省公共资源交易网 (Heilongjiang public resource trading platform), ggzyjyw.hlj.gov.cn
    Caveats
      Documented only: written from the platform notes (bid-collect-skill, MIT), never run against a capture
      of this site. cnum 002 is 工程建设 (003 is 政府采购); its 招标公告 栏目 is 003002001001 per the
      notes' stage table, whose 003002001002 is 中标候选人公示. The list mixes kinds, so a notice's kind comes
      from its title. Records have no infodatepx: sorted by webdate. The notes warn the index runs old:
      recent windows may be empty without anything being wrong.
    Spider arguments
      from_date
        Only notices published on or after this date (a webdate window).
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "heilongjiang_ggzyjyw"
    cnum = "002"
    sort_field = "webdate"
    categories = (
        ("003002001001", Category.ENGINEERING),
        ("003002001002", Category.ENGINEERING),
    )
