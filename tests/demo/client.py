"""Helpers of the demo tests: one HTTP request whose error statuses are answers, and the fixed date."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date

TODAY = date(2026, 3, 17)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 10) -> Answer:
    """One HTTP request; error statuses are answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())
