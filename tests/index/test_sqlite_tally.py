"""The SQLite engine's per-code tallies (``sqlite_tally``): kept right by every write, equal to a count from the
party rows, and filled when a version-5 file is opened."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ggzy.index.sqlite import SCHEMA_VERSION, SqliteIndex
from ggzy.model import Kind, Notice, Party, Penalty
from tests import factories

TODAY = date(2025, 6, 1)
PARTIES = [Party(f"第{n}号单位", factories.make_uscc(f"91330106MA{n:05d}Q{n % 10}")) for n in range(6)]
PARTIES += [Party("第0号单位（分公司）", PARTIES[0].uscc), Party("无代码单位")]
KINDS = [Kind.TENDER, Kind.CORRECTION, Kind.AWARD, Kind.CONTRACT, Kind.PENALTY]


def drawn(draw: random.Random, number: int) -> Notice:
    """A notice ``number`` with a kind, day, region and parties drawn at random (a penalty on one of them)."""
    kind = draw.choice(KINDS)
    fields: dict[str, object] = {
        "kind": kind,
        "published": draw.choice([None, date(2024, 1, 1 + draw.randrange(28)), date(2024, 2, 1)]),
        "region_code": draw.choice([None, "330106", "330102"]),
        "buyer": draw.choice([None, *PARTIES]),
        "agency": draw.choice([None, *PARTIES]),
        "winners": draw.sample(PARTIES, draw.randrange(3)) if kind in (Kind.AWARD, Kind.CONTRACT) else [],
    }
    if kind == Kind.PENALTY:
        fields["penalty"] = Penalty(subject=draw.choice(PARTIES), decided_on=date(2024, 1, 1))
    return factories.notice("zj", str(number), f"第{number}号公告", **fields)


def tallies(index: SqliteIndex) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = index.connection()
    return (
        conn.execute("SELECT * FROM party_tally ORDER BY 1, 2, 3").fetchall(),
        conn.execute("SELECT * FROM party_name_tally ORDER BY 1, 2").fetchall(),
    )


@pytest.fixture
def index(tmp_path: Path) -> SqliteIndex:
    return SqliteIndex(tmp_path / "ggzy.db")


def test_tallies_kept_through_replacements_equal_a_count_from_the_party_rows(index: SqliteIndex) -> None:
    draw = random.Random(6)
    for _round in range(12):
        index.upsert([drawn(draw, draw.randrange(40)) for _ in range(15)])
    kept = tallies(index)
    assert kept[0] and kept[1]
    index.rebuild()
    assert tallies(index) == kept


def test_penalties_are_not_tallied_and_a_withdrawn_notice_leaves_no_row(index: SqliteIndex) -> None:
    subject = PARTIES[1]
    penalty = factories.penalty_notice("zj", "p", subject, date(2024, 5, 1), decided_on=date(2024, 5, 1))
    tender = factories.notice("zj", "t", "采购公告", kind=Kind.TENDER, published=date(2024, 1, 3), buyer=subject)
    index.upsert([penalty, tender])
    assert tallies(index) == (
        [(subject.uscc, "tender", "", 1, "2024-01-03", "2024-01-03")],
        [(subject.uscc, subject.name, 1)],
    )
    index.upsert([factories.notice("zj", "t", "采购公告", kind=Kind.TENDER, published=date(2024, 1, 3))])
    assert tallies(index) == ([], [])


def test_a_version_five_file_counts_its_tallies_once_opened(index: SqliteIndex) -> None:
    draw = random.Random(5)
    index.upsert([drawn(draw, number) for number in range(60)])
    written = tallies(index)
    profiles = index.entities([p.uscc or "" for p in PARTIES], today=TODAY)
    index.close()
    conn = sqlite3.connect(index.path)
    conn.execute("DROP TABLE party_tally")
    conn.execute("DROP TABLE party_name_tally")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    reopened = SqliteIndex(index.path)
    assert reopened.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert tallies(reopened) == written
    assert reopened.entities([p.uscc or "" for p in PARTIES], today=TODAY) == profiles
