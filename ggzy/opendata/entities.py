"""Per-company tallies for ``entities.csv``, built while the export streams the index.

The rules are the entity profile's (``Index.entity``): a company's awards are the award notices that name it as
a winner, totalled from the amount of its own lot (the notice's amount where a single winner has none); a
penalty counts while it is public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ggzy.model import Kind, Notice
from ggzy.normalize.uscc import check
from ggzy.opendata.rows import ENTITY_COLUMNS, cell_text
from ggzy.opendata.writers import CsvWriter


@dataclass
class _Company:
    names: dict[str, None] = field(default_factory=dict)
    notices: int = 0
    awards: int = 0
    awards_total: Decimal = Decimal(0)
    active_penalties: int = 0
    first_seen: date | None = None
    last_seen: date | None = None


class EntityTally:
    """Counts, per valid USCC, what the public notices say about it."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.companies: dict[str, _Company] = {}

    def add(self, notice: Notice) -> None:
        seen: set[str] = set()
        for party in notice.parties():
            if not party.uscc:
                continue
            company = self.companies.setdefault(party.uscc, _Company())
            company.names.setdefault(party.name, None)
            if party.uscc in seen:
                continue
            seen.add(party.uscc)
            company.notices += 1
            if notice.published is not None:
                if company.first_seen is None or notice.published < company.first_seen:
                    company.first_seen = notice.published
                if company.last_seen is None or notice.published > company.last_seen:
                    company.last_seen = notice.published
        if notice.kind is Kind.AWARD:
            for winner in notice.winners:
                if not winner.uscc:
                    continue
                company = self.companies[winner.uscc]
                company.awards += 1
                amount = winner.amount
                if amount is None and len(notice.winners) == 1:
                    amount = notice.amount
                company.awards_total += amount or 0
        if notice.penalty is not None and notice.penalty.subject.uscc and notice.penalty.is_public(self.today):
            self.companies[notice.penalty.subject.uscc].active_penalties += 1

    def write(self, path: Path) -> CsvWriter:
        writer = CsvWriter(path, ENTITY_COLUMNS)
        for uscc in sorted(self.companies):
            company = self.companies[uscc]
            values = [
                uscc,
                "|".join(company.names),
                check(uscc).region_code,
                company.notices,
                company.awards,
                company.awards_total,
                company.active_penalties,
                company.first_seen,
                company.last_seen,
            ]
            writer.write([cell_text(v) for v in values])
        writer.close()
        return writer
