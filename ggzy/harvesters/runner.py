"""Run a harvest (or a reparse) in this process with one ``CrawlerProcess``, or in a subprocess.

Scrapy's Twisted reactor starts once per process, so ``harvest`` may be called once per process: the CLI
calls it directly; tests and ``ggzy demo`` call ``harvest_in_subprocess``, which runs
``python -m ggzy.harvesters.runner OPTIONS.json`` and reads the report back.

A harvest runs in two phases: every centre first, then the platforms that republish other centres' notices
(``spider.republishes``), so their originals are committed before the republications are folded into them.
The raw archive lives under the data folder (``GGZY_DATA_DIR``, default ``data``): ``archive/<crawl-id>/``;
the incremental state lives in the index (``ggzy.harvesters.state``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ggzy.centres import Registry, Source, demo_registry, load_registry
from ggzy.flags.compute import update
from ggzy.harvesters import HarvestError
from ggzy.harvesters.archive import find_crawl, new_crawl_id, read_manifest, write_manifest
from ggzy.harvesters.report import CentreReport, HarvestReport
from ggzy.index import index_url, open_index
from ggzy.index.base import IndexEngineError

logger = logging.getLogger(__name__)

REPORT_FILE = "report.json"


def data_dir() -> Path:
    """Where archives live: ``GGZY_DATA_DIR`` or ``data``."""
    return Path(os.environ.get("GGZY_DATA_DIR") or "data")


@dataclass
class HarvestOptions:
    """What to harvest and how. ``demo_url`` builds the registry from the demo centres served there."""

    centres: list[str] = field(default_factory=list)
    from_date: str | None = None
    until_date: str | None = None
    sample: int | None = None
    registry_path: str | None = None
    demo_url: str | None = None
    profile: str = "default"
    data_dir: str | None = None
    index_url: str | None = None
    #: Reparse: the archived crawl to replay ("" for the newest); None for a harvest from the network.
    replay: str | None = None
    batch_size: int | None = None
    #: Extra Scrapy settings (tests: e.g. CLOSESPIDER_ITEMCOUNT).
    settings: dict[str, Any] = field(default_factory=dict)

    def registry(self) -> Registry:
        if self.demo_url:
            return demo_registry(self.demo_url)
        registry = load_registry(self.registry_path)
        return Registry(s for s in registry if not s.demo)


def crawl_settings(options: HarvestOptions, **overrides: Any) -> Any:
    """The Scrapy settings of a crawl: ``settings.py``, then the profile, then ``overrides``."""
    from scrapy.settings import Settings

    from ggzy.harvesters import settings as module

    settings = Settings()
    settings.setmodule(module, priority="project")
    if options.profile not in module.PROFILES:
        raise HarvestError(f"unknown settings profile {options.profile!r}; known: {', '.join(module.PROFILES)}")
    settings.setdict(module.PROFILES[options.profile], priority="project")
    if options.batch_size:
        settings.set("GGZY_BATCH_SIZE", options.batch_size, priority="cmdline")
    settings.setdict(options.settings, priority="cmdline")
    settings.setdict(overrides, priority="cmdline")
    return settings


def _phases(sources: list[Source], spiders: dict[str, type]) -> list[list[Source]]:
    first = [s for s in sources if not getattr(spiders[s.spider], "republishes", False)]
    second = [s for s in sources if getattr(spiders[s.spider], "republishes", False)]
    return [phase for phase in (first, second) if phase]


def _run(sources: list[Source], registry: Registry, settings: Any, arguments: dict[str, Any]) -> list[CentreReport]:
    """Crawl ``sources`` in one CrawlerProcess, phase by phase; the reports of every centre."""
    from scrapy.crawler import CrawlerProcess

    from ggzy.harvesters.report import report_for
    from ggzy.harvesters.spiders import spider_classes

    spiders = spider_classes()
    for source in sources:
        if source.spider not in spiders:
            raise HarvestError(f"centre {source.id} names an unknown spider {source.spider!r}")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the ggzy command configures logging
    process = CrawlerProcess(settings)
    # After CrawlerProcess, whose logging defaults set the scrapy logger to DEBUG (one line per page and item).
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawlers: list[Any] = []

    from twisted.internet import defer

    @defer.inlineCallbacks
    def run_phases() -> Any:
        from twisted.internet.task import deferLater

        done: list[str] = []
        try:
            for phase in _phases(sources, spiders):
                # Republications fold only into committed originals: wait while another worker still crawls a
                # centre this harvest crawled (its claim is held), up to the length of a claim.
                deadline = time.monotonic() + settings.getfloat("GGZY_LEASE_SECONDS")
                while done and time.monotonic() < deadline and _crawled_elsewhere(settings, done):
                    from twisted.internet import reactor  # the one the crawl installed

                    yield deferLater(reactor, 1.0, lambda: None)
                done += [s.id for s in phase]
                for source in phase:
                    crawler = process.create_crawler(spiders[source.spider])
                    crawlers.append(crawler)
                    report_for(crawler).centre = source.id
                    deferred = process.crawl(crawler, source=source, registry=registry, **arguments)
                    deferred.addErrback(_crawl_failed, source, crawler)
                yield process.join()
        finally:
            from twisted.internet import reactor

            # When every crawl failed at once (an index away before any started) this runs before the reactor.
            if reactor.running:
                reactor.stop()  # type: ignore[misc]
            else:
                reactor.callWhenRunning(reactor.stop)  # type: ignore[misc]

    run_phases()
    process.start(stop_after_crawl=False)
    return [report_for(c) for c in crawlers]


def _crawled_elsewhere(settings: Any, centres: list[str]) -> list[str]:
    """The centres of ``centres`` another worker sharing this index is crawling now."""
    from ggzy.harvesters.state import crawled_elsewhere

    if not settings.getbool("GGZY_INCREMENTAL") or settings.get("GGZY_REPLAY"):
        return []
    try:
        with open_index(settings.get("GGZY_INDEX_URL") or None) as index:
            busy = crawled_elsewhere(index, centres)
    except IndexEngineError as error:  # the next phase's crawls meet the same error and report it
        logger.warning("cannot see other workers: %s", error)
        return []
    if busy:
        logger.info("waiting for other workers centres=%s", ",".join(busy))
    return busy


def _crawl_failed(failure: Any, source: Source, crawler: Any) -> None:
    from ggzy.harvesters.report import report_for

    report = report_for(crawler)
    report.error(source.base_url, f"crawl failed: {failure.getErrorMessage()}")
    if failure.check(IndexEngineError):  # the index was away before the crawl could start: the next run resumes
        report.finish_reason = "index_unavailable"
    logger.error("crawl failed centre=%s error=%s", source.id, failure.getErrorMessage())


def harvest(options: HarvestOptions) -> HarvestReport:
    """Harvest the chosen centres from the network into the index, archiving every response.

    Runs Scrapy's reactor: call it once per process (see ``harvest_in_subprocess``).
    """
    root = Path(options.data_dir) if options.data_dir else data_dir()
    registry = options.registry()
    sources = registry.select(options.centres)
    crawl_id = new_crawl_id()
    folder = root / "archive" / crawl_id
    arguments = {"from_date": options.from_date, "until_date": options.until_date, "sample": options.sample}
    manifest = {
        "crawl_id": crawl_id,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "finished_at": None,
        "profile": options.profile,
        "arguments": arguments,
        "sources": [s.to_dict() for s in sources],
        "registry": registry.to_list(),
    }
    write_manifest(folder, manifest)
    settings = crawl_settings(
        options,
        GGZY_ARCHIVE_DIR=str(folder),
        GGZY_CRAWL_ID=crawl_id,
        GGZY_INDEX_URL=options.index_url or index_url(),
    )
    logger.info("harvest crawl=%s centres=%s", crawl_id, ",".join(s.id for s in sources))
    centres = _run(sources, registry, settings, arguments)
    report = HarvestReport(crawl_id, centres)
    refresh_flags(settings["GGZY_INDEX_URL"], report)
    manifest["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_manifest(folder, manifest)
    (folder / REPORT_FILE).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return report


def reparse(options: HarvestOptions) -> HarvestReport:
    """Rebuild the notices of an archived crawl (``options.replay``; "" for the newest) without fetching."""
    root = Path(options.data_dir) if options.data_dir else data_dir()
    folder = find_crawl(root / "archive", options.replay or None)
    manifest = read_manifest(folder)
    registry = Registry(Source.from_dict(s) for s in manifest["registry"])
    sources = [Source.from_dict(s) for s in manifest["sources"]]
    if options.centres:
        sources = [s for s in sources if s.id in options.centres]
    settings = crawl_settings(
        options,
        GGZY_REPLAY=str(folder),
        GGZY_INCREMENTAL=False,  # a reparse rebuilds every archived notice and leaves the state alone
        GGZY_INDEX_URL=options.index_url or index_url(),
        ROBOTSTXT_OBEY=False,  # robots.txt was obeyed when the pages were fetched
        RETRY_ENABLED=False,  # the archive answers at once; nothing to retry
        DOWNLOAD_DELAY=0,  # nothing is downloaded
        AUTOTHROTTLE_ENABLED=False,
        CONCURRENT_REQUESTS=32,
        CONCURRENT_REQUESTS_PER_DOMAIN=32,
    )
    logger.info("reparse crawl=%s centres=%s", folder.name, ",".join(s.id for s in sources))
    centres = _run(sources, registry, settings, manifest.get("arguments") or {})
    report = HarvestReport(folder.name, centres)
    refresh_flags(settings["GGZY_INDEX_URL"], report)
    return report


def refresh_flags(url: str, report: HarvestReport) -> None:
    """Recompute the integrity flags once the harvest has committed, when it stored anything new or changed. A
    failure is logged, not raised: the notices are committed, and ``ggzy flags refresh`` recomputes later."""
    if not any(c.inserted or c.updated for c in report.centres):
        return
    try:
        with open_index(url) as index:
            done = update(index)
    except IndexEngineError as error:
        logger.warning("flags not refreshed, run `ggzy flags refresh`: %s", error)
        return
    logger.info("flags refreshed notices=%d results=%d", done.notices, done.stored)


def harvest_in_subprocess(
    options: HarvestOptions, *, timeout: float = 600, env: dict[str, str] | None = None
) -> HarvestReport:
    """Run ``harvest`` (or ``reparse`` when ``options.replay`` is set) in a fresh Python process."""
    with tempfile.TemporaryDirectory(prefix="ggzy-harvest-") as scratch:
        options_path = Path(scratch) / "options.json"
        report_path = Path(scratch) / "report.json"
        options_path.write_text(json.dumps(asdict(options)), encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "ggzy.harvesters.runner", str(options_path), str(report_path)],
            env={**os.environ, **(env or {})},
            timeout=timeout,
            check=False,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0 or not report_path.exists():
            tail = "\n".join(completed.stderr.splitlines()[-30:])
            raise HarvestError(f"harvest subprocess failed with exit code {completed.returncode}:\n{tail}")
        return HarvestReport.from_dict(json.loads(report_path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    """``python -m ggzy.harvesters.runner OPTIONS.json REPORT.json``."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m ggzy.harvesters.runner OPTIONS.json REPORT.json", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    options = HarvestOptions(**json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    report = reparse(options) if options.replay is not None else harvest(options)
    Path(argv[1]).write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
