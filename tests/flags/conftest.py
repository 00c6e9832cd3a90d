"""Helpers of the flag tests: one procurement's notices built with tests/factories.py, and the results of one flag."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import FlagResult
from ggzy.flags.rules import evaluate
from ggzy.model import Notice

TODAY = date(2026, 11, 1)


def flag_results(flag: str, notices: Iterable[Notice], today: date = TODAY) -> dict[str, FlagResult]:
    """The results of ``flag`` by notice id, each checked to name its inputs and the catalogue version."""
    found = {r.notice_id: r for r in evaluate(notices, today=today) if r.flag == flag}
    for result in found.values():
        assert result.catalogue_version == load_catalogue().version
        assert result.inputs[0] == result.notice_id
    return found


@pytest.fixture
def results():
    return flag_results
