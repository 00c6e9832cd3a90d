"""``entities.csv``: one row per company, tallied by the index in batches of codes rather than in memory.

The rules are the entity profile's, from ``ggzy.index.profile`` (the same code the engines' ``entity`` runs), so
the file and the API agree: awards once per project with the company's own lot amounts, summed exactly; names
printed on most notices first; the region of registration, else the region printed most often. The export holds
one batch of ``BATCH`` companies at a time, whatever the size of the index.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ggzy.index.base import Index
from ggzy.index.profile import index_tallies
from ggzy.opendata.rows import ENTITY_COLUMNS, row
from ggzy.opendata.writers import CsvWriter

#: Companies tallied per look-up.
BATCH = 1000


def write_entities(index: Index, path: Path, today: date) -> CsvWriter:
    """Write ``entities.csv`` at ``path``: every company a notice public ``today`` names, by code."""
    writer = CsvWriter(path, ENTITY_COLUMNS)
    try:
        batch: list[str] = []
        for code in index.entity_codes():
            batch.append(code)
            if len(batch) == BATCH:
                _write(writer, index, batch, today)
                batch = []
        _write(writer, index, batch, today)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return writer


def _write(writer: CsvWriter, index: Index, codes: list[str], today: date) -> None:
    if not codes:
        return
    for tally in index_tallies(index, codes, today, today).values():
        if tally.notices:
            writer.write(row(ENTITY_COLUMNS, tally))
