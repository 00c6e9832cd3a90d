"""File writers for the bulk downloads: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and JSON Lines,
plain or gzipped. Each writes to a temporary file and renames it into place when done, so a reader (or a crash)
never sees half a file, and reports what it wrote: rows, bytes and SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ggzy.opendata.compress import BackgroundGzip
from ggzy.opendata.rows import Column, header

#: gzip's default level 9 costs twice the time of 6 for a few per cent smaller files.
GZIP_LEVEL = 6


@dataclass
class FileInfo:
    """What the export knows about one file; kept in ``index.json``."""

    path: str
    rows: int
    bytes: int
    sha256: str
    last_export: str
    last_change: str | None

    @classmethod
    def of(cls, root: Path, path: Path, rows: int, *, exported: str, changed: str | None) -> FileInfo:
        return cls(
            path=path.relative_to(root).as_posix(),
            rows=rows,
            bytes=path.stat().st_size,
            sha256=sha256_of(path),
            last_export=exported,
            last_change=changed,
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class AtomicFile:
    """A text file written under a temporary name, gzipped when the name ends in ``.gz``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial = path.with_name(f".{path.name}.partial")
        self._raw: IO[bytes] = self._partial.open("wb")
        self._gzip = BackgroundGzip(self._raw, GZIP_LEVEL) if path.suffix == ".gz" else None
        binary: IO[bytes] = self._raw if self._gzip is None else self._gzip  # type: ignore[assignment]
        self.text = io.TextIOWrapper(binary, encoding="utf-8", newline="")

    def end_header(self) -> None:
        """End a gzipped file's first gzip member here, after its header (which may be empty): ``join_gzip`` then
        joins its rows after another file's header without compressing them again."""
        if self._gzip is None:
            return
        self.text.flush()
        self._gzip.end_member()

    def close(self) -> None:
        self.text.flush()
        self.text.detach()
        if self._gzip is not None:
            self._gzip.close()
        self._raw.close()
        os.replace(self._partial, self.path)

    def abort(self) -> None:
        if self._gzip is not None:
            self._gzip.discard()
        self._raw.close()
        self._partial.unlink(missing_ok=True)


class CsvWriter(AtomicFile):
    """CSV with a BOM and a header row of the ``columns``' Chinese titles."""

    def __init__(self, path: Path, columns: list[Column[Any]]) -> None:
        super().__init__(path)
        self.text.write("\ufeff" + csv_line(header(columns)))
        self.end_header()
        self._csv = csv.writer(self.text, lineterminator="\r\n")

    def write(self, row: list[str]) -> None:
        self.write_line(csv_line(row))

    def write_line(self, line: str) -> None:
        """Write a row already formatted by ``csv_line`` (format once, write to several files)."""
        self.text.write(line)
        self.rows += 1


class JsonLinesWriter(AtomicFile):
    """One JSON object per line, UTF-8, keys in model order."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.end_header()  # no header: an empty first member, so every joinable file starts with one

    def write_line(self, line: str) -> None:
        """Write a line already formatted by ``json_line``."""
        self.text.write(line)
        self.rows += 1


def csv_line(row: list[str]) -> str:
    """One CSV record with its line end, as the CSV files write it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


def json_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def join_gzip(path: Path, parts: list[Path]) -> None:
    """Write ``path`` (atomically) as the first of ``parts`` followed by the rows of the others, each taken after
    its first gzip member (its header, see ``AtomicFile.end_header``): a gzip file of several members, which
    every gzip reader reads as one stream, and no row compressed twice."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as out:
        for number, part in enumerate(parts):
            with part.open("rb") as handle:
                if number:
                    handle.seek(_first_member_length(handle))
                shutil.copyfileobj(handle, out, 1 << 20)
    os.replace(partial, path)


def _first_member_length(handle: IO[bytes]) -> int:
    """The length in bytes of the first gzip member of an open file (a header, a few hundred bytes)."""
    start = handle.read(1 << 16)
    reader = zlib.decompressobj(wbits=31)
    reader.decompress(start)
    if not reader.eof:
        raise ValueError(f"{getattr(handle, 'name', 'a file')} does not start with a short gzip member")
    return len(start) - len(reader.unused_data)
