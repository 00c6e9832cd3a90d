"""The GB/T 2260 table: names, codes, prefixes and regions found in centre names."""

from __future__ import annotations

import json

import pytest

from ggzy.normalize import regions


def test_table_has_every_province_and_prefecture():
    assert len(regions.PROVINCES) >= 31
    prefectures = [code for code in regions.REGIONS if code.endswith("00") and not code.endswith("0000")]
    assert len(prefectures) == 333
    for code in regions.REGIONS:
        assert len(code) == 6 and code.isdigit()
        assert regions.province_code(code) in regions.PROVINCES


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("浙江省", "330000"),
        ("浙江", "330000"),
        ("内蒙古", "150000"),
        ("内蒙古自治区", "150000"),
        ("广西", "450000"),
        ("新疆", "650000"),
        ("宁夏", "640000"),
        ("西藏", "540000"),
        ("杭州", "330100"),
        ("杭州市", "330100"),
        ("吉林", "220000"),
        ("吉林市", "220200"),
        ("湘西", "433100"),
        ("湘西土家族苗族自治州", "433100"),
        ("湘西州", "433100"),
        ("黔东南州", "522600"),
        ("海南", "460000"),
        ("兴安盟", "152200"),
        ("大兴安岭地区", "232700"),
        ("仙桃市", "429004"),
        ("香港", "810000"),
        ("火星", None),
        ("", None),
    ],
)
def test_code_for_name(name, code):
    assert regions.code_for_name(name) == code


def test_name_for_code_and_describe():
    assert regions.name_for_code("330100") == "杭州市"
    assert regions.name_for_code("330000") == "浙江省"
    assert regions.name_for_code("999999") is None
    assert regions.describe("370783") == "山东省潍坊市寿光市"
    assert regions.describe("110102") == "北京市西城区"
    assert regions.describe("abc") is None


def test_prefixes():
    assert regions.province_code("330105") == "330000"
    assert regions.region_prefix("310000") == "31"
    assert regions.region_prefix("330100") == "3301"
    assert regions.in_region("310115", "31")
    assert regions.in_region("310115", "310000")
    assert regions.in_region("330105", "330100")
    assert not regions.in_region("330205", "330100")
    assert not regions.in_region(None, "31")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("湖州市公共资源交易网", "330500"),
        ("湖南省公共资源交易服务平台", "430000"),
        ("浙江省湖州市德清县", "330500"),
        ("张家界市公共资源交易中心", "430800"),
        ("恩施州公共资源交易中心", "422800"),
        ("北京市朝阳区", "110000"),
        ("中山公共资源交易中心", "442000"),
        ("中山路", None),
        ("浙江西湖风景名胜区", "330000"),
        ("新疆生产建设兵团公共资源交易中心", "660000"),
        ("", None),
    ],
)
def test_find_region(text, code):
    assert regions.find_region(text) == code


def test_centres_of_the_national_platform(shared_data):
    records = json.loads((shared_data / "ggzy-gov-cn" / "api_sample.json").read_text(encoding="utf-8"))
    for record in records["data"]["records"]:
        assert regions.code_for_name(record["provinceText"]) == record["province"]
        centre = record["transactionSourcesPlatformText"]
        if centre:
            found = regions.find_region(centre)
            assert found is not None
            assert regions.province_code(found) == record["province"]


def test_describe_reads_codes_and_prefixes_the_same_way():
    """One label for a region wherever it is shown: the company page, the API, the feeds and the filters."""
    assert regions.describe("33") == "浙江省"
    assert regions.describe("3305") == regions.describe("330500") == "浙江省湖州市"
    assert regions.describe("330502") == "浙江省湖州市吴兴区"
    assert regions.describe("429004") == "湖北省仙桃市"
    assert regions.describe("12345") is None
