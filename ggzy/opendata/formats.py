"""The export formats, declared as data: one entry per format says its file suffix, media type, Data Package
format, CKAN label and, for the notice tables, the writer that streams notices into it.

Adding a format is one entry here and one writer class (a ``NoticeWriter``: ``write(row)``, ``close()``,
``abort()``, ``rows``, ``path``). The export writes every notice group in each format whose ``writer`` is set
and whose ``groups`` name the group; the data package, the CKAN catalogue and the download route read a file's
format from ``format_of(path)`` instead of sniffing the path each in its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from ggzy.model import Notice
from ggzy.opendata.parquet import ParquetNotices
from ggzy.opendata.parquet import available as parquet_available
from ggzy.opendata.rows import NOTICE_COLUMNS, notice_row
from ggzy.opendata.writers import CsvWriter, JsonLinesWriter, csv_line
from ggzy.public import public_json


class NoticeRow:
    """One notice encoded once for every format: its CSV cells, its CSV line and its JSON line."""

    def __init__(self, notice: Notice) -> None:
        self.notice = notice

    @cached_property
    def cells(self) -> list[str]:
        return notice_row(self.notice)

    @cached_property
    def csv_line(self) -> str:
        return csv_line(self.cells)

    @cached_property
    def json_line(self) -> str:
        return public_json(self.notice) + "\n"


class NoticeWriter(Protocol):
    """A file of one notice group in one format; written under a temporary name, renamed on ``close``."""

    path: Path
    rows: int

    def write(self, row: NoticeRow) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class CsvNotices(CsvWriter):
    def __init__(self, path: Path) -> None:
        super().__init__(path, NOTICE_COLUMNS)

    def write(self, row: NoticeRow) -> None:  # type: ignore[override]
        self.write_line(row.csv_line)


class JsonLinesNotices(JsonLinesWriter):
    def write(self, row: NoticeRow) -> None:
        self.write_line(row.json_line)


class ParquetNoticeFile(ParquetNotices):
    def write(self, row: NoticeRow) -> None:  # type: ignore[override]
        super().write(row.cells)


@dataclass(frozen=True)
class ExportFormat:
    """One format of the open-data files."""

    name: str
    #: File name endings, the first the one the export writes (``.csv.gz``); the rest are also recognised.
    suffixes: tuple[str, ...]
    media_type: str
    #: The Data Package ``format`` of its files.
    datapackage_format: str
    #: How the CKAN catalogue labels its resources.
    ckan_label: str
    #: The writer of a notice group's file in this format; None for formats with their own writer (OCDS).
    writer: Callable[[Path], NoticeWriter] | None = None
    #: The notice groups written in this format: ``month``, ``kind`` and ``all``.
    groups: tuple[str, ...] = ("month", "kind", "all")
    #: False when the format needs an optional package that is not installed.
    available: Callable[[], bool] = lambda: True
    #: True when its full file is its month files joined (``writers.join_gzip``): each row compressed once, for
    #: a gzipped format whose writer ends its header's gzip member (``AtomicFile.end_header``).
    joined: bool = False

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def is_table(self) -> bool:
        return self.datapackage_format == "csv"


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("csv", (".csv.gz", ".csv"), "text/csv", "csv", "CSV", CsvNotices, joined=True),
    ExportFormat(
        "jsonl", (".jsonl.gz", ".jsonl"), "application/x-ndjson", "jsonl", "JSONL", JsonLinesNotices, joined=True
    ),
    ExportFormat(
        "parquet",
        (".parquet",),
        "application/vnd.apache.parquet",
        "parquet",
        "Parquet",
        ParquetNoticeFile,
        groups=("all",),
        available=parquet_available,
    ),
    ExportFormat("json", (".json.gz", ".json"), "application/json", "json", "JSON"),
)


def format_of(path: str) -> ExportFormat | None:
    """The format of an exported file, from the longest suffix that matches; None for other files."""
    matches = [(len(s), f) for f in FORMATS for s in f.suffixes if path.endswith(s)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def notice_writers(group: str, stem: str, out: Path) -> list[NoticeWriter]:
    """The files of one notice group (``month``, ``kind`` or ``all``) named ``stem`` under ``out`` that are
    written row by row (a joined format's full file is not: see ``joined_formats``)."""
    return [
        f.writer(out / f"{stem}{f.suffix}")
        for f in FORMATS
        if f.writer is not None and group in f.groups and f.available() and not (group == "all" and f.joined)
    ]


def joined_formats() -> list[ExportFormat]:
    """The formats whose full file the export joins from the month files."""
    return [f for f in FORMATS if f.writer is not None and f.joined and {"month", "all"} <= set(f.groups)]
