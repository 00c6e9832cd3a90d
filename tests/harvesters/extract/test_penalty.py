"""双公示 penalty rows and 严重违法失信 listings as Penalty records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ggzy.harvesters.extract import build_notice, extract_fields, parse_penalty_row, record_notice
from ggzy.model import Category, Kind, SubjectCategory
from ggzy.normalize import uscc

COMPANY = "91330106MA2B0E0X1" + uscc.expected_check_character("91330106MA2B0E0X1")
AUTHORITY = "11330100002498869" + uscc.expected_check_character("11330100002498869")


def test_a_shuanggongshi_row_fills_every_item():
    penalty = parse_penalty_row(
        {
            "行政相对人名称": "杭州甲科技有限公司",
            "行政相对人类别": "法人及非法人组织",
            "统一社会信用代码": COMPANY,
            "法定代表人": "赵某",
            "行政处罚决定书文号": "杭市监罚〔2025〕12号",
            "违法行为类型": "虚假宣传",
            "违法事实": "在网站发布虚假广告",
            "处罚依据": "《中华人民共和国广告法》第五十五条",
            "处罚类别": "警告;罚款",
            "处罚内容": "警告并罚款5000元",
            "罚款金额（万元）": "0.5",
            "没收违法所得金额（万元）": "1.2",
            "处罚决定日期": "2025/03/01",
            "处罚有效期": "2026-03-01",
            "公示截止期": "2028年3月1日",
            "处罚机关": "杭州市市场监督管理局",
            "处罚机关统一社会信用代码": AUTHORITY,
            "数据来源单位": "杭州市市场监督管理局",
        }
    )
    assert penalty.subject.name == "杭州甲科技有限公司" and penalty.subject.uscc == COMPANY
    assert penalty.subject_category is SubjectCategory.LEGAL_PERSON
    assert penalty.legal_representative == "赵某"
    assert penalty.decision_no == "杭市监罚〔2025〕12号"
    assert penalty.violation_type == "虚假宣传" and penalty.facts == "在网站发布虚假广告"
    assert penalty.penalty_types == ["警告", "罚款"]
    assert penalty.fine == Decimal("5000") and penalty.confiscated == Decimal("12000")
    assert penalty.decided_on == date(2025, 3, 1)
    assert penalty.valid_until == date(2026, 3, 1)
    assert penalty.publicity_until == date(2028, 3, 1)
    assert penalty.authority is not None and penalty.authority.uscc == AUTHORITY
    assert penalty.data_source == "杭州市市场监督管理局"


def test_a_procurement_blacklist_row():
    penalty = parse_penalty_row(
        {
            "企业名称": "宁波乙贸易有限公司",
            "统一社会信用代码": COMPANY[:-1] + "0",
            "企业地址": "宁波市鄞州区",
            "严重违法失信行为的具体情形": "提供虚假材料谋取中标",
            "处罚结果": "罚款3000元，列入不良行为记录名单，一年内禁止参加政府采购活动",
            "处罚依据": "《中华人民共和国政府采购法》第七十七条",
            "处罚日期": "2025年1月5日",
            "公布日期": "2025-01-10",
            "公布截止日期": "2028-01-09",
            "执法单位": "宁波市财政局",
        }
    )
    assert penalty.subject.name == "宁波乙贸易有限公司"
    assert penalty.subject.uscc is None and penalty.subject.uscc_as_printed == COMPANY[:-1] + "0"
    assert penalty.facts == "提供虚假材料谋取中标"
    assert penalty.content is not None and penalty.content.startswith("罚款3000元")
    # The list has no 处罚类别 or 罚款 column: both come from 处罚结果, with the ban and the list's name.
    assert penalty.penalty_types == ["罚款", "列入不良行为记录名单", "禁止参加政府采购活动"]
    assert penalty.fine == Decimal("3000")
    assert penalty.banned_until == date(2026, 1, 4)
    assert penalty.list_name == "政府采购严重违法失信行为记录名单"
    assert penalty.is_serious() and penalty.severity().rank == 5
    assert penalty.decided_on == date(2025, 1, 5) and penalty.publicity_until == date(2028, 1, 9)
    assert penalty.authority is not None and penalty.authority.name == "宁波市财政局"


def test_a_serious_violation_keeps_its_fine_ban_and_list():
    penalty = parse_penalty_row(
        {
            "企业名称": "湖南丙建设有限公司",
            "统一社会信用代码": COMPANY,
            "严重违法失信行为的具体情形": "提供虚假材料谋取中标",
            "处罚结果": "罚款人民币11000元，列入不良行为记录名单，1年内禁止参加政府采购活动",
            "处罚依据": "《中华人民共和国政府采购法》第七十七条第一款第（一）项",
            "处罚日期": "2024-02-29",
            "公布截止日期": "2025-02-27",
        }
    )
    assert penalty.fine == Decimal("11000")
    assert penalty.banned_until == date(2025, 2, 27)  # one year from 2024-02-29, the day before 2025-02-28
    assert penalty.list_name == "政府采购严重违法失信行为记录名单" and penalty.is_serious()


def test_a_ban_with_a_printed_end_date():
    penalty = parse_penalty_row(
        {
            "当事人名称": "某公司",
            "处罚内容": "罚款5000元，禁止参加政府采购活动至2026年5月31日",
            "处罚决定日期": "2025-06-01",
        }
    )
    assert penalty.banned_until == date(2026, 5, 31) and penalty.fine == Decimal("5000") and penalty.is_serious()


def test_an_ordinary_fine_is_not_a_serious_violation():
    penalty = parse_penalty_row({"当事人名称": "某公司", "处罚类别": "罚款", "处罚内容": "罚款5000元"})
    assert penalty.list_name is None and penalty.banned_until is None and not penalty.is_serious()
    assert penalty.severity().rank == 3


def test_column_names_with_half_width_brackets_and_spaces_are_recognised():
    penalty = parse_penalty_row({"行政相对人名称 ": "丙公司", "罚款金额(万元)": "2", "处罚机关": "某局"})
    assert penalty.fine == Decimal("20000")


def test_an_individual_business_and_a_natural_person():
    shop = parse_penalty_row({"行政相对人名称": "某某小吃店", "行政相对人类别": "个体工商户", "处罚内容": "警告"})
    assert shop.subject_category is SubjectCategory.INDIVIDUAL_BUSINESS
    person = parse_penalty_row({"行政相对人名称": "李某", "证件号码": "33010219800101123X", "处罚内容": "警告"})
    assert person.subject_category is SubjectCategory.NATURAL_PERSON
    assert person.subject.uscc is None and person.subject.uscc_as_printed is None  # an ID number is not a code


def test_a_labelled_penalty_page_becomes_a_penalty_notice():
    text = (
        "行政相对人名称：杭州甲科技有限公司\n统一社会信用代码：" + COMPANY + "\n"
        "行政处罚决定书文号：杭财采罚〔2025〕3号\n处罚内容：罚款5000元\n处罚决定日期：2025-04-01\n"
        "公示截止期：2026-04-01\n处罚机关：杭州市财政局"
    )
    assert extract_fields(text).penalty is not None
    notice = build_notice(
        centre="demo-zj", source_id="p1", source_url="", title="杭州市财政局行政处罚决定书", html_or_text=text
    )
    assert notice.kind is Kind.PENALTY
    assert notice.penalty is not None and notice.penalty.subject.uscc == COMPANY
    assert notice.penalty.publicity_until == date(2026, 4, 1)
    assert COMPANY in notice.usccs()


def test_a_company_name_alone_is_not_a_penalty():
    assert extract_fields("企业名称：杭州甲科技有限公司\n联系电话：0571-88888888").penalty is None


def test_a_credit_list_row_becomes_a_notice_with_its_penalty_and_nothing_guessed_from_its_text():
    row = {
        "行政相对人名称": "李某",
        "证件号码": "33010219800101123X",
        "行政处罚决定书文号": "湖市监罚〔2025〕3号",
        "处罚内容": "警告，中标金额：100万元",
        "处罚决定日期": "2025-04-02",
        "数据来源": "湖州市吴兴区市场监督管理局",
    }
    notice = record_notice(
        centre="huzhou-credit",
        key="湖市监罚〔2025〕3号",
        source_url="https://example.org/xzcf/1",
        title="李某行政处罚信息（湖市监罚〔2025〕3号）",
        row=row,
        published=None,
        category=Category.OTHER,
        region_code="330000",
        spider="huzhou_credit",
    )
    assert notice.kind is Kind.PENALTY and notice.penalty is not None
    assert notice.penalty.decision_no == "湖市监罚〔2025〕3号"
    assert "33010219800101123X" not in notice.body_text + notice.body_html
    assert "证件号码：330102" in notice.body_text  # masked, not dropped
    assert notice.amount is None and notice.winners == [] and notice.buyer is None  # a row is not a result notice
    assert notice.region_code == "330500"  # 湖州, named by the data source, inside the stated 浙江
