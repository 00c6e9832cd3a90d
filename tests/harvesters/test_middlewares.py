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
