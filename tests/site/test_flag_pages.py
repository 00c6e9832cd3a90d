"""Integrity flags where readers see them: the notice page (state, detail, inputs linked, thresholds), the company
page, the buyer page (single-bid rate, counts per flag), the methodology's coverage, and the JSON of each page."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ggzy.flags.catalogue import load_catalogue
from ggzy.normalize.dates import china_today
from tests.site.conftest import serious_violations
from tests.site.flag_world import BANNED, BUYER, WINNER, FlagWorld, build_flag_world, flagged_app

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def flag_world() -> FlagWorld:
    return build_flag_world(china_today())


@pytest.fixture(scope="module")
def app(flag_world: FlagWorld, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return flagged_app(Path(tmp_path_factory.mktemp("flag-pages")), flag_world)


def test_the_notice_page_shows_each_flag_with_its_inputs_linked(flag_world: FlagWorld, get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/notice/{flag_world.award.id}")
    (section,) = page.tree.xpath("//section[@aria-labelledby='flags-title']")
    heading = page.texts("//h2[@id='flags-title']")[0]
    assert "1 个触发" in heading
    triggered = section.xpath(".//li[contains(@class, 'flag-item-triggered')]")
    assert len(triggered) == 1
    text = " ".join(triggered[0].text_content().split())
    assert "在效处罚" not in text and "投标人或中标人在投标日处于处罚" in text
    assert f"{BANNED.name}（按统一社会信用代码匹配）" in text and "禁止参加政府采购活动期间" in text
    links = [a.get("href") for a in triggered[0].xpath(".//a")]
    assert "/methodology#penalised_bidder" in links and f"/notice/{flag_world.ban.id}" in links
    assert "不是对违法违规的认定" in " ".join(section.text_content().split())
    states = {li.get("class").split()[-1] for li in section.xpath(".//li[contains(@class, 'flag-item')]")}
    assert states == {"flag-item-triggered", "flag-item-not_triggered", "flag-item-insufficient_data"}


def test_the_tender_page_shows_its_short_submission_period(flag_world: FlagWorld, get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/notice/{flag_world.tender.id}")
    items = page.texts("//section[@aria-labelledby='flags-title']//li[contains(@class, 'flag-item-triggered')]")
    assert len(items) == 1 and "期限 10 日（法定最短 20 日）" in items[0] and "tender_days = 20" in items[0]


def test_the_notice_json_carries_its_flags(flag_world: FlagWorld, client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(f"/api/v1/notices/{flag_world.award.id}").get_json()
    assert answer == client.get(f"/notice/{flag_world.award.id}?format=json").get_json()
    (penalised,) = [f for f in answer["flags"] if f["flag"] == "penalised_bidder"]
    assert penalised["state"] == "triggered" and penalised["state_label"] == "触发"
    assert penalised["ocp"] == ["R046"] and penalised["parties"] == [BANNED.uscc]
    assert penalised["inputs"][0]["id"] == flag_world.award.id
    assert penalised["inputs"][0]["url"].endswith(f"/notice/{flag_world.award.id}")
    assert penalised["triggered_since"] == china_today().isoformat()
    assert penalised["methodology"].endswith("/methodology#penalised_bidder")


def test_the_company_page_shows_the_flags_naming_it(flag_world: FlagWorld, get_page, client) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/entity/{BANNED.uscc}")
    items = page.texts("//section[@aria-labelledby='entity-flags-title']//li[contains(@class, 'flag-item')]")
    assert len(items) == 1 and flag_world.award.title in items[0]
    entity = client.get(f"/api/v1/entities/{BANNED.uscc}").get_json()
    assert [f["notice_id"] for f in entity["flags"]] == [flag_world.award.id]
    assert client.get(f"/api/v1/entities/{WINNER.uscc}").get_json()["flags"] == []
    assert not page.tree.xpath("//section[@aria-labelledby='entity-flags-title']//li[contains(@class, 'not_trig')]")


def test_the_buyer_page_shows_its_single_bid_rate_and_flags(flag_world: FlagWorld, get_page, client) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/buyer/{BUYER.uscc}")
    summary = page.body
    assert "50.0%（1 / 2 个可判断的结果）" in summary
    rows = {row.split()[0]: row.split()[1:] for row in page.texts("//table[@id='flag-counts']/tbody/tr")}
    assert rows["仅一家投标或仅一家有效投标"] == ["1", "1", "0"]
    assert rows["投标/响应期限短于法定最短期限"] == ["1", "1", "0"]
    raised = page.texts("//section[@aria-labelledby='buyer-flags-title']//li[contains(@class, 'flag-item')]")
    assert len(raised) == 3
    twin = client.get(f"/buyer/{BUYER.uscc}?format=json").get_json()
    assert twin["single_bid_rate"] == 0.5
    assert twin["flag_counts"]["single_bid"] == {"not_triggered": 1, "triggered": 1}
    assert {f["flag"] for f in twin["flags_raised"]} == {"short_submission", "penalised_bidder", "single_bid"}
    assert f"/feeds/flags.atom?buyer={BUYER.uscc}" in page.links()


def test_the_methodology_counts_what_each_flag_could_be_computed_for(get_page, client) -> None:  # type: ignore[no-untyped-def]
    page = get_page("/methodology")
    rows = {row.split()[0]: row.split()[1:] for row in page.texts("//table[@id='coverage']/tbody/tr")}
    assert rows["仅一家投标或仅一家有效投标"] == ["2", "1", "1", "0"]
    assert rows["中标人不是排名第一的中标候选人"] == ["2", "0", "0", "2"]
    coverage = client.get("/api/v1/flags/coverage").get_json()
    assert client.get("/methodology?format=json").get_json()["coverage"] == coverage
    single = next(row for row in coverage["flags"] if row["flag"] == "single_bid")
    assert single == {
        "flag": "single_bid",
        "name_zh": "仅一家投标或仅一家有效投标",
        "computed": 2,
        "triggered": 1,
        "not_triggered": 1,
        "insufficient_data": 0,
    }
    assert coverage["stored_version"] == coverage["catalogue_version"]


def test_the_search_page_offers_the_flag_facet_and_chip(flag_world: FlagWorld, get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page("/search?q=中学")
    (facet,) = page.tree.xpath("//section[@aria-labelledby='facet-flag']")
    labels = [" ".join(a.text_content().split()) for a in facet.xpath(".//a")]
    assert "仅一家投标或仅一家有效投标 1" in labels
    (link,) = facet.xpath(".//a[contains(., '仅一家投标')]/@href")
    narrowed = get_page(link)
    assert [a.get("href") for a in narrowed.tree.xpath("//section[contains(@class, 'results')]//h3/a")] == [
        f"/notice/{flag_world.single_award.id}"
    ]
    assert any("仅一家投标或仅一家有效投标" in chip for chip in narrowed.texts("//ul[@class='active-filters']/li"))


@pytest.fixture(scope="module")
def flag_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["notice", "tender", "company", "buyer", "methodology", "search"])
def test_axe_finds_no_serious_violation_on_the_flag_pages(
    browser, flag_server: str, axe_path: Path, flag_world: FlagWorld, name: str, screenshots: Path
) -> None:  # type: ignore[no-untyped-def]
    paths = {
        "notice": f"/notice/{flag_world.award.id}",
        "tender": f"/notice/{flag_world.tender.id}",
        "company": f"/entity/{BANNED.uscc}",
        "buyer": f"/buyer/{BUYER.uscc}",
        "methodology": "/methodology",
        "search": "/search?q=中学",
    }
    context = browser.new_context(viewport=PHONE, base_url=flag_server, bypass_csp=True, locale="zh-CN")
    page = context.new_page()
    page.goto(paths[name])
    page.screenshot(path=screenshots / f"phone-flags-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    serious = serious_violations(page, axe_path)
    context.close()
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


def test_a_notice_lists_its_triggered_flags_first_then_the_undecided_in_catalogue_order(
    flag_world: FlagWorld, client
) -> None:  # type: ignore[no-untyped-def]
    flags = client.get(f"/api/v1/notices/{flag_world.award.id}").get_json()["flags"]
    states = [f["state"] for f in flags]
    assert states == sorted(states, key=["triggered", "insufficient_data", "not_triggered"].index)
    catalogue = list(load_catalogue().flags)
    undecided = [f["flag"] for f in flags if f["state"] == "insufficient_data"]
    assert undecided == sorted(undecided, key=catalogue.index) and len(undecided) == 6


def test_the_region_and_buyer_pages_link_their_feeds_of_new_flags(get_page, client) -> None:  # type: ignore[no-untyped-def]
    region = get_page("/region/340100")
    (feed,) = [link for link in region.links() if link.startswith("/feeds/flags.atom")]
    assert feed == "/feeds/flags.atom?region=3401"
    assert client.get(feed).get_data(as_text=True).count("<entry>") == 3
    buyer = get_page(f"/buyer/{BUYER.uscc}")
    assert buyer.tree.xpath("//head/link[@type='application/atom+xml']/@href") == [
        f"/feeds/flags.atom?buyer={BUYER.uscc}"
    ]
