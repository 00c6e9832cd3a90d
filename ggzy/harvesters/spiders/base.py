"""``BaseSpider``: what every spider shares — its centre, the spider arguments and the incremental state.

Do not subclass it directly: pick the base spider of the centre's family (``base_list_api``,
``base_list_detail``, ``base_table``, ``base_ckan``, ``base_rss``). Their callbacks call these helpers:

0. ``prefetch_committed(keys)`` with the keys of a list page (optional, one index look-up for the page);
1. ``wants(key, published)`` before following a list entry: False when the entry is outside
   ``from_date``/``until_date``, already committed by an earlier harvest, or past the ``sample`` quota;
2. ``keep_paging(dates)`` after a list page: False when the page reached entries older than ``from_date``
   or than the newest notice of the last complete harvest, or when the sample is full;
3. ``notice_id(key)`` for the notice's stable id (the centre plus the centre's own id).

Spider arguments (``ggzy harvest`` passes them; ``scrapy crawl NAME -a from_date=2026-03-01`` too):

from_date
  Only notices published on or after this date (YYYY-MM-DD). Paging stops at the first older entry.
until_date
  Only notices published on or before this date (YYYY-MM-DD).
sample
  At most this many notices (a quick look at a centre). A sampled crawl never advances the state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, ClassVar

import scrapy
from scrapy.crawler import Crawler
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ggzy.centres import Registry, Source, load_registry
from ggzy.harvesters import HarvestError
from ggzy.harvesters.extract import build_notice
from ggzy.harvesters.health import crawl_record
from ggzy.harvesters.report import report_for
from ggzy.harvesters.state import HarvestState, Patience, advance_newest
from ggzy.index import open_index
from ggzy.index.base import IndexEngineError
from ggzy.model import Category, Kind, Notice, make_notice_id

logger = logging.getLogger(__name__)


def stop_crawl(crawler: Crawler, reason: str) -> None:
    """Close the crawl of ``crawler`` with ``reason`` (from a callback or a pipeline)."""
    from scrapy.utils.defer import deferred_from_coro

    assert crawler.engine is not None
    deferred_from_coro(crawler.engine.close_spider_async(reason=reason))


def patience(settings: Any) -> Patience:
    """How long the crawl waits for an index that does not answer (``GGZY_COMMIT_RETRIES``, ``…_BACKOFF``)."""
    return Patience(settings.getint("GGZY_COMMIT_RETRIES"), settings.getfloat("GGZY_COMMIT_BACKOFF", 1.0))


def _date_argument(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise HarvestError(f"spider argument {name} must be a date YYYY-MM-DD, not {value!r}") from None


class BaseSpider(scrapy.Spider):
    """The common part of every spider (see the module docstring)."""

    #: The site family: one of ``registry.FAMILIES``; set by each base spider.
    family: ClassVar[str] = ""
    #: A platform that republishes other centres' notices is crawled after them (see ``pipelines``).
    republishes: ClassVar[bool] = False

    def __init__(
        self,
        *args: Any,
        source: Source | dict[str, Any] | None = None,
        registry: Registry | None = None,
        from_date: Any = None,
        until_date: Any = None,
        sample: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry
        if isinstance(source, dict):
            source = Source.from_dict(source)
        self.source: Source = source or self._registered_source()
        if self.registry is None and not self.source.demo:
            self.registry = load_registry()
        self.from_date = _date_argument("from_date", from_date)
        self.until_date = _date_argument("until_date", until_date)
        self.sample = int(sample) if sample not in (None, "") else None
        self.state = HarvestState(self.source.id)
        self.wanted = 0
        #: Set when the index went away: the crawl is closing, no entry is followed any more.
        self.stopping = False

    def _registered_source(self) -> Source:
        self.registry = self.registry or load_registry()
        for source in self.registry:
            if source.spider == self.name:
                return source
        raise HarvestError(f"no centre in the registry uses spider {self.name!r}")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BaseSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if settings.getbool("GGZY_INCREMENTAL") and not settings.get("GGZY_REPLAY"):
            index = open_index(settings.get("GGZY_INDEX_URL") or None)
            spider.state = HarvestState.load(index, spider.source.id, patience(settings))
        return spider

    @property
    def restricted(self) -> bool:
        """True when the spider arguments narrow the crawl (it then never advances the state)."""
        return bool(self.from_date or self.until_date or self.sample)

    def url(self, path: str) -> str:
        """An absolute URL on the centre's site."""
        return self.source.url(path)

    def notice_id(self, key: str) -> str:
        """The stable id of the centre's notice whose own id (or canonical URL) is ``key``."""
        return make_notice_id(self.source.id, key)

    def in_window(self, published: date | None) -> bool:
        if published is None:
            return True
        if self.from_date and published < self.from_date:
            return False
        return not (self.until_date and published > self.until_date)

    def announce(self, total: int | None) -> None:
        """Record how many notices the centre's own list says it holds (within the crawl's window)."""
        if total is not None:
            report = report_for(self.crawler)
            report.announced = (report.announced or 0) + total

    def prefetch_committed(self, keys: Iterable[str]) -> None:
        """Ask the index once which of a list page's keys are committed (``wants`` then asks no more)."""
        if self.stopping:
            return
        try:
            self.state.prefetch(list(keys))
        except IndexEngineError as error:
            self.index_failed(error)

    def index_failed(self, error: IndexEngineError) -> None:
        """The index stayed away past the crawl's patience: an error of this centre, and the crawl stops. No
        entry is followed or looked up any more, nothing uncommitted is marked and the state does not advance,
        so the next run resumes where this one stopped."""
        self.stopping = True
        report = report_for(self.crawler)
        if report.finish_reason != "index_unavailable":
            report.finish_reason = "index_unavailable"
            self.record_error(self.source.base_url, f"index unavailable, crawl stopped; the next run resumes: {error}")
            logger.error("index unavailable centre=%s error=%s", self.source.id, error)
        stop_crawl(self.crawler, "index_unavailable")

    def wants(self, key: str, published: date | None) -> bool:
        """Whether to follow a list entry; counts it against the sample when it is followed."""
        if self.sample is not None and self.wanted >= self.sample:
            return False
        if self.stopping or not self.in_window(published):
            return False
        try:
            if self.state.is_committed(key):
                return False
        except IndexEngineError as error:
            self.index_failed(error)
            return False
        if not self.from_date and self.state.is_old(published):
            return False
        self.wanted += 1
        return True

    def keep_paging(self, dates: Iterable[date | None]) -> bool:
        """Whether to ask for the next list page after one whose entries carry ``dates``."""
        if self.stopping:
            return False
        if self.sample is not None and self.wanted >= self.sample:
            return False
        known = [d for d in dates if d is not None]
        if not known:
            return True
        oldest = min(known)
        if self.from_date:
            return oldest >= self.from_date
        return not self.state.is_old(oldest)

    def make_notice(
        self,
        *,
        key: str,
        url: str,
        title: str,
        page: str,
        published: date | str | None = None,
        kind: Kind | None = None,
        category: Category | None = None,
        region_code: str | None = None,
        extra_fields: Mapping[str, Any] | None = None,
    ) -> Notice:
        """The notice of this centre whose own id is ``key``, read from its ``page`` (HTML or text) by
        ``ggzy.harvesters.extract.build_notice``; the other arguments are what the centre states outside the
        page (its list's date and type codes) and win over what the page says."""
        return build_notice(
            centre=self.source.id,
            source_id=key,
            source_url=url,
            title=title,
            html_or_text=page,
            published=published,
            kind=kind,
            category=category,
            region_code=region_code or self.source.region_code or None,
            spider=self.name,
            extra_fields=extra_fields,
        )

    def record_error(self, url: str, message: str) -> None:
        """Count a page that could not be read as an error of this centre; the crawl goes on."""
        report_for(self.crawler).error(url, message)
        logger.warning("page could not be read centre=%s url=%s error=%s", self.source.id, url, message)

    def request_failed(self, failure: Failure) -> None:
        """Errback of every request: a page that could not be fetched (after retries) or answered an HTTP
        error is an error of this centre, with its URL; the crawl goes on."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if isinstance(failure.value, HttpError):
            message = f"HTTP {failure.value.response.status}"
        else:
            message = f"{failure.type.__name__ if failure.type else 'Error'}: {failure.getErrorMessage()}"
        self.record_error(url, message)

    def closed(self, reason: str) -> None:
        """Advance the centre's newest date after a complete, unrestricted, error-free crawl; give up the
        claim on the centre."""
        index = self.state.index
        if index is None:
            return
        report = report_for(self.crawler)
        crawl_id = self.crawler.settings.get("GGZY_CRAWL_ID")
        try:
            if self.restricted or report.held_by:
                pass
            elif reason != "finished" or report.error_count:
                logger.info("state kept centre=%s reason=%s errors=%d", self.source.id, reason, report.error_count)
            else:
                self.state.patience.run(lambda: advance_newest(index, self.source.id, report.newest), "the state")
            self.state.release()
            if crawl_id and not report.held_by:
                index.add_crawl_record(crawl_record(report, crawl_id, reason, restricted=self.restricted))
        except IndexEngineError as error:
            report.error(self.source.base_url, f"index unavailable: {error}")
            logger.error("state not saved centre=%s error=%s", self.source.id, error)
        finally:
            index.close()
