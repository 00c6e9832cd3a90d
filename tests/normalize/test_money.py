"""Amounts as centres print them, to exact yuan."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ggzy.normalize.money import amount_unit, format_capital, parse_amount, parse_typed_amount


@pytest.mark.parametrize(
    ("printed", "unit", "yuan"),
    [
        ("480.000000（万元）", None, Decimal("4800000")),
        ("￥1,234.50元", None, Decimal("1234.50")),
        ("人民币壹佰贰拾万元整", None, Decimal("1200000")),
        ("壹仟贰佰叁拾肆元伍角陆分", None, Decimal("1234.56")),
        ("壹仟零伍元", None, Decimal("1005")),
        ("12.5万元", None, Decimal("125000")),
        ("3亿元", None, Decimal("300000000")),
        ("1234.5", "万元", Decimal("12345000")),
        ("1234.5", "投标报价（万元）", Decimal("12345000")),
        ("1234.5", None, Decimal("1234.5")),
        ("中标价\n：\n18791886.00元", None, Decimal("18791886")),
        ("最高投标限价：3,456.78 万元", None, Decimal("34567800")),
        ("100(万元人民币)", None, Decimal("1000000")),
        ("0.5万人民币", None, Decimal("5000")),
        ("投标报价（万元）：123.4", None, Decimal("1234000")),
        ("投标报价（万元）：123.4", "元", Decimal("1234000")),
        ("合同金额(元)：123.4", "万元", Decimal("123.4")),
        ("人民币 1,234,567.00 元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）", None, Decimal("1234567")),
        ("第2标段 工期180日历天 中标价：100万元", None, Decimal("1000000")),
    ],
)
def test_amounts_in_yuan(printed, unit, yuan):
    assert parse_amount(printed, unit) == yuan


@pytest.mark.parametrize(
    "printed",
    [
        "下浮率5%",
        "费率0.8%",
        "折扣95%",
        "95折",
        "下浮率5",
        "0元 人民币",
        "0万元",
        "零元",
        "100万美元",
        "",
        "N/A",
        "2025-07-01",
    ],
)
def test_not_an_amount(printed):
    assert parse_amount(printed) is None


def test_amount_unit_from_headings():
    assert amount_unit("投标报价（万元）") == "万元"
    assert amount_unit("合同金额(元)") == "元"
    assert amount_unit("金额 单位：亿元") == "亿元"
    assert amount_unit("供应商名称") is None


def test_contract_amount_of_the_national_platform_is_unknown(shared_data):
    page = (shared_data / "ggzy-gov-cn" / "detail_b_sample.html").read_text(encoding="utf-8")
    text = lxml.html.fromstring(page).text_content()
    printed = re.search(r"合同金额\s*(.*?人民币)", text, re.S)
    assert printed is not None
    assert "0元" in printed.group(1)
    assert parse_amount(printed.group(1)) is None


def test_hunan_notice_funding_shares(shared_data):
    notice = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    text = lxml.html.fromstring(notice["data"]["noticeList"][0]["noticeContent"]).text_content()
    state = re.search(r"国有资金：[^，,]*", text)
    private = re.search(r"私有资金：[^，,]*", text)
    assert state is not None and private is not None
    assert state.group(0) == "国有资金：1600万元100%"
    assert parse_amount(state.group(0)) == Decimal("16000000")
    assert parse_amount(private.group(0)) is None


YUAN = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999.99"), places=2)


@settings(deadline=None)
@given(YUAN)
def test_yuan_round_trip(amount):
    assert parse_amount(f"{amount}元") == amount
    assert parse_amount(f"￥{amount:,}") == amount


@settings(deadline=None)
@given(YUAN)
def test_wan_yuan_round_trip(amount):
    assert parse_amount(f"{amount / 10000}万元") == amount
    assert parse_amount(f"{amount / 10000}", unit="万元") == amount


@settings(deadline=None)
@given(YUAN)
def test_capital_round_trip(amount):
    assert parse_amount(format_capital(amount)) == amount
    assert parse_amount("人民币" + format_capital(amount)) == amount


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1000000", "1000000"),
        ("1,000,000", "1000000"),
        ("１，０００，０００", "1000000"),
        ("100万", "1000000"),
        ("100 万元", "1000000"),
        ("1.5亿", "150000000"),
        ("￥2,000元", "2000"),
        ("0", "0"),
    ],
)
def test_an_amount_typed_in_a_search_form_is_read_whole(typed: str, expected: str) -> None:
    assert parse_typed_amount(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["1.000.000", "1,00", "5%", "abc", "一百万", "100万美元", "2024-01-01", "-5"])
def test_a_typed_amount_that_is_not_one_amount_is_refused(typed: str) -> None:
    assert parse_typed_amount(typed) is None
