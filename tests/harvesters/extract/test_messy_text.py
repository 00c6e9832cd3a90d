"""Real texts as they come out of real pages: lines broken inside labels, dates and numbers."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from ggzy.harvesters.extract import decode_page, extract_fields, html_to_text

BUYER = "德清县体育中心（德清县少年儿童体育学校）"
WINNER = "湖州新国旅外事旅游汽车服务有限公司"


def b_page_text(shared_data) -> str:
    return html_to_text(decode_page((shared_data / "ggzy-gov-cn" / "detail_b_sample.html").read_bytes()))


def hunan_text(shared_data) -> str:
    data = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    return html_to_text(data["data"]["noticeList"][0]["noticeContent"])


def test_a_table_copied_cell_by_cell_still_pairs_labels_with_values(shared_data):
    flattened = b_page_text(shared_data).replace("\t", "\n")
    found = extract_fields(flattened)
    assert found.buyer is not None and found.buyer.name == BUYER
    assert [w.name for w in found.winners] == [WINNER]
    assert found.amount is None


def test_numbered_labels_broken_after_their_number(shared_data):
    rows = [line.split("\t") for line in b_page_text(shared_data).split("\n") if "\t" in line]
    numbered = "\n".join(f"{n}\n、{label}：{value}" for n, (label, value) in enumerate(rows, start=1))
    found = extract_fields(numbered)
    assert found.buyer is not None and found.buyer.name == BUYER
    assert found.winners[0].name == WINNER


def test_labels_colons_and_amounts_on_lines_of_their_own(shared_data):
    text = b_page_text(shared_data).replace("合同金额\t0元 人民币", "中标价\n：\n18791886.00元")
    text = text.replace("\t", "\n：\n")
    found = extract_fields(text)
    assert found.winners[0].name == WINNER
    assert found.winners[0].amount == Decimal("18791886.00")
    assert found.amount == Decimal("18791886.00")


def test_dates_broken_between_every_part(shared_data):
    text = hunan_text(shared_data) + "\n投标截止时间：2026\n年\n3\n月\n17\n日\n9\n时\n30\n分"
    found = extract_fields(text)
    assert found.deadline == datetime(2026, 3, 17, 9, 30)


def test_a_date_and_its_time_on_separate_lines():
    found = extract_fields("开标时间：2025-06-17\n09:30\n开标地点：张家界市公共资源交易中心")
    assert found.deadline == datetime(2025, 6, 17, 9, 30)


def test_spaced_out_and_broken_labels_in_the_real_contact_block(shared_data):
    text = (
        hunan_text(shared_data)
        .replace("（1）招 标 人：", "（1）招 标\n人：")
        .replace("（2）招标代理机构：", "（2）招标\n代理\n机构\n：\n")
    )
    found = extract_fields(text)
    assert found.labels["招标人"] == "张家界市永定区阳湖坪黄家铺学校"
    assert found.agency is not None and found.agency.name == "湖南宸誉工程项目管理有限公司"


def test_inline_labels_stop_at_the_next_label():
    found = extract_fields(
        "采购人：杭州市某某局 地址：杭州市上城区 联系人：王先生\n采购代理机构：浙江某某咨询有限公司；"
    )
    assert found.buyer is not None and found.buyer.name == "杭州市某某局"
    assert found.agency is not None and found.agency.name == "浙江某某咨询有限公司"


def test_a_rate_or_a_discount_is_not_an_amount_and_zero_is_unknown():
    assert extract_fields("中标人：甲公司\n中标价：下浮率5%").amount is None
    assert extract_fields("中标人：甲公司\n投标报价：费率1.2%").winners[0].amount is None
    assert extract_fields("成交供应商：乙公司\n成交金额：0元").amount is None
    assert extract_fields("中标人：甲公司\n中标价：95折").amount is None


def test_label_synonyms_for_every_field():
    text = (
        "招标编号：HN-2026-9\n建设单位：长沙市某某局\n招标代理：湖南某某招标有限公司\n"
        "第一中标候选人：湖南某某建设有限公司\n投标报价：1234567.89元\n招标控制价：150万元\n"
        "递交截止时间：2026年5月6日 10:00\n"
    )
    found = extract_fields(text)
    assert found.project_code == "HN-2026-9"
    assert found.buyer is not None and found.buyer.name == "长沙市某某局"
    assert found.agency is not None and found.agency.name == "湖南某某招标有限公司"
    assert [(w.name, w.role, w.amount) for w in found.winners] == [
        ("湖南某某建设有限公司", "candidate", Decimal("1234567.89"))
    ]
    assert found.amount is None  # a candidate's bid is not an awarded amount
    assert found.budget == Decimal("1500000")
    assert found.deadline == datetime(2026, 5, 6, 10, 0)


def test_a_unit_in_the_label_applies_to_a_bare_number():
    found = extract_fields("中标人：甲公司\n中标价（万元）：123.4\n预算金额(元)：2000000")
    assert found.amount == Decimal("1234000")
    assert found.budget == Decimal("2000000")


def test_the_procurement_notice_format_with_party_sections_and_a_deadline_heading():
    text = (
        "项目编号：ZJ-2026-001\n预算金额：198.000000 万元（人民币）\n"
        "五、提交投标文件截止时间、开标时间和地点\n2026年03月31日 09点30分（北京时间）\n地点：杭州市公共资源交易中心\n"
        "1.采购人信息：\n名 称：杭州市某某学校\n地址：杭州市西湖区\n"
        "2.采购代理机构信息\n名 称：浙江某某招标代理有限公司\n地 址：杭州市"
    )
    found = extract_fields(text)
    assert found.budget == Decimal("1980000")
    assert found.deadline == datetime(2026, 3, 31, 9, 30)
    assert found.buyer is not None and found.buyer.name == "杭州市某某学校"
    assert found.agency is not None and found.agency.name == "浙江某某招标代理有限公司"


def test_an_award_table_whose_amount_cells_carry_their_own_words():
    text = (
        "序号\t中标（成交）金额(元)\t中标供应商名称\t中标供应商地址\n1\t报价:1980000(元)\t杭州某某厨具有限公司\t杭州市"
    )
    found = extract_fields(text)
    assert [(w.name, w.amount) for w in found.winners] == [("杭州某某厨具有限公司", Decimal("1980000"))]


def test_a_whole_notice_flattened_onto_one_line():
    text = (
        "项目名称：某某设备升级采购 项目编号：HC(4)2017-040   一、项目联系方式： 项目联系人：王某 "
        "项目联系电话： 0771-2851243   二、原公告名称及地址时间等： 首次公告日期：2017年07月11日 "
        "三、 采购人名称：某某市公安局某某分局； 地址：某某路81号 联系人及电话: 文某；0771-3836260 "
        "四、 采购代理机构：某某招标中心； 地址：某某路165号； 项目联系人：王某"
    )
    found = extract_fields(text)
    assert found.project_code == "HC(4)2017-040"
    assert found.project_name == "某某设备升级采购"
    assert found.buyer is not None and found.buyer.name == "某某市公安局某某分局"
    assert found.agency is not None and found.agency.name == "某某招标中心"
    assert found.published is None  # 首次公告日期 is the first notice's date, not this one's
