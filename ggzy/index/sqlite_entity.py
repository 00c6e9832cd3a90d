"""Entity profiles, name search and statistics for the SQLite engine.

Awards won: notices of kind ``award`` or ``contract`` that name the USCC as a winner, counted once per
project (the project code, or the notice itself when it has none). Each project's total is the winner's own
amounts in one notice of that project: its award notice when there is one (else its contract), the latest
published first.
Everything except ``withdrawn_penalties`` comes from public notices only.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

from ggzy.index.base import EntityMatch, EntityProfile, Freshness, IndexStats
from ggzy.index.sqlite_search import public_clause
from ggzy.model import Kind, Notice

LATEST = 10
AWARD_KINDS = (Kind.AWARD.value, Kind.CONTRACT.value)


def uscc_region(uscc: str) -> str | None:
    """The region of registration printed in characters 3–8 of a valid code."""
    from ggzy.normalize.uscc import check

    result = check(uscc)
    return result.region_code if result.valid else None


def entity(conn: sqlite3.Connection, uscc: str, today: date) -> EntityProfile | None:
    """The ``Index.entity`` of the SQLite engine."""
    public, public_params = public_clause(today.isoformat())
    rows = conn.execute(
        "SELECT n.rid, n.id, n.kind, n.published, n.region_code, n.project_code, "
        f"{public} AS visible, p.role, p.name, p.amount "
        "FROM party p JOIN notice n ON n.rid = p.notice_rid WHERE p.uscc = ?",
        [*public_params, uscc],
    ).fetchall()
    if not rows:
        return None
    visible = [r for r in rows if r[6]]
    withdrawn = {r[0] for r in rows if not r[6] and r[2] == Kind.PENALTY.value and r[7] == "subject"}
    notices = {r[0]: r for r in visible}
    names = Counter(r[8] for r in visible if r[8])
    counts = Counter(r[2] for r in notices.values())
    dates = sorted(r[3] for r in notices.values() if r[3])

    projects: dict[str, tuple[tuple[int, str, str], Decimal]] = {}
    winner_amounts: dict[int, Decimal] = {}
    for r in visible:
        if r[7] == "winner" and r[2] in AWARD_KINDS:
            winner_amounts[r[0]] = winner_amounts.get(r[0], Decimal(0)) + Decimal(str(r[9] or 0))
    for rid, amount in winner_amounts.items():
        r = notices[rid]
        project = r[5] or r[1]
        rank = (int(r[2] == Kind.AWARD.value), r[3], r[1])
        if project not in projects or rank > projects[project][0]:
            projects[project] = (rank, amount)
    award_dates = [notices[rid][3] for rid in winner_amounts if notices[rid][3]]

    penalty_rids = [r[0] for r in visible if r[2] == Kind.PENALTY.value and r[7] == "subject"]
    latest_rids = sorted(notices, key=lambda rid: (notices[rid][3], notices[rid][1]), reverse=True)[:LATEST]
    documents = _documents(conn, set(penalty_rids) | set(latest_rids))
    regions = Counter(r[4] for r in notices.values() if r[4])
    return EntityProfile(
        uscc=uscc,
        names=sorted(names, key=lambda name: (-names[name], name)),
        region_code=uscc_region(uscc) or (regions.most_common(1)[0][0] if regions else None),
        counts_by_kind=dict(sorted(counts.items())),
        awards_won=len(projects),
        awards_total=sum((amount for _rank, amount in projects.values()), Decimal(0)),
        active_penalties=sorted(
            (documents[rid] for rid in set(penalty_rids)),
            key=lambda n: (n.published or date.min, n.id),
            reverse=True,
        ),
        withdrawn_penalties=len(withdrawn),
        latest=[documents[rid] for rid in latest_rids],
        first_seen=date.fromisoformat(dates[0]) if dates else None,
        last_seen=date.fromisoformat(dates[-1]) if dates else None,
        last_award=date.fromisoformat(max(award_dates)) if award_dates else None,
    )


def _documents(conn: sqlite3.Connection, rids: set[int]) -> dict[int, Notice]:
    if not rids:
        return {}
    marks = ", ".join("?" * len(rids))
    rows = conn.execute(f"SELECT rid, json FROM notice_doc WHERE rid IN ({marks})", sorted(rids)).fetchall()
    return {rid: Notice.from_json(text) for rid, text in rows}


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
