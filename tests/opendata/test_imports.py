"""``ggzy import``: an export loaded into an empty index gives the same notices, on both engines; a second import
changes nothing; a bad line is reported by its number and the rest load."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ggzy.cli import main
from ggzy.index import open_index
from ggzy.index.base import Index
from ggzy.index.query import SearchQuery
from tests.opendata.samples import TODAY

ENGINES = ["sqlite", pytest.param("elastic", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=ENGINES)
def target(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Index]:
    """An empty index of each engine, named by GGZY_INDEX as the command reads it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'imported.db'}"
    else:
        url = f"{request.getfixturevalue('elastic_url')}?alias=ggzy-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("GGZY_INDEX", url)
    with open_index(url) as opened:
        yield opened
        drop = getattr(opened, "drop", None)
        if drop is not None:
            drop()


def run_import(*files: Path) -> Result:
    return CliRunner().invoke(main, ["import", *map(str, files)])


def public(index: Index) -> list[dict[str, object]]:
    return [n.to_dict() for n in index.scan(SearchQuery(today=TODAY))]


def test_an_export_imported_into_an_empty_index_gives_the_same_notices(
    index: Index, export_dir: Path, target: Index
) -> None:
    result = run_import(export_dir / "notices-all.jsonl.gz")
    assert result.exit_code == 0, result.output
    exported = public(index)
    assert len(exported) == 4
    assert public(target) == exported
    assert "新增 4，更新 0，未变 0" in result.output


def test_a_second_import_changes_nothing(export_dir: Path, target: Index) -> None:
    assert run_import(export_dir / "notices-all.jsonl.gz").exit_code == 0
    head = target.changes_head()
    before = public(target)
    again = run_import(export_dir / "notices-all.jsonl.gz")
    assert again.exit_code == 0, again.output
    assert "新增 0，更新 0，未变 4" in again.output
    assert target.changes_head() == head
    assert public(target) == before


def test_a_bad_line_is_reported_by_number_and_the_rest_load(
    tmp_path: Path, index: Index, export_dir: Path, target: Index
) -> None:
    lines = gzip.decompress((export_dir / "notices-all.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], '{"id": "cut off', *lines[1:], '{"title": "无编号"}']) + "\n", "utf-8")
    result = run_import(broken)
    assert result.exit_code == 1
    assert f"{broken} 第 2 行" in result.output
    assert f"{broken} 第 {len(lines) + 2} 行" in result.output and "缺少字段 'id'" in result.output
    assert "2 行无法读取" in result.output
    assert public(target) == public(index)
