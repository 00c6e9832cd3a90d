"""``ggzy search``, ``ggzy stats`` and ``ggzy index`` against a real SQLite index named by GGZY_INDEX."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.index import open_index
from ggzy.model import Bid, Category, Kind, Notice, Party


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'data' / 'ggzy.db'}"
    monkeypatch.setenv("GGZY_INDEX", url)
    with open_index(url) as index:
        index.upsert(
            [
                Notice(
                    id="hz-1",
                    centre="hangzhou",
                    title="杭州市学校食堂改造工程施工招标公告",
                    kind=Kind.TENDER,
                    category=Category.ENGINEERING,
                    published=date(2025, 3, 4),
                    region_code="330102",
                    amount=Decimal("1250000.50"),
                    body_text="招标人：杭州市教育局。本工程为学校食堂改造。",
                    harvested_at=datetime(2025, 3, 5, 8, 0),
                ),
                Notice(
                    id="sh-1",
                    centre="shanghai",
                    title="办公设备采购中标结果公告",
                    kind=Kind.AWARD,
                    category=Category.PROCUREMENT,
                    published=date(2024, 12, 30),
                    region_code="310104",
                    winners=[Party("上海某某科技有限公司", uscc="91310000MA1FL5LP2A", amount=Decimal("88000"))],
                    body_text="中标供应商：上海某某科技有限公司。",
                ),
            ]
        )

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def test_search_json_gives_hits_facets_and_highlights(run) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(run("search", "食堂", "--json"))
    assert document["total"] == 1
    hit = document["hits"][0]
    assert {k: hit[k] for k in ("id", "kind", "category", "centre", "published", "region_code", "amount")} == {
        "id": "hz-1",
        "kind": "tender",
        "category": "engineering",
        "centre": "hangzhou",
        "published": "2025-03-04",
        "region_code": "330102",
        "amount": "1250000.50",
    }
    assert hit["highlights"]["title"] == ["杭州市学校<mark>食堂</mark>改造工程施工招标公告"]
    assert document["facets"]["province"] == {"330000": 1}
    assert document["next_cursor"] is None


def test_search_filters_read_like_the_site_parameters(run) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(run("search", "--region", "31", "--json"))["total"] == 1
    assert json.loads(run("search", "--uscc", "91310000MA1FL5LP2A", "--json"))["hits"][0]["id"] == "sh-1"
    assert json.loads(run("search", "--from", "2025-01-01", "--json"))["hits"][0]["id"] == "hz-1"
    assert [h["id"] for h in json.loads(run("search", "--sort", "amount", "--json"))["hits"]] == ["hz-1", "sh-1"]
    pages = json.loads(run("search", "--size", "1", "--sort", "oldest", "--json"))
    assert pages["hits"][0]["id"] == "sh-1"
    assert (
        json.loads(run("search", "--size", "1", "--sort", "oldest", "--cursor", pages["next_cursor"], "--json"))[
            "hits"
        ][0]["id"]
        == "hz-1"
    )


def test_search_refuses_a_malformed_parameter(run) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["search", "--region", "3"])
    assert result.exit_code == 1
    assert "「地区」填写有误" in result.output and "3301" in result.output


def test_stats_json(run) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(run("stats", "--json"))
    assert document["total"] == 2
    assert document["by_centre"] == {"hangzhou": 1, "shanghai": 1}
    assert document["by_month"] == {"2024-12": 1, "2025-03": 1}
    assert document["freshness"]["hangzhou"] == {"newest": "2025-03-04", "harvested_at": "2025-03-05T08:00:00"}


def test_index_status_and_rebuild(run) -> None:  # type: ignore[no-untyped-def]
    status = json.loads(run("index", "status", "--json"))
    assert (status["engine"], status["count"]) == ("sqlite", 2)
    assert "rebuilt: 2 notices" in run("index", "rebuild")
    assert json.loads(run("search", "改造", "--json"))["total"] == 1


def test_search_by_flag_finds_the_notices_it_was_triggered_on(run) -> None:  # type: ignore[no-untyped-def]
    alone = Notice(
        id="sh-2",
        centre="shanghai",
        title="打印机采购中标结果公告",
        kind=Kind.AWARD,
        category=Category.PROCUREMENT,
        published=date(2025, 1, 6),
        bids=[Bid("上海某某科技有限公司", price=Decimal("50000"))],
    )
    with open_index() as index:
        index.upsert([alone])
    assert json.loads(run("search", "--flag", "single_bid", "--json"))["total"] == 0  # not computed yet
    run("flags", "refresh")
    document = json.loads(run("search", "--flag", "single_bid", "--json"))
    assert [h["id"] for h in document["hits"]] == ["sh-2"] and document["facets"]["flag"]["single_bid"] == 1
    assert "single_bid" not in json.loads(run("search", "食堂", "--json"))["facets"]["flag"]
