"""Retry-After parsing and the backoff schedule."""

from __future__ import annotations

from datetime import UTC, datetime

from ggzy.harvesters.middlewares import backoff_seconds, retry_after_seconds


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    now = datetime(2026, 3, 17, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Tue, 17 Mar 2026 08:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Tue, 17 Mar 2026 07:59:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_up_to_its_cap() -> None:
    assert [backoff_seconds(n, 1.0, 5.0) for n in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_a_429_is_retried_after_the_wait_the_centre_asks_for() -> None:
    import asyncio

    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from ggzy.harvesters.middlewares import RetryAfterMiddleware

    crawler = get_crawler(Spider, {"RETRY_AFTER_TIMES": 2, "RETRY_AFTER_MAX": 5.0, "RETRY_BACKOFF_BASE": 0.01})
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1:9/list")
    too_many = Response(request.url, status=429, headers={"Retry-After": "0"}, request=request)

    retry = asyncio.run(middleware.process_response(request, too_many))
    assert isinstance(retry, Request)
    assert retry.url == request.url and retry.dont_filter
    again = asyncio.run(middleware.process_response(retry, too_many))
    assert isinstance(again, Request)
    # After RETRY_AFTER_TIMES answers of 429 the response goes on to the spider's error handling.
    assert asyncio.run(middleware.process_response(again, too_many)) is too_many
    ok = Response(request.url, status=200, request=request)
    assert asyncio.run(middleware.process_response(request, ok)) is ok
