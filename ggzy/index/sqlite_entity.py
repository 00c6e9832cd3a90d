"""Party rows and documents for entity profiles (their rules are ``profile``'s), name search and statistics
for the SQLite engine."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from ggzy.index import sqlite_tally
from ggzy.index.base import EntityMatch, Freshness, IndexStats
from ggzy.index.profile import AWARD_KINDS, CodeSummary, PartyRow
from ggzy.index.sqlite_doc import read_notice
from ggzy.index.sqlite_search import public_clause
from ggzy.model import Kind, Notice, Penalty, penalty_from_dict

#: How many codes (or ids) one ``IN (...)`` look-up asks for: a credit check of 1,000 codes is one look-up.
CHUNK = 1000

_AWARD_KINDS = ", ".join(f"'{kind}'" for kind in AWARD_KINDS)
#: The party rows naming the codes asked about (``temp.asked_code``), with their notices; CROSS JOIN keeps that
#: order (the planner has no statistics of a temporary table and would scan every party instead).
_ASKED = "FROM temp.asked_code a CROSS JOIN party p ON p.uscc = a.uscc CROSS JOIN notice n ON n.rid = p.notice_rid"
#: ``profile.is_detailed`` for the notice ``n`` of the party row ``p``: a penalty, or a notice in
#: ``temp.won_notice``. Past ``PENALTY_SET_ROWS`` party rows it is written on the party row alone, so SQLite tests
#: it on the party index before reading any notice and only the detailed notices are read (the 700 codes named
#: most often at 1,000,000 notices are named by 885,000: 9.6 → 1.4 s CPU); the set of penalties it reads costs a
#: few milliseconds, more than reading the notices of one company.
_DETAILED_ROWS = f"(n.kind = '{Kind.PENALTY.value}' OR n.rid IN temp.won_notice)"
_DETAILED_SET = (
    "(p.notice_rid IN temp.won_notice OR p.notice_rid IN "
    f"(SELECT rid FROM notice INDEXED BY notice_kind WHERE kind = '{Kind.PENALTY.value}'))"
)
#: How many notices the codes' tallies count before ``_DETAILED_SET`` is used.
PENALTY_SET_ROWS = 10_000
#: The party rows of the codes asked about that won a notice (the partial index ``party_won``).
_WON = (
    "FROM temp.asked_code a CROSS JOIN party p INDEXED BY party_won ON p.uscc = a.uscc AND p.role = 'winner' "
    "CROSS JOIN notice n ON n.rid = p.notice_rid"
)


def _ask(conn: sqlite3.Connection, chunk: list[str]) -> str:
    """Put the codes asked about in ``temp.asked_code`` and the award or contract notices one of them won in
    ``temp.won_notice`` (temporary tables of this connection: one look-up each, not one per row); return the
    SQL of ``profile.is_detailed`` that suits how many notices name them."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS asked_code (uscc TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS won_notice (rid INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.asked_code")
    conn.execute("DELETE FROM temp.won_notice")
    conn.executemany("INSERT OR IGNORE INTO temp.asked_code VALUES (?)", [(code,) for code in chunk])
    conn.execute(f"INSERT OR IGNORE INTO temp.won_notice SELECT n.rid {_WON} WHERE n.kind IN ({_AWARD_KINDS})")
    named = conn.execute(
        "SELECT coalesce(sum(t.notices), 0) FROM temp.asked_code a CROSS JOIN party_tally t ON t.uscc = a.uscc"
    ).fetchone()[0]
    return _DETAILED_SET if named > PENALTY_SET_ROWS else _DETAILED_ROWS


def party_facts(
    conn: sqlite3.Connection, codes: Sequence[str], published_by: date | None, latest: int
) -> tuple[list[PartyRow], list[CodeSummary]]:
    """The ``Index.party_facts`` of the SQLite engine: per chunk of codes, one query for the detailed notices'
    party rows (a penalty's items read from its stored document) and the counted notices grouped in SQL."""
    rows: list[PartyRow] = []
    summaries: dict[str, CodeSummary] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = list(codes[start : start + CHUNK])
        is_detailed = _ask(conn, chunk)
        detailed = list(_detailed_rows(conn, is_detailed))
        rows += detailed
        if published_by is None:
            _read_tallies(conn, detailed, summaries)
            if latest:
                _latest(conn, f"{_ASKED} WHERE NOT {is_detailed}", [], latest, summaries)
        else:
            _summarise(conn, is_detailed, published_by, latest, summaries)
    return rows, list(summaries.values())


def _read_tallies(conn: sqlite3.Connection, detailed: list[PartyRow], summaries: dict[str, CodeSummary]) -> None:
    """Summaries from the tallies kept at write time (``sqlite_tally``), less the award and contract notices
    handed over as ``detailed`` rows."""
    found = {summary.uscc: summary for summary in sqlite_tally.summaries(conn)}
    awards: dict[tuple[str | None, str], list[PartyRow]] = {}
    for row in detailed:
        if row.kind != Kind.PENALTY.value:
            awards.setdefault((row.uscc, row.notice_id), []).append(row)
    for (code, _notice_id), notice_rows in awards.items():
        if code in found:
            found[code].discount(notice_rows)
    summaries.update((code, summary) for code, summary in found.items() if summary.groups)


def _detailed_rows(conn: sqlite3.Connection, is_detailed: str) -> Iterator[PartyRow]:
    found = conn.execute(
        "SELECT n.id, n.kind, n.published, n.region_code, n.project_code, p.role, p.uscc, p.name, p.amount, "
        "CASE WHEN n.kind = 'penalty' THEN (SELECT json_extract(notice_json(d.doc), '$.penalty') FROM "
        f"notice_doc d WHERE d.rid = n.rid) END {_ASKED} WHERE {is_detailed}"
    ).fetchall()
    penalties: dict[str, Penalty | None] = {}
    for notice_id, kind, published, region, project, role, uscc, name, amount, penalty in found:
        if notice_id not in penalties:
            penalties[notice_id] = penalty_from_dict(json.loads(penalty)) if penalty else None
        yield PartyRow(
            notice_id=notice_id,
            kind=kind,
            published=date.fromisoformat(published) if published else None,
            region_code=region,
            project_code=project,
            role=role,
            uscc=uscc,
            name=name,
            amount=None if amount is None else Decimal(str(amount)),
            penalty=penalties[notice_id],
        )


def _summarise(
    conn: sqlite3.Connection,
    is_detailed: str,
    published_by: date | None,
    latest: int,
    summaries: dict[str, CodeSummary],
) -> None:
    """Add the counted notices naming the codes asked about (not ``is_detailed``) to ``summaries``: per kind and
    region, per name, the newest ``latest``."""
    where = f"NOT {is_detailed}"
    params: list[object] = []
    if published_by is not None:
        where += " AND n.published <= ?"  # an undated notice ('') counts on every day
        params.append(published_by.isoformat())
    rows = f"{_ASKED} WHERE {where}"

    def summary(code: str) -> CodeSummary:
        found = summaries.get(code)
        if found is None:
            found = summaries[code] = CodeSummary(code)
        return found

    for code, kind, region, count, first, last in conn.execute(
        "SELECT p.uscc, n.kind, n.region_code, count(DISTINCT n.rid), min(nullif(n.published, '')), "
        f"max(nullif(n.published, '')) {rows} GROUP BY p.uscc, n.kind, n.region_code",
        params,
    ):
        summary(code).groups[(kind, region)] = (
            count,
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
        )
    for code, name, count in conn.execute(
        f"SELECT p.uscc, p.name, count(DISTINCT n.rid) {rows} AND p.name != '' GROUP BY p.uscc, p.name", params
    ):
        summary(code).names[name] = count
    if latest:
        _latest(conn, rows, params, latest, summaries)


def _latest(
    conn: sqlite3.Connection, rows: str, params: list[object], latest: int, summaries: dict[str, CodeSummary]
) -> None:
    """Add the newest ``latest`` of the counted notices (``rows``) naming each code to its summary."""
    for code, published, notice_id in conn.execute(
        "SELECT uscc, published, id FROM (SELECT p.uscc, n.published, n.id, row_number() OVER "
        f"(PARTITION BY p.uscc ORDER BY n.published DESC, n.id DESC) AS place {rows} GROUP BY p.uscc, n.rid) "
        "WHERE place <= ? ORDER BY uscc, place",
        [*params, latest],
    ):
        summaries.setdefault(code, CodeSummary(code)).latest.append((published, notice_id))


def documents(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Notice]:
    """The ``Index.documents`` of the SQLite engine."""
    found: dict[str, Notice] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ", ".join("?" * len(chunk))
        for notice_id, doc in conn.execute(
            f"SELECT n.id, d.doc FROM notice n JOIN notice_doc d ON d.rid = n.rid WHERE n.id IN ({marks})", chunk
        ):
            found[notice_id] = read_notice(doc)
    return found


def find_entities(conn: sqlite3.Connection, name: str, limit: int, today: date) -> list[EntityMatch]:
    """The ``Index.find_entities`` of the SQLite engine: name-key substring, most public notices first.

    The substring test runs over ``entity_name`` (one row per code and printed name), not over every party of
    every notice. Candidates are then taken in order of how many notices name them at all, an upper bound of
    their public count, and exact counts are computed only until no remaining candidate can enter the top.
    """
    from ggzy.normalize.names import name_key

    key = name_key(name)
    if not key:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names: dict[str, set[str]] = {}
    for uscc, found_name in conn.execute(
        "SELECT uscc, name FROM entity_name WHERE name_key LIKE ? ESCAPE '\\'", [pattern]
    ):
        names.setdefault(uscc, set()).add(found_name)
    bounds: dict[str, int] = {}
    codes = sorted(names)
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        bounds.update(
            conn.execute(
                f"SELECT uscc, count(DISTINCT notice_rid) FROM party WHERE uscc IN ({marks}) GROUP BY uscc", chunk
            ).fetchall()
        )
    matches: list[EntityMatch] = []
    for uscc in sorted(codes, key=lambda code: (-bounds.get(code, 0), code)):
        if len(matches) >= limit and matches[limit - 1].notices > bounds.get(uscc, 0):
            break
        found = _public_match(conn, uscc, names[uscc], today)
        if found is not None:
            matches.append(found)
            matches.sort(key=lambda m: (-m.notices, m.name, m.uscc))
    return matches[:limit]


def _public_match(conn: sqlite3.Connection, uscc: str, wanted: set[str], today: date) -> EntityMatch | None:
    """The code's public notice count and its most printed matching name, or None when no public notice
    prints a matching name."""
    public, params = public_clause(today.isoformat())
    rows = conn.execute(
        f"SELECT p.name, n.rid FROM party p JOIN notice n ON n.rid = p.notice_rid WHERE p.uscc = ? AND {public}",
        [uscc, *params],
    ).fetchall()
    printed = Counter(name for name, _rid in {(name, rid) for name, rid in rows} if name in wanted)
    if not printed:
        return None
    best = min(printed, key=lambda n: (-printed[n], n))
    return EntityMatch(uscc=uscc, name=best, notices=len({rid for _name, rid in rows}))


def stats(conn: sqlite3.Connection, today: date) -> IndexStats:
    """The ``Index.stats`` of the SQLite engine: public notices only."""
    public, params = public_clause(today.isoformat())

    def grouped(expr: str) -> dict[str, int]:
        rows = conn.execute(
            f"SELECT {expr} AS value, count(*) FROM notice n WHERE {public} AND value IS NOT NULL "
            "GROUP BY value ORDER BY value",
            params,
        ).fetchall()
        return {str(value): int(count) for value, count in rows}

    total = conn.execute(f"SELECT count(*) FROM notice n WHERE {public}", params).fetchone()[0]
    freshness = {
        centre: Freshness(
            newest=date.fromisoformat(newest) if newest else None,
            harvested_at=datetime.fromisoformat(harvested) if harvested else None,
        )
        for centre, newest, harvested in conn.execute(
            f"SELECT centre, max(published), max(harvested_at) FROM notice n WHERE {public} "
            "GROUP BY centre ORDER BY centre",
            params,
        )
    }
    return IndexStats(
        total=int(total),
        by_centre=grouped("n.centre"),
        by_kind=grouped("n.kind"),
        by_category=grouped("n.category"),
        by_month=grouped("nullif(substr(n.published, 1, 7), '')"),
        by_province=grouped("n.province"),
        freshness=freshness,
    )
