"""Bidders and candidates read from real notices (national platform, Jiangxi) and from each table layout."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from ggzy.harvesters.extract import build_notice
from ggzy.harvesters.extract.bids import extract_bids
from ggzy.harvesters.extract.html import plain_text_lines
from ggzy.model import BidStatus, Kind


def national(shared_data: Path, title_start: str) -> tuple[str, str]:
    items = json.loads((shared_data / "ggzy-gov-cn" / "bid_data_dev.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["title"].startswith(title_start))
    return item["title"], item["content_text"]


def jiangxi(shared_data: Path, record_id: str) -> tuple[str, str]:
    with sqlite3.connect(shared_data / "jiangxi-ggzy" / "bid_info.db") as db:
        title, detail = db.execute("select title, detail_json from bid_records where id = ?", (record_id,)).fetchone()
    return title, json.loads(detail)["text"]


def notice_of(title: str, text: str):
    return build_notice(centre="real", source_id=title, source_url="", title=title, html_or_text=text)


def test_ranked_candidates_one_cell_per_line_with_a_unit_split_from_its_heading(shared_data):
    notice = notice_of(*national(shared_data, "垫江县体育场钢结构屋面改造工程的中标候选人公示"))
    assert notice.kind is Kind.CANDIDATES
    assert [(c.rank, c.name, c.price) for c in notice.candidates] == [
        (1, "重庆丰渝建筑工程有限公司", Decimal("3078772.7")),
        (2, "重庆数方科技有限责任公司", Decimal("3649999.87")),
        (3, "重庆山渝建筑工程有限公司", Decimal("3682486.65")),
    ]
    # the 否决投标 sentence names the one bid the notice singles out
    [rejected] = notice.bids
    assert rejected.name == "重庆阿泽柯建筑工程有限公司" and rejected.status is BidStatus.DISQUALIFIED
    assert rejected.reason is not None and rejected.reason.startswith("评审点投标总报价不满足招标文件要求")


def test_candidates_with_scores_and_the_other_bidders_make_the_whole_bid_list(shared_data):
    notice = notice_of(*national(shared_data, "泸定县全民健身体育中心建设项目施工"))
    first, _, third = notice.candidates
    assert (first.rank, first.name, first.price, first.score) == (
        1, "中国水利水电第七工程局有限公司", Decimal("139584357.34"), Decimal("96.89"),
    )  # fmt: skip
    assert (third.rank, third.score) == (3, Decimal("92.52"))
    assert len(notice.bids) == 29  # the three candidates, then the 26 other bidders
    assert [b.name for b in notice.bids[:3]] == [c.name for c in notice.candidates]
    others = {b.name: b for b in notice.bids[3:]}
    assert others["河北天昕建设集团有限公司"].price == Decimal("143097138.42")
    assert others["河北天昕建设集团有限公司"].price_as_printed == "143097138.42元"
    assert others["河北天昕建设集团有限公司"].status is BidStatus.VALID
    rejected = others["湖南鑫成建设有限责任公司"]
    assert rejected.status is BidStatus.DISQUALIFIED and rejected.reason is not None
    assert rejected.reason.startswith("专家1：“类似项目业绩”不符合")
    assert [b for b in notice.bids if b.status is BidStatus.DISQUALIFIED] == [rejected]


def test_joint_bidders_are_one_name_and_a_rate_has_no_yuan_amount(shared_data):
    notice = notice_of(*national(shared_data, "永城市教育体育局永城市教育园C区小学建设项目（EPC）第一标段"))
    assert len(notice.candidates) == 26
    first = notice.candidates[0]
    assert first.name == "郑州一建集团有限公司、河南求实岩土工程勘察有限公司"
    assert first.rank is None  # 排序不分先后: a 序号 is not a rank
    assert first.price is None and first.price_as_printed is not None and "97.67%" in first.price_as_printed
    # a lead printed on a line of its own (牵头人： then the name) and a three-member 联合体
    assert (
        notice.candidates[5].name
        == "河南中凯建设集团有限公司、河南省日升合工程咨询有限公司、商丘市弘基建筑勘察设计有限公司"
    )
    assert notice.candidates[10].name == "中国建筑第五工程局有限公司"
    assert not any("项目经理" in c.name or "牵头人" in c.name for c in notice.candidates)


def test_an_award_table_with_a_score_is_not_a_bid_list(shared_data):
    notice = notice_of(*national(shared_data, "新疆维吾尔自治区体育局体育彩票管理中心2026年10公里精英赛"))
    assert notice.bids == [] and notice.candidates == []


def test_jiangxi_labelled_records_and_the_score_row_under_their_names(shared_data):
    notice = notice_of(*jiangxi(shared_data, "ef3ea867-cd54-4b8e-83b7-dbd7fc538628"))
    assert [(c.rank, c.name, c.price, c.score) for c in notice.candidates] == [
        (1, "江西省亿安电梯有限公司", Decimal("1650000.11"), Decimal("94.3")),
        (2, "景德镇托马斯电梯有限公司", Decimal("1651100.00"), Decimal("93.8")),
        (3, "江西吴氏电梯设备有限公司", Decimal("1650000.00"), Decimal("91.5")),
    ]


def test_jiangxi_unranked_candidates_a_bracketed_partner_and_empty_slots(shared_data):
    unranked = notice_of(*jiangxi(shared_data, "d24de974-cdfc-4d5d-bbc6-10a5db46fb55"))
    assert len(unranked.candidates) == 5 and all(c.rank is None for c in unranked.candidates)
    assert unranked.candidates[0].price_as_printed == "1483160.00元"
    joint = notice_of(*jiangxi(shared_data, "36a285a4-e2d3-4f16-a4d7-291a6c7f9d91"))
    assert joint.candidates[0].name == "莲花太平洋建设有限公司、重庆渝宏建筑规划设计有限公司"
    single = notice_of(*jiangxi(shared_data, "31b6589f-d1e1-46a4-baea-a22a52ad0026"))
    assert [(c.rank, c.name, c.score) for c in single.candidates] == [(1, "江西云峰机电设备有限公司", Decimal("90.00"))]


def test_every_jiangxi_candidates_notice_gives_named_priced_candidates(shared_data):
    with sqlite3.connect(shared_data / "jiangxi-ggzy" / "bid_info.db") as db:
        rows = db.execute("select detail_json from bid_records where info_type = '中标候选人公示'").fetchall()
    assert len(rows) == 34
    for (detail,) in rows:
        found = extract_bids(plain_text_lines(json.loads(detail)["text"]))
        assert found.candidates
        for candidate in found.candidates:
            assert candidate.name.endswith(("公司", "公司)", "院")) and candidate.price is not None


def test_no_capture_without_bid_tables_yields_bids(shared_data):
    hunan = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    for item in hunan["data"]["noticeList"]:
        notice = build_notice(centre="hunan", source_id="1", source_url="", title=item["noticeName"],
                              html_or_text=item["noticeContent"])  # fmt: skip
        assert notice.bids == [] and notice.candidates == []


OPENING_HTML = """<h1>某某学校改造工程开标记录</h1>
<table><tr><th>序号</th><th>投标人名称</th><th>统一社会信用代码</th><th>投标报价（万元）</th><th>工期</th></tr>
<tr><td>1</td><td>甲建设工程有限公司</td><td>91350100M000100Y0N</td><td>123.45</td><td>90日历天</td></tr>
<tr><td>2</td><td>乙建筑有限公司</td><td>91350100M000100Y0X</td><td>120</td><td>90日历天</td></tr>
<tr><td>3</td><td>丙工程设计院、丁建设集团有限公司</td><td>/</td><td>下浮率5%</td><td>90日历天</td></tr></table>"""


def test_an_opening_record_as_an_html_table_with_a_unit_in_the_heading():
    notice = build_notice(
        centre="c", source_id="1", source_url="", title="某某学校改造工程开标记录", html_or_text=OPENING_HTML
    )
    assert notice.kind is Kind.OPENING
    assert [(b.name, b.price) for b in notice.bids] == [
        ("甲建设工程有限公司", Decimal("1234500.00")),
        ("乙建筑有限公司", Decimal("1200000")),
        ("丙工程设计院、丁建设集团有限公司", None),
    ]
    assert notice.bids[0].uscc == "91350100M000100Y0N" and notice.bids[1].uscc is None
    assert notice.bids[1].uscc_as_printed == "91350100M000100Y0X"
    assert notice.bids[2].price_as_printed == "下浮率5%" and notice.bids[2].uscc_as_printed is None
    assert notice.candidates == []


def test_a_header_line_with_separators_then_value_lines():
    text = (
        "投标人名称 | 投标报价（元） | 排名\n甲建设工程有限公司 | 1,000,000.00 | 第2名\n乙建筑有限公司 | 990000 | 第1名"
    )
    found = extract_bids(text)
    assert [(b.name, b.price, b.rank) for b in found.bids] == [
        ("甲建设工程有限公司", Decimal("1000000.00"), 2),
        ("乙建筑有限公司", Decimal("990000"), 1),
    ]


def test_one_candidate_per_column():
    text = "\n".join([
        "排序\t第一中标候选人\t第二中标候选人\t第三中标候选人",
        "投标人名称\t甲建设工程有限公司\t乙建筑有限公司\t丙市政工程有限公司",
        "投标报价（万元）\t88.8\t89\t90.5",
        "综合得分\t95.2\t93\t90.01",
    ])  # fmt: skip
    flattened = text.replace("\t", "\n")  # the same table with one cell per line
    assert extract_bids(flattened).candidates == extract_bids(text).candidates
    found = extract_bids(text)
    assert [(c.rank, c.name, c.price, c.score) for c in found.candidates] == [
        (1, "甲建设工程有限公司", Decimal("888000.0"), Decimal("95.2")),
        (2, "乙建筑有限公司", Decimal("890000"), Decimal("93")),
        (3, "丙市政工程有限公司", Decimal("905000.0"), Decimal("90.01")),
    ]


def test_headers_labels_and_role_words_never_become_bidders():
    rows = ["投标人名称\t投标报价\t备注", "投标人名称\t投标报价\t备注", "供应商地址\t123\t/", "中标候选人\t456\t/"]
    text = "\n".join([*rows, "项目经理：张三\t789\t/", "投标单位\t1\t/"])
    found = extract_bids(text)
    assert found.bids == [] and found.candidates == []


def test_only_the_notices_that_print_bid_tables_give_bids(shared_data):
    """Every notice of the real sets: bids and candidates only where a bid table or a 否决 sentence is printed."""
    items = json.loads((shared_data / "ggzy-gov-cn" / "bid_data_dev.json").read_text(encoding="utf-8"))["items"]
    found = {i["title"][:12] for i in items if _any_bids(i["content_text"])}
    assert found == {"垫江县体育场钢结构屋面改", "泸定县全民健身体育中心建", "永城市教育体育局永城市教"}
    zhejiang = json.loads((shared_data / "zhejiang-zfcg" / "zfcg_browser_two_columns_60.json").read_text("utf-8"))
    assert not any(_any_bids(n["raw_detail_text"] or "") for n in zhejiang["notices"])
    hefei = 0
    for path in sorted((shared_data / "hefei-ggzy" / "projects").glob("20*.json")):
        for content in _hefei_pages(path):
            hefei += 1
            assert not _any_bids(content), path.name
    assert hefei > 500  # award notices with 评审总得分, 费率 and 中标金额 tables: winners, never bids


def _hefei_pages(path: Path) -> list[str]:
    """The award notices' texts of one Hefei bundle (a few bundles of the capture are truncated: none then)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8")).get("raw_rows", [])
        pages = [p for r in rows for p in json.loads(r.get("bid_content") or '{"data": []}', strict=False)["data"]]
    except json.JSONDecodeError:
        return []
    return [p.get("content") or "" for p in pages]


def _any_bids(text: str) -> bool:
    found = extract_bids(plain_text_lines(text))
    return bool(found.bids or found.candidates)


def test_an_empty_cell_keeps_its_column():
    html = (
        "<table><tr><th>投标人名称</th><th>统一社会信用代码</th><th>投标报价（元）</th><th>备注</th></tr>"
        "<tr><td>甲建设工程有限公司</td><td></td><td>1000</td><td></td></tr>"
        "<tr><td>乙建筑有限公司</td><td>91350100M000100Y0N</td><td>900</td><td>无</td></tr></table>"
    )
    notice = build_notice(centre="c", source_id="2", source_url="", title="某工程开标记录", html_or_text=html)
    assert [(b.name, b.uscc, b.price) for b in notice.bids] == [
        ("甲建设工程有限公司", None, Decimal("1000")),
        ("乙建筑有限公司", "91350100M000100Y0N", Decimal("900")),
    ]


def test_candidates_printed_as_labelled_lines():
    text = "\n".join([
        "二、中标候选人情况",
        "第一中标候选人：甲建设工程有限公司，投标报价：123.45万元，综合得分：95.5",
        "第二中标候选人：乙建筑有限公司",
        "投标报价：1,300,000.00元",
        "第三中标候选人：丙市政工程有限公司、丁园林绿化有限公司（联合体）",
        "投标报价：下浮率5%",
    ])  # fmt: skip
    found = extract_bids(text)
    assert [(c.rank, c.name, c.price, c.price_as_printed, c.score) for c in found.candidates] == [
        (1, "甲建设工程有限公司", Decimal("1234500.00"), "123.45万元", Decimal("95.5")),
        (2, "乙建筑有限公司", Decimal("1300000.00"), "1,300,000.00元", None),
        (3, "丙市政工程有限公司、丁园林绿化有限公司", None, "下浮率5%", None),
    ]


def test_disqualified_bidders_listed_under_a_reasons_label_one_clause_each(shared_data):
    notice = notice_of(*jiangxi(shared_data, "61f63cf7-5b3d-4ce1-9a4e-f615c1d4b34f"))
    assert [c.name for c in notice.candidates][:1] == ["河南嵩润建设工程有限公司"]
    rejected = {b.name: b.reason for b in notice.bids}
    assert all(b.status is BidStatus.DISQUALIFIED for b in notice.bids) and len(rejected) == 8
    assert rejected["江苏金宇通建设科技集团有限公司"] == "公积金不符合招标文件要求"
    assert rejected["欣勤建设集团有限公司"] == "住房公积金不符合招标文件要求"
    assert rejected["江西天承建设有限公司"] == "未到开标室现场签到"
