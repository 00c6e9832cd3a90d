"""The layouts real notices arrive in, each pinned with the captures' own strings (../shared/data).

Crawler text (``ggzy-gov-cn/bid_data_dev.json``) flattens tables one cell per line; Hefei's bundles keep the
platform's text with its line breaks; Jiangxi's pages separate cells with ``|``; Zhejiang's browser text puts a
whole grid on one line. Every rule here is general: it names layouts, never pages.
"""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from ggzy.harvesters.extract import extract_fields
from ggzy.harvesters.extract.records import notices_from_bytes
from ggzy.model import Kind, Notice
from ggzy.normalize.names import joint_venture_members, organisation_name

_HEFEI_ITEM = re.compile(r'"title": "(?P<title>.*?)", "content": "(?P<content>.*?)", "attachments": \[', re.S)


def national(shared_data: Path, index: int) -> Notice:
    """A crawler's record as ``ggzy extract`` reads a text file: the title, then the text."""
    item = json.loads((shared_data / "ggzy-gov-cn" / "bid_data_dev.json").read_text(encoding="utf-8"))["items"][index]
    text = f"{item['title']}\n{item['content_text']}"
    return notices_from_bytes(text.encode(), source=f"national-{index}.txt")[0]


def hefei(shared_data: Path, project: str) -> Notice:
    """The first notice of a Hefei bundle (its JSON text is broken: the items are cut out by pattern)."""
    bundle = json.loads((shared_data / "hefei-ggzy" / "projects" / f"{project}.json").read_text(encoding="utf-8"))
    item = _HEFEI_ITEM.search(bundle["raw_rows"][0]["bid_content"])
    assert item is not None
    text = f"{item['title'].strip()}\n{item['content'].replace(chr(92) + 'n', chr(10))}"
    return notices_from_bytes(text.encode(), source=f"{project}.txt")[0]


def jiangxi(shared_data: Path, record_id: str) -> Notice:
    with sqlite3.connect(shared_data / "jiangxi-ggzy" / "bid_info.db") as db:
        title, content = db.execute("select title, content from bid_records where id = ?", (record_id,)).fetchone()
    return notices_from_bytes(f"{title}\n{content}".encode(), source=f"{record_id}.txt")[0]


def zhejiang(shared_data: Path, index: int) -> Notice:
    data = json.loads((shared_data / "zhejiang-zfcg" / "zfcg_browser_two_columns_60.json").read_text(encoding="utf-8"))
    notice = data["notices"][index]
    text = f"{notice['title']}\n{notice['raw_detail_text']}"
    return notices_from_bytes(text.encode(), source=f"zfcg-{index}.txt")[0]


def winners(notice: Notice) -> list[tuple[str, Decimal | None]]:
    return [(w.name, w.amount) for w in notice.winners]


# Tables ------------------------------------------------------------------------------------------------------


def test_a_table_printed_one_cell_per_line_gives_its_winner_not_its_headers(shared_data):
    # 供应商名称 / 供应商地址 / 统一信用代码 / 中标金额 / 中标成交备注信息, then the values in the same order.
    notice = national(shared_data, 14)
    assert winners(notice) == [("北京信联云数据技术有限公司", Decimal("884500"))]
    assert notice.winners[0].uscc == "91110105MA01A4ER3E"
    assert notice.amount == Decimal("884500")


def test_a_row_cut_short_by_dropped_empty_cells_is_still_read(shared_data):
    # 供应商名称 / 供应商地址 / 中标（成交）金额 / 评审价格: the crawler dropped the empty 评审价格 cell.
    notice = national(shared_data, 28)
    assert winners(notice) == [("中国广电四川网络股份有限公司巴州区分公司", Decimal("447500"))]


def test_a_unit_column_and_a_section_heading_do_not_shift_the_columns(shared_data):
    # 二、成交情况 then 包号 / 采购内容 / 供应商名称 / 地 址 / 中标金额 / 单位 / 备注信息.
    notice = national(shared_data, 53)
    assert winners(notice) == [("河南世达体育产业发展有限公司", Decimal("1675000"))]


def test_a_row_with_pipe_separators_is_a_table_row():
    text = "结果公告\n供应商名称 | 供应商地址 | 中标金额（万元）\n某某建设有限公司 | 某市某路1号 | 45.6\n"
    found = extract_fields(text)
    assert [(w.name, w.amount) for w in found.winners] == [("某某建设有限公司", Decimal("456000"))]


def test_cells_broken_over_lines_by_pipes_give_the_grid_s_parties(shared_data):
    # 招标人 | ⏎ 武宁归元康养有限公司 ⏎ | ⏎ 工程名称 | …
    notice = jiangxi(shared_data, "042ba44d-69c5-41a7-a765-ed11fa120b23")
    assert notice.buyer is not None and notice.buyer.name == "武宁归元康养有限公司"
    assert notice.kind is Kind.CANDIDATES and notice.winners == [] and notice.amount is None


def test_a_grid_on_one_line_gives_its_buyer_and_its_total_budget(shared_data):
    # 采购单位 浙江省体育局(本级) 采购项目名称 … 预算金额（元） 171070.00 … 预算金额（元）： 4840.（one item）
    notice = zhejiang(shared_data, 5)
    assert notice.buyer is not None and notice.buyer.name == "浙江省体育局(本级)"
    assert notice.budget == Decimal("171070")
    assert notice.kind is Kind.OTHER  # 采购意向


def test_track_record_tables_are_not_this_notice_s(shared_data):
    # 类似业绩 tables list other projects' 项目业主 and 合同价格.
    notice = national(shared_data, 52)
    assert notice.buyer is not None and notice.buyer.name == "泸定县教育和体育局"
    assert notice.kind is Kind.CANDIDATES and notice.winners == [] and notice.amount is None


# Party names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed", ["供应商地址", "中标供应商地址", "人员类别", "项目经理", "质量", "合同签订时间", "信息", "盖章）",
                "中标人", "采购人名称", "符合现行国家有关工程施工质量验收规范和标准的要求(合格)", "张戬"],
)  # fmt: skip
def test_headers_labels_role_words_and_people_are_never_parties(printed):
    assert organisation_name(printed) is None
    assert extract_fields(f"中标人：{printed}").winners == []


@pytest.mark.parametrize(
    "printed", ["北京市体育局本级行政", "济南市历下区教育和体育局（本级）", "新疆马拉松及路跑协会", "长丰县殡仪馆",
                "合肥市蜀山区佰家伴居家养老服务中心", "安徽省工程咨询研究院（安徽省政府投资项目评审中心）"],
)  # fmt: skip
def test_organisations_are_parties(printed):
    assert organisation_name(printed) == printed


def test_a_joint_venture_in_one_cell_gives_its_members(shared_data):
    assert joint_venture_members("浙江沧海建设有限公司和黑森林设计股份公司联合体") == [
        "浙江沧海建设有限公司",
        "黑森林设计股份公司",
    ]
    notice = hefei(shared_data, "2023ACCGZ00260")
    assert winners(notice) == [("安徽省金宇建设集团有限公司", Decimal("5841154")), ("安徽省徽迪工程设计有限公司", None)]
    assert notice.amount == Decimal("5841154")  # the joint venture's amount once, on its lead member


# Codes ------------------------------------------------------------------------------------------------------


def test_a_code_ends_with_its_own_characters():
    assert extract_fields("（项目编号：ABC-2026-017），经评审，中标人为某某有限公司。").project_code == "ABC-2026-017"
    assert extract_fields("项目编号：[330100]ZJCG[GK]2026011").project_code == "[330100]ZJCG[GK]2026011"
    assert extract_fields("1、项目编号：ZSHJ-WHS-FW-2026-014（2）").project_code == "ZSHJ-WHS-FW-2026-014（2）"


def test_a_code_broken_over_lines_is_joined(shared_data):
    notice = hefei(shared_data, "2023ACCGZ00260")  # （项目编号：⏎2023ACCGZ002⏎60⏎）
    assert notice.project_code == "2023ACCGZ00260"


def test_only_project_code_labels_give_the_project_code(shared_data):
    # 项目号：CQS26C00197 then 采购执行编号：ZC-CS-26000217S
    assert national(shared_data, 5).project_code == "CQS26C00197"
    found = extract_fields("采购计划编号：420000-2026-01088\n项目代码：2503-411481-04-01-22542\n【平公资采2026223号】")
    assert found.project_code is None


def test_a_lot_code_is_the_lot_s_not_the_project_s():
    found = extract_fields("项目编号：XM-2026-01\n标段（包）编号：XM-2026-01-02")
    assert (found.project_code, found.lot_code) == ("XM-2026-01", "XM-2026-01-02")
    assert extract_fields("标段编号：BD-7").project_code is None


# Money ------------------------------------------------------------------------------------------------------


def test_units_from_the_label_and_from_the_next_line(shared_data):
    assert extract_fields("最高限价（万元）：45.6").budget == Decimal("456000")
    assert national(shared_data, 22).budget == Decimal("2160000")  # 5、预算金额：⏎216.0⏎(万元)


@pytest.mark.parametrize(
    "line", ["中标（成交）金额：0元", "中标价：350元/工日", "中标费率：0.5%", "中标金额：下浮率12%", "中标价：95%"]
)
def test_placeholders_unit_prices_and_rates_give_no_amount(line):
    assert extract_fields(f"中标人：某某有限公司\n{line}").amount is None


def test_a_fee_rate_award_has_a_winner_and_no_amount(shared_data):
    notice = hefei(shared_data, "2023ABBFN00217")  # 中标费率：0.5%
    assert winners(notice) == [("安徽景源工程咨询管理有限公司", None)] and notice.amount is None


def test_budget_priority_and_a_table_printed_twice(shared_data):
    found = extract_fields("最高限价：90万元\n预算金额：100万元")
    assert found.budget == Decimal("1000000")
    page = (shared_data / "ccgp-gov-cn" / "ccgp_detail.html").read_bytes()
    assert notices_from_bytes(page, source="ccgp_detail.html")[0].budget == Decimal("33000000")


# Kinds and buyers -------------------------------------------------------------------------------------------


def test_the_body_names_the_kind_where_the_title_is_silent(shared_data):
    assert hefei(shared_data, "2023AFABZ02479").kind is Kind.TERMINATION  # 项目因故流标
    assert national(shared_data, 52).kind is Kind.CANDIDATES  # title …建设项目施工; body 评标结果公示
    assert national(shared_data, 0).kind is Kind.AWARD  # 交易价格 … 成交日期


def test_a_project_name_word_is_not_a_kind_word(shared_data):
    assert hefei(shared_data, "2023ABBFN00205").kind is Kind.AWARD  # 国土变更调查 … 结果公告


def test_buyer_from_the_contact_block(shared_data):
    assert national(shared_data, 4).buyer.name == "山东省体育产业发展服务中心"  # 1⏎.采购人⏎信息⏎名 称：⏎…
    assert zhejiang(shared_data, 30).buyer.name == "余姚市环境卫生管理中心"  # 1.采购人信息 名 称： … on one line
    assert hefei(shared_data, "2023ACCFZ00488").buyer.name == "长丰县财政局"  # 征集人⏎信息⏎名称⏎：…


def test_a_content_area_that_is_a_whole_document_gives_only_its_notice_text():
    inner = (
        "<!DOCTYPE html><html><head><title>模板 项目编号：MB-0000-001</title>"
        "<style>td.中标人 { width: 20%; }</style><script>var t = '采购人：模板单位';</script></head>"
        "<body><p>一、项目编号：JSZC-2026-017</p><p>二、采购人：某某市第一中学</p></body></html>"
    )
    title = "某某采购项目中标结果公告"
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{inner}</body></html>"
    notice = notices_from_bytes(page.encode(), source="epoint.html")[0]
    assert (notice.project_code, notice.buyer and notice.buyer.name) == ("JSZC-2026-017", "某某市第一中学")
    assert "模板" not in notice.body_text and "width" not in notice.body_text


def test_a_buyer_said_in_the_agency_s_sentence(shared_data):
    # 肥西县公共资源交易有限责任公司受肥西县花岗镇人民政府委托，…, 项目因故流标。
    notice = hefei(shared_data, "2023AEEGZ00354")
    assert notice.buyer is not None and notice.buyer.name == "肥西县花岗镇人民政府"
    assert notice.agency is not None and notice.agency.name == "肥西县公共资源交易有限责任公司"
    assert notice.kind is Kind.TERMINATION


def test_a_table_s_caption_gives_its_unit():
    found = extract_fields("二、中标结果（单位：万元）\n供应商名称\t中标金额\n某某建设有限公司\t45.6")
    assert [(w.name, w.amount) for w in found.winners] == [("某某建设有限公司", Decimal("456000"))]


def test_plans_and_tenders_told_apart_by_their_bodies(shared_data):
    db = shared_data / "jiangxi-ggzy" / "bid_info.db"
    with sqlite3.connect(db) as connection:
        rows = connection.execute("select id, title from bid_records").fetchall()
    by_title = {title: record_id for record_id, title in rows}
    # 序号 项目名称 建设单位（或招标人）… 预计招标时间: a plan, whatever its title.
    plan = next(i for t, i in by_title.items() if "敖城镇综合农事服务中心" in t)
    assert jiangxi(shared_data, plan).kind is Kind.OTHER
    intention = next(i for t, i in by_title.items() if "招标意向公示" in t)
    assert jiangxi(shared_data, intention).kind is Kind.OTHER
    # 招&nbsp;标&nbsp;公&nbsp;告 under a title without a kind word.
    tender = next(i for t, i in by_title.items() if "水西工业污水处理厂" in t)
    notice = jiangxi(shared_data, tender)
    assert notice.kind is Kind.TENDER and notice.project_code == "赣建区招字【2025】第35号"


def test_a_result_notice_of_ranked_candidates_is_candidates_and_a_ranked_award_stays_an_award():
    ranked = "某某项目中标结果的公示\n第一中标候选人：甲建设有限公司\n第二中标候选人：乙建设有限公司\n投标报价：100万元"
    notice = notices_from_bytes(ranked.encode(), source="candidates.txt")[0]
    assert (notice.kind, notice.winners, notice.amount) == (Kind.CANDIDATES, [], None)
    award = (
        "某某项目中标结果公告\n排名\t供应商\t得分\n第一名\t甲有限公司\t90\n"
        "中标供应商名称\t中标金额\n甲有限公司\t100万元"
    )
    notice = notices_from_bytes(award.encode(), source="award.txt")[0]
    assert notice.kind is Kind.AWARD and winners(notice) == [("甲有限公司", Decimal("1000000"))]
