"""The registry of provincial platforms: 32 of them, honest statuses, and `ggzy sources` printing them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ggzy.cli import main
from ggzy.harvesters.spiders import spider_classes
from ggzy.platforms import PLATFORM_FAMILIES, STATUSES, Platform, check_platforms, load_platforms

TESTS = Path(__file__).parent


def test_every_province_and_the_corps_is_listed_once() -> None:
    platforms = load_platforms()
    assert len(platforms) == 32
    assert len({p.id for p in platforms}) == 32
    assert len({p.code for p in platforms}) == 32
    assert "新疆生产建设兵团" in {p.province for p in platforms}
    assert all(p.family in PLATFORM_FAMILIES and p.status in STATUSES for p in platforms)
    assert check_platforms(platforms, spider_classes()) == []


def test_every_verified_platform_has_a_spider_tested_on_a_real_capture() -> None:
    spiders = spider_classes()
    verified = [p for p in load_platforms() if p.status == "verified"]
    assert {p.id for p in verified} == {"jiangsu", "hunan"}
    for platform in verified:
        assert platform.spider in spiders
        tests = (TESTS / f"test_{platform.spider}.py").read_text(encoding="utf-8")
        assert "shared_data" in tests, platform.id


def test_a_spider_written_from_notes_alone_is_documented_not_verified() -> None:
    spiders = spider_classes()
    for platform in load_platforms():
        if platform.spider and platform.status != "verified":
            doc = spiders[platform.spider].__doc__ or ""
            assert "Documented only" in doc, platform.spider


def test_the_check_finds_wrong_entries() -> None:
    good = load_platforms()
    bad = [
        *good[:30],
        Platform("beijing", "重复", "北京市", "110000", "epoint", "verified", "example.cn"),
        Platform("x-1", "坏", "某省", "1234", "wordpress", "done", "http://example.cn/", spider="nope"),
    ]
    problems = check_platforms(bad, spider_classes())
    assert "platform beijing: listed twice" in problems
    assert "platform beijing: verified without a spider" in problems
    assert {
        "platform x-1: id must be lower-case letters and digits",
        "platform x-1: unknown family 'wordpress'",
        "platform x-1: unknown status 'done'",
        "platform x-1: code must be a province's 6 digits, not '1234'",
        "platform x-1: domain must be a host, not 'http://example.cn/'",
        "platform x-1: no spider named 'nope'",
    } <= set(problems)


def test_sources_prints_the_platforms_and_their_json() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["sources"])
    assert listing.exit_code == 0, listing.output
    assert "32 provincial platforms" in listing.output
    assert "platform shaanxi       bespoke_api   blocked" in listing.output
    data = json.loads(runner.invoke(main, ["sources", "--json"]).output)
    assert len(data) == 32
    assert all(set(item) == {"id", "name", "province", "family", "status", "domain", "spider"} for item in data)
    jiangsu = next(item for item in data if item["id"] == "jiangsu")
    assert jiangsu == {
        "id": "jiangsu", "name": "江苏省公共资源交易网", "province": "江苏省", "family": "epoint",
        "status": "verified", "domain": "jsggzy.jszwfw.gov.cn", "spider": "jiangsu_jsggzy",
    }  # fmt: skip
