"""Downloader middlewares: honour 429 ``Retry-After``, and retry failures with exponential backoff; and the
spider middleware that lets a crawl start only when its worker holds the centre (``ClaimCentreMiddleware``).

Scrapy's own ``RetryMiddleware`` retries at once; a centre that answers 503 under load needs a pause
first. Both middlewares wait without blocking the reactor (``asyncio.sleep`` under Scrapy's asyncio
reactor), so other centres keep crawling while one waits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or bad."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff: ``base * 2**attempt`` seconds, at most ``cap``."""
    return float(min(cap, base * (2**attempt)))


class RetryAfterMiddleware:
    """On 429 Too Many Requests, wait as long as ``Retry-After`` says (or back off), then retry.

    A request gets at most ``RETRY_AFTER_TIMES`` 429 answers; then the 429 goes on to the spider's error
    handling like any HTTP error. The wait is capped by ``RETRY_AFTER_MAX``.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.max_times = settings.getint("RETRY_AFTER_TIMES")
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX")
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Any:
        if response.status != 429:
            return response
        times = request.meta.get("retry_after_times", 0)
        if times >= self.max_times:
            logger.warning("giving up after %d 429 answers url=%s", times, request.url)
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = backoff_seconds(times, self.base, self.max_wait)
        wait = min(wait, self.max_wait)
        if self.crawler.stats:
            self.crawler.stats.inc_value("ggzy/429")
        logger.info("429 from centre, waiting url=%s wait=%.2fs attempt=%d", request.url, wait, times + 1)
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times + 1
        return retry


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's ``RetryMiddleware`` (5xx, timeouts, dropped connections, truncated bodies) with a pause
    of ``RETRY_BACKOFF_BASE * 2**attempt`` seconds (at most ``RETRY_BACKOFF_MAX``) before each retry."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")

    async def _wait(self, request: Request) -> None:
        attempt = request.meta.get("retry_times", 0)
        await asyncio.sleep(backoff_seconds(attempt, self.base, self.cap))

    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(request)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Any:  # type: ignore[override]
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await self._wait(request)
        return retry


class ClaimCentreMiddleware:
    """Spider middleware: before the first request, claim the centre for this worker (``state``). When another
    live worker holds it, the crawl sends nothing and its report names the holder, so two workers given the
    same centres never crawl one centre at once. Without an index (a reparse) there is nothing to claim."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seconds = crawler.settings.getfloat("GGZY_LEASE_SECONDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimCentreMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        from ggzy.harvesters.report import report_for
        from ggzy.index.base import IndexEngineError

        spider: Any = self.crawler.spider
        state = getattr(spider, "state", None)
        if state is not None:
            try:
                holder = state.claim(self.seconds)
            except IndexEngineError as error:
                spider.index_failed(error)
                return
            if holder is not None:
                report_for(self.crawler).held_by = holder
                logger.info("centre skipped centre=%s held_by=%s", state.centre, holder)
                return
        async for item in start:
            yield item
