"""深圳市政府数据开放平台: a CKAN portal with one 行政处罚 双公示 CSV per authority and year."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_ckan import CkanSpider


class ShenzhenOpendata(CkanSpider):
    """
    Domain
      深圳市政府数据开放平台 (Shenzhen open data platform): datasets tagged 行政处罚
    Caveats
      One dataset per 处罚机关 and year, each with one CSV resource (UTF-8 with a byte-order mark). A CSV is
      downloaded again only when its resource was modified since the last complete harvest.
    Spider arguments
      from_date
        Only records decided on or after this date.
      until_date
        Only records decided on or before this date.
      sample
        At most this many records.
    """

    name = "shenzhen_opendata"
    query = "tags:行政处罚"
