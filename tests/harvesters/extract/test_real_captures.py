"""Extraction on real pages captured from the national platform and Hunan's platform."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from ggzy.harvesters.extract import build_notice, decode_page, extract_fields, extract_page, parse_page
from ggzy.harvesters.extract.records import notices_from_json
from ggzy.model import Category, Kind
from ggzy.normalize import regions

PROJECT_CODE = "330521253680050000027-ZJXCXZF-2025-JC57"
BUYER = "德清县体育中心（德清县少年儿童体育学校）"
WINNER = "湖州新国旅外事旅游汽车服务有限公司"


def national(shared_data: Path, name: str) -> str:
    return decode_page((shared_data / "ggzy-gov-cn" / name).read_bytes())


def hunan_items(shared_data: Path) -> list[dict]:
    data = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    return data["data"]["noticeList"]


def test_outer_page_gives_the_project_code_and_the_originating_centre(shared_data):
    found = extract_fields("", html=national(shared_data, "detail_sample.html"))
    assert found.project_code == PROJECT_CODE
    assert found.source_centre == "湖州市公共资源交易网"
    assert found.region_code == "330500"


def test_inner_page_gives_buyer_winner_and_an_unknown_amount(shared_data):
    found = extract_fields("", html=national(shared_data, "detail_b_sample.html"))
    assert found.buyer is not None and found.buyer.name == BUYER
    assert [w.name for w in found.winners] == [WINNER]
    assert found.labels["合同金额"] == "0元 人民币"
    assert found.amount is None and found.winners[0].amount is None


def test_outer_and_inner_pages_make_one_contract_notice(shared_data):
    outer = national(shared_data, "detail_sample.html")
    outer_fields = extract_fields("", html=outer)
    url = (
        "https://www.ggzy.gov.cn/information/deal/html/b/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    )
    notice = build_notice(
        centre="ggzy-gov-cn",
        source_id="003346ed9dd8b0494c7aa507db162810f636",
        source_url=url,
        title=parse_page(outer).title or "",
        html_or_text=national(shared_data, "detail_b_sample.html"),
        published="2026-03-17",
        extra_fields={"project_code": outer_fields.project_code},
    )
    assert notice.kind is Kind.CONTRACT
    assert notice.category is Category.PROCUREMENT
    assert notice.project_code == PROJECT_CODE
    assert notice.region_code == "330500"
    assert notice.buyer is not None and notice.buyer.name == BUYER
    assert [w.name for w in notice.winners] == [WINNER]
    assert notice.amount is None
    assert notice.published is not None and notice.published.isoformat() == "2026-03-17"
    assert "<table>" in notice.body_html and "<script" not in notice.body_html


def test_the_inner_page_alone_takes_its_title_from_its_heading(shared_data):
    notice = extract_page((shared_data / "ggzy-gov-cn" / "detail_b_sample.html").read_bytes())
    assert notice.title.endswith("用车服务采购项目合同")
    assert notice.kind is Kind.CONTRACT and notice.region_code == "330500"


def test_every_hunan_notice_gives_project_parties_deadline_and_region(shared_data):
    items = hunan_items(shared_data)
    assert items
    notices = notices_from_json({"data": {"noticeList": items}})
    for item, notice in zip(items, notices, strict=True):
        assert notice.centre == "hunan-hnsggzy"
        assert notice.title == item["noticeName"]
        assert notice.kind is Kind.TENDER and notice.category is Category.ENGINEERING
        assert notice.project_name and notice.project_name in item["noticeName"]
        assert notice.buyer is not None and notice.buyer.name == "张家界市永定区阳湖坪黄家铺学校"
        assert notice.agency is not None and notice.agency.name == "湖南宸誉工程项目管理有限公司"
        assert notice.deadline == datetime(2025, 6, 17, 9, 0)
        assert notice.region_code is not None and regions.in_region(notice.region_code, "430000")
        assert notice.region_code == "430800"  # 张家界市
        assert notice.published is not None and notice.published.isoformat() == "2025-05-27"
        # 国有资金：1600万元 is the funding, not a budget; no 最高限价 figure is printed.
        assert notice.budget is None
        assert "投标人资格要求" in notice.body_text


def test_hunan_body_alone_names_the_parties_in_its_sentences_and_its_contact_block(shared_data):
    found = extract_fields("", html=hunan_items(shared_data)[0]["noticeContent"])
    assert found.labels["招标人"] == "张家界市永定区阳湖坪黄家铺学校"  # "（1）招 标 人：…"
    assert found.labels["项目业主"] == "张家界市永定区阳湖坪黄家铺学校"  # "项目业主为…，"
    assert found.project_name == "永定区阳湖坪黄家铺学校改扩建项目(张家界市专门学校建设项目)"


@pytest.mark.parametrize("name", ["detail_sample.html", "detail_b_sample.html", "probe_page.html"])
def test_real_pages_sanitize_without_scripts(shared_data, name):
    notice = extract_page((shared_data / "ggzy-gov-cn" / name).read_bytes(), centre="ggzy-gov-cn")
    assert "<script" not in notice.body_html and "onclick" not in notice.body_html
    assert "javascript:" not in notice.body_html


def test_the_national_list_records_become_notices_with_their_platform_region(shared_data):
    data = json.loads((shared_data / "ggzy-gov-cn" / "api_sample.json").read_text(encoding="utf-8"))
    notices = notices_from_json(data)
    assert len(notices) == len(data["data"]["records"])
    first = notices[0]
    assert first.source_id == "003346ed9dd8b0494c7aa507db162810f636"
    assert first.kind is Kind.CONTRACT and first.category is Category.PROCUREMENT
    assert first.region_code == "330500"
    assert first.source_url.startswith("https://www.ggzy.gov.cn/information/deal/html/a/330000/0203/")
    for record, notice in zip(data["data"]["records"], notices, strict=True):
        assert notice.region_code is not None and regions.in_region(notice.region_code, record["province"])


@pytest.mark.parametrize(
    ("title", "project"),
    [
        (
            "浙江新诚信工程咨询有限公司关于德清县体育中心（县少年儿童体育学校）的少体校学生就学、训练、参赛等用车服务"
            "采购项目中标(成交)结果公告",
            "德清县体育中心（县少年儿童体育学校）的少体校学生就学、训练、参赛等用车服务采购项目",
        ),
        ("关于湖州市道路养护项目的招标公告", "湖州市道路养护项目"),
        ("某某学校设备采购项目（第二次）公开招标公告", "某某学校设备采购项目"),
    ],
)
def test_the_project_name_a_title_gives_when_the_body_prints_none(title, project):
    assert build_notice(centre="c", source_id="1", source_url="", title=title, html_or_text="").project_name == project
