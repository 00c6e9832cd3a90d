"""The harvest commands' answers to a mistaken call: one line saying what is wrong, exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ggzy.cli import main


def test_an_unknown_centre_is_named_with_the_known_ones() -> None:
    result = CliRunner().invoke(main, ["harvest", "--centre", "nowhere"])
    assert result.exit_code == 1
    assert "unknown centre 'nowhere'; known: ggzy-gov-cn, hunan-hnsggzy" in result.output


def test_reparse_without_an_archive_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GGZY_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["reparse"])
    assert result.exit_code == 1
    assert f"no crawl archived under {tmp_path / 'archive'}" in result.output
