"""Demo centres served for real on localhost, once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ggzy.demo import DemoCentres, start_demo_centres
from tests.demo.client import TODAY


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoCentres]:
    centres = start_demo_centres(today=TODAY, projects=40)
    yield centres
    centres.stop()
