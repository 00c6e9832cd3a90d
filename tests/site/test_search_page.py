"""The search page: highlights, facets that refine, cursor paging, feed and CSV links, errors, companies."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.site.conftest import PROJECT_CODE, WINNER

RESULT_LINKS = "//section[@class='results']//h3/a/@href"


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_words_find_notices_with_their_matches_marked(get_page, world):
    page = get_page("/search?q=道路改造")
    assert "共 4 条结果" in page.body
    found = set(page.tree.xpath(RESULT_LINKS))
    assert found == {f"/notice/{n.id}" for n in (world.tender, world.correction, world.award, world.contract)}
    marks = page.texts("//section[@class='results']//h3//mark")
    assert marks and all(m == "道路改造" for m in marks)
    assert page.tree.xpath("//input[@id='q']/@value") == ["道路改造"]


def test_harvested_markup_in_a_title_is_shown_as_text_never_run(get_page, world):
    page = get_page("/search?q=食堂")
    title = page.texts("//section[@class='results']//h3/a")[0]
    assert "<b>学校</b>" in title
    assert not page.tree.xpath("//section[@class='results']//h3//b")


def test_a_facet_link_refines_the_search_and_keeps_the_words(get_page):
    page = get_page("/search?q=办公设备")
    award_link = page.tree.xpath("//section[@aria-labelledby='facet-kind']//a[contains(., '中标/成交结果')]/@href")[0]
    assert params(award_link) == {"q": ["办公设备"], "kind": ["award"]}
    refined = get_page(award_link)
    assert "共 10 条结果" in refined.body
    assert all("中标结果" in t for t in refined.texts("//section[@class='results']//h3/a"))
    chips = refined.texts("//ul[@class='active-filters']//a")
    assert any("类型：中标/成交结果" in c for c in chips)
    province = get_page("/search?q=道路").tree.xpath(
        "//section[@aria-labelledby='facet-province']//a[contains(., '浙江省')]/@href"
    )[0]
    assert params(province)["region"] == ["33"]


def test_next_page_follows_the_cursor_and_keeps_every_parameter(get_page):
    first = get_page("/search?q=办公设备&category=procurement&sort=newest")
    assert "共 30 条结果" in first.body
    first_hits = first.tree.xpath(RESULT_LINKS)
    assert len(first_hits) == 20
    next_url = first.tree.xpath("//nav[@class='pager']//a[@rel='next']/@href")[0]
    kept = params(next_url)
    assert kept["q"] == ["办公设备"] and kept["category"] == ["procurement"] and kept["sort"] == ["newest"]
    assert kept["cursor"]
    second = get_page(next_url)
    second_hits = second.tree.xpath(RESULT_LINKS)
    assert len(second_hits) == 10
    assert not set(first_hits) & set(second_hits)
    assert not second.tree.xpath("//nav[@class='pager']//a[@rel='next']")
    assert second.tree.xpath("//nav[@class='pager']//a[contains(., '第一页')]")


def test_feed_and_csv_links_repeat_exactly_this_search(get_page):
    page = get_page("/search?q=办公设备&kind=tender&region=43&from=2025-01-01&amount_min=1000")
    wanted = {"q": ["办公设备"], "kind": ["tender"], "region": ["43"], "from": ["2025-01-01"], "amount_min": ["1000"]}
    alternates = {link.get("type"): link.get("href") for link in page.tree.xpath("//link[@rel='alternate']")}
    assert urlsplit(alternates["application/rss+xml"]).path == "/feeds/search.rss"
    assert urlsplit(alternates["application/atom+xml"]).path == "/feeds/search.atom"
    assert urlsplit(alternates["text/csv"]).path == "/opendata/search.csv"
    twin = alternates.pop("application/json")
    assert urlsplit(twin).path == "/search" and params(twin) == {**wanted, "format": ["json"]}
    for href in alternates.values():
        assert params(href) == wanted
    visible = page.tree.xpath("//p[@class='subscribe']/a/@href")
    alert = page.tree.xpath("//p[@class='subscribe']/a[contains(., '邮件')]/@href")[0]
    assert urlsplit(alert).path == "/alerts/new" and params(alert) == wanted
    assert sorted(visible) == sorted([*alternates.values(), alert])


def test_an_empty_search_explains_what_to_type_and_lists_the_newest(get_page):
    page = get_page("/search")
    assert "输入关键词" in page.body
    assert len(page.tree.xpath(RESULT_LINKS)) == 20


def test_nothing_found_gives_suggestions(get_page):
    page = get_page("/search?q=不存在的词语组合")
    assert "共 0 条结果" in page.body and "没有找到符合条件的公告" in page.body


def test_invalid_parameters_are_a_400_page_that_names_the_field(get_page):
    for query, label in [
        ("from=2026-13-45", "发布日期起"),
        ("amount_min=-5", "最低金额"),
        ("amount_max=1.000.000", "最高金额"),
        ("within=2w", "发布时间"),
        ("region=zhejiang", "地区"),
        ("kind=rumour", "公告类型"),
        ("sort=random", "排序"),
        ("cursor=not-a-cursor", "查询条件有误"),
    ]:
        page = get_page(f"/search?q=道路&{query}", status=400)
        alert = page.texts("//div[@role='alert']")[0]
        assert label in alert, query
        assert page.tree.xpath("//input[@id='q']/@value") == ["道路"]


def test_a_valid_credit_code_goes_straight_to_the_company(client):
    response = client.get(f"/search?q={WINNER.uscc}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/entity/{WINNER.uscc}"
    response = client.get(f"/search?q={WINNER.uscc.lower()}")
    assert response.headers["Location"] == f"/entity/{WINNER.uscc}"


def test_a_company_name_shows_matching_companies_above_the_notices(get_page):
    page = get_page("/search?q=浙江交工建设集团有限公司")
    companies = page.tree.xpath("//section[@class='companies']//a/@href")
    assert companies == [f"/entity/{WINNER.uscc}"]


def test_the_company_tab_searches_names_only(get_page):
    page = get_page("/search?q=交工&tab=company")
    assert page.tree.xpath("//section[@class='companies']//a/@href") == [f"/entity/{WINNER.uscc}"]
    assert not page.tree.xpath(RESULT_LINKS)
    none = get_page("/search?q=不存在公司&tab=company")
    assert "没有名称包含" in none.body


def test_a_withdrawn_penalty_is_never_found(get_page, world):
    page = get_page("/search?q=恒达建材")
    found = page.tree.xpath(RESULT_LINKS)
    assert found == [f"/notice/{world.active_penalty.id}"]


def test_a_project_code_filter_shows_as_a_removable_filter(get_page):
    page = get_page(f"/search?project_code={PROJECT_CODE}")
    assert "共 4 条结果" in page.body
    chip = page.tree.xpath("//ul[@class='active-filters']//a[contains(., '项目编号')]/@href")[0]
    assert "project_code" not in params(chip)


def test_the_form_offers_provinces_and_centres_and_shows_the_search_it_came_from(get_page):
    page = get_page("/search?region=3305&centre=huzhou-ggzy")
    regions = dict(
        zip(
            page.tree.xpath("//select[@id='f-region']/option/@value"),
            page.texts("//select[@id='f-region']/option"),
            strict=True,
        )
    )
    assert regions["33"] == "浙江省" and regions["43"] == "湖南省"
    assert page.texts("//select[@id='f-region']/option[@selected]") == ["— 湖州市"]
    assert regions["3301"] == "— 杭州市" and "4301" not in regions  # the chosen province's cities, no others
    county = get_page("/search?region=330106")
    assert county.texts("//select[@id='f-region']/option[@selected]") == ["—— 西湖区"]
    assert "3302" in county.tree.xpath("//select[@id='f-region']/option/@value")
    assert page.texts("//select[@id='f-centre']/option[@selected]") == ["湖州市公共资源交易网"]
    assert "共 4 条结果" in page.body


def test_sort_links_keep_the_search_and_order_by_amount(get_page):
    page = get_page("/search?q=办公设备&kind=award")
    by_amount = page.tree.xpath("//nav[@class='sort-links']//a[normalize-space()='金额从高到低']/@href")[0]
    assert params(by_amount) == {"q": ["办公设备"], "kind": ["award"], "sort": ["amount"]}
    sorted_page = get_page(by_amount)
    amounts = [t.split("金额 ")[1] for t in sorted_page.texts("//section[@class='results']//p[@class='meta']")]
    assert amounts[:3] == ["12.00 万元", "11.70 万元", "11.40 万元"]
    assert sorted_page.texts("//nav[@class='sort-links']//a[@aria-current='true']") == ["金额从高到低"]


def test_the_search_help_lists_the_syntax_with_an_example_each(get_page):
    page = get_page("/search")
    rows = page.texts("//details[@id='search-help']//tbody/tr")
    for example in (
        "教学楼 施工",
        '"教学楼新建工程"',
        "教学楼 OR 医院",
        "食堂 -承包",
        "标题:监理",
        "采购人:教育局",
        "處罰",
    ):
        assert any(example in row for row in rows), example
    assert page.tree.xpath("//select[@id='f-within']/option[@value='7d']/text()") == ["近7天"]
    assert page.tree.xpath("//input[@name='open'][@type='checkbox']")


def test_a_malformed_query_is_a_400_page_saying_what_to_change(get_page):
    page = get_page("/search?q=道路 OR", status=400)
    alert = page.texts("//div[@role='alert']")[0]
    assert "「OR」后面缺少词" in alert and "教学楼 OR 医院" in alert


def test_excluded_words_and_chips_of_the_new_filters(get_page):
    titles = "//section[@class='results']//h3/a"
    assert any("第12中学" in t for t in get_page("/search?q=办公设备&size=50").texts(titles))
    assert not any("第12中学" in t for t in get_page("/search?q=办公设备 -第12中学&size=50").texts(titles))
    without = get_page("/search?q=办公设备 -第12中学&within=1y&open=1&amount_min=1万")
    chips = without.texts("//ul[@class='active-filters']/li/a")
    assert "发布时间：近7天" not in chips and any("发布时间：近一年" in c for c in chips)
    assert any("投标截止：未截止" in c for c in chips) and any("最低金额：1.00 万元" in c for c in chips)


def test_the_year_facet_is_ordered_by_year(get_page):
    years = get_page("/search").texts("//section[@aria-labelledby='facet-year']//a")
    assert len(years) >= 2
    numbers = [int(label.split(" 年")[0]) for label in years]
    assert numbers == sorted(numbers, reverse=True)
