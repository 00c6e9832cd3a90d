"""The item pipeline against a real SQLite index: validation, duplicates, republications, batches, state."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from ggzy.centres import Registry, Source
from ggzy.harvesters.pipelines import DedupePipeline, Republication, UpsertPipeline, ValidatePipeline
from ggzy.harvesters.report import report_for
from ggzy.harvesters.spiders.ggzy_gov_cn import GgzyGovCn
from ggzy.index import open_index
from ggzy.model import Kind, Notice, make_notice_id
from tests import factories

HUZHOU = Source("huzhou-ggzy", "湖州市公共资源交易网", "330500", "list_detail", "http://127.0.0.1:9", "huzhou_ggzy")
NATIONAL = Source("ggzy-gov-cn", "全国公共资源交易平台", "", "list_api", "http://127.0.0.1:9", "ggzy_gov_cn")
TITLE = "德清县体育中心（县少年儿童体育学校）的少体校学生就学、训练、参赛等用车服务采购项目合同"


def notice(centre: str, source_id: str, title: str = TITLE, **fields: Any) -> Notice:
    fields.setdefault("kind", Kind.CONTRACT)
    fields.setdefault("published", date(2026, 3, 17))
    fields.setdefault("source_url", f"http://127.0.0.1:9/{centre}/{source_id}.html")
    return factories.notice(centre, source_id, title, **fields)


@pytest.fixture
def index_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ggzy.db'}"


@pytest.fixture
def crawler(index_url: str, tmp_path: Path) -> Any:
    settings = {"GGZY_INDEX_URL": index_url, "GGZY_BATCH_SIZE": 2, "GGZY_INCREMENTAL": True}
    crawler = get_crawler(GgzyGovCn, settings)
    crawler.spider = GgzyGovCn(source=NATIONAL, registry=Registry([HUZHOU, NATIONAL]))
    crawler.spider.crawler = crawler
    return crawler


def run(crawler: Any, items: list[Any]) -> list[Notice]:
    """Push items through the three pipelines as Scrapy would; the notices that reached the index."""
    stages = [ValidatePipeline(crawler), DedupePipeline(crawler), UpsertPipeline(crawler)]
    for stage in stages:
        if hasattr(stage, "open_spider"):
            stage.open_spider()
    passed = []
    for item in items:
        try:
            for stage in stages:
                item = stage.process_item(item)
        except DropItem:
            continue
        passed.append(item)
    for stage in stages:
        if hasattr(stage, "close_spider"):
            stage.close_spider()
    return passed


def test_a_republication_is_folded_into_the_original(crawler: Any, index_url: str) -> None:
    original = notice("huzhou-ggzy", "HZ-1", project_code="330521253680050000027-ZJXCXZF-2025-JC57")
    with open_index(index_url) as index:
        index.upsert([original])
    # The national copy prints the title with full-width brackets folded differently and spaces.
    copy = notice("ggzy-gov-cn", "003346ed", title=TITLE.replace("（", "(").replace("）", ")") + " ")
    (stored,) = run(crawler, [Republication(copy, "湖州市公共资源交易网")])
    assert stored.id == original.id
    assert [(r.centre, r.source_id) for r in stored.also_published] == [("ggzy-gov-cn", "003346ed")]
    with open_index(index_url) as index:
        assert index.count() == 1
        folded = index.get(original.id)
        assert folded.also_published[0].url == copy.source_url
        assert folded.content_hash == folded.compute_content_hash() != original.compute_content_hash()
    # Harvesting the original again keeps where else it was published, and changes nothing.
    run(crawler, [notice("huzhou-ggzy", "HZ-1", project_code="330521253680050000027-ZJXCXZF-2025-JC57")])
    assert report_for(crawler).unchanged == 1
    with open_index(index_url) as index:
        assert len(index.get(original.id).also_published) == 1


def test_a_republication_of_an_unknown_centre_stays_the_platforms(crawler: Any, index_url: str) -> None:
    copy = notice("ggzy-gov-cn", "00317f93", title="上海市竞技体育训练管理中心乒乓球队赞助项目")
    (stored,) = run(crawler, [Republication(copy, "上海联合产权交易所")])
    assert stored.id == make_notice_id("ggzy-gov-cn", "00317f93")
    assert stored.also_published == []


def test_malformed_notices_are_errors_with_their_url_and_duplicates_are_dropped(
    crawler: Any, index_url: str, tmp_path: Path
) -> None:
    broken = notice("huzhou-ggzy", "HZ-2")
    broken.published = None
    good = [notice("huzhou-ggzy", f"HZ-{n}", title=f"项目{n}合同") for n in (3, 4, 5)]
    passed = run(crawler, [broken, good[0], good[1], good[0], good[2]])
    assert [n.source_id for n in passed] == ["HZ-3", "HZ-4", "HZ-5"]
    report = report_for(crawler)
    assert report.error_count == 1
    assert report.errors[0].url == broken.source_url
    assert "published" in report.errors[0].message
    assert report.duplicates == 1
    assert report.inserted == 3
    with open_index(index_url) as index:  # committed notices are marked in the index, the dropped one is not
        assert index.committed_ids("huzhou-ggzy", ["HZ-2", "HZ-3", "HZ-4", "HZ-5"]) == {"HZ-3", "HZ-4", "HZ-5"}


def test_a_page_whose_callback_fails_is_an_error_with_its_url(crawler: Any) -> None:
    from scrapy.http import HtmlResponse
    from twisted.python.failure import Failure

    from ggzy.harvesters.report import ReportExtension

    extension = ReportExtension.from_crawler(crawler)
    response = HtmlResponse("http://127.0.0.1:9/huzhou/art/2026/3/17/art_1229_1.html", body=b"<html></html>")
    try:
        raise ValueError("no table on the page")
    except ValueError:
        extension.spider_error(Failure(), response, crawler.spider)
    report = report_for(crawler)
    assert report.error_count == 1
    assert report.errors[0].url == response.url
    assert "no table on the page" in report.errors[0].message
    assert response.url in report_for(crawler).to_dict()["errors"][0]["url"]
