"""Coverage and health per source: what each crawl recorded, and what that says about the source.

Each crawl of a centre leaves a **crawl record** in the index (``crawl_record``, written when the crawl
closes): its pages, errors, what it committed, and the source's own list total where the source gives one
(``announced``). ``source_health`` reads the newest records of each centre with the index's statistics and
answers, per source:

- the last successful crawl (finished by itself, not stopped, not skipped) and the last crawl of any kind;
- the newest notice and the notices committed (public notices in the index) against the number announced;
- the error rate: errors per page fetched over the last ``WINDOW`` crawls. Past the threshold
  (``GGZY_SOURCE_FAILING_ERROR_PERCENT``, 20 % by default) the source is **failing**;
- the publication lag against the national platform's copy: for notices the national platform republished
  (folded into the original, see ``pipelines``), how many copies were found and how many days after the
  original they were published on average. The republication match rule pairs printings of the same day, so
  this lag is 0 days until that rule admits later copies.

``ggzy sources status`` prints it; the home page shows it with Chinese labels (``STATUS_LABELS``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ggzy.index.base import Index, IndexStats

if TYPE_CHECKING:  # the site reads health without loading Scrapy
    from ggzy.harvesters.report import CentreReport

#: How many of a centre's newest crawls the error rate is taken over.
WINDOW = 5
#: The default error rate (percent) past which a source is failing.
FAILING_ERROR_PERCENT = 20

CHINA = timezone(timedelta(hours=8))

OK, FAILING, NEVER = "ok", "failing", "never"
STATUS_LABELS = {OK: "正常", FAILING: "采集异常", NEVER: "无采集记录"}


def crawl_record(report: CentreReport, crawl_id: str, reason: str, *, restricted: bool) -> dict[str, Any]:
    """The crawl record of one centre's crawl that closed for ``reason``, from its report."""
    return {
        "crawl_id": crawl_id,
        "centre": report.centre,
        "spider": report.spider,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - report.started, 1),
        "finish_reason": reason,
        "restricted": restricted,
        "pages": report.pages,
        "errors": report.error_count,
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "announced": report.announced,
        "newest": report.newest.isoformat() if report.newest else None,
        "republished": report.republished,
    }


@dataclass
class SourceHealth:
    """The health of one source, as ``ggzy sources status --json`` prints it."""

    centre: str
    status: str
    last_success: str | None
    last_crawl: str | None
    newest: date | None
    committed: int
    announced: int | None
    error_rate: float | None
    national_copies: int
    national_lag_days: float | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def last_success_china(self) -> str | None:
        """The last successful crawl in China time, ``YYYY-MM-DD HH:MM``."""
        if not self.last_success:
            return None
        return f"{datetime.fromisoformat(self.last_success).astimezone(CHINA):%Y-%m-%d %H:%M}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["newest"] = self.newest.isoformat() if self.newest else None
        data["label"] = self.label
        return data


def error_rate(records: Iterable[dict[str, Any]]) -> float | None:
    """Errors per page fetched over ``records`` (a failed fetch is a page too); None with nothing fetched."""
    pages = errors = 0
    for record in records:
        pages += int(record.get("pages") or 0)
        errors += int(record.get("errors") or 0)
    if pages == 0 and errors == 0:
        return None
    return min(1.0, errors / max(pages, errors))


def _republications(records_by_centre: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[int, int]]:
    """Per originating centre, (copies, total lag days) over the republishing platforms' crawl records."""
    found: dict[str, tuple[int, int]] = {}
    for records in records_by_centre.values():
        for record in records:
            for origin, (copies, days) in (record.get("republished") or {}).items():
                total = found.get(origin, (0, 0))
                found[origin] = (total[0] + copies, total[1] + days)
    return found


def source_health(
    index: Index, centres: Iterable[str], stats: IndexStats, *, failing_percent: float = FAILING_ERROR_PERCENT
) -> list[SourceHealth]:
    """The health of ``centres`` (and of every centre the index has crawl records or notices of)."""
    wanted = list(dict.fromkeys([*centres, *index.harvested_centres(), *stats.by_centre]))
    records = {c: index.crawl_records(c, limit=max(WINDOW, 20)) for c in wanted}
    copies = _republications(records)
    found = []
    for centre in wanted:
        mine = [r for r in records[centre] if r.get("finish_reason")]
        recent = mine[:WINDOW]
        rate = error_rate(recent)
        success = next((r for r in mine if r["finish_reason"] == "finished"), None)
        announced = next((r["announced"] for r in mine if r.get("announced") is not None and not r["restricted"]), None)
        if not mine:
            status = NEVER
        elif (rate is not None and rate * 100 > failing_percent) or success is None:
            status = FAILING
        else:
            status = OK
        fresh = stats.freshness.get(centre)
        count, days = copies.get(centre, (0, 0))
        found.append(
            SourceHealth(
                centre=centre,
                status=status,
                last_success=success["finished"] if success else None,
                last_crawl=mine[0]["finished"] if mine else None,
                newest=fresh.newest if fresh else None,
                committed=stats.by_centre.get(centre, 0),
                announced=announced,
                error_rate=None if rate is None else round(rate, 4),
                national_copies=count,
                national_lag_days=round(days / count, 1) if count else None,
            )
        )
    return found


def status_table(health: list[SourceHealth]) -> str:
    """The health as a plain-text table, one source a line."""
    head = f"{'source':<22} {'status':<8} {'last success':<26} {'newest':<10} {'committed':>9} {'announced':>9} "
    head += f"{'errors':>7} {'national':>8} lag"
    lines = [head]
    for h in health:
        rate = "-" if h.error_rate is None else f"{h.error_rate:.0%}"
        lag = "-" if h.national_lag_days is None else f"{h.national_lag_days:g}d"
        lines.append(
            f"{h.centre:<22} {h.status:<8} {h.last_success or '-':<26} "
            f"{h.newest.isoformat() if h.newest else '-':<10} {h.committed:>9} "
            f"{'-' if h.announced is None else h.announced:>9} {rate:>7} {h.national_copies:>8} {lag}"
        )
    return "\n".join(lines)
