"""The item pipeline: validate → dedupe → batch upsert into the index.

Spiders yield ``Notice`` objects (or a ``Republication`` when the national platform republishes a centre's
notice). Each stage is a Scrapy pipeline, in the order of ``ITEM_PIPELINES``:

1. ``ValidatePipeline`` drops a notice missing a required field (id, centre, title, source_url, published),
   logs it with its URL and counts it as an error of the centre's report; the crawl goes on. It stamps the
   provenance fields (spider, harvested_at); the content hash is the index's, computed as it stores the notice.
2. ``DedupePipeline`` drops a second copy of a notice already seen in this crawl (list pages shift while we
   page), and folds a republication into the original notice. It counts in the report the new notices that are
   not public (a penalty already past its 公示截止期), so the report says why the portal shows fewer.
3. ``UpsertPipeline`` upserts in batches of ``GGZY_BATCH_SIZE``; after each commit it marks the batch's
   notices committed in the incremental state (``state``), so a crawl killed midway refetches only what was
   not committed. A commit the index refuses (an Elasticsearch node gone) is retried ``GGZY_COMMIT_RETRIES``
   times with doubling waits; if the index stays away the crawl stops with the error ``index unavailable``,
   its remaining notices are not committed nor marked, the state does not advance, and the next run resumes.
   (A batch the index stored before it went away is stored again on the retry and counted unchanged.)

**The republication match key.** The national platform republishes a provincial notice with its own id and
URL. A republished notice is the same as an original when the originating centre (its 信息来源, looked up
by name in the registry) is the same and either

- the titles are equal after ``name_key`` folding (full/half-width, spaces) and the published dates are
  equal, or
- the project codes (``project_code``) are equal, the kinds are equal and the published dates are equal.

The original keeps its id and gains a ``SourceRef`` in ``also_published`` for the national copy. Originals
are looked up in the index (the runner crawls republishing platforms after every other centre, so this
harvest's originals are already committed); a republication whose original is not found, or whose centre
is not in the registry, is kept as the platform's own notice. So harvest the national platform together with
(or after) the centres it republishes — ``ggzy harvest`` without ``--centre`` does — never alone before them:
a republication stored as the platform's own notice is not folded later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ggzy.harvesters.report import CentreReport, report_for
from ggzy.harvesters.spiders.base import BaseSpider, patience, stop_crawl
from ggzy.harvesters.state import mark_batch
from ggzy.index import open_index
from ggzy.index.base import Index, IndexEngineError
from ggzy.index.query import SearchQuery
from ggzy.model import Notice, SourceRef
from ggzy.normalize.dates import china_today
from ggzy.normalize.names import name_key

logger = logging.getLogger(__name__)

REQUIRED = ("id", "centre", "title", "source_url", "published")


@dataclass
class Republication:
    """A notice the national platform republished from the centre named ``origin`` (its 信息来源)."""

    notice: Notice
    origin: str


def match_keys(notice: Notice) -> set[tuple[Any, ...]]:
    """The keys under which two printings of one notice match (see the module docstring)."""
    keys: set[tuple[Any, ...]] = set()
    if notice.published is None:
        return keys
    if notice.title:
        keys.add(("title", name_key(notice.title), notice.published))
    if notice.project_code:
        keys.add(("project", name_key(notice.project_code), notice.kind.value, notice.published))
    return keys


def index_unavailable(crawler: Crawler, error: IndexEngineError) -> None:
    """The index stayed away past the crawl's patience: the crawl stops (``BaseSpider.index_failed``)."""
    spider = crawler.spider
    if isinstance(spider, BaseSpider):
        spider.index_failed(error)
    else:
        stop_crawl(crawler, "index_unavailable")


def missing_fields(notice: Notice) -> list[str]:
    """The required fields a notice lacks."""
    return [name for name in REQUIRED if not getattr(notice, name)]


class ValidatePipeline:
    """Drops notices without their required fields; stamps provenance on the others."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        notice = item.notice if isinstance(item, Republication) else item
        if not isinstance(notice, Notice):
            raise DropItem(f"not a notice: {type(item).__name__}")
        missing = missing_fields(notice)
        if missing:
            message = f"malformed notice: missing {', '.join(missing)}"
            report_for(self.crawler).error(notice.source_url or "?", message)
            logger.warning("%s url=%s", message, notice.source_url)
            raise DropItem(f"{message} ({notice.source_url})")
        spider = self.crawler.spider
        notice.spider = getattr(spider, "name", None)
        notice.harvested_at = datetime.now(UTC).replace(microsecond=0)
        return item


class DedupePipeline:
    """Drops notices already seen in this crawl and folds republications into their originals."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seen: set[str] = set()
        self.index: Index | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        if self.index is not None:
            self.index.close()

    def open_spider(self) -> None:
        self.index = open_index(self.crawler.settings.get("GGZY_INDEX_URL") or None)

    def process_item(self, item: Any) -> Notice:
        if getattr(self.crawler.spider, "stopping", False):
            raise DropItem(f"index unavailable: not committed ({getattr(item, 'source_url', '?')})")
        try:
            notice = patience(self.crawler.settings).run(lambda: self.merge(item), "a look-up")
        except IndexEngineError as error:
            index_unavailable(self.crawler, error)
            raise DropItem(f"index unavailable: not committed ({getattr(item, 'source_url', '?')})") from error
        if notice.id in self.seen:
            report_for(self.crawler).duplicates += 1
            raise DropItem(f"duplicate notice {notice.id} ({notice.source_url})")
        self.seen.add(notice.id)
        # The index hashes the notice from the encoding it stores (once); a hash carried from the page or from
        # the stored original would not cover what spiders and the fold changed since.
        notice.content_hash = ""
        return notice

    def merge(self, item: Any) -> Notice:
        """The notice to store for ``item``: a republication folded into its original, or the notice itself
        (what is already stored with it is read once per batch, by ``UpsertPipeline.commit``)."""
        if isinstance(item, Republication):
            return self.fold(item)
        notice: Notice = item
        return notice

    def fold(self, republication: Republication) -> Notice:
        """The original with this copy added to ``also_published``, or the copy itself if none matches."""
        copy = republication.notice
        spider = self.crawler.spider
        registry = getattr(spider, "registry", None)
        origin = registry.by_name().get(republication.origin) if registry is not None else None
        if origin is None or copy.published is None:
            return copy
        original = self.find_original(origin.id, copy)
        if original is None:
            logger.info("republication without original origin=%s url=%s", origin.id, copy.source_url)
            return copy
        if original.published is not None:
            report_for(self.crawler).add_republication(origin.id, (copy.published - original.published).days)
        ref = SourceRef(centre=copy.centre, url=copy.source_url, source_id=copy.source_id)
        refs = [r for r in original.also_published if (r.centre, r.source_id) != (ref.centre, ref.source_id)]
        return replace(original, also_published=[*refs, ref])

    def find_original(self, centre: str, copy: Notice) -> Notice | None:
        """The originating centre's notice matching ``copy`` in the index, if any."""
        assert self.index is not None
        keys = match_keys(copy)
        published: date = copy.published  # type: ignore[assignment]
        query = SearchQuery(centre=(centre,), published_from=published, published_to=published)
        for candidate in self.index.scan(query):
            if keys & match_keys(candidate):
                return candidate
        return None


class UpsertPipeline:
    """Upserts notices in batches; after each commit, counts them and marks them committed in the state."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.batch_size = settings.getint("GGZY_BATCH_SIZE")
        self.index_url = settings.get("GGZY_INDEX_URL") or None
        self.incremental = settings.getbool("GGZY_INCREMENTAL") and not settings.get("GGZY_REPLAY")
        self.patience = patience(settings)
        self.lease_seconds = settings.getfloat("GGZY_LEASE_SECONDS")
        self.batch: list[Notice] = []
        self.index: Index | None = None
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UpsertPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.index = open_index(self.index_url)

    def close_spider(self) -> None:
        self.commit()
        if self.index is not None:
            self.index.close()

    def process_item(self, item: Notice) -> Notice:
        if self.failed:
            raise DropItem(f"index unavailable: not committed ({item.source_url})")
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self.commit()
        return item

    def commit(self) -> None:
        """Upsert the pending batch, then record it in the report and the incremental state."""
        if not self.batch or self.failed:
            return
        index = self.index
        assert index is not None
        batch, self.batch = self.batch, []
        report = report_for(self.crawler)
        try:
            stored = self.patience.run(lambda: index.documents([n.id for n in batch]), "a look-up")
            keep_stored(batch, stored, report)
            outcome = self.patience.run(lambda: index.upsert(batch), "the batch")
            report.add_upsert(outcome, batch)
            if self.incremental:
                self.patience.run(lambda: mark_batch(index, batch), "the state")
                state = getattr(self.crawler.spider, "state", None)
                if state is not None:
                    state.renew(self.lease_seconds)
        except IndexEngineError as error:
            self.failed = True
            index_unavailable(self.crawler, error)
            return
        logger.info(
            "committed batch centre=%s notices=%d inserted=%d updated=%d unchanged=%d",
            report.centre,
            len(batch),
            outcome.inserted,
            outcome.updated,
            outcome.unchanged,
        )


def keep_stored(batch: list[Notice], stored: dict[str, Notice], report: CentreReport) -> None:
    """Before a batch is written: a notice keeps the republications already stored with it, and a new notice
    that is not public (a penalty past its 公示截止期) is counted as hidden — one index look-up per batch."""
    today = china_today()
    for notice in batch:
        before = stored.get(notice.id)
        if before is None and not notice.is_public(today):
            report.hidden += 1
        if before is not None and before.also_published and not notice.also_published:
            notice.also_published = before.also_published
