"""Per-code tallies of the SQLite engine, kept at write time so that a credit check reads a few rows per code.

Most notices naming a code are only counted by the profile rules (``profile.CodeSummary``). Counting them at read
time visits every party row naming the code, which for the busiest buyers is thousands of rows a code. The tables
here hold those counts as the notices are written:

* ``party_tally`` — per code, kind and region (``''`` when none): how many notices name the code, the first and
  last day published (NULL when every one is undated);
* ``party_name_tally`` — per code and printed name: on how many notices the name is printed for the code.

Both count every notice naming the code except penalties, whose rules read them one by one whatever is asked.
Award and contract notices are counted too: whether one is read row by row depends on which codes are asked
(``profile.is_detailed``), so a read takes those out again (``CodeSummary.discount``). A count goes down when a
notice is replaced or re-kinded; a first or last day that may have left with it is counted again from the party
rows. Unchanged notices (a re-harvest) are not written, so they leave the tallies as they were.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from ggzy.index.profile import CodeSummary
from ggzy.model import Kind, Notice

SCHEMA = """
CREATE TABLE IF NOT EXISTS party_tally (
    uscc TEXT NOT NULL,
    kind TEXT NOT NULL,
    region_code TEXT NOT NULL,        -- '' when the notice has none
    notices INTEGER NOT NULL,
    first_day TEXT,                   -- ISO day, NULL when every notice counted is undated
    last_day TEXT,
    PRIMARY KEY (uscc, kind, region_code)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS party_name_tally (
    uscc TEXT NOT NULL,
    name TEXT NOT NULL,
    notices INTEGER NOT NULL,
    PRIMARY KEY (uscc, name)
) WITHOUT ROWID
"""

#: One notice as the tallies see it: kind, region ('' when none), ISO day ('' when undated), and per code the
#: names printed for it.
Counted = tuple[str, str, str, dict[str, set[str]]]
Group = tuple[str, str, str]

_ADD_GROUP = (
    "INSERT INTO party_tally (uscc, kind, region_code, notices, first_day, last_day) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO UPDATE SET notices = notices + excluded.notices, "
    "first_day = min(coalesce(first_day, excluded.first_day), coalesce(excluded.first_day, first_day)), "
    "last_day = max(coalesce(last_day, excluded.last_day), coalesce(excluded.last_day, last_day))"
)
_ADD_NAME = (
    "INSERT INTO party_name_tally (uscc, name, notices) VALUES (?, ?, ?) "
    "ON CONFLICT DO UPDATE SET notices = notices + excluded.notices"
)
_NOT_PENALTY = f"n.kind != '{Kind.PENALTY.value}'"
_FILL_GROUPS = (
    "INSERT INTO party_tally SELECT p.uscc, n.kind, coalesce(n.region_code, ''), count(DISTINCT n.rid), "
    "min(nullif(n.published, '')), max(nullif(n.published, '')) FROM party p JOIN notice n ON n.rid = p.notice_rid "
    f"WHERE p.uscc IS NOT NULL AND {_NOT_PENALTY} GROUP BY 1, 2, 3"
)
_FILL_NAMES = (
    "INSERT INTO party_name_tally SELECT p.uscc, p.name, count(DISTINCT n.rid) FROM party p "
    f"JOIN notice n ON n.rid = p.notice_rid WHERE p.uscc IS NOT NULL AND p.name != '' AND {_NOT_PENALTY} "
    "GROUP BY 1, 2"
)


def counted(notice: Notice, parties: Iterable[tuple[str | None, str]]) -> Counted | None:
    """How ``notice`` with its ``(uscc, name)`` parties enters the tallies, or None when it does not (a penalty,
    or no party with a code)."""
    if notice.kind == Kind.PENALTY:
        return None
    names = _names(parties)
    if not names:
        return None
    published = notice.published.isoformat() if notice.published else ""
    return notice.kind.value, notice.region_code or "", published, names


def stored(conn: sqlite3.Connection, rids: list[int]) -> list[Counted]:
    """How the stored notices ``rids`` entered the tallies (read before their rows are replaced)."""
    marks = ", ".join("?" * len(rids))
    notices: dict[int, tuple[str, str, str, list[tuple[str, str]]]] = {}
    for rid, kind, region, published, uscc, name in conn.execute(
        "SELECT n.rid, n.kind, coalesce(n.region_code, ''), n.published, p.uscc, p.name FROM notice n "
        f"JOIN party p ON p.notice_rid = n.rid WHERE n.rid IN ({marks}) AND p.uscc IS NOT NULL AND {_NOT_PENALTY}",
        rids,
    ):
        notices.setdefault(rid, (kind, region, published, []))[3].append((uscc, name))
    return [(kind, region, published, _names(parties)) for kind, region, published, parties in notices.values()]


def _names(parties: Iterable[tuple[str | None, str]]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for uscc, name in parties:
        if uscc:
            names.setdefault(uscc, set())
            if name:
                names[uscc].add(name)
    return names


def apply(conn: sqlite3.Connection, added: list[Counted], removed: list[Counted]) -> None:
    """Count ``added`` notices in and ``removed`` ones out (inside the caller's write transaction, after the
    notices' new rows are written: a day that may have left a group is counted again from them)."""
    counts: Counter[Group] = Counter()
    firsts: dict[Group, str] = {}
    lasts: dict[Group, str] = {}
    name_counts: Counter[tuple[str, str]] = Counter()
    for step, notices in ((1, added), (-1, removed)):
        for kind, region, published, names in notices:
            for uscc, printed in names.items():
                group = (uscc, kind, region)
                counts[group] += step
                name_counts.update({(uscc, name): step for name in printed})
                if step > 0 and published:
                    firsts[group] = min(firsts.get(group, published), published)
                    lasts[group] = max(lasts.get(group, published), published)
    conn.executemany(
        _ADD_GROUP,
        [
            (*group, count, firsts.get(group), lasts.get(group))
            for group, count in counts.items()
            if count or group in firsts
        ],
    )
    conn.executemany(_ADD_NAME, [(*key, count) for key, count in name_counts.items() if count])
    conn.execute("DELETE FROM party_name_tally WHERE notices <= 0")
    _recount(conn, _edges_left(conn, added, removed))


def _edges_left(conn: sqlite3.Connection, added: list[Counted], removed: list[Counted]) -> set[Group]:
    """The groups a removed notice may have left with a wrong first or last day (its day was one of them and no
    notice added to the group has it)."""
    days: dict[Group, set[str]] = {}
    for kind, region, published, names in removed:
        for uscc in names:
            days.setdefault((uscc, kind, region), set()).add(published)
    for kind, region, published, names in added:
        for uscc in names:
            days.get((uscc, kind, region), set()).discard(published)
    found = set()
    for group, removed_days in days.items():
        row = conn.execute(
            "SELECT notices, first_day, last_day FROM party_tally WHERE uscc = ? AND kind = ? AND region_code = ?",
            group,
        ).fetchone()
        if row is not None and (row[0] <= 0 or row[1] in removed_days or row[2] in removed_days):
            found.add(group)
    return found


def _recount(conn: sqlite3.Connection, groups: Iterable[Group]) -> None:
    for group in groups:
        count, first, last = conn.execute(
            "SELECT count(DISTINCT n.rid), min(nullif(n.published, '')), max(nullif(n.published, '')) FROM party p "
            "JOIN notice n ON n.rid = p.notice_rid WHERE p.uscc = ? AND n.kind = ? AND coalesce(n.region_code, '') = ?",
            group,
        ).fetchone()
        if count:
            conn.execute(
                "UPDATE party_tally SET notices = ?, first_day = ?, last_day = ? "
                "WHERE uscc = ? AND kind = ? AND region_code = ?",
                (count, first, last, *group),
            )
        else:
            conn.execute("DELETE FROM party_tally WHERE uscc = ? AND kind = ? AND region_code = ?", group)


def refill(conn: sqlite3.Connection) -> None:
    """Count the tallies again from the party rows (inside a write transaction; ``rebuild`` and migration)."""
    conn.execute("DELETE FROM party_tally")
    conn.execute("DELETE FROM party_name_tally")
    conn.execute(_FILL_GROUPS)
    conn.execute(_FILL_NAMES)


def summaries(conn: sqlite3.Connection) -> Iterator[CodeSummary]:
    """The tallies of the codes in ``temp.asked_code``, one ``CodeSummary`` per code holding any (every notice
    naming it but penalties, the detailed awards still in: ``CodeSummary.discount`` takes them out)."""
    found: dict[str, CodeSummary] = {}
    for uscc, kind, region, count, first, last in conn.execute(
        "SELECT t.uscc, t.kind, t.region_code, t.notices, t.first_day, t.last_day "
        "FROM temp.asked_code a CROSS JOIN party_tally t ON t.uscc = a.uscc"
    ):
        summary = found.setdefault(uscc, CodeSummary(uscc))
        summary.groups[(kind, region or None)] = (
            count,
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
        )
    for uscc, name, count in conn.execute(
        "SELECT t.uscc, t.name, t.notices FROM temp.asked_code a CROSS JOIN party_name_tally t ON t.uscc = a.uscc"
    ):
        found.setdefault(uscc, CodeSummary(uscc)).names[name] = count
    yield from found.values()
