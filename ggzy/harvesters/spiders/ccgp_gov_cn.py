"""中国政府采购网 (www.ccgp.gov.cn): the 中央公告 and 地方公告 lists and their article pages."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_ccgp import CcgpSpider


class CcgpGovCn(CcgpSpider):
    """
    Domain
      中国政府采购网 (China government procurement), www.ccgp.gov.cn
    Caveats
      Verified on captures: a 中央公告 list page (20 rows) and a 单一来源采购公告 article page (2026-07). The
      地方公告 list is assumed to share the 中央公告 template (not captured). Lists are static pages paged by a
      script, Pager({size, current, prefix, suffix}): page K is index_K.htm. The site publishes the whole
      country's procurement notices; many are also on a provincial platform, with other ids.
    Spider arguments
      from_date
        Only notices published on or after this date; paging stops at the first older row.
      until_date
        Only notices published on or before this date.
      sample
        At most this many notices.
    """

    name = "ccgp_gov_cn"
    list_paths = ("/cggg/zygg/index.htm", "/cggg/dfgg/index.htm")
