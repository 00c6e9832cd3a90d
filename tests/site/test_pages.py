"""The notice, company, centre and region pages."""

from __future__ import annotations

from tests.site.conftest import AGENCY, BUYER, PENALIZED, PROJECT_CODE, REJECTED, UNKNOWN_VALID, WINNER


def field(page, label: str) -> str:  # type: ignore[no-untyped-def]
    rows = page.texts(f"//table[@class='fields']//tr[th[normalize-space()='{label}']]/td")
    assert rows, label
    return rows[0]


def test_a_notice_shows_every_extracted_field_under_a_chinese_label(get_page, world):
    page = get_page(f"/notice/{world.award.id}")
    assert page.texts("//h1") == [world.award.title]
    assert field(page, "项目编号") == PROJECT_CODE
    assert field(page, "项目名称") == "湖州市南太湖大道道路改造工程"
    assert BUYER.name in field(page, "采购人/招标人") and BUYER.uscc in field(page, "采购人/招标人")
    assert AGENCY.name in field(page, "代理机构")
    winner = field(page, "中标人")
    assert "标段一" in winner and WINNER.name in winner and "1,234.57 万元" in winner
    assert "12,345,678.90 元" in field(page, "金额")
    assert field(page, "地区") == "浙江省湖州市"
    assert field(page, "类别") == "工程建设"
    assert f"/entity/{WINNER.uscc}" in page.links()


def test_a_notice_shows_its_candidates_and_bids_with_rank_price_score_and_reason(get_page, world):
    page = get_page(f"/notice/{world.award.id}")
    assert page.texts("//section[@class='bids']/h2") == ["中标候选人（2）", "投标人（本公告列出 3 家）"]
    candidates = page.tree.xpath("//section[@class='bids'][1]//tbody/tr")
    first = [" ".join(td.text_content().split()) for td in candidates[0].xpath("td")]
    assert first[0] == "1" and WINNER.name in first[1] and "1,234.57 万元" in first[2] and first[3] == "95.5"
    assert candidates[0].xpath(f".//a[@href='/entity/{WINNER.uscc}']")
    second = [" ".join(td.text_content().split()) for td in candidates[1].xpath("td")]
    assert (
        second[1] == "湖州路桥建设有限公司、浙江交通设计院"
        and second[2] == "下浮率3%"
        and not candidates[1].xpath(".//a")
    )
    assert page.texts("//section[@class='bids'][1]//thead//th") == ["排名", "名称", "报价", "得分"]
    assert page.texts("//section[@class='bids'][2]//thead//th")[-1] == "否决/废标理由"
    rejected = page.tree.xpath("//section[@class='bids'][2]//tbody/tr[@class='disqualified']")
    assert len(rejected) == 1 and REJECTED.reason in rejected[0].text_content()
    assert "信用代码校验未通过" in rejected[0].text_content()


def test_a_tender_shows_budget_deadline_attachments_and_provenance(get_page, world):
    page = get_page(f"/notice/{world.tender.id}")
    assert "1,500.00 万元" in field(page, "预算")
    assert field(page, "截止时间") == "2026-01-26 09:30 已截止"
    assert page.tree.xpath("//a[normalize-space()='招标文件.pdf']/@href") == [world.tender.attachments[0].url]
    provenance = page.texts("//section[@class='provenance']")[0]
    assert "湖州市公共资源交易网" in provenance and "2026-03-01 08:30" in provenance
    assert world.tender.source_url in page.links()
    assert "全国公共资源交易平台" in provenance and world.tender.also_published[0].url in page.links()
    assert page.texts("//span[@class='countdown']") == ["已截止"]
    assert page.tree.xpath("//div[@class='body-html']//strong[normalize-space()='道路改造']")


def test_the_project_timeline_runs_tender_correction_award_contract(get_page, world):
    page = get_page(f"/notice/{world.contract.id}")
    steps = page.tree.xpath("//ol[@class='timeline']/li")
    kinds = [" ".join(step.xpath(".//span[contains(@class, 'tag')]/text()")) for step in steps]
    assert kinds == ["招标/采购公告", "更正/澄清", "中标/成交结果", "合同"]
    current = page.tree.xpath("//ol[@class='timeline']/li[@class='current']")
    assert len(current) == 1 and "本公告" in current[0].text_content()
    links = page.tree.xpath("//ol[@class='timeline']//a/@href")
    assert links == [f"/notice/{n.id}" for n in (world.tender, world.correction, world.award)]


def test_a_notice_body_is_sanitized_again_before_display(get_page, world):
    page = get_page(f"/notice/{world.hostile.id}")
    body = page.tree.xpath("//div[@class='body-html']")[0]
    assert "学校食堂设备采购" in body.text_content()
    assert not body.xpath(".//script") and not body.xpath(".//*[@onclick or @onerror]")
    assert not [href for href in body.xpath(".//a/@href") if href.startswith("javascript")]
    assert "alert(" not in page.text
    assert page.texts("//h1") == ["成都市<b>学校</b>食堂设备采购公告"]


def test_an_active_penalty_shows_the_decision(get_page, world):
    page = get_page(f"/notice/{world.active_penalty.id}")
    assert field(page, "决定书文号") == "湖建罚字〔2026〕12号"
    assert "50,000.00 元" in field(page, "罚款金额")
    assert PENALIZED.name in field(page, "行政相对人")
    labels = page.texts("//table[@class='fields']//th")
    assert "中标人" not in labels and "项目编号" not in labels  # no empty trading rows on a penalty


def test_a_penalty_past_its_publicity_date_is_gone(get_page, world):
    page = get_page(f"/notice/{world.withdrawn_penalty.id}", status=410)
    assert "不再公开" in page.body
    assert "湖建罚字〔2023〕7号" not in page.text and PENALIZED.name not in page.text


def test_an_unknown_notice_is_a_404_page(get_page):
    page = get_page("/notice/huzhou-ggzy-0000000000", status=404)
    assert "页面不存在" in page.body


def test_a_company_page_shows_names_region_awards_and_notices(get_page, world):
    page = get_page(f"/entity/{WINNER.uscc}")
    assert page.texts("//h1") == [WINNER.name]
    assert "登记地：浙江省杭州市" in page.body
    summary = dict(zip(page.texts("//dl[@class='summary']/dt"), page.texts("//dl[@class='summary']/dd"), strict=True))
    assert summary["中标次数"] == "1" and summary["中标总金额"] == "1,234.57 万元"
    rows = page.texts("//section[@aria-labelledby='notices-title']//li")
    assert len(rows) == 2 and all("中标人" in row for row in rows)
    links = page.links()
    assert f"/feeds/entity/{WINNER.uscc}.atom" in links
    assert f"/opendata/entities/{WINNER.uscc}.csv" in links and f"/opendata/entities/{WINNER.uscc}.json" in links
    assert page.tree.xpath(f"//link[@rel='alternate'][@href='/feeds/entity/{WINNER.uscc}.atom']")


def test_a_buyer_page_names_its_role(get_page):
    page = get_page(f"/entity/{BUYER.uscc}")
    rows = page.texts("//section[@aria-labelledby='notices-title']//li")
    assert len(rows) == 4 and all("采购人/招标人" in row for row in rows)


def test_active_penalties_come_first_and_withdrawn_ones_are_absent(get_page):
    page = get_page(f"/entity/{PENALIZED.uscc}")
    first_section = page.tree.xpath("//article/section")[0]
    assert first_section.get("class") == "alert-box"
    assert "湖建罚字〔2026〕12号" in first_section.text_content()
    assert "湖建罚字〔2023〕7号" not in page.text


def test_a_wrong_check_character_is_a_404_that_names_the_right_one(get_page):
    wrong = WINNER.uscc[:17] + ("0" if WINNER.uscc[17] != "0" else "1")
    page = get_page(f"/entity/{wrong}", status=404)
    assert f"应为“{WINNER.uscc[17]}”" in page.body
    assert f"/entity/{WINNER.uscc}" in page.links()
    short = get_page("/entity/91330100MA27", status=404)
    assert "应为 18 位" in short.body


def test_a_lower_case_code_redirects_to_the_printed_form(client):
    response = client.get(f"/entity/{WINNER.uscc.lower()}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/entity/{WINNER.uscc}?from={WINNER.uscc.lower()}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'已将输入的“<span class="code">{WINNER.uscc.lower()}</span>”规范为' in page


def test_a_valid_code_with_no_notices_says_no_records(get_page):
    page = get_page(f"/entity/{UNKNOWN_VALID}")
    assert "暂无记录" in page.body
    assert "登记地：北京市" in page.body


def test_a_centre_page_lists_its_notices_freshness_and_feed(get_page, world):
    page = get_page("/centre/huzhou-ggzy")
    assert page.texts("//h1") == ["湖州市公共资源交易网"]
    assert "4 条" in page.body and "2026-02-28" in page.body
    assert set(page.tree.xpath("//ol[@class='notice-list']//h3/a/@href")) == {
        f"/notice/{n.id}" for n in (world.tender, world.correction, world.award, world.contract)
    }
    assert "/feeds/centre/huzhou-ggzy.atom" in page.links()
    get_page("/centre/no-such-centre", status=404)


def test_a_region_page_lists_notices_cities_and_feed(get_page, world):
    province = get_page("/region/330000")
    assert province.texts("//h1") == ["浙江省"]
    assert "/region/330500" in province.links() and "/region/330100" in province.links()
    assert "/feeds/region/330000.atom" in province.links()
    assert f"/notice/{world.award.id}" in province.links()
    city = get_page("/region/330500")
    assert city.texts("//h1") == ["浙江省湖州市"]
    assert "/region/330000" in city.links()


def test_region_codes_are_checked(client, get_page):
    response = client.get("/region/33")
    assert response.status_code == 301 and response.headers["Location"] == "/region/330000"
    get_page("/region/990000", status=404)
    get_page("/region/zhejiang", status=404)
