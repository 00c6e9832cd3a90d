"""The buyer page (``/buyer/<uscc>``, ``?role=agency``): what the Huzhou transport bureau spent on its road project
and with whom, linked from the notice and company pages; the same as JSON."""

from __future__ import annotations

from tests.site.conftest import AGENCY, BUYER, WINNER, World


def test_the_buyer_page_shows_spend_suppliers_and_method(get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/buyer/{BUYER.uscc}")
    assert BUYER.name in page.texts("//h1")[0] and "采购人/招标人" in page.texts("//h1")[0]
    suppliers = page.texts("//table[@id='suppliers']/tbody/tr")
    assert len(suppliers) == 1 and WINNER.name in suppliers[0] and "100.0%" in suppliers[0]
    assert f"/entity/{WINNER.uscc}" in page.links("//table[@id='suppliers']//a")
    assert page.texts("//table[@id='methods']/tbody/tr") == ["公开招标 1"]
    assert page.texts("//table[@id='spend-by-year']/tbody/tr") == ["2026 年 1,234.57 万元"]
    assert page.texts("//table[@id='spend-by-category']/tbody/tr") == ["工程建设 1,234.57 万元"]
    assert "12,345,678.90 元" in page.body


def test_the_agency_page_counts_what_the_agency_ran(get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page(f"/buyer/{AGENCY.uscc}?role=agency")
    assert "代理机构" in page.texts("//h1")[0]
    assert WINNER.name in page.texts("//table[@id='suppliers']/tbody/tr")[0]
    missing = get_page(f"/buyer/{AGENCY.uscc}", status=404)  # the agency never buys
    assert "暂无记录" in missing.body


def test_notice_and_company_pages_link_the_buyer_pages(world: World, get_page) -> None:  # type: ignore[no-untyped-def]
    notice = get_page(f"/notice/{world.award.id}")
    assert {f"/buyer/{BUYER.uscc}", f"/buyer/{AGENCY.uscc}?role=agency"} <= set(notice.links())
    assert f"/buyer/{BUYER.uscc}" in get_page(f"/entity/{BUYER.uscc}").links()
    assert not [link for link in get_page(f"/entity/{WINNER.uscc}").links() if link.startswith("/buyer/")]


def test_codes_are_read_as_the_company_page_reads_them(client, get_page) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(f"/buyer/{BUYER.uscc.lower()}?role=agency")
    assert answer.status_code == 301 and answer.headers["Location"] == f"/buyer/{BUYER.uscc}?role=agency"
    assert "校验位" in get_page(f"/buyer/{BUYER.uscc[:17]}0", status=404).body
    get_page(f"/buyer/{BUYER.uscc}?role=winner", status=404)


def test_the_json_twin_and_the_entity_api_agree(client) -> None:  # type: ignore[no-untyped-def]
    twin = client.get(f"/buyer/{BUYER.uscc}?format=json").get_json()
    assert twin["known"] is True and twin["names"] == [BUYER.name]
    assert twin["spend"] == "12345678.90" and twin["spend_by_year"] == {"2026": "12345678.90"}
    assert [(s["uscc"], s["share"], s["amount"]) for s in twin["suppliers"]] == [(WINNER.uscc, 1.0, "12345678.90")]
    assert twin["methods"] == {"public_tender": 1}
    assert twin["notices"] == 4
    entity = client.get(f"/api/v1/entities/{BUYER.uscc}").get_json()
    assert entity["links"]["buyer"] == twin["links"]["page"] and "agency" not in entity["links"]
    agency = client.get(f"/api/v1/entities/{AGENCY.uscc}").get_json()["links"]
    assert agency["agency"].endswith(f"/buyer/{AGENCY.uscc}?role=agency") and "buyer" not in agency
    assert set(client.get(f"/api/v1/entities/{WINNER.uscc}").get_json()["links"]) == {"page", "feed"}
