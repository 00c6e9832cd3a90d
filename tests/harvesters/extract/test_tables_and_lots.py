"""Header-row tables, units in headings, and several lots with one winner each."""

from __future__ import annotations

from decimal import Decimal

from ggzy.harvesters.extract import build_notice, extract_fields
from ggzy.normalize import uscc

CODE_A = "91330106MA2B0E0X1" + uscc.expected_check_character("91330106MA2B0E0X1")
CODE_B = "91330200MA2C1D2E3" + uscc.expected_check_character("91330200MA2C1D2E3")

AWARD_PAGE = f"""
<h2>某某学校设备采购项目中标结果公告</h2>
<p>一、项目编号：ZJ-CG-2026-018</p>
<table>
  <tr><th>包号</th><th>中标供应商名称</th><th>统一社会信用代码</th><th>中标金额（万元）</th></tr>
  <tr><td>1</td><td>杭州甲科技有限公司</td><td>{CODE_A}</td><td>123.4</td></tr>
  <tr><td>2</td><td>宁波乙贸易有限公司</td><td>{CODE_B[:-1]}0</td><td>56.78</td></tr>
</table>
<table>
  <tr><td>预算金额（万元）</td><td>1,280,000.00元</td></tr>
  <tr><td>采购人</td><td>某某学校</td></tr>
</table>
"""


def test_a_header_row_table_gives_one_winner_per_lot_with_the_headings_unit():
    found = extract_fields("", html=AWARD_PAGE)
    assert [(w.lot, w.name, w.amount) for w in found.winners] == [
        ("1", "杭州甲科技有限公司", Decimal("1234000")),
        ("2", "宁波乙贸易有限公司", Decimal("567800")),
    ]
    assert found.amount == Decimal("1801800")


def test_codes_in_the_table_are_checked_and_kept_as_printed():
    first, second = extract_fields("", html=AWARD_PAGE).winners
    assert first.uscc == CODE_A
    assert second.uscc is None and second.uscc_as_printed == CODE_B[:-1] + "0"


def test_a_unit_printed_with_the_value_wins_over_the_heading():
    assert extract_fields("", html=AWARD_PAGE).budget == Decimal("1280000")


def test_a_bare_yuan_figure_under_a_wan_yuan_heading_is_taken_as_yuan():
    html = (
        "<table><tr><th>标段</th><th>中标人</th><th>中标价（万元）</th></tr>"
        "<tr><td>一</td><td>甲公司</td><td>18791886.00</td></tr></table>"
    )
    assert extract_fields("", html=html).winners[0].amount == Decimal("18791886.00")


def test_ranked_candidates_give_only_the_first_of_each_lot():
    text = (
        "标段\t排名\t中标候选人名称\t投标报价（元）\n"
        "一标段\t1\t甲建设集团有限公司\t1,234,567.00\n"
        "一标段\t2\t乙建设有限公司\t1,300,000.00\n"
        "二标段\t1\t丙工程有限公司\t2,000,000.00"
    )
    found = extract_fields(text)
    assert [(w.lot, w.name, w.amount) for w in found.winners] == [
        ("一标段", "甲建设集团有限公司", Decimal("1234567.00")),
        ("二标段", "丙工程有限公司", Decimal("2000000.00")),
    ]


def test_lots_in_labelled_lines_each_get_their_winner_and_amount():
    text = (
        "第一包：办公设备\n中标供应商：杭州甲科技有限公司\n统一社会信用代码：" + CODE_A + "\n中标金额：12.5万元\n"
        "第二包：打印耗材\n中标金额：\n8万元\n中标供应商：宁波乙贸易有限公司\n服务费率：1.5%\n"
    )
    found = extract_fields(text)
    assert [(w.lot, w.name, w.amount) for w in found.winners] == [
        ("第一包", "杭州甲科技有限公司", Decimal("125000")),
        ("第二包", "宁波乙贸易有限公司", Decimal("80000")),
    ]
    assert found.winners[0].uscc == CODE_A
    assert found.amount == Decimal("205000")


def test_budget_is_the_total_or_the_sum_of_the_lots():
    total_first = "预算金额：300万元\n包1：预算金额：100万元\n包2：预算金额：200万元"
    assert extract_fields(total_first).budget == Decimal("3000000")
    per_lot = "标段（包）一\n最高限价：100万元\n标段（包）二\n最高限价：250万元"
    assert extract_fields(per_lot).budget == Decimal("3500000")


def test_a_lot_table_of_a_tender_sums_its_budgets():
    html = (
        "<table><tr><th>包号</th><th>采购项目名称</th><th>预算金额（万元）</th></tr>"
        "<tr><td>1</td><td>办公家具</td><td>40</td></tr><tr><td>2</td><td>空调</td><td>60.5</td></tr></table>"
    )
    found = extract_fields("", html=html)
    assert found.budget == Decimal("1005000") and found.winners == []


def test_a_two_column_form_laid_out_twice_is_read_as_label_value_pairs():
    html = (
        "<table><tr><td>项目编号</td><td>HZ-2026-3</td><td>项目名称</td><td>道路养护</td></tr>"
        "<tr><td>采购人</td><td>湖州市某某局</td><td>代理机构</td><td>浙江某某咨询有限公司</td></tr></table>"
    )
    found = extract_fields("", html=html)
    assert found.project_code == "HZ-2026-3" and found.project_name == "道路养护"
    assert found.buyer is not None and found.buyer.name == "湖州市某某局"
    assert found.agency is not None and found.agency.name == "浙江某某咨询有限公司"


def test_build_notice_from_a_lot_table_page():
    notice = build_notice(
        centre="demo-zj",
        source_id="9",
        source_url="http://127.0.0.1/n/9",
        title="某某学校设备采购项目中标结果公告",
        html_or_text=AWARD_PAGE,
        region_code="330000",
    )
    assert notice.kind.value == "award" and notice.category.value == "procurement"
    assert notice.project_code == "ZJ-CG-2026-018" and notice.project_name == "某某学校设备采购项目"
    assert notice.usccs() == [CODE_A]
    assert notice.region_code == "330000"


def test_a_sideways_candidates_table_gives_its_first_column():
    html = (
        "<table><tr><td>排序</td><td>第一中标候选人</td><td>第二中标候选人</td><td>第三中标候选人</td></tr>"
        "<tr><td>投标人名称</td><td>甲建设有限公司</td><td>乙建设有限公司</td><td>丙建设有限公司</td></tr>"
        f"<tr><td>统一社会信用代码</td><td>{CODE_A}</td><td>{CODE_B}</td><td>—</td></tr>"
        "<tr><td>投标报价（万元）</td><td>123.4567</td><td>130</td><td>140</td></tr>"
        "<tr><td>项目经理</td><td>张三</td><td>李四</td><td>王五</td></tr></table>"
    )
    found = extract_fields("", html=html)
    assert [(w.name, w.role, w.uscc, w.amount) for w in found.winners] == [
        ("甲建设有限公司", "candidate", CODE_A, Decimal("1234567"))
    ]
    assert found.amount is None


def test_a_code_column_first_in_the_table_still_belongs_to_the_winners():
    text = f"统一社会信用代码\t中标人\t中标价（元）\n{CODE_A}\t甲公司\t100000"
    assert [(w.name, w.uscc) for w in extract_fields(text).winners] == [("甲公司", CODE_A)]
