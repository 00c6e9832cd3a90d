"""Demo centres served for real on localhost, once per test session (clean) and once with faults."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from ggzy.demo import DemoCentres, start_demo_centres

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


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoCentres]:
    centres = start_demo_centres(today=TODAY, projects=40)
    yield centres
    centres.stop()
