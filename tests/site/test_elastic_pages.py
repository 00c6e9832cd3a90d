"""The pages on the Elasticsearch engine: the same searches, marks, facets, timeline and profiles as on SQLite."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from ggzy.site import create_app
from tests.site.conftest import WINNER

pytestmark = pytest.mark.elasticsearch


@pytest.fixture(scope="module")
def es_client(elastic_url, world):  # type: ignore[no-untyped-def]
    from ggzy.index.elastic import ElasticIndex

    url = f"{elastic_url}?alias=ggzy-test-site-{uuid.uuid4().hex[:12]}"
    index = ElasticIndex(url)
    index.upsert(world.notices)
    yield create_app({"INDEX": url, "TESTING": True}).test_client()
    index.drop()
    index.close()


def page(client, path: str):  # type: ignore[no-untyped-def]
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return lxml_html.fromstring(response.get_data())


def test_search_marks_refines_and_pages_on_elasticsearch(es_client, world):
    tree = page(es_client, "/search?q=道路改造")
    found = set(tree.xpath("//section[@class='results']//h3/a/@href"))
    assert found == {f"/notice/{n.id}" for n in (world.tender, world.correction, world.award, world.contract)}
    assert tree.xpath("//section[@class='results']//h3//mark")
    assert not tree.xpath("//section[@class='results']//h3//script")
    award = tree.xpath("//section[@aria-labelledby='facet-kind']//a[contains(., '中标/成交结果')]/@href")[0]
    assert parse_qs(urlsplit(award).query) == {"q": ["道路改造"], "kind": ["award"]}
    refined = page(es_client, award)
    assert refined.xpath("//section[@class='results']//h3/a/@href") == [f"/notice/{world.award.id}"]
    first = page(es_client, "/search?q=办公设备")
    next_url = first.xpath("//nav[@class='pager']//a[@rel='next']/@href")[0]
    second = page(es_client, next_url)
    hits = first.xpath("//section[@class='results']//h3/a/@href") + second.xpath(
        "//section[@class='results']//h3/a/@href"
    )
    assert len(hits) == len(set(hits)) == 30


def test_notice_company_and_home_pages_on_elasticsearch(es_client, world):
    notice = page(es_client, f"/notice/{world.contract.id}")
    assert len(notice.xpath("//ol[@class='timeline']/li")) == 4
    company = page(es_client, f"/entity/{WINNER.uscc}")
    assert company.xpath("//h1/text()") == [WINNER.name]
    home = page(es_client, "/")
    assert len(home.xpath("//figure[@class='chart']")) == 2
    response = es_client.get(f"/notice/{world.withdrawn_penalty.id}", headers={"Accept": "text/html"})
    assert response.status_code == 410
