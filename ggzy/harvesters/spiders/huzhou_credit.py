"""信用湖州: 行政处罚 双公示 and the 政府采购严重违法失信 list as paged HTML tables."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_table import SXMD, XZCF, TableSpider


class HuzhouCredit(TableSpider):
    """
    Domain
      信用湖州 (Credit Huzhou): 行政处罚信息公示 and 政府采购严重违法失信行为记录名单
    Caveats
      Every row is a whole record, so no detail page is fetched; the row's name links to its detail page,
      kept as the notice's URL. Natural persons' 证件号码 are printed in full and masked on extraction.
      Records stay listed after their 公示截止期: the portal withdraws them, not the source.
    Spider arguments
      from_date
        Only records decided (双公示) or published (失信名单) on or after this date.
      until_date
        Only records up to this date.
      sample
        At most this many records.
    """

    name = "huzhou_credit"
    lists = ((XZCF, "/xzcf/list"), (SXMD, "/sxmd/list"))
    table = "table.{list}"
    pager = "div.pagination a"
