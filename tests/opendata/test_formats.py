"""Export formats are one table: each file's format is read from it, and a new format is one entry and a writer."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ggzy.index.base import Index
from ggzy.opendata import formats
from ggzy.opendata.exports import Exporter
from ggzy.opendata.formats import ExportFormat, NoticeRow, format_of
from ggzy.opendata.writers import AtomicFile
from tests.opendata.samples import TODAY


def test_every_exported_file_has_one_format(export_dir: Path) -> None:
    assert format_of("notices/notices-2026-01.csv.gz").name == "csv"  # type: ignore[union-attr]
    assert format_of("notices-all.jsonl.gz").name == "jsonl"  # type: ignore[union-attr]
    assert format_of("ocds/releases-2026-01.json.gz").name == "json"  # type: ignore[union-attr]
    assert format_of("SHA256SUMS") is None
    package = json.loads((export_dir / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        fmt = format_of(resource["path"])
        assert fmt is not None, resource["path"]
        assert resource["format"] == fmt.datapackage_format
        assert resource["mediatype"] == fmt.media_type


class TsvNotices(AtomicFile):
    """A writer a new format would add: notice id and title, tab-separated."""

    def write(self, row: NoticeRow) -> None:
        self.text.write(f"{row.notice.id}\t{row.notice.title}\n")
        self.rows += 1


def test_a_new_format_is_one_entry(tmp_path: Path, index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    tsv = ExportFormat("tsv", (".tsv.gz",), "text/tab-separated-values", "tsv", "TSV", TsvNotices, groups=("all",))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, tsv))
    out = tmp_path / "opendata"
    report = Exporter(index, out, site_url="http://data.example", today=TODAY).run()

    lines = gzip.decompress((out / "notices-all.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == report.notices
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    entry = next(r for r in package["resources"] if r["path"] == "notices-all.tsv.gz")
    assert (entry["format"], entry["mediatype"]) == ("tsv", "text/tab-separated-values")
