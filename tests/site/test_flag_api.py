"""``/api/v1/flags`` (filters, paging, errors), ``/api/v1/flags/coverage`` and the feed of newly triggered flags
``/feeds/flags.atom|rss``, on the world of ``flag_world.py``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from ggzy.normalize.dates import china_today
from tests.site.flag_world import BANNED, BUYER, FlagWorld, build_flag_world, flagged_app

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def flag_world() -> FlagWorld:
    return build_flag_world(china_today())


@pytest.fixture(scope="module")
def app(flag_world: FlagWorld, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return flagged_app(Path(tmp_path_factory.mktemp("flag-api")), flag_world)


def items(client, query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    answer = client.get(f"/api/v1/flags?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return list(answer.get_json()["items"])


def test_the_flags_api_filters_by_flag_state_party_buyer_and_region(flag_world: FlagWorld, client) -> None:  # type: ignore[no-untyped-def]
    triggered = items(client, "state=triggered")
    assert {(f["flag"], f["notice_id"]) for f in triggered} == {
        ("short_submission", flag_world.tender.id),
        ("penalised_bidder", flag_world.award.id),
        ("single_bid", flag_world.single_award.id),
    }
    assert [f["notice_id"] for f in items(client, "flag=single_bid&state=triggered")] == [flag_world.single_award.id]
    assert [f["flag"] for f in items(client, f"party={BANNED.uscc}")] == ["penalised_bidder"]
    assert len(items(client, f"buyer={BUYER.uscc}")) == len(items(client, "limit=1000")) == 28
    assert items(client, "region=34&state=triggered") == triggered
    assert items(client, "region=33") == []
    assert len(items(client, "state=insufficient_data&flag=late_contract")) == 2
    assert items(client, f"since={china_today().isoformat()}&state=triggered") == triggered


def test_the_flags_api_pages_with_next(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/api/v1/flags?limit=20").get_json()
    assert len(first["items"]) == 20 and "offset=20" in first["next"]
    parts = urlsplit(first["next"])
    second = client.get(f"{parts.path}?{parts.query}").get_json()
    assert len(second["items"]) == 8 and second["next"] is None
    seen = [(f["notice_id"], f["flag"]) for f in first["items"] + second["items"]]
    assert len(set(seen)) == 28


@pytest.mark.parametrize(
    "query", ["flag=no_such_flag", "state=maybe", "limit=0", "limit=5000", "offset=-1", "since=yesterday", "region=x"]
)
def test_a_bad_parameter_is_a_400_problem(client, query: str) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(f"/api/v1/flags?{query}")
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json"


def test_the_feed_lists_newly_triggered_flags_per_buyer_region_or_flag(flag_world: FlagWorld, client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(f"/feeds/flags.atom?buyer={BUYER.uscc}")
    assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
    root = etree.fromstring(answer.get_data())
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert len(titles) == 3
    assert f"[仅一家投标或仅一家有效投标] {flag_world.single_award.title}" in titles
    summaries = [e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
    assert all("不是对违法违规的认定" in s for s in summaries)
    single = client.get("/feeds/flags.rss?flag=single_bid").get_data()
    guids = etree.fromstring(single).xpath("//item/guid/text()")
    assert guids == [f"{flag_world.single_award.id}#single_bid"]
    assert etree.fromstring(client.get("/feeds/flags.atom?region=33").get_data()).find(f"{ATOM}entry") is None
    again = client.get(f"/feeds/flags.atom?buyer={BUYER.uscc}", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/feeds/flags.atom?flag=nope").status_code == 400
