"""Feeds and the credit check over the demo world: the notices a harvest of the demo centres produces."""

from __future__ import annotations

import re

import feedparser
import pytest

from ggzy.demo.generator import build_world
from ggzy.feeds.build import centre_name
from ggzy.model import Notice
from ggzy.normalize.dates import china_today
from tests.factories import SITE_URL, make_app


@pytest.fixture(scope="module")
def demo_notices() -> list[Notice]:
    return build_world(seed=1, projects=20).notices


@pytest.fixture(scope="module")
def demo_client(demo_notices: list[Notice], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_app(tmp_path_factory.mktemp("demo") / "ggzy.db", demo_notices).test_client()


def test_every_centre_feed_names_its_centre(demo_client, demo_notices: list[Notice]) -> None:
    today = china_today()
    for centre in sorted({n.centre for n in demo_notices}):
        response = demo_client.get(f"/feeds/centre/{centre}.atom?limit=200")
        parsed = feedparser.parse(response.data)
        assert response.status_code == 200 and parsed.bozo == 0
        public = {f"{SITE_URL}/notice/{n.id}" for n in demo_notices if n.centre == centre and n.is_public(today)}
        assert {e.id for e in parsed.entries} == public
        assert all(e.title.endswith(f" — {centre_name(centre)}") for e in parsed.entries)
        assert centre_name(centre) != centre


def test_every_party_in_one_credit_check(demo_client, demo_notices: list[Notice]) -> None:
    today = china_today()
    codes = sorted({code for n in demo_notices for code in n.usccs()})
    rows = demo_client.post("/api/v1/credit-check", json={"uscc": codes}).json["results"]
    assert [r["uscc"] for r in rows] == codes and all(r["valid"] for r in rows)
    named_publicly = {code for n in demo_notices if n.is_public(today) for code in n.usccs()}
    assert {r["uscc"] for r in rows if r["known"]} >= named_publicly
    penalised = {
        n.penalty.subject.uscc
        for n in demo_notices
        if n.penalty is not None and n.penalty.subject.uscc and n.is_public(today)
    }
    assert {r["uscc"] for r in rows if r["active_penalties"]} == penalised
    for row in rows:
        assert (row["most_severe_penalty"] is None) == (row["active_penalties"] == 0)


def test_demo_penalties_keep_identity_numbers_masked(demo_client) -> None:
    response = demo_client.get("/feeds/kind/penalty.rss?limit=200")
    assert feedparser.parse(response.data).bozo == 0
    page = demo_client.get("/api/v1/notices?kind=penalty&size=200").get_data(as_text=True)

    assert not re.search(r"\d{6}(19|20)\d{2}(0[1-9]|1[0-2])\d{5}[0-9X]", page)
