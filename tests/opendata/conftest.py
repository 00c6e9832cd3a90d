"""Layers: notices → an index holding them → an export folder → the app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from ggzy.index import open_index
from ggzy.index.base import Index
from ggzy.opendata.exports import Exporter
from ggzy.site import create_app
from tests.opendata.samples import TODAY, sample_notices


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Index]:
    with open_index(f"sqlite:///{tmp_path / 'ggzy.db'}") as opened:
        opened.upsert(sample_notices())
        yield opened


@pytest.fixture
def export_dir(tmp_path: Path, index: Index) -> Path:
    out = tmp_path / "opendata"
    Exporter(index, out, site_url="http://data.example", today=TODAY).run()
    return out


@pytest.fixture
def app(tmp_path: Path, export_dir: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "INDEX": f"sqlite:///{tmp_path / 'ggzy.db'}",
            "EXPORT_DIR": str(export_dir),
            "SITE_URL": "http://data.example",
        }
    )
