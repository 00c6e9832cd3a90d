"""``Index.scan_flags`` streams every result ``Index.flags`` lists, in the same order and with the same filters,
on every engine (past Elasticsearch's result window: ``tests/index/test_elastic_flag_stream.py``)."""

from __future__ import annotations

from datetime import date

from ggzy.flags.compute import refresh
from ggzy.flags.model import FlagState
from ggzy.index.base import Index
from tests.site.flag_world import BANNED, BUYER, build_flag_world

TODAY = date(2026, 1, 10)


def test_scan_flags_streams_what_flags_lists(index: Index) -> None:
    index.upsert(build_flag_world(TODAY).notices)
    refresh(index, today=TODAY)
    everything = index.flags(today=TODAY, limit=1000)
    assert len(everything) == 28
    assert list(index.scan_flags(today=TODAY)) == everything
    for filters in (
        {"state": "triggered"},
        {"state": FlagState.INSUFFICIENT, "flag": "late_contract"},
        {"buyer": BUYER.uscc},
        {"party": BANNED.uscc},
        {"region": "3401"},
        {"region": "33"},
    ):
        listed = index.flags(today=TODAY, limit=1000, **filters)  # type: ignore[arg-type]
        assert list(index.scan_flags(today=TODAY, **filters)) == listed, filters  # type: ignore[arg-type]
    assert list(index.scan_flags(today=TODAY, region="33")) == []
