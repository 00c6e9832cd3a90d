"""The 中国政府采购网 spider on the real captures: a 中央公告 list page and an article page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from ggzy.centres import load_registry
from ggzy.harvesters.spiders.base_ccgp import next_page_href
from ggzy.harvesters.spiders.ccgp_gov_cn import CcgpGovCn
from ggzy.model import Category, Kind, Notice, make_notice_id

LIST = "https://www.ccgp.gov.cn/cggg/zygg/index.htm"
ARTICLE = "https://www.ccgp.gov.cn/cggg/zygg/qtgg/202607/t20260703_26871783.htm"


@pytest.fixture
def captures(shared_data: Path) -> Path:
    return shared_data / "ccgp-gov-cn"


def parse_list(captures: Path, **arguments: str) -> list:
    spider = CcgpGovCn(source=load_registry().get("ccgp-gov-cn"), **arguments)
    return list(spider.parse_list(HtmlResponse(LIST, body=(captures / "ccgp_list.html").read_bytes())))


def test_the_list_follows_every_row_and_the_next_page_its_script_names(captures: Path) -> None:
    out = parse_list(captures)
    details, following = out[:-1], out[-1]
    assert len(details) == 20
    assert details[0].url == ARTICLE
    assert details[0].cb_kwargs == {
        "published": date(2026, 7, 3),
        "notice_type": "其他公告",
        "row_title": "中国科学院金属研究所球差原位透射电镜采购项目单一来源采购公告",
    }
    # A title cut short on the list (…) is kept whole from the link's title attribute.
    assert details[7].cb_kwargs["row_title"].endswith("(第二次)公开选取公告")
    assert {r.cb_kwargs["notice_type"] for r in details} == {
        "其他公告",
        "中标公告",
        "公开招标",
        "成交公告",
        "更正公告",
        "竞争性磋商",
        "资格预审",
    }
    assert following.url == "https://www.ccgp.gov.cn/cggg/zygg/index_1.htm"


def test_the_script_pager_ends_on_its_last_page() -> None:
    assert next_page_href("Pager({size:25, current:0, prefix:'index',suffix:'htm'});") == "index_1.htm"
    assert next_page_href("Pager({size:25, current:23, prefix:'index',suffix:'htm'});") == "index_24.htm"
    assert next_page_href("Pager({size:25, current:24, prefix:'index',suffix:'htm'});") is None
    assert next_page_href("<p>no pager</p>") is None


def test_a_sample_stops_following_rows_and_pages(captures: Path) -> None:
    out = parse_list(captures, sample="2")
    assert [r.url for r in out] == [ARTICLE, "https://www.ccgp.gov.cn/cggg/zygg/gkzb/202607/t20260703_26871759.htm"]


def test_the_article_gives_the_procurement_notice_with_its_summary_table(captures: Path) -> None:
    spider = CcgpGovCn(source=load_registry().get("ccgp-gov-cn"))
    row = parse_list(captures)[0]
    (notice,) = spider.parse_detail(
        HtmlResponse(ARTICLE, body=(captures / "ccgp_detail.html").read_bytes()), **row.cb_kwargs
    )
    assert isinstance(notice, Notice)
    assert notice.id == make_notice_id("ccgp-gov-cn", "26871783")
    assert notice.title == "中国科学院金属研究所球差原位透射电镜采购项目单一来源采购公告"
    assert notice.category is Category.PROCUREMENT
    assert notice.kind is Kind.TENDER
    assert notice.published == date(2026, 7, 3)
    assert notice.project_code == "OITC-G260610702"
    assert notice.buyer is not None and notice.buyer.name == "中国科学院金属研究所"
    assert notice.agency is not None and notice.agency.name == "东方国际招标有限责任公司"
    assert notice.deadline == datetime(2026, 7, 9, 9, 30)  # 开标时间, from the 公告概要 table
    assert notice.region_code == "210100"  # 行政区域 沈阳市
    assert "球差原位透射电镜" in notice.body_text and "detailaddon" not in notice.body_text
