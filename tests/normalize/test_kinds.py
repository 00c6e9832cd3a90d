"""Kinds and categories from titles and the centres' own type fields."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from ggzy.model import Category, Kind
from ggzy.normalize.dates import parse_date
from ggzy.normalize.kinds import (
    INFORMATION_TYPES,
    category_from_business_type,
    category_from_text,
    kind_for_notice,
    kind_from_information_type,
    kind_from_title,
)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("陇南市徽县体育公园建设项目施工招标资格预审公告", Kind.TENDER),
        ("重庆市体育局办公楼综合服务项目(CQS26C00197)竞争性磋商公告", Kind.TENDER),
        ("XX学校食堂食材询价公告", Kind.TENDER),
        ("生态运动公园体育场屋面阳光板更换项目竞争性磋商更正公告", Kind.CORRECTION),
        ("天津滨海盘山体育公园会议中心1标段招标澄清文件", Kind.CORRECTION),
        ("某道路工程补遗通知", Kind.CORRECTION),
        ("那曲市人民体育馆围墙及附属建设项目EPC总承包项目(1标段)中标候选人公示", Kind.CANDIDATES),
        ("某项目评标结果公示", Kind.CANDIDATES),
        ("某采购项目成交候选人公示", Kind.CANDIDATES),
        ("三亚市崖州区全民健身体育公园项目（施工）中标结果公告", Kind.AWARD),
        ("青岛市黄岛区教育和体育局考点网上巡查系统设备采购项目成交公告", Kind.AWARD),
        ("浙江新诚信工程咨询有限公司关于某采购项目中标(成交)结果公告", Kind.AWARD),
        ("德清县体育中心（县少年儿童体育学校）的用车服务采购项目合同", Kind.CONTRACT),
        ("某学校设备采购（合同包1）招标公告", Kind.TENDER),
        ("某道路第二合同段施工招标公告", Kind.TENDER),
        ("某项目开标记录", Kind.OPENING),
        ("某项目终止公告", Kind.TERMINATION),
        ("某项目废标公告", Kind.TERMINATION),
        ("某项目流标公示", Kind.TERMINATION),
        ("关于对某公司的行政处罚决定", Kind.PENALTY),
        ("某公司不良行为记录", Kind.PENALTY),
        ("上海市竞技体育训练管理中心羽毛球队赞助项目", Kind.OTHER),
        ("某项目资格预审结果公示", Kind.OTHER),
        ("某项目资格预审结果公示的更正公告", Kind.CORRECTION),
    ],
)
def test_kind_from_title(title, kind):
    assert kind_from_title(title) == kind


def test_information_types_of_the_national_platform(shared_data):
    records = json.loads((shared_data / "ggzy-gov-cn" / "api_sample.json").read_text(encoding="utf-8"))
    expected = {
        "0101": Kind.TENDER,
        "0104": Kind.AWARD,
        "0105": Kind.CORRECTION,
        "0201": Kind.TENDER,
        "0202": Kind.AWARD,
        "0203": Kind.CONTRACT,
        "0204": Kind.CORRECTION,
        "9002": Kind.AWARD,
    }
    for record in records["data"]["records"]:
        code = record["informationType"]
        assert kind_from_information_type(code) == expected[code]
        assert kind_from_information_type(record["informationTypeText"]) == expected[code]
        assert category_from_business_type(record["businessTypeText"]) != Category.OTHER or (
            record["businessTypeText"] == "其他"
        )
        kind = kind_for_notice(record["title"], code)
        if code == "0104" and "候选人" in record["title"]:
            assert kind == Kind.CANDIDATES
        elif code != "0201":
            assert kind == expected[code]


def test_title_decides_over_the_type_field():
    assert kind_for_notice("某项目资格预审结果公示", "0104") == Kind.OTHER
    assert kind_for_notice("某项目中标候选人公示", "0104") == Kind.CANDIDATES
    assert kind_for_notice("上海市竞技体育训练管理中心羽毛球队赞助项目", "9002") == Kind.AWARD
    assert kind_for_notice("永定区阳湖坪黄家铺学校改扩建项目", "ZHAOBIAO_NOTICE") == Kind.TENDER


@pytest.mark.parametrize(
    ("value", "kind"),
    [("0102", Kind.OPENING), ("0302", Kind.AWARD), ("0401", Kind.TENDER), ("0502", Kind.AWARD), ("", Kind.OTHER)],
)
def test_other_information_types(value, kind):
    assert kind_from_information_type(value) == kind


def test_hunan_bulletin_types(shared_data):
    notice = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    first = notice["data"]["noticeList"][0]
    assert first["bulletinType"] == "ZHAOBIAO_NOTICE"
    assert kind_from_information_type(first["bulletinType"]) == Kind.TENDER
    assert kind_from_information_type(first["bulletinName"]) == Kind.TENDER
    assert kind_from_title(first["noticeName"]) == Kind.TENDER
    assert kind_from_information_type("ZHONGBIAO_HOUXUANREN_NOTICE") == Kind.CANDIDATES
    assert kind_from_information_type("ZHONGBIAO_RESULT_NOTICE") == Kind.AWARD
    assert kind_from_information_type("BIANGENG_NOTICE") == Kind.CORRECTION


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("工程建设", Category.ENGINEERING),
        ("政府采购", Category.PROCUREMENT),
        ("土地使用权", Category.LAND),
        ("土地矿业", Category.LAND),
        ("矿业权", Category.MINING),
        ("国有产权", Category.PROPERTY),
        ("其他", Category.OTHER),
        ("02", Category.PROCUREMENT),
        (None, Category.OTHER),
    ],
)
def test_category_from_business_type(label, category):
    assert category_from_business_type(label) == category


def test_category_from_text():
    assert category_from_text("陇南市徽县体育公园建设项目施工招标资格预审公告") == Category.ENGINEERING
    assert category_from_text("洛阳市体育局健身器材更新项目竞争性磋商公告") == Category.PROCUREMENT
    assert category_from_text("某县国有建设用地使用权挂牌出让公告") == Category.LAND
    assert category_from_text("某矿采矿权出让公告") == Category.MINING
    assert category_from_text("某公司100%股权转让") == Category.PROPERTY
    assert category_from_text("上海市竞技体育训练管理中心羽毛球队赞助项目") == Category.OTHER


def test_related_notices_of_a_national_platform_page(shared_data):
    page = lxml.html.fromstring((shared_data / "ggzy-gov-cn" / "detail_sample.html").read_text(encoding="utf-8"))
    seen = {}
    for item in page.xpath("//li[a[@onclick]]"):
        link = item.xpath("a")[0]
        code = re.search(r"showDetail\(this,\s*'(\d{4})'", link.get("onclick")).group(1)
        published = parse_date(item.xpath("string(span)"))
        assert published is not None and published.year == 2026
        seen[link.get("title")] = kind_for_notice(link.get("title"), code)
    assert len(seen) == 3  # the same award is listed twice
    for title, kind in seen.items():
        if "结果公告" in title:
            assert kind == Kind.AWARD  # listed under 0201 once: the title decides
        elif "磋商公告" in title:
            assert kind == Kind.TENDER
        elif title.endswith("合同"):
            assert kind == Kind.CONTRACT


def test_every_type_of_the_platform_search_page_is_known(shared_data):
    page = (shared_data / "ggzy-gov-cn" / "probe_page.html").read_text(encoding="utf-8")
    search = json.loads(re.search(r"searchJson = eval\((\{.*?\})\);?\s*$", page, re.M).group(1))
    for classify in search["chooseClassify"]:
        if classify["id"] in ("01", "02", "03", "04", "05", "90"):
            assert category_from_business_type(classify["id"]) == category_from_business_type(classify["type"])
    for group in search["infoType"]:
        if group["id"] not in ("00", "01", "02", "03", "04", "05", "90"):
            continue
        for info in group["info"]:
            if info["id"].endswith("00"):
                continue  # 不限
            assert info["id"] in INFORMATION_TYPES
            assert INFORMATION_TYPES[info["id"]][0] == info["name"]
            if info["name"] not in ("公开信息", "登记公告信息"):
                assert kind_from_information_type(info["id"]) != Kind.OTHER


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("德清县第一中学教学楼维修改造工程招标公告", Kind.TENDER),
        ("县人民医院门诊楼装修改造项目中标候选人公示", Kind.CANDIDATES),
        ("市政道路维修改造工程中标结果公告", Kind.AWARD),
        ("关于修改招标文件的公告", Kind.CORRECTION),
    ],
)
def test_renovation_is_not_an_amendment(title: str, kind: Kind) -> None:
    assert kind_from_title(title) is kind


def test_the_law_a_penalty_cites_names_its_category() -> None:
    assert category_from_text("《中华人民共和国招标投标法》第五十三条") is Category.ENGINEERING
    assert category_from_text("《中华人民共和国政府采购法》第七十七条") is Category.PROCUREMENT
