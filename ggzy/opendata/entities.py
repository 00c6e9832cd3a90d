"""Per-company tallies for ``entities.csv``, built while the export streams the index.

The rules are the entity profile's (``Index.entity``), so the file and the API agree: a company's awards are the
award or contract notices naming it as a winner, counted once per project (its code, or the notice itself when
it has none); a project's amount is the winner's own amount in one notice of the project, its award notice when
there is one (else its contract), the latest first. Names are listed most printed first. A penalty counts while
it is public.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ggzy.model import Kind, Notice
from ggzy.normalize.uscc import check
from ggzy.opendata.rows import ENTITY_COLUMNS, cell_text
from ggzy.opendata.writers import CsvWriter

_AWARD_KINDS = (Kind.AWARD, Kind.CONTRACT)


@dataclass
class _Company:
    names: Counter[str] = field(default_factory=Counter)
    notices: int = 0
    #: project → ((is an award, published, notice id), the winner's amount in that notice)
    projects: dict[str, tuple[tuple[int, str, str], Decimal]] = field(default_factory=dict)
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
            company.names[party.name] += 1
            if party.uscc in seen:
                continue
            seen.add(party.uscc)
            company.notices += 1
            if notice.published is not None:
                if company.first_seen is None or notice.published < company.first_seen:
                    company.first_seen = notice.published
                if company.last_seen is None or notice.published > company.last_seen:
                    company.last_seen = notice.published
        if notice.kind in _AWARD_KINDS:
            self._add_award(notice)
        if notice.penalty is not None and notice.penalty.subject.uscc and notice.penalty.is_public(self.today):
            self.companies[notice.penalty.subject.uscc].active_penalties += 1

    def _add_award(self, notice: Notice) -> None:
        amounts: dict[str, Decimal] = {}
        for winner in notice.winners:
            if winner.uscc:
                amounts[winner.uscc] = amounts.get(winner.uscc, Decimal(0)) + (winner.amount or 0)
        rank = (int(notice.kind is Kind.AWARD), notice.published.isoformat() if notice.published else "", notice.id)
        project = notice.project_code or notice.id
        for uscc, amount in amounts.items():
            projects = self.companies[uscc].projects
            if project not in projects or rank > projects[project][0]:
                projects[project] = (rank, amount)

    def write(self, path: Path) -> CsvWriter:
        writer = CsvWriter(path, ENTITY_COLUMNS)
        for uscc in sorted(self.companies):
            company = self.companies[uscc]
            values = [
                uscc,
                "|".join(sorted(company.names, key=lambda name: (-company.names[name], name))),
                check(uscc).region_code,
                company.notices,
                len(company.projects),
                sum((amount for _rank, amount in company.projects.values()), Decimal(0)),
                company.active_penalties,
                company.first_seen,
                company.last_seen,
            ]
            writer.write([cell_text(v) for v in values])
        writer.close()
        return writer
