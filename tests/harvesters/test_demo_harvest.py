"""Harvests of the demo centres over real HTTP on 127.0.0.1, checked against the generator's ground truth.

Scrapy's reactor starts once per process, so every crawl here runs in a subprocess
(``python -m ggzy.harvesters.runner`` or ``ggzy demo --no-serve``); the demo centres run in this process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.demo.centres import CENTRES, NATIONAL
from ggzy.demo.generator import World, build_world
from ggzy.demo.server import DemoCentres, start_demo_centres
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.rules import evaluate
from ggzy.harvesters.report import HarvestReport
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.index import open_index
from ggzy.index.query import SearchQuery
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

#: Fields that depend on where and when a notice was fetched, not on what the centre published.
PROVENANCE = ("source_url", "body_html", "harvested_at", "spider", "content_hash", "attachments")
#: Fields the harvester itself decides (ids, provenance of republications, dates, titles): always exact.
HARVESTER_FIELDS = ("id", "centre", "source_id", "title", "published", "category", "also_published")


MONEY = ("amount", "budget", "fine", "confiscated", "price")


def _same_money(value: Any) -> Any:
    """Amounts compared by value: 901979.40 and 901979.4 are the same yuan."""
    if isinstance(value, dict):
        return {
            k: format(Decimal(v).normalize(), "f") if k in MONEY and v else _same_money(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_same_money(v) for v in value]
    return value


def comparable(notice: Notice) -> dict[str, Any]:
    """A notice as a dict without fetch-dependent fields; republications as (centre, source_id)."""
    data = _same_money(notice.to_dict())
    for name in PROVENANCE:
        data.pop(name, None)
    data["also_published"] = sorted((r["centre"], r["source_id"]) for r in data["also_published"])
    return data


def stored(index_url: str) -> dict[str, dict[str, Any]]:
    with open_index(index_url) as index:
        return {n.id: comparable(n) for n in index.scan(SearchQuery(include_withdrawn=True))}


def stored_flags(index_url: str) -> dict[tuple[str, str], str]:
    """The state of every stored flag result by (notice id, flag id)."""
    found: dict[tuple[str, str], str] = {}
    with open_index(index_url) as index:
        while page := index.flags(limit=1000, offset=len(found)):
            found.update(((f.notice_id, f.flag), f.state.value) for f in page)
    return found


def differences(got: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(notice id, field) of every difference between two sets of stored notices; [] when they are equal."""
    found = [(i, "missing") for i in expected.keys() - got.keys()]
    found.extend((i, "extra") for i in got.keys() - expected.keys())
    for notice_id in expected.keys() & got.keys():
        found.extend((notice_id, k) for k in expected[notice_id] if got[notice_id].get(k) != expected[notice_id][k])
    return sorted(found)


@dataclass
class Harvest:
    data_dir: Path
    index_url: str
    report: HarvestReport
    #: What the command printed.
    output: str = ""


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=1)


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoCentres]:
    with start_demo_centres(port=0, seed=1) as centres:
        yield centres


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Harvest:
    """``ggzy demo --no-serve``: its own demo centres, every one harvested into a fresh index."""
    folder = tmp_path_factory.mktemp("clean")
    index_url = f"sqlite:///{folder / 'ggzy.db'}"
    env = {
        **os.environ,
        "GGZY_INDEX": index_url,
        "GGZY_DATA_DIR": str(folder),
        "GGZY_EXPORT_DIR": str(folder / "opendata"),
    }
    completed = subprocess.run(
        [sys.executable, "-c", "from ggzy.cli import main; main()", "demo", "--no-serve", "--centres-port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (folder / "opendata" / "datapackage.json").exists(), "ggzy demo writes the open-data files"
    (crawl,) = (folder / "archive").iterdir()
    report = HarvestReport.from_dict(json.loads((crawl / "report.json").read_text(encoding="utf-8")))
    return Harvest(folder, index_url, report, completed.stdout)


def run(demo: DemoCentres, folder: Path, **options: Any) -> Harvest:
    index_url = f"sqlite:///{folder / 'ggzy.db'}"
    report = harvest_in_subprocess(
        HarvestOptions(demo_url=demo.base_url, profile="demo", data_dir=str(folder), index_url=index_url, **options)
    )
    return Harvest(folder, index_url, report)


@pytest.mark.parametrize("centre", [c.id for c in CENTRES])
def test_every_demo_spider_harvests_its_centre(centre: str, clean: Harvest, world: World) -> None:
    (report,) = [c for c in clean.report.centres if c.centre == centre]
    assert report.finish_reason == "finished"
    assert report.error_count == 0, report.errors
    assert report.pages > 0
    if centre == NATIONAL:
        expected = sum(1 for p in world.publications if p.centre == NATIONAL)
        assert report.inserted + report.updated == expected  # own notices + republications folded
    else:
        assert report.inserted == sum(1 for n in world.notices if n.centre == centre)
    assert report.newest == max(p.published_at.date() for p in world.publications if p.centre == centre)


def test_the_first_harvest_report_explains_the_count_the_portal_shows(clean: Harvest, world: World) -> None:
    hidden = sum(1 for n in world.notices if not n.is_public(china_today()))
    folded = sum(len(n.also_published) for n in world.notices)
    assert hidden > 0 and folded > 0  # the demo world has both
    with open_index(clean.index_url) as index:
        shown = index.search(SearchQuery(today=china_today())).total
    assert shown == len(world.notices) - hidden
    assert (
        f"新增 {len(world.notices)} 条公告，门户可见 {shown} 条；"
        f"其中 {hidden} 条处罚已过公示截止期（或已信用修复），不公开；"
        f"另有 {folded} 条为全国平台转载，已并入原公告（注明“同时发布于”），不另计。"
    ) in clean.output


def test_the_harvest_equals_the_ground_truth(clean: Harvest, world: World) -> None:
    got = stored(clean.index_url)
    truth = {n.id: comparable(n) for n in world.notices}
    assert got.keys() == truth.keys()
    for notice_id, expected in truth.items():
        assert {k: got[notice_id][k] for k in HARVESTER_FIELDS} == {k: expected[k] for k in HARVESTER_FIELDS}
        # The centre's region, refined by extraction to the city a page names: the province always agrees.
        assert got[notice_id]["region_code"][:2] == expected["region_code"][:2]
    # Bids and candidates: read back exactly from every 开标记录 and candidates notice, on every site family.
    for name in ("bids", "candidates"):
        differ = [i for i in truth if got[i].get(name, []) != truth[i].get(name, [])]
        assert differ == [], (name, [(got[i].get(name), truth[i].get(name)) for i in differ[:2]])
    assert sum(1 for i in truth if truth[i].get("bids")) > 5 and sum(1 for i in truth if truth[i].get("candidates")) > 5
    # Extracted fields: each agrees on nearly every notice (the remaining differences name the notice).
    for name in sorted(set(truth[next(iter(truth))]) - {*HARVESTER_FIELDS, "body_text"}):
        differ = [i for i in truth if got[i][name] != truth[i][name]]
        assert len(differ) <= len(truth) // 10, (name, [(i, got[i][name], truth[i][name]) for i in differ[:3]])


def test_no_two_notices_share_a_source_link_and_each_link_opens_its_notice(clean: Harvest, demo: DemoCentres) -> None:
    with open_index(clean.index_url) as index:
        notices = list(index.scan(SearchQuery(include_withdrawn=True)))
    links = [n.source_url for n in notices] + [r.url for n in notices for r in n.also_published]
    assert len(set(links)) == len(links), sorted(u for u in set(links) if links.count(u) > 1)[:5]
    # A JSON-API notice links to the platform's page of it, not to the list its record came in.
    hunan = [n for n in notices if n.centre == "hunan-hnsggzy"]
    assert hunan and all("/#/resources/transactionDetail/" in n.source_url for n in hunan)
    assert not any("/tradeApi/" in u or u.endswith(".csv") for u in links)
    # On this module's demo server: the link's page is the web app, whose script opens the notice it names.
    link = urlsplit(hunan[0].source_url)
    base = f"{demo.base_url}{link.path}"
    with urllib.request.urlopen(base, timeout=10) as response:
        assert "location.hash" in response.read().decode("utf-8")
    notice_id = parse_qs(link.fragment.split("?", 1)[1])["noticeId"][0]
    with urllib.request.urlopen(f"{base}notice/{notice_id}.html", timeout=10) as response:
        assert hunan[0].title in response.read().decode("utf-8")


def test_sources_status_shows_each_demo_centre_crawled_and_counted(
    clean: Harvest, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GGZY_INDEX", clean.index_url)
    result = CliRunner().invoke(main, ["sources", "status", "--json"])
    assert result.exit_code == 0, result.output
    health = {h["centre"]: h for h in json.loads(result.output)}
    for centre in CENTRES:
        assert health[centre.id]["status"] == "ok", health[centre.id]
        assert health[centre.id]["last_success"] and health[centre.id]["error_rate"] == 0
    hunan = health["hunan-hnsggzy"]
    # The trade API states its list total; every notice it announced was committed.
    assert hunan["announced"] == hunan["committed"] == sum(1 for n in world.notices if n.centre == "hunan-hnsggzy")
    copies = sum(1 for n in world.notices if n.centre == "hunan-hnsggzy" and n.also_published)
    assert (hunan["national_copies"], hunan["national_lag_days"]) == (copies, 0)


def test_sources_check_passes() -> None:
    result = CliRunner().invoke(main, ["sources", "--check"])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output
    for centre in CENTRES:
        assert centre.id in result.output


def test_reparse_from_the_archive_gives_the_same_notices(clean: Harvest, tmp_path: Path) -> None:
    index_url = f"sqlite:///{tmp_path / 'reparsed.db'}"
    (crawl,) = (clean.data_dir / "archive").iterdir()
    options = HarvestOptions(data_dir=str(clean.data_dir), index_url=index_url, replay=crawl.name, profile="demo")
    report = harvest_in_subprocess(options)
    assert report.error_count == 0
    assert differences(stored(index_url), stored(clean.index_url)) == []
    assert stored_flags(index_url) == stored_flags(clean.index_url) != {}


def test_the_demo_harvest_stores_the_flags_of_its_notices(clean: Harvest) -> None:
    with open_index(clean.index_url) as index:
        assert index.flags_version() == load_catalogue().version
        notices = list(index.scan(SearchQuery(include_withdrawn=True)))
    expected = {(r.notice_id, r.flag): r.state.value for r in evaluate(notices, today=china_today())}
    assert stored_flags(clean.index_url) == expected
    assert "triggered" in expected.values() and "not_triggered" in expected.values()


def test_faults_end_with_the_same_notices_as_a_clean_run(clean: Harvest, tmp_path: Path) -> None:
    with start_demo_centres(port=0, seed=1, faults=True, slow_seconds=3) as faulty:
        harvest = run(faulty, tmp_path, settings={"DOWNLOAD_TIMEOUT": 1.5})
        assert sum(faulty.faults.injected.values()) > 0
    assert differences(stored(harvest.index_url), stored(clean.index_url)) == []
    assert harvest.report.error_count == 0


def test_a_crawl_killed_midway_and_rerun_ends_with_the_same_notices(
    demo: DemoCentres, clean: Harvest, tmp_path: Path
) -> None:
    index_url = f"sqlite:///{tmp_path / 'ggzy.db'}"
    options = HarvestOptions(
        demo_url=demo.base_url, profile="demo", data_dir=str(tmp_path), index_url=index_url, batch_size=5
    )
    (tmp_path / "options.json").write_text(json.dumps(asdict(options)), encoding="utf-8")
    crawl = subprocess.Popen(
        [sys.executable, "-m", "ggzy.harvesters.runner", str(tmp_path / "options.json"), str(tmp_path / "r.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    committed = 0
    try:
        while committed < 60 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            if Path(index_url.removeprefix("sqlite:///")).exists():
                with open_index(index_url) as index:
                    committed = index.count()
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
    total = len(stored(clean.index_url))
    assert 0 < committed < total, "the crawl must be killed midway"

    rerun = run(demo, tmp_path)
    assert differences(stored(index_url), stored(clean.index_url)) == []
    with open_index(index_url) as index:
        assert index.count() == total  # none twice
    assert rerun.report.totals()["inserted"] <= total - committed


def test_a_second_harvest_fetches_only_what_is_new(demo: DemoCentres, tmp_path: Path) -> None:
    first = run(demo, tmp_path)
    second = run(demo, tmp_path)
    assert second.report.totals()["inserted"] == 0
    assert second.report.totals()["updated"] == 0
    # Page 1 of each list (ganzhou, the credit site and ccgp have two, the Epoint centre three 栏目), the CKAN
    # search and its one CSV modified on the newest day already harvested (same-day records may have been
    # added), the history API's range since that day: no detail page at all.
    pages = {c.centre: c.pages for c in second.report.centres}
    assert sum(pages.values()) <= 16, pages
    assert first.report.totals()["pages"] > 20 * sum(pages.values())


def test_after_a_harvest_only_the_new_notices_pages_are_fetched(
    demo: DemoCentres, world: World, tmp_path: Path
) -> None:
    centre = "huzhou-ggzy"
    dates = sorted(n.published for n in world.notices if n.centre == centre)
    cut = dates[len(dates) // 2]
    new = sum(1 for d in dates if d > cut)
    list_pages = -(-len(dates) // 15)  # the classic sites list 15 rows a page
    # A first harvest sees the centre up to ``cut``; everything later is new to the second one.
    first = run(demo, tmp_path, centres=[centre], until_date=cut.isoformat())
    assert first.report.totals()["inserted"] == len(dates) - new
    second = run(demo, tmp_path, centres=[centre])
    assert second.report.totals()["inserted"] == new
    assert second.report.totals()["pages"] == list_pages + new  # the lists, and the new notices' pages only
