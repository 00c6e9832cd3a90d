"""合肥 (安徽) on the national platform's history list API."""

from __future__ import annotations

from ggzy.harvesters.spiders.base_national_history import NationalHistorySpider


class HefeiGgzyHistory(NationalHistorySpider):
    """
    Domain
      全国公共资源交易平台 历史库: 安徽省合肥市 (DEAL_PROVINCE 340000, DEAL_CITY 340100), www.ggzy.gov.cn
    Caveats
      The list is verified on captures: 92 responses for 2023-11-01..2024-03-28, every row sent twice. The
      1,000-row cap and the 829/800 answers are handled as reported, not seen: the captured query paged to
      page 239 (4,780 rows) with code 200. The history "a"/"b" detail pages (/his/information/deal/html/…)
      were not captured; they are read as the live platform's captured a/b pages. Notices come from
      安徽合肥公共资源交易中心电子交易系统; they stay this source's own unless that centre is registered.
    Spider arguments
      from_date
        First publication date to ask for (default: the newest date already harvested, or 2023-11-01).
      until_date
        Last publication date to ask for (default: today).
      sample
        At most this many notices.
    """

    name = "hefei_ggzy_history"
    province = "340000"
    city = "340100"
    first_date = "2023-11-01"
