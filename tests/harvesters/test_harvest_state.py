"""The harvest state lives in the index: a new index harvests again, workers share one state through
Elasticsearch, an index that goes away mid-crawl loses nothing, and the old state files are imported once.

Every crawl runs in a subprocess against the demo centres served by this process over real HTTP.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.demo.server import DemoCentres, start_demo_centres
from ggzy.harvesters.report import HarvestReport
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.index import open_index
from tests.harvesters.proxy import TcpProxy
from tests.harvesters.test_demo_harvest import differences, stored


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoCentres]:
    with start_demo_centres(port=0, seed=1) as centres:
        yield centres


def harvest(demo: DemoCentres, folder: Path, index_url: str, **options: Any) -> HarvestReport:
    return harvest_in_subprocess(
        HarvestOptions(demo_url=demo.base_url, profile="demo", data_dir=str(folder), index_url=index_url, **options)
    )


@pytest.fixture(scope="module")
def reference(demo: DemoCentres, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every demo notice as one complete harvest into a fresh SQLite index stores it."""
    folder = tmp_path_factory.mktemp("reference")
    index_url = f"sqlite:///{folder / 'ggzy.db'}"
    harvest(demo, folder, index_url)
    return stored(index_url)


@pytest.fixture
def elastic_index(elastic_url: str) -> Iterator[str]:
    """A unique alias on the shared node, dropped afterwards."""
    url = f"{elastic_url}?alias=ggzy-test-{uuid.uuid4().hex[:12]}"
    yield url
    with open_index(url) as index:
        index.drop()  # type: ignore[attr-defined]


def test_a_fresh_index_harvests_everything_again_and_a_second_run_adds_nothing(
    demo: DemoCentres, reference: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    first = harvest(demo, tmp_path, f"sqlite:///{tmp_path / 'first.db'}")
    assert first.totals()["inserted"] == len(reference)
    # Same data folder, new index: nothing in the folder says the notices are committed.
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    again = harvest(demo, tmp_path, fresh)
    assert again.totals()["inserted"] == len(reference)
    assert differences(stored(fresh), reference) == []
    second = harvest(demo, tmp_path, fresh)
    assert (second.totals()["inserted"], second.totals()["updated"], second.error_count) == (0, 0, 0)
    assert second.totals()["pages"] * 20 < again.totals()["pages"]


def test_old_state_files_are_imported_into_the_index_once(
    demo: DemoCentres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    centre = "huzhou-ggzy"
    first_url = f"sqlite:///{tmp_path / 'first.db'}"
    harvest(demo, tmp_path, first_url, centres=[centre])
    with open_index(first_url) as first:
        from ggzy.index.query import SearchQuery

        notices = list(first.scan(SearchQuery(centre=(centre,), include_withdrawn=True)))
    newest = max(n.published for n in notices if n.published)
    folder = tmp_path / "state"
    folder.mkdir()
    seen = sorted(n.source_id or n.source_url for n in notices)
    state = {"centre": centre, "newest": newest.isoformat(), "seen": seen}
    (folder / f"{centre}.json").write_text(json.dumps(state), encoding="utf-8")

    monkeypatch.setenv("GGZY_INDEX", first_url.replace("first.db", "migrated.db"))
    result = CliRunner().invoke(main, ["import-state", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"{centre}: {len(seen)}" in result.output
    assert not (folder / f"{centre}.json").exists() and (folder / f"{centre}.json.imported").exists()
    again = CliRunner().invoke(main, ["import-state", str(folder)])
    assert "导入了 0 个来源" in again.output

    # The migrated index takes the centre as harvested: only its first list page is fetched.
    report = harvest(demo, tmp_path, first_url.replace("first.db", "migrated.db"), centres=[centre])
    assert (report.totals()["inserted"], report.totals()["pages"]) == (0, 1)


@pytest.mark.elasticsearch
def test_two_workers_sharing_one_elasticsearch_index_commit_each_notice_once(
    demo: DemoCentres, reference: dict[str, dict[str, Any]], elastic_index: str, tmp_path: Path
) -> None:
    options = HarvestOptions(demo_url=demo.base_url, profile="demo", index_url=elastic_index, batch_size=10)
    workers = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "options.json").write_text(json.dumps({**asdict(options), "data_dir": str(folder)}), "utf-8")
        command = [sys.executable, "-m", "ggzy.harvesters.runner", str(folder / "options.json"), str(folder / "r.json")]
        with open(folder / "log.txt", "w", encoding="utf-8") as log:  # a pipe left unread would block a worker
            workers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log))
    for name, worker in zip("ab", workers, strict=True):
        assert worker.wait(timeout=600) == 0, (tmp_path / name / "log.txt").read_text("utf-8")[-3000:]
    reports = [HarvestReport.from_dict(json.loads((tmp_path / n / "r.json").read_text("utf-8"))) for n in "ab"]
    assert sum(r.totals()["inserted"] for r in reports) == len(reference)
    # Each centre's notices came from one worker (a centre is crawled by the worker holding its claim).
    for centre in {c.centre for r in reports for c in r.centres}:
        assert sum(1 for r in reports for c in r.centres if c.centre == centre and c.inserted) <= 1
    assert all(r.error_count == 0 for r in reports)
    with open_index(elastic_index) as index:
        assert index.count() == len(reference)
    assert differences(stored(elastic_index), reference) == []


def _start_crawl(options: HarvestOptions, folder: Path) -> subprocess.Popen[bytes]:
    (folder / "options.json").write_text(json.dumps(asdict(options)), encoding="utf-8")
    command = [sys.executable, "-m", "ggzy.harvesters.runner", str(folder / "options.json"), str(folder / "r.json")]
    with open(folder / "log.txt", "w", encoding="utf-8") as log:  # a pipe left unread would block the crawl
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)


def _log(folder: Path) -> str:
    return (folder / "log.txt").read_text("utf-8")[-3000:]


def _wait_for_commits(crawl: subprocess.Popen[bytes], index_url: str, at_least: int) -> int:
    """Wait until the crawl committed ``at_least`` notices (read through the node itself); how many."""
    deadline = time.monotonic() + 120
    committed = 0
    with open_index(index_url) as index:
        while committed < at_least and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            committed = index.count()
    return committed


def _through(proxy: TcpProxy, index_url: str) -> str:
    return proxy.url + index_url[index_url.index("?") :]


@pytest.mark.elasticsearch
def test_a_node_away_for_a_moment_mid_harvest_loses_nothing(
    demo: DemoCentres, reference: dict[str, dict[str, Any]], elastic_index: str, elastic_url: str, tmp_path: Path
) -> None:
    host, port = elastic_url.removeprefix("http://").split(":")
    proxy = TcpProxy((host, int(port)))
    proxy.start()
    options = HarvestOptions(
        demo_url=demo.base_url,
        profile="demo",
        data_dir=str(tmp_path),
        index_url=_through(proxy, elastic_index),
        batch_size=5,
        settings={"GGZY_COMMIT_RETRIES": 6, "GGZY_COMMIT_BACKOFF": 0.5},
    )
    crawl = _start_crawl(options, tmp_path)
    try:
        committed = _wait_for_commits(crawl, elastic_index, 40)
        proxy.stop()
        time.sleep(3)  # within the crawl's patience (0.5 + 1 + 2 + 4 … s)
        proxy.start()
        crawl.wait(timeout=600)
    finally:
        proxy.stop()
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert 0 < committed < len(reference), "the node must go away mid-harvest"
    assert crawl.returncode == 0, _log(tmp_path)
    report = HarvestReport.from_dict(json.loads((tmp_path / "r.json").read_text("utf-8")))
    assert report.error_count == 0, report.table()
    # A batch written just before the node went away is written again on the retry (and counted unchanged).
    assert report.totals()["inserted"] + report.totals()["unchanged"] >= len(reference)
    assert differences(stored(elastic_index), reference) == []
    with open_index(elastic_index) as index:
        assert index.count() == len(reference)


@pytest.mark.elasticsearch
def test_a_node_gone_mid_harvest_stops_the_crawl_and_the_next_run_resumes(
    demo: DemoCentres, reference: dict[str, dict[str, Any]], elastic_index: str, elastic_url: str, tmp_path: Path
) -> None:
    host, port = elastic_url.removeprefix("http://").split(":")
    proxy = TcpProxy((host, int(port)))
    proxy.start()
    through = _through(proxy, elastic_index)
    options = HarvestOptions(
        demo_url=demo.base_url,
        profile="demo",
        data_dir=str(tmp_path),
        index_url=through,
        batch_size=5,
        settings={"GGZY_COMMIT_RETRIES": 2, "GGZY_COMMIT_BACKOFF": 0.2},
    )
    crawl = _start_crawl(options, tmp_path)
    try:
        committed = _wait_for_commits(crawl, elastic_index, 40)
        proxy.stop()  # and it stays away until the crawl has given up
        crawl.wait(timeout=600)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert 0 < committed < len(reference), "the node must go away mid-harvest"
    assert crawl.returncode == 0, _log(tmp_path)
    stopped = HarvestReport.from_dict(json.loads((tmp_path / "r.json").read_text("utf-8")))
    reasons = {c.centre: c.finish_reason for c in stopped.centres}
    assert "index_unavailable" in reasons.values(), stopped.table()
    assert any("index unavailable" in e.message for c in stopped.centres for e in c.errors)
    with open_index(elastic_index) as index:
        assert index.count() < len(reference)

    proxy.start()
    try:
        rerun = harvest(demo, tmp_path, through)
    finally:
        proxy.stop()
    assert rerun.error_count == 0, rerun.table()
    assert differences(stored(elastic_index), reference) == []
    with open_index(elastic_index) as index:
        assert index.count() == len(reference)


def test_a_harvest_into_an_index_that_does_not_answer_fails_with_a_clear_error(
    demo: DemoCentres, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    env = {**os.environ, "GGZY_INDEX": f"http://127.0.0.1:{port}?alias=ggzy-test-away", "GGZY_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-c", "from ggzy.cli import main; main()", "harvest", "--demo-url", demo.base_url]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 1
    assert "索引不可用" in completed.stderr and "再次运行 ggzy harvest 即从中断处继续" in completed.stderr
