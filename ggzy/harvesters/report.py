"""The per-centre harvest report: pages, notices new/updated/unchanged, errors with URLs, duration, newest.

Its Chinese summary (``HarvestReport.summary``) explains why the portal shows fewer notices than were fetched: the
national platform's copies are folded into the original (shown there as 同时发布于) instead of being new notices,
and a new penalty already past its 公示截止期 is stored but not public.

Each crawler (one per centre) carries one ``CentreReport`` (``report_for(crawler)``), filled by the
``ReportExtension`` from Scrapy's signals and by the pipelines. The runner gathers them into a
``HarvestReport``, prints it as a table and writes it as JSON beside the crawl's archive.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from ggzy.index.base import UpsertReport
from ggzy.model import Notice

logger = logging.getLogger(__name__)

#: At most this many errors are kept per centre (the count keeps going).
MAX_ERRORS = 200


@dataclass
class CrawlError:
    url: str
    message: str


@dataclass
class CentreReport:
    """What one crawl of one centre did."""

    centre: str
    spider: str = ""
    pages: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    error_count: int = 0
    errors: list[CrawlError] = field(default_factory=list)
    started: float = 0.0
    duration: float = 0.0
    newest: date | None = None
    finish_reason: str = ""
    #: How many notices the centre's own list says it holds (in the crawl's window), where it says.
    announced: int | None = None
    #: The worker that held the centre when this crawl skipped it ("" when this crawl ran).
    held_by: str = ""
    #: For a republishing platform: per originating centre, [copies folded, their days after the original].
    republished: dict[str, list[int]] = field(default_factory=dict)
    #: New notices stored but not public: penalties past their 公示截止期 (or removed after a credit repair).
    hidden: int = 0

    @property
    def notices(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def error(self, url: str, message: str) -> None:
        """Count an error of this centre, keeping the URL it happened at."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CrawlError(url, message))

    def add_republication(self, origin: str, lag_days: int) -> None:
        """Count a copy of ``origin``'s notice published ``lag_days`` after the original."""
        counts = self.republished.setdefault(origin, [0, 0])
        counts[0] += 1
        counts[1] += lag_days

    def add_upsert(self, outcome: UpsertReport, notices: Iterable[Notice]) -> None:
        """Count a committed batch and move ``newest`` forward."""
        self.inserted += outcome.inserted
        self.updated += outcome.updated
        self.unchanged += outcome.unchanged
        for notice in notices:
            if notice.published and (self.newest is None or notice.published > self.newest):
                self.newest = notice.published

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["newest"] = self.newest.isoformat() if self.newest else None
        data["duration"] = round(self.duration, 3)
        data["notices"] = self.notices
        del data["started"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CentreReport:
        data = {k: v for k, v in data.items() if k != "notices"}
        data["errors"] = [CrawlError(**e) for e in data.get("errors", [])]
        data["newest"] = date.fromisoformat(data["newest"]) if data.get("newest") else None
        return cls(**data)


@dataclass
class HarvestReport:
    """The reports of every centre of one harvest (or reparse)."""

    crawl_id: str
    centres: list[CentreReport] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(c.error_count for c in self.centres)

    def totals(self) -> dict[str, int]:
        keys = ("pages", "inserted", "updated", "unchanged", "duplicates", "hidden", "error_count")
        return {k: sum(getattr(c, k) for c in self.centres) for k in keys}

    def folded(self) -> int:
        """Copies the republishing platforms published that were folded into their originals."""
        return sum(counts[0] for c in self.centres for counts in c.republished.values())

    def summary(self) -> str:
        """In Chinese, what the harvest added and what of it the portal shows, with the reasons they differ."""
        inserted = sum(c.inserted for c in self.centres)
        hidden = sum(c.hidden for c in self.centres)
        lines = [f"新增 {inserted} 条公告，门户可见 {inserted - hidden} 条"]
        if hidden:
            lines[0] += f"；其中 {hidden} 条处罚已过公示截止期（或已信用修复），不公开"
        folded = self.folded()
        if folded:
            lines[0] += f"；另有 {folded} 条为全国平台转载，已并入原公告（注明“同时发布于”），不另计"
        lines[0] += "。"
        updated = sum(c.updated for c in self.centres)
        unchanged = sum(c.unchanged for c in self.centres)
        if updated or unchanged:
            lines.append(f"已收录的公告：更新 {updated} 条，未变 {unchanged} 条（均含转载的并入）。")
        errors = self.error_count
        if errors:
            lines.append(f"{errors} 个页面出错，见上表（网址与原因）。")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "crawl_id": self.crawl_id,
            "centres": [c.to_dict() for c in self.centres],
            "totals": self.totals(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HarvestReport:
        return cls(data["crawl_id"], [CentreReport.from_dict(c) for c in data.get("centres", [])])

    def table(self) -> str:
        """The report as a plain-text table, one row per centre, then the errors with their URLs."""
        head = f"{'centre':<22} {'pages':>6} {'new':>6} {'updated':>7} {'same':>6} {'errors':>6} "
        head += f"{'seconds':>8} newest"
        lines = [f"crawl {self.crawl_id}", head]
        for c in self.centres:
            lines.append(
                f"{c.centre:<22} {c.pages:>6} {c.inserted:>6} {c.updated:>7} {c.unchanged:>6} "
                f"{c.error_count:>6} {c.duration:>8.1f} {c.newest.isoformat() if c.newest else '-'}"
            )
        for c in self.centres:
            if c.held_by:
                lines.append(f"  skipped centre={c.centre}: another worker is crawling it ({c.held_by})")
            lines.extend(f"  error centre={c.centre} url={e.url} {e.message}" for e in c.errors)
        lines.append(self.summary())
        return "\n".join(lines)


def report_for(crawler: Crawler) -> CentreReport:
    """The report of the centre this crawler harvests (created on first use)."""
    report = getattr(crawler, "ggzy_report", None)
    if report is None:
        report = CentreReport(centre="")
        crawler.ggzy_report = report  # type: ignore[attr-defined]
    return report


class ReportExtension:
    """Fills the centre's report from Scrapy's signals: pages, callback errors, failed requests, duration."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report = report_for(crawler)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportExtension:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        source = getattr(spider, "source", None)
        self.report.centre = source.id if source is not None else spider.name
        self.report.spider = spider.name
        self.report.started = time.monotonic()
        logger.info("harvest started centre=%s spider=%s", self.report.centre, spider.name)

    def spider_closed(self, spider: Any, reason: str) -> None:
        report = self.report
        report.duration = time.monotonic() - report.started
        report.finish_reason = reason
        logger.info(
            "harvest finished centre=%s pages=%d new=%d updated=%d unchanged=%d errors=%d seconds=%.1f reason=%s",
            report.centre,
            report.pages,
            report.inserted,
            report.updated,
            report.unchanged,
            report.error_count,
            report.duration,
            reason,
        )

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        self.report.pages += 1
        if self.report.pages % 50 == 0:
            logger.info("progress centre=%s pages=%d", self.report.centre, self.report.pages)

    def spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        message = f"{failure.type.__name__ if failure.type else 'Error'}: {failure.getErrorMessage()}"
        self.report.error(response.url, message)
        logger.warning("page could not be parsed url=%s error=%s", response.url, message)
