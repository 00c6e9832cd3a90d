"""Every notice file of the export, decompressed, holds exactly what a plain one-file-at-a-time writer would write:
the same header once, the same rows in the scan order, whatever the blocks compression was split into."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
from collections import defaultdict
from pathlib import Path

import pytest

from ggzy.demo.generator import build_world
from ggzy.index import open_index
from ggzy.index.query import SearchQuery
from ggzy.model import Notice
from ggzy.opendata import compress
from ggzy.opendata.exports import Exporter, month_of
from ggzy.opendata.ocds import ReleasePackageWriter, release
from ggzy.opendata.rows import NOTICE_COLUMNS, header, notice_row
from ggzy.opendata.writers import csv_line
from ggzy.public import public_json
from tests.opendata.samples import TODAY, sample_notices


def plain_files(notices: list[Notice]) -> dict[str, str]:
    """What each notice file holds, written the straightforward way: every group's rows in scan order."""
    groups: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices:
        groups[f"notices/notices-{month_of(notice)}"].append(notice)
        groups[f"kinds/notices-{notice.kind.value}"].append(notice)
        groups["notices-all"].append(notice)
    files = {}
    for stem, members in groups.items():
        rows = "".join(csv_line(notice_row(n)) for n in members)
        files[f"{stem}.csv.gz"] = "\ufeff" + csv_line(header(NOTICE_COLUMNS)) + rows
        files[f"{stem}.jsonl.gz"] = "".join(public_json(n) + "\n" for n in members)
    return files


def plain_ocds(notices: list[Notice], month: str, published: str) -> str:
    text = io.StringIO()
    package = ReleasePackageWriter(
        text, uri=f"http://data.example/opendata/ocds/releases-{month}.json.gz", published=published, publisher="ggzy"
    )
    for notice in notices:
        item = release("ocds-ggzy01", notice)
        if month_of(notice) == month and item is not None:
            package.write(item)
    package.finish()
    return text.getvalue()


@pytest.mark.parametrize("block", [97, compress.BLOCK])
def test_each_notice_file_decompresses_to_what_a_plain_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(compress, "BLOCK", block)  # 97 bytes: many blocks per file, queues full, members split
    out = tmp_path / "out"
    with open_index(f"sqlite:///{tmp_path / 'world.db'}") as index:
        index.upsert([*build_world(seed=5, projects=30, today=TODAY).notices, *sample_notices()])
        Exporter(index, out, site_url="http://data.example", today=TODAY).run()
        notices = list(index.scan(SearchQuery(today=TODAY)))
    expected = plain_files(notices)
    written = {p.relative_to(out).as_posix() for p in out.rglob("notices*.gz")}
    assert written == set(expected)
    assert len({month_of(n) for n in notices}) >= 3 and len({n.kind for n in notices}) >= 5
    for name, text in expected.items():
        assert gzip.decompress((out / name).read_bytes()).decode("utf-8") == text, name
    for package in out.glob("ocds/releases-*.json.gz"):
        text = gzip.decompress(package.read_bytes()).decode("utf-8")
        month = package.name.removeprefix("releases-").removesuffix(".json.gz")
        assert text == plain_ocds(notices, month, json.loads(text)["publishedDate"]), package.name


def test_a_forked_child_compresses_on_its_own_thread(tmp_path: Path) -> None:
    from ggzy.opendata.writers import JsonLinesWriter

    first = JsonLinesWriter(tmp_path / "parent.jsonl.gz")  # the parent's worker thread exists from here
    first.write_line('{"n":1}\n')
    first.close()
    child = os.fork()
    if child == 0:
        ok = False
        signal.alarm(30)  # without a worker of its own the child would wait for ever: end it instead
        try:
            second = JsonLinesWriter(tmp_path / "child.jsonl.gz")
            second.write_line('{"n":2}\n')
            second.close()
            ok = True
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gzip.decompress((tmp_path / "child.jsonl.gz").read_bytes()) == b'{"n":2}\n'
