"""The flag pages and their JSON answer the same on both engines: the flags API, the coverage, the buyer page, a
flagged notice and the feed, served once from SQLite and once from Elasticsearch over the same world."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ggzy.flags.compute import refresh
from ggzy.normalize.dates import china_today
from ggzy.site import create_app
from tests.factories import SITE_URL
from tests.site.flag_world import BANNED, BUYER, FlagWorld, build_flag_world, flagged_app

pytestmark = pytest.mark.elasticsearch


@pytest.fixture(scope="module")
def flag_world() -> FlagWorld:
    return build_flag_world(china_today())


@pytest.fixture(scope="module")
def sqlite_client(flag_world: FlagWorld, tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    return flagged_app(Path(tmp_path_factory.mktemp("flag-engines")), flag_world).test_client()


@pytest.fixture(scope="module")
def es_client(elastic_url: str, flag_world: FlagWorld, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from ggzy.index.elastic import ElasticIndex

    url = f"{elastic_url}?alias=ggzy-test-flags-{uuid.uuid4().hex[:12]}"
    index = ElasticIndex(url)
    index.upsert(flag_world.notices)
    refresh(index, today=china_today())
    folder = tmp_path_factory.mktemp("flag-engines-es")
    yield create_app({"INDEX": url, "TESTING": True, "SITE_URL": SITE_URL, "DATA_DIR": str(folder)}).test_client()
    index.drop()
    index.close()


def test_both_engines_serve_the_same_flags(flag_world: FlagWorld, sqlite_client, es_client) -> None:  # type: ignore[no-untyped-def]
    paths = [
        "/api/v1/flags?limit=1000",
        "/api/v1/flags?state=triggered&region=34",
        f"/api/v1/flags?party={BANNED.uscc}",
        "/api/v1/flags/coverage",
        f"/buyer/{BUYER.uscc}?format=json",
        f"/api/v1/notices/{flag_world.award.id}",
        f"/api/v1/entities/{BANNED.uscc}",
        "/methodology?format=json",
    ]
    for path in paths:
        expected = sqlite_client.get(path)
        assert expected.status_code == 200, path
        assert es_client.get(path).get_json() == expected.get_json(), path
    assert len(sqlite_client.get("/api/v1/flags?limit=1000").get_json()["items"]) == 28
    feed = sqlite_client.get(f"/feeds/flags.rss?buyer={BUYER.uscc}").get_data()
    assert es_client.get(f"/feeds/flags.rss?buyer={BUYER.uscc}").get_data() == feed
