"""The demo centres: which centre id belongs to which site family, under which path, for which region.

This is the one place that maps centre id → family. ``demo_sources(base_url)`` gives the rows a harvest
registry for the demo is generated from (id, name, region_code, family, base_url).

Families (see each module's docstring for its URLs and page shapes):

=================  ===================================  ========================================
family             module                               modelled on
=================  ===================================  ========================================
``national``       ``ggzy.demo.sites.national``         全国公共资源交易平台 (ggzy.gov.cn)
``provincial_json`` ``ggzy.demo.sites.provincial_json``  湖南省公共资源交易服务平台 trade API
``classic``        ``ggzy.demo.sites.classic``          server-rendered GBK list/detail sites
``credit``         ``ggzy.demo.sites.credit``           信用 sites: 双公示 行政处罚 + 严重违法失信名单
``ckan``           ``ggzy.demo.sites.ckan``             a CKAN open-data portal with penalty CSVs
``rss``            ``ggzy.demo.sites.rss``              a centre publishing an RSS 2.0 feed
``epoint``         ``ggzy.demo.sites.epoint``           江苏省公共资源交易网 (an Epoint platform)
``ccgp``           ``ggzy.demo.sites.ccgp``             中国政府采购网 (ccgp.gov.cn)
``national_history`` ``ggzy.demo.sites.national_history`` the national platform's history list API
=================  ===================================  ========================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoCentre:
    """One demo centre: its registry id, display name, family, region and URL path prefix."""

    id: str
    name: str
    family: str
    region_code: str | None
    prefix: str
    #: Family options: for ``classic`` the page layout (``"list_n"`` or ``"query"``).
    layout: str = ""

    def base_url(self, server_url: str) -> str:
        """The centre's base URL on a running demo server (no trailing slash)."""
        return f"{server_url.rstrip('/')}/{self.prefix}"


NATIONAL = "ggzy-gov-cn"

CENTRES: tuple[DemoCentre, ...] = (
    DemoCentre(NATIONAL, "全国公共资源交易平台", "national", None, "ggzy"),
    DemoCentre("hunan-hnsggzy", "湖南省公共资源交易服务平台", "provincial_json", "430000", "hnsggzy"),
    DemoCentre("huzhou-ggzy", "湖州市公共资源交易网", "classic", "330500", "huzhou", layout="list_n"),
    DemoCentre("ganzhou-ggzy", "赣州市公共资源交易中心", "classic", "360700", "ganzhou", layout="query"),
    DemoCentre("chengdu-ggzy", "成都市公共资源交易服务中心", "rss", "510100", "chengdu"),
    DemoCentre("huzhou-credit", "信用湖州", "credit", "330500", "credit-huzhou"),
    DemoCentre("shenzhen-opendata", "深圳市政府数据开放平台", "ckan", "440300", "opendata-shenzhen"),
    DemoCentre("jiangsu-jsggzy", "江苏省公共资源交易网", "epoint", "320000", "jsggzy"),
    DemoCentre("ccgp-gov-cn", "中国政府采购网", "ccgp", None, "ccgp"),
    DemoCentre("hefei-ggzy-history", "全国公共资源交易平台（合肥历史库）", "national_history", "340100", "ggzy-his"),
)

CENTRE_BY_ID = {centre.id: centre for centre in CENTRES}

#: Centres whose projects the generator creates (the national platform republishes some of their notices).
TRADING_CENTRES = ("hunan-hnsggzy", "huzhou-ggzy", "ganzhou-ggzy", "chengdu-ggzy")


#: The harvest family (base spider) of each site family, in the words of ``ggzy.centres``.
HARVEST_FAMILIES = {
    "national": "list_api",
    "provincial_json": "list_api",
    "classic": "list_detail",
    "credit": "table",
    "ckan": "ckan",
    "rss": "rss",
    "epoint": "epoint",
    "ccgp": "ccgp",
    "national_history": "national_history",
}

#: Per-centre options for the spiders: entry paths relative to the centre's base URL, page encoding.
OPTIONS: dict[str, dict[str, Any]] = {
    NATIONAL: {"list_path": "/information/pubTradingInfo/getTradList"},
    "hunan-hnsggzy": {"list_path": "/tradeApi/bulletin/noticeList"},
    "huzhou-ggzy": {"list_paths": ["/jyxx/list_1.html"], "encoding": "gbk"},
    "ganzhou-ggzy": {"list_paths": ["/jyxx/gcjs/index.html", "/jyxx/zfcg/index.html"], "encoding": "gb2312"},
    "chengdu-ggzy": {"feed_path": "/rss.xml"},
    "huzhou-credit": {
        "list_paths": ["/xzcf/list", "/sxmd/list"],
        "csv_paths": ["/xzcf/download.csv", "/sxmd/download.csv"],
    },
    "shenzhen-opendata": {"api_path": "/api/3/action/"},
    "jiangsu-jsggzy": {"list_path": "/inteligentsearch/rest/esinteligentsearch/getFullTextDataNew"},
    "ccgp-gov-cn": {"list_paths": ["/cggg/zygg/index.htm", "/cggg/dfgg/index.htm"]},
    # The demo history API caps a query at 24 rows (the real one at 1,000), so the spider must split ranges.
    "hefei-ggzy-history": {
        "list_path": "/his/information/pubTradingInfo/getTradList",
        "max_rows": 24,
        "first_date": "2000-01-01",
    },
}


def demo_sources(base_url: str) -> list[dict[str, Any]]:
    """Registry rows for the demo centres served at ``base_url``.

    Each row: ``id``, ``name``, ``region_code`` (``""`` for the national platform), ``family`` (the harvest
    family: list_api, list_detail, table, ckan, rss), ``site_family`` (the demo family: national,
    provincial_json, classic, credit, ckan, rss), ``layout``, ``base_url``, ``spider`` (``id`` in snake_case)
    and ``options`` (entry paths relative to ``base_url``).
    """
    return [
        {
            "id": centre.id,
            "name": centre.name,
            "region_code": centre.region_code or "",
            "family": HARVEST_FAMILIES[centre.family],
            "site_family": centre.family,
            "layout": centre.layout,
            "base_url": centre.base_url(base_url),
            "spider": centre.id.replace("-", "_"),
            "options": OPTIONS.get(centre.id, {}),
        }
        for centre in CENTRES
    ]
