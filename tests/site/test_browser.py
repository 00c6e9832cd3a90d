"""End to end in headless Chromium against a real server: search, refine, page, open a notice and a company;
axe-core finds no serious or critical accessibility violation; screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.conftest import BUYER, PENALIZED, WINNER, serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh page whose console errors (CSP violations among them) fail the test."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def test_search_refine_page_and_open_a_notice_and_a_company(page, world, screenshots: Path):
    page.goto("/")
    page.get_by_label("搜索公告、项目编号或公司").fill("办公设备")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search?*")
    assert page.get_by_role("heading", name="共 30 条结果").is_visible()
    assert page.locator("section.results mark").first.inner_text() == "办公设备"
    page.screenshot(path=screenshots / "search.png", full_page=True)

    page.locator("section[aria-labelledby='facet-kind']").get_by_role("link", name="中标/成交结果").click()
    page.wait_for_url("**kind=award**")
    assert page.get_by_role("heading", name="共 10 条结果").is_visible()

    page.goto("/search?q=办公设备")
    first_page = page.locator("section.results h3 a").all_inner_texts()
    page.get_by_role("link", name="下一页 »").click()
    page.wait_for_url("**cursor=**")
    second_page = page.locator("section.results h3 a").all_inner_texts()
    assert len(first_page) == 20 and len(second_page) == 10
    assert not set(first_page) & set(second_page)

    page.goto("/search?q=道路改造")
    page.get_by_role("link", name=world.award.title).click()
    page.wait_for_url(f"**/notice/{world.award.id}")
    assert page.get_by_role("heading", level=1).inner_text() == world.award.title
    assert page.locator("ol.timeline li").count() == 4
    page.screenshot(path=screenshots / "notice.png", full_page=True)

    page.get_by_role("link", name=WINNER.name).first.click()
    page.wait_for_url(f"**/entity/{WINNER.uscc}")
    assert page.get_by_role("heading", level=1).inner_text() == WINNER.name
    page.screenshot(path=screenshots / "company.png", full_page=True)


def test_the_home_page_on_a_phone_and_a_desktop(browser, live_server, screenshots: Path):
    for name, viewport in (("home-phone", PHONE), ("home-desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, base_url=live_server, locale="zh-CN")
        page = context.new_page()
        page.goto("/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], name  # nothing forces sideways scrolling
        assert page.locator("figure.chart svg").count() == 2
        page.screenshot(path=screenshots / f"{name}.png", full_page=True)
        context.close()


def test_the_keyboard_reaches_the_skip_link_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到主要内容"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown on focus


def test_the_pages_work_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/search?q=办公设备")
    page.locator("details.filters summary").click()
    page.get_by_role("combobox", name="公告类型").select_option("award")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**kind=award**")
    assert page.get_by_role("heading", name="共 10 条结果").is_visible()
    context.close()


@pytest.mark.parametrize(
    "name", ["home", "search", "notice", "company", "penalized-company", "invalid-code", "methodology", "buyer"]
)
def test_axe_finds_no_serious_or_critical_violation(
    browser, live_server, axe_path: Path, world, name, screenshots: Path
):
    paths = {
        "home": "/",
        "search": "/search?q=办公设备",
        "notice": f"/notice/{world.award.id}",
        "company": f"/entity/{WINNER.uscc}",
        "penalized-company": f"/entity/{PENALIZED.uscc}",
        "invalid-code": f"/entity/{WINNER.uscc[:17]}0",
        "methodology": "/methodology",
        "buyer": f"/buyer/{BUYER.uscc}",
    }
    # axe is injected as a script tag, which the site's own CSP rightly refuses; this context alone bypasses it.
    context = browser.new_context(viewport=PHONE, base_url=live_server, bypass_csp=True, locale="zh-CN")
    page = context.new_page()
    page.goto(paths[name])
    page.screenshot(path=screenshots / f"phone-{name}.png", full_page=True)
    serious = serious_violations(page, axe_path)
    context.close()
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


def test_the_api_page_and_the_search_page_fit_a_phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="zh-CN")
    page = context.new_page()
    for path in ("/api/", "/search?q=道路&region=3305", "/alerts/new?q=道路"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()
