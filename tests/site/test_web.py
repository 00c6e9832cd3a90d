"""The home page, the shared layout, about, sitemap, robots.txt, security headers and error pages."""

from __future__ import annotations

import re

import pytest

from tests.factories import SITE_URL
from tests.site.conftest import AGENCY, BUYER

EVERY_PAGE = [
    "/",
    "/search",
    "/search?q=道路",
    "/about",
    "/centre/huzhou-ggzy",
    "/region/330000",
]


@pytest.fixture
def pages(world):  # type: ignore[no-untyped-def]
    notice_paths = [f"/notice/{world.award.id}", f"/entity/{world.award.winners[0].uscc}"]
    return EVERY_PAGE + notice_paths


def test_every_page_has_the_layout_a_reader_and_a_screen_reader_need(get_page, pages):
    for path in pages:
        page = get_page(path)
        assert page.tree.get("lang") == "zh-CN", path
        assert page.texts("//title")[0].endswith("公共资源交易公开数据"), path
        canonical = page.tree.xpath("//link[@rel='canonical']/@href")
        assert len(canonical) == 1 and canonical[0].startswith(SITE_URL + "/"), path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.tree.xpath(f"//{landmark}"), (path, landmark)
        skip = page.tree.xpath("//a[@class='skip-link']")[0]
        assert skip.get("href") == "#main" and page.tree.xpath("//main[@id='main']")
        assert page.tree.xpath("//h1"), path


def test_every_form_field_has_a_label(get_page):
    for path in ("/", "/search?q=道路"):
        page = get_page(path)
        labelled = set(page.tree.xpath("//label/@for"))
        fields = page.tree.xpath("//input[not(@type='hidden') and not(@type='radio')] | //select")
        assert fields
        assert {f.get("id") for f in fields} <= labelled, path


def test_security_headers_are_on_every_response(client, world):
    for path in ["/", "/search?q=道路", "/static/site.css", "/robots.txt", "/no-such-page", "/sitemap.xml"]:
        with client.get(path) as response:
            headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "style-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_home_shows_latest_notices_counts_charts_and_freshness(get_page, world):
    page = get_page("/")
    assert "共收录 36 条公开公告" in page.body
    latest = page.links("//section[@aria-labelledby='latest-title']//h3/a")
    newest_first = sorted(
        (n for n in world.notices if n is not world.withdrawn_penalty), key=lambda n: n.published, reverse=True
    )
    assert latest == [f"/notice/{n.id}" for n in newest_first[:10]]
    assert f"/notice/{world.withdrawn_penalty.id}" not in page.text
    kinds = page.texts("//aside//ul[@class='counts']//a")
    assert "招标/采购公告 22" in kinds and "中标/成交结果 11" in kinds
    charts = page.tree.xpath("//figure[@class='chart']")
    assert len(charts) == 2
    for chart in charts:
        svg = chart.xpath(".//*[local-name()='svg']")[0]
        assert svg.get("role") == "img" and svg.get("aria-label")
        assert chart.xpath(".//*[local-name()='title']")
        assert chart.xpath(".//table//tbody/tr")
    provinces = page.texts("//figure[2]//table//tbody/tr")
    assert provinces[0] == "湖南省 30"
    freshness = page.texts("//table[caption[contains(., '采集')]]//tbody/tr")
    assert any(row.startswith("湖州市公共资源交易网 4 2026-02-28") for row in freshness)


def test_about_states_the_licence_and_the_sources(get_page):
    page = get_page("/about")
    assert "CC BY 4.0" in page.body
    assert "数据来源" in page.body and "原文" in page.body
    sources = page.texts("//table[caption[contains(., '交易中心')]]//tbody/tr")
    assert "湖州市公共资源交易网 4" in sources and "湖南省公共资源交易服务平台 30" in sources


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in response.get_data(as_text=True)


def test_sitemap_lists_public_pages_but_never_a_withdrawn_penalty(client, world):
    response = client.get("/sitemap.xml")
    xml = response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    assert f"<loc>{SITE_URL}/notice/{world.award.id}</loc>" in xml
    assert f"<loc>{SITE_URL}/notice/{world.active_penalty.id}</loc>" in xml
    assert world.withdrawn_penalty.id not in xml
    assert f"<loc>{SITE_URL}/centre/huzhou-ggzy</loc>" in xml
    assert f"<loc>{SITE_URL}/region/430000</loc>" in xml
    assert f"<loc>{SITE_URL}/entity/{world.award.winners[0].uscc}</loc>" in xml  # company pages too
    assert f"<loc>{SITE_URL}/entity/{world.active_penalty.penalty.subject.uscc}</loc>" in xml
    assert f"<loc>{SITE_URL}/buyer/{BUYER.uscc}</loc>" in xml  # buyer and agency profiles
    assert f"<loc>{SITE_URL}/buyer/{AGENCY.uscc}?role=agency</loc>" in xml


def test_an_unknown_page_is_a_friendly_zh_cn_404_for_browsers(get_page):
    page = get_page("/no-such-page", status=404)
    assert page.tree.get("lang") == "zh-CN"
    assert "页面不存在" in page.body and "返回首页" in page.body
    for path, status in (("/no-such-page", 404), ("/notice/no-such-notice", 404)):
        shown = " ".join(get_page(path, status=status).texts("//main"))
        assert not re.search(r"[A-Za-z]{3,}", shown), shown  # Chinese throughout, no English detail


def test_an_unknown_page_is_problem_json_for_programs(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_a_wrong_method_is_a_405_page(client):
    response = client.post("/search", headers={"Accept": "text/html"})
    assert response.status_code == 405
    assert "不支持的请求方法" in response.get_data(as_text=True)


def test_an_unreachable_index_is_a_503_page_not_a_crash(index_url):
    from ggzy.site import create_app

    broken = create_app({"INDEX": "ftp://nowhere", "TESTING": True}).test_client()
    response = broken.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert "服务暂不可用" in response.get_data(as_text=True)
