"""Parquet copies of the notice table, written when the optional ``parquet`` extra (pyarrow) is installed.

Columns follow ``rows.NOTICE_COLUMNS``, named by their English keys, with real types: amounts as
``decimal128(24, 6)`` (exact yuan), dates as ``date32``, times as ``timestamp[ms]`` (Parquet has no second unit;
China Standard Time, as printed). Rows are buffered in batches, so memory stays flat whatever the size.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ggzy.opendata.rows import NOTICE_COLUMNS

BATCH_ROWS = 5_000
_QUANTUM = Decimal("0.000001")


def available() -> bool:
    """True when pyarrow is installed (``pip install 'ggzy[parquet]'``)."""
    return importlib.util.find_spec("pyarrow") is not None


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        "string": pa.string(),
        "number": pa.decimal128(24, 6),
        "integer": pa.int64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("ms"),
    }[kind]


def _typed(text: list[str]) -> list[Any]:
    """A notice's NOTICE_COLUMNS cells (``rows.notice_row``) with their own types instead of text."""
    values: list[Any] = []
    for column, cell in zip(NOTICE_COLUMNS, text, strict=True):
        if cell == "":
            values.append(None)
        elif column.type == "number":
            values.append(Decimal(cell).quantize(_QUANTUM))
        elif column.type == "date":
            values.append(date.fromisoformat(cell))
        elif column.type == "datetime":
            values.append(datetime.fromisoformat(cell).replace(tzinfo=None, microsecond=0))
        else:
            values.append(cell)
    return values


class ParquetNotices:
    """Streams notices into one Parquet file, written under a temporary name and renamed when done."""

    def __init__(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.path = path
        self.rows = 0
        self._schema = pa.schema([(c.key, _arrow_type(c.type)) for c in NOTICE_COLUMNS])
        self._partial = path.with_name(f".{path.name}.partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(self._partial, self._schema, compression="zstd")
        self._batch: list[list[Any]] = []

    def write(self, cells: list[str]) -> None:
        """Add one notice's ``rows.notice_row`` cells."""
        self._batch.append(_typed(cells))
        self.rows += 1
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._batch:
            return
        columns = list(zip(*self._batch, strict=True))
        arrays = [pa.array(col, type=field.type) for col, field in zip(columns, self._schema, strict=True)]
        self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._batch = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        os.replace(self._partial, self.path)

    def abort(self) -> None:
        self._writer.close()
        self._partial.unlink(missing_ok=True)
