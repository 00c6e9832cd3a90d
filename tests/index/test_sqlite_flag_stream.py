"""What only the SQLite engine must do for the flags: stream them as one statement read in batches, in the order
``Index.flags`` lists them, across batch boundaries (the bulk export and a large buyer's profile read them all)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ggzy.flags.compute import refresh
from ggzy.index import sqlite_flags
from ggzy.index.sqlite import SqliteIndex
from tests.site.flag_world import build_flag_world

TODAY = date(2026, 1, 10)


def test_sqlite_streams_every_flag_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_flags, "STREAM_BATCH", 5)
    with SqliteIndex(tmp_path / "index.db") as index:
        index.upsert(build_flag_world(TODAY).notices)
        refresh(index, today=TODAY)
        listed = index.flags(today=TODAY, limit=1000)
        streamed = list(index.scan_flags(today=TODAY))
        assert len(streamed) == 28 and streamed == listed
        triggered = index.flags(today=TODAY, state="triggered", limit=1000)
        assert list(index.scan_flags(today=TODAY, state="triggered")) == triggered
