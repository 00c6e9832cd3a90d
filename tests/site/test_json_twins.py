"""Every page links its JSON twin (``<link rel="alternate" type="application/json">``, ``?format=json``), and the
twin holds what the page shows; a page with an API twin serves exactly that API's JSON."""

from __future__ import annotations

from typing import Any

import pytest

from ggzy.index.query import FACETS
from tests.site.conftest import WINNER, Page, World


def pages(world: World) -> list[tuple[str, int]]:
    return [
        ("/", 200),
        ("/search?q=办公设备&kind=tender", 200),
        ("/search?q=湖州市南太湖大道道路改造工程有限公司&tab=company", 200),
        (f"/notice/{world.award.id}", 200),
        (f"/notice/{world.withdrawn_penalty.id}", 410),
        (f"/entity/{WINNER.uscc}", 200),
        ("/entity/91330100MA27Y00010", 404),
        (f"/centre/{world.award.centre}", 200),
        ("/region/330500", 200),
        ("/about", 200),
        ("/opendata/", 200),
        ("/api/", 200),
        ("/alerts/new?q=办公设备&kind=tender", 200),
        (f"/report?notice={world.award.id}", 200),
    ]


def twin_of(get_page: Any, client: Any, path: str, status: int) -> tuple[Page, Any]:
    page = get_page(path, status)
    (href,) = page.tree.xpath("//head/link[@rel='alternate'][@type='application/json']/@href")
    answer = client.get(href)
    assert answer.status_code == status and answer.mimetype == "application/json", href
    return page, answer.get_json()


def test_every_page_links_a_json_twin_of_the_same_status(world: World, get_page, client) -> None:  # type: ignore[no-untyped-def]
    for path, status in pages(world):
        page, twin = twin_of(get_page, client, path, status)
        assert isinstance(twin, dict), path
        assert "format=json" not in page.tree.xpath("//link[@rel='canonical']/@href")[0], path


def shown(page: Page, items: list[dict[str, Any]]) -> None:
    assert items
    for item in items:
        assert item["title"] in page.body


@pytest.mark.parametrize(
    ("path", "api"),
    [("notice", "/api/v1/notices/{id}"), ("entity", "/api/v1/entities/{uscc}"), ("search", "/api/v1/notices?{q}")],
)
def test_a_page_with_an_api_twin_serves_exactly_the_api_json(world: World, get_page, client, path, api) -> None:  # type: ignore[no-untyped-def]
    page_path = {
        "notice": f"/notice/{world.award.id}",
        "entity": f"/entity/{WINNER.uscc}",
        "search": "/search?q=办公设备&kind=tender",
    }[path]
    page, twin = twin_of(get_page, client, page_path, 200)
    facets = ",".join(FACETS)  # the search page counts every facet
    expected = client.get(
        api.format(id=world.award.id, uscc=WINNER.uscc, q=f"q=办公设备&kind=tender&facet={facets}")
    ).get_json()
    assert twin == expected
    if path == "notice":
        assert twin["title"] == world.award.title and twin["title"] in page.texts("//h1")[0]
    if path == "entity":
        assert twin["names"] == [WINNER.name] and WINNER.name in page.body
    if path == "search":
        assert twin["total"] == len(twin["items"]) == 20
        shown(page, twin["items"])


def test_the_other_twins_hold_what_their_page_shows(world: World, get_page, client) -> None:  # type: ignore[no-untyped-def]
    page, twin = twin_of(get_page, client, "/", 200)
    shown(page, twin["latest"])
    assert twin["stats"]["total"] == len([n for n in world.notices if n is not world.withdrawn_penalty])

    page, twin = twin_of(get_page, client, f"/centre/{world.award.centre}", 200)
    assert twin["name"] in page.texts("//h1")[0]
    shown(page, twin["latest"])
    assert twin["total"] == sum(twin["kinds"].values())

    page, twin = twin_of(get_page, client, "/region/330500", 200)
    assert twin["name"] in page.texts("//h1")[0] and twin["parent"]["code"] == "330000"
    shown(page, twin["latest"])

    page, twin = twin_of(get_page, client, "/about", 200)
    assert twin["centres"] and all(c["name"] in page.body for c in twin["centres"])

    page, twin = twin_of(get_page, client, f"/notice/{world.withdrawn_penalty.id}", 410)
    assert twin == {"id": world.withdrawn_penalty.id, "withdrawn": True}
    assert world.withdrawn_penalty.penalty.decision_no not in page.body  # type: ignore[union-attr]

    page, twin = twin_of(get_page, client, "/entity/91330100MA27Y00010", 404)
    assert twin["valid"] is False and twin["reason"] in page.body

    page, twin = twin_of(get_page, client, "/alerts/new?q=办公设备&kind=tender", 200)
    assert twin["search"] == {"q": "办公设备", "kind": "tender"} and twin["description"] in page.body

    page, twin = twin_of(get_page, client, f"/report?notice={world.award.id}", 200)
    assert twin["subject_id"] == world.award.id and twin["title"] == world.award.title in page.body
    assert all(label in page.body for label in twin["reasons"].values())

    page, twin = twin_of(get_page, client, "/api/", 200)
    assert twin == client.get("/api/v1/openapi.json").get_json()
    assert all(path in page.body for path in twin["paths"])
