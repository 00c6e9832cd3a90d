"""``ggzy flags refresh`` and ``ggzy flags status`` on the index GGZY_INDEX names, and ``ggzy import``, which
refreshes the flags itself."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import FlagResult, FlagState
from ggzy.index import open_index
from ggzy.model import Bid, Category, Kind, Notice
from tests.factories import harvested, make_uscc, party

BUYER = party("某市人民医院", make_uscc("12340100MB0000002"))


def single_bid_procurement() -> list[Notice]:
    common = {"category": Category.PROCUREMENT, "project_code": "CLI-1", "buyer": BUYER, "region_code": "340100"}
    return [
        harvested(
            "hf",
            "t",
            "某医院设备采购公开招标公告",
            kind=Kind.TENDER,
            published=date(2026, 3, 2),
            deadline=datetime(2026, 3, 23, 9, 30),
            **common,
        ),
        harvested(
            "hf",
            "o",
            "某医院设备采购开标记录",
            kind=Kind.OPENING,
            published=date(2026, 3, 23),
            bids=[Bid("甲公司", price=Decimal("900000"))],
            **common,
        ),
        harvested(
            "hf",
            "a",
            "某医院设备采购中标结果公告",
            kind=Kind.AWARD,
            published=date(2026, 3, 30),
            winners=[party("甲公司", role="winner", amount=Decimal("900000"))],
            **common,
        ),
    ]


@pytest.fixture
def index_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'ggzy.db'}"
    monkeypatch.setenv("GGZY_INDEX", url)
    return url


def test_refresh_computes_the_flags_and_status_counts_them(index_url: str) -> None:
    with open_index(index_url) as index:
        index.upsert(single_bid_procurement())
    before = CliRunner().invoke(main, ["flags", "status"])
    assert before.exit_code == 0, before.output
    assert "（尚未计算）" in before.output and "请运行 ggzy flags refresh" in before.output

    done = CliRunner().invoke(main, ["flags", "refresh"])
    assert done.exit_code == 0, done.output
    assert f"已按目录 {load_catalogue().version} 版重算 3 条公告的风险标志" in done.output and "触发" in done.output

    status = CliRunner().invoke(main, ["flags", "status", "--json"])
    document = json.loads(status.output)
    assert document["current"] is True and document["stored_version"] == load_catalogue().version
    assert document["flags"]["single_bid"]["triggered"] == 1
    assert set(document["flags"]) == set(load_catalogue().flags)
    assert "single_bid" in CliRunner().invoke(main, ["flags", "status"]).output

    again = CliRunner().invoke(main, ["flags", "refresh", "--if-stale"])
    assert again.exit_code == 0 and "无需重算" in again.output


def test_refresh_if_stale_recomputes_flags_of_another_catalogue_version(index_url: str) -> None:
    with open_index(index_url) as index:
        notices = single_bid_procurement()
        index.upsert(notices)
        old = FlagResult(
            "single_bid", notices[2].id, FlagState.NOT_TRIGGERED, "旧目录的结果", catalogue_version="2020.1"
        )
        index.replace_flags([old], "2020.1")
    done = CliRunner().invoke(main, ["flags", "refresh", "--if-stale"])
    assert done.exit_code == 0, done.output
    with open_index(index_url) as index:
        assert index.flags_version() == load_catalogue().version
        (single,) = index.flags(flag="single_bid")
        assert single.state is FlagState.TRIGGERED and single.catalogue_version == load_catalogue().version


def test_import_refreshes_the_flags(index_url: str, tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(n.to_dict(), ensure_ascii=False) for n in single_bid_procurement())
    (tmp_path / "notices.jsonl").write_text(lines + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "notices.jsonl")])
    assert result.exit_code == 0, result.output
    with open_index(index_url) as index:
        assert index.flags_version() == load_catalogue().version
        assert [f.state for f in index.flags(flag="single_bid")] == [FlagState.TRIGGERED]
