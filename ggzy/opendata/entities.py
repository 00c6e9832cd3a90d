"""Per-company tallies for ``entities.csv``, built while the export streams the index.

The rules are the entity profile's, from ``ggzy.index.profile`` (the same code the engines' ``entity`` runs), so
the file and the API agree: awards once per project with the company's own lot amounts, summed exactly; names
most printed first; the region of registration, else the region printed most often.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ggzy.index.profile import PartyRow, ProfileTally, party_rows
from ggzy.model import Notice
from ggzy.opendata.rows import ENTITY_COLUMNS, row
from ggzy.opendata.writers import CsvWriter


class EntityTally:
    """One profile tally per valid USCC of the notices added (the export's public scan)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.companies: dict[str, ProfileTally] = {}

    def add(self, notice: Notice) -> None:
        by_code: dict[str, list[PartyRow]] = {}
        for party in party_rows(notice):
            if party.uscc:
                by_code.setdefault(party.uscc, []).append(party)
        for code, parties in by_code.items():
            tally = self.companies.get(code)
            if tally is None:
                tally = self.companies[code] = ProfileTally(code, self.today, self.today, latest_size=0)
            tally.add(parties)

    def write(self, path: Path) -> CsvWriter:
        writer = CsvWriter(path, ENTITY_COLUMNS)
        for uscc in sorted(self.companies):
            company = self.companies[uscc]
            if not company.notices:
                continue
            writer.write(row(ENTITY_COLUMNS, company))
        writer.close()
        return writer
