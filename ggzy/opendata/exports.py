"""The bulk export: one streaming pass over the public index writes every open-data file.

Recipe:
1. Ask the index whether anything changed since the last export; if nothing did, and it is the same day (so no
   penalty has left its 公示 period since), there is nothing to do.
2. Otherwise stream ``index.scan`` once: each notice goes to its month's CSV and JSON Lines files, the full
   Parquet file, its kind's files, ``penalties.csv`` and the month's OCDS release package. The
   newest month also gets a plain ``notices/notices-<month>.csv`` beside its ``.gz`` files, which Excel opens
   with a double click. The gzip files are deflated on a background thread (``compress.BackgroundGzip``) while
   the next rows are formatted.
3. A month's files are fingerprinted (ids and content hashes); a month whose fingerprint is unchanged keeps its
   old files untouched, so only months that changed are rewritten.
4. Join the month files into the full CSV and JSON Lines files (``writers.join_gzip``: their gzip members
   copied, no row compressed twice). Write ``entities.csv`` (tallied by the index, a batch of companies at a
   time), ``datapackage.json``, ``SHA256SUMS`` and ``index.json`` (``last_export`` and ``last_change`` per
   file, and the changes cursor for the next run).

Memory holds one notice at a time and one batch of company tallies, whatever the size of the index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ggzy.errors import GgzyError
from ggzy.index.base import Index
from ggzy.index.query import SearchQuery
from ggzy.model import Kind, Notice
from ggzy.normalize.dates import CHINA_TZ, china_today
from ggzy.opendata import datapackage
from ggzy.opendata.entities import write_entities
from ggzy.opendata.formats import NoticeRow, NoticeWriter, joined_formats, notice_writers
from ggzy.opendata.ocds import ReleasePackageWriter, release
from ggzy.opendata.rows import (
    FLAG_COLUMNS,
    NOTICE_COLUMNS,
    PENALTY_COLUMNS,
    WITHDRAWN_COLUMNS,
    notice_row,
    penalty_row,
    row,
)
from ggzy.opendata.writers import AtomicFile, CsvWriter, FileInfo, join_gzip

log = logging.getLogger(__name__)

STATE_FILE = "index.json"
#: Fingerprinted with every group: a change of how files are laid out rewrites every month once.
LAYOUT = b"month files end their header's gzip member\n"


@dataclass
class ExportReport:
    notices: int = 0
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False


@dataclass
class _Group:
    """The files of one group (a month, a kind, or everything) and the fingerprint of what went in."""

    files: list[NoticeWriter]
    changed_on: str | None = None
    digest: Any = field(default_factory=hashlib.sha256)
    ocds: ReleasePackageWriter | None = None
    ocds_file: AtomicFile | None = None

    def handles(self) -> list[NoticeWriter | AtomicFile]:
        return [*self.files, *([self.ocds_file] if self.ocds_file is not None else [])]


class Exporter:
    """Writes the open-data folder ``out`` from ``index``. ``progress`` is called with each notice count."""

    def __init__(
        self,
        index: Index,
        out: Path,
        *,
        site_url: str = "http://127.0.0.1:8000",
        ocid_prefix: str = "ocds-ggzy01",
        today: date | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.index = index
        self.out = Path(out)
        self.site_url = site_url.rstrip("/")
        self.ocid_prefix = ocid_prefix
        self.today = today or china_today()
        self.progress = progress
        self.state = load_state(self.out)
        self.now = datetime.now(CHINA_TZ).replace(microsecond=0).isoformat()

    def run(self, *, force: bool = False) -> ExportReport:
        """Export what changed since the last run (everything the first time, or with ``force``)."""
        started = time.perf_counter()
        report = ExportReport()
        previous = self.state.get("changes_cursor")
        same_day = self.state.get("today") == self.today.isoformat()
        # The change head, not the public change log: a penalty removed today changes nothing public but must
        # leave the files today.
        if not force and previous is not None and same_day and self.index.changes_head() == previous:
            report.skipped = True
            return report
        head = self.index.changes_head()  # taken first: what changes during the pass is exported next time
        infos = self._export(report)
        self.state = {
            "last_export": self.now,
            "today": self.today.isoformat(),
            "changes_cursor": head,
            "fingerprints": self._fingerprints,
            "files": {info.path: asdict(info) for info in infos},
        }
        datapackage.write(self.out, infos, site_url=self.site_url)
        (self.out / STATE_FILE).write_text(json.dumps(self.state, ensure_ascii=False, indent=1), "utf-8")
        report.seconds = time.perf_counter() - started
        log.info(
            "export done notices=%d written=%d kept=%d seconds=%.1f",
            report.notices,
            len(report.written),
            len(report.kept),
            report.seconds,
        )
        return report

    def _group(self, key: str, stem: str, *, ocds: bool = False) -> _Group:
        group = self._groups.get(key)
        if group is None:
            group = _Group(files=notice_writers(key.partition(":")[0], stem, self.out))
            group.digest.update(LAYOUT)
            if ocds:
                month = key.removeprefix("month:")
                handle = AtomicFile(self.out / "ocds" / f"releases-{month}.json.gz")
                group.ocds_file = handle
                group.ocds = ReleasePackageWriter(
                    handle.text,
                    uri=f"{self.site_url}/opendata/ocds/releases-{month}.json.gz",
                    published=self.now,
                    publisher="ggzy",
                )
            self._groups[key] = group
        return group

    def _export(self, report: ExportReport) -> list[FileInfo]:
        self._groups: dict[str, _Group] = {}
        self._fingerprints: dict[str, str] = {}
        infos: list[FileInfo] = []
        finished_months: set[str] = set()
        months: list[str] = []
        month: str | None = None
        penalties = CsvWriter(self.out / "penalties.csv", PENALTY_COLUMNS)
        latest: CsvWriter | None = None
        query = SearchQuery(today=self.today)
        try:
            for count, notice in enumerate(self.index.scan(query), start=1):
                # The scan is newest first, so a month's notices come together: finish each month as it ends,
                # keeping one month's files open at a time.
                notice_month = month_of(notice)
                if count == 1 and notice_month != "undated":
                    latest = CsvWriter(self.out / "notices" / f"notices-{notice_month}.csv", NOTICE_COLUMNS)
                if latest is not None and notice_month == month_of_latest(latest):
                    latest.write(notice_row(notice))
                if notice_month != month:
                    if month is not None:
                        infos += self._finish(f"month:{month}", self._groups.pop(f"month:{month}"), report)
                        finished_months.add(month)
                    if notice_month in finished_months:
                        raise ExportError(f"the index scan returned {notice.id} of {notice_month} out of order")
                    month = notice_month
                    months.append(month)
                self._add(notice, notice_month)
                if notice.penalty is not None:
                    penalties.write(penalty_row(notice))
                report.notices = count
                if self.progress is not None and count % 1000 == 0:
                    self.progress(count)
        except BaseException:
            penalties.abort()
            if latest is not None:
                latest.abort()
            for group in self._groups.values():
                for handle in group.handles():
                    handle.abort()
            raise
        if self.progress is not None:
            self.progress(report.notices)
        for key, group in sorted(self._groups.items()):
            infos += self._finish(key, group, report)
        infos += self._join_full_files(months, infos)
        penalties.close()
        if latest is not None:
            latest.close()
            infos.append(self._info(latest.path, latest.rows))
        entities_file = write_entities(self.index, self.out / "entities.csv", self.today)
        withdrawn = self._write_withdrawn()
        flags = self._write_flags()
        infos.append(self._info(flags.path, flags.rows))
        infos.append(self._info(penalties.path, penalties.rows))
        infos.append(self._info(entities_file.path, entities_file.rows))
        infos.append(self._info(withdrawn.path, withdrawn.rows))
        self._remove_vanished({info.path for info in infos})
        return infos

    def _join_full_files(self, months: list[str], infos: list[FileInfo]) -> list[FileInfo]:
        """The full file of each joined format: its month files, newest first, joined without compressing again."""
        rows = {info.path: info.rows for info in infos}
        joined = []
        for found in joined_formats():
            parts = [f"notices/notices-{month}{found.suffix}" for month in months]
            parts = [part for part in parts if part in rows]
            if not parts:
                continue
            path = self.out / f"notices-all{found.suffix}"
            join_gzip(path, [self.out / part for part in parts])
            joined.append(self._info(path, sum(rows[part] for part in parts)))
        return joined

    def _write_withdrawn(self) -> CsvWriter:
        """``withdrawn.csv``: the ids of penalties no longer public (公示截止期 passed, or removed after a credit
        repair), the tombstones a mirror of these files deletes. Ids only: nothing else about them is published."""
        writer = CsvWriter(self.out / "withdrawn.csv", WITHDRAWN_COLUMNS)
        query = SearchQuery(kind=(Kind.PENALTY,), include_withdrawn=True, today=self.today)
        for notice in self.index.scan(query):
            if not notice.is_public(self.today):
                writer.write(row(WITHDRAWN_COLUMNS, notice.id))
        writer.close()
        return writer

    def _write_flags(self) -> CsvWriter:
        """``flags.csv``, written after the notices: every stored integrity flag result public today, in every state
        (so a reader sees each flag's coverage too), streamed with ``Index.scan_flags``."""
        writer = CsvWriter(self.out / "flags.csv", FLAG_COLUMNS)
        try:
            for stored in self.index.scan_flags(today=self.today):
                writer.write(row(FLAG_COLUMNS, stored))
        except BaseException:
            writer.abort()
            raise
        writer.close()
        return writer

    def _add(self, notice: Notice, month: str) -> None:
        row = NoticeRow(notice)
        fingerprint = f"{notice.id}:{notice.content_hash}".encode()
        item = release(self.ocid_prefix, notice)
        groups = [
            self._group(f"month:{month}", f"notices/notices-{month}", ocds=True),
            self._group("all", "notices-all"),
            self._group(f"kind:{notice.kind.value}", f"kinds/notices-{notice.kind.value}"),
        ]
        for group in groups:
            group.digest.update(fingerprint)
            for file in group.files:
                file.write(row)
            if group.ocds is not None and item is not None:
                group.ocds.write(item)

    def _finish(self, key: str, group: _Group, report: ExportReport) -> list[FileInfo]:
        """Close a group's files; keep the old ones when the group's fingerprint did not change."""
        fingerprint = group.digest.hexdigest()
        self._fingerprints[key] = fingerprint
        handles = group.handles()
        if group.ocds is not None and group.ocds_file is not None:
            if group.ocds.count:
                group.ocds.finish()
            else:
                group.ocds_file.abort()
                handles.remove(group.ocds_file)
        old_files = self.state.get("files", {})
        unchanged = self.state.get("fingerprints", {}).get(key) == fingerprint and all(
            h.path.exists() and h.path.relative_to(self.out).as_posix() in old_files for h in handles
        )
        infos = []
        for handle in handles:
            relative = handle.path.relative_to(self.out).as_posix()
            if unchanged:
                handle.abort()
                report.kept.append(relative)
                infos.append(FileInfo(**old_files[relative]))
            else:
                handle.close()
                report.written.append(relative)
                infos.append(FileInfo.of(self.out, handle.path, handle.rows, exported=self.now, changed=self.now))
        return infos

    def _info(self, path: Path, rows: int) -> FileInfo:
        """Info for a file rewritten on every run; its ``last_change`` moves only when its content did."""
        info = FileInfo.of(self.out, path, rows, exported=self.now, changed=self.now)
        old = self.state.get("files", {}).get(info.path)
        if old and old["sha256"] == info.sha256:
            info.last_change = old["last_change"]
        return info

    def _remove_vanished(self, current: set[str]) -> None:
        """Delete files of groups that no longer have any notice (say, a month whose only penalty expired)."""
        for relative in self.state.get("files", {}):
            if relative not in current:
                (self.out / relative).unlink(missing_ok=True)


class ExportError(GgzyError):
    """Raised when the index streams notices in an order the export cannot follow (an engine fault)."""


def month_of_latest(latest: CsvWriter) -> str:
    """The month of the plain newest-month file, from its name ``notices-<month>.csv``."""
    return latest.path.name.removeprefix("notices-").removesuffix(".csv")


def month_of(notice: Notice) -> str:
    """The month a notice is filed under: ``2026-03``, or ``undated``."""
    published = notice.published
    return f"{published.year:04d}-{published.month:02d}" if published else "undated"


def load_state(out: Path) -> dict[str, Any]:
    """The previous export's ``index.json``, or an empty state."""
    path = Path(out) / STATE_FILE
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text("utf-8")))
