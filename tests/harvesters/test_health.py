"""Coverage and health per source, from crawl records kept in a real SQLite index: what ``ggzy sources
status`` prints and the home page shows, and the error rate past which a source is failing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from ggzy.cli import main
from ggzy.harvesters.health import source_health
from ggzy.index import open_index
from ggzy.index.base import Index
from ggzy.model import Kind, Notice, SourceRef
from ggzy.site import create_app


def record(crawl: str, centre: str, finished: str, **fields: object) -> dict[str, object]:
    base = {"crawl_id": crawl, "centre": centre, "finished": finished, "finish_reason": "finished"}
    return {**base, "restricted": False, "pages": 10, "errors": 0, "announced": None, "republished": {}, **fields}


@pytest.fixture
def index_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ggzy.db'}"


@pytest.fixture
def index(index_url: str) -> Iterator[Index]:
    with open_index(index_url) as opened:
        notices = [
            Notice(
                id=f"huzhou-ggzy-{n}",
                centre="huzhou-ggzy",
                source_id=str(n),
                source_url=f"https://ggzy.huzhou.gov.cn/jyxx/{n}.html",
                title=f"项目{n}招标公告",
                kind=Kind.TENDER,
                published=date(2026, 3, n),
                also_published=[SourceRef("ggzy-gov-cn", f"https://www.ggzy.gov.cn/{n}.html", f"g{n}")],
            )
            for n in (1, 2, 3)
        ]
        opened.upsert(notices)
        opened.add_crawl_record(record("c1", "huzhou-ggzy", "2026-03-02T18:00:00+00:00", announced=4))
        opened.add_crawl_record(record("c2", "huzhou-ggzy", "2026-03-03T18:00:00+00:00", pages=2, errors=2))
        # A crawl stopped because the index went away: not a success, and its errors count.
        opened.add_crawl_record(
            record("c1", "chengdu-ggzy", "2026-03-02T18:00:00+00:00", finish_reason="index_unavailable", errors=9)
        )
        national = record("c1", "ggzy-gov-cn", "2026-03-02T19:00:00+00:00", republished={"huzhou-ggzy": [3, 0]})
        opened.add_crawl_record(national)
        yield opened


def test_health_compares_committed_with_announced_and_marks_failing_sources(index: Index) -> None:
    health = {h.centre: h for h in source_health(index, ["hunan-hnsggzy"], index.stats(), failing_percent=20)}
    huzhou = health["huzhou-ggzy"]
    assert (huzhou.committed, huzhou.announced, huzhou.newest) == (3, 4, date(2026, 3, 3))
    assert huzhou.last_success == "2026-03-03T18:00:00+00:00"
    assert huzhou.last_success_china == "2026-03-04 02:00"
    assert huzhou.error_rate == round(2 / 12, 4)
    assert huzhou.status == "ok"
    assert (huzhou.national_copies, huzhou.national_lag_days) == (3, 0)
    chengdu = health["chengdu-ggzy"]
    assert (chengdu.status, chengdu.label, chengdu.last_success) == ("failing", "采集异常", None)
    assert health["hunan-hnsggzy"].status == "never"
    # A stricter threshold: the Huzhou error rate of 17 % now fails it.
    stricter = {h.centre: h for h in source_health(index, [], index.stats(), failing_percent=10)}
    assert stricter["huzhou-ggzy"].status == "failing"


def test_sources_status_prints_each_source_as_json(
    index: Index, index_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GGZY_INDEX", index_url)
    result = CliRunner().invoke(main, ["sources", "status", "--json"])
    assert result.exit_code == 0, result.output
    found = {h["centre"]: h for h in json.loads(result.output)}
    assert found["huzhou-ggzy"]["committed"] == 3 and found["huzhou-ggzy"]["announced"] == 4
    assert found["chengdu-ggzy"]["status"] == "failing" and found["chengdu-ggzy"]["label"] == "采集异常"
    assert found["hunan-hnsggzy"]["status"] == "never"  # in the registry, never crawled into this index
    table = CliRunner().invoke(main, ["sources", "status"], env={"GGZY_SOURCE_FAILING_ERROR_PERCENT": "10"})
    assert [line.split()[1] for line in table.output.splitlines() if line.startswith("huzhou-ggzy")] == ["failing"]


def test_the_home_page_shows_each_sources_health_in_chinese(index: Index, index_url: str) -> None:
    client = create_app({"INDEX": index_url, "TESTING": True}).test_client()
    tree = lxml_html.fromstring(client.get("/").get_data(as_text=True))
    rows = {
        " ".join(row.xpath("./th//text()")).strip(): [" ".join(td.itertext()).strip() for td in row.xpath("./td")]
        for row in tree.xpath("//section[@aria-labelledby='fresh-title']//tbody/tr")
    }
    huzhou = rows["湖州市公共资源交易网"]
    assert huzhou[0] == "3" and huzhou[1].startswith("2026-03-03")
    assert huzhou[2:] == ["4", "2026-03-04 02:00", "17%", "3 条，平均晚 0.0 天", "正常"]
    assert rows["成都市公共资源交易服务中心"][-1] == "采集异常"
    assert tree.xpath("//tr[@class='failing']//strong[@class='warn']/text()") == ["采集异常"]
