"""The profile rules (``ggzy.index.profile``) on every engine and in ``entities.csv``: own lot amounts summed
exactly, one batched look-up for many codes, and as-of answers that differ before, during and after a penalty."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from ggzy.index.base import Index
from ggzy.model import Category, Kind, Notice, Party, Penalty
from ggzy.opendata.entities import write_entities
from tests import factories

TODAY = date(2025, 6, 1)
#: Wins one lot of a 1,301.31万 award (855.57万) and two small lots of another award (0.10 + 0.20).
LOT_WINNER = "914308216620XLUA6M"
OTHER_LOT = "91330106MA2B0XK1L8"
NOBODY = "91110108MA01BJ4N77"


def _notice(number: int, **fields: object) -> Notice:
    return factories.notice("hunan", f"{number:02d}", f"公告{number}", id=f"prof-{number:02d}", **fields)


def notices() -> list[Notice]:
    winner, other = Party("湖南某某建设有限公司", LOT_WINNER), Party("浙江某某建设集团有限公司", OTHER_LOT)
    lot_award = _notice(
        1,
        kind=Kind.AWARD,
        category=Category.ENGINEERING,
        published=date(2024, 3, 1),
        region_code="430821",
        project_code="HN-LOT-1",
        amount=Decimal("13013100.00"),
        winners=[
            Party(winner.name, winner.uscc, amount=Decimal("8555700.00"), lot="一标段"),
            Party(other.name, other.uscc, amount=Decimal("4457400.00"), lot="二标段"),
        ],
    )
    lot_contract = _notice(
        2,
        kind=Kind.CONTRACT,
        published=date(2024, 4, 1),
        project_code="HN-LOT-1",
        amount=Decimal("8555700.00"),
        winners=[Party(winner.name, winner.uscc, amount=Decimal("8555700.00"))],
    )
    small_lots = _notice(
        3,
        kind=Kind.AWARD,
        published=date(2025, 2, 1),
        project_code="HN-SMALL",
        amount=Decimal("0.30"),
        winners=[
            Party(winner.name, winner.uscc, amount=Decimal("0.10"), lot="1"),
            Party(winner.name, winner.uscc, amount=Decimal("0.20"), lot="2"),
        ],
    )
    expired = _notice(
        4,
        kind=Kind.PENALTY,
        published=date(2023, 1, 10),
        penalty=Penalty(
            subject=winner,
            penalty_types=["罚款"],
            decided_on=date(2023, 1, 10),
            publicity_until=date(2024, 1, 9),
        ),
    )
    repaired = _notice(
        5,
        kind=Kind.PENALTY,
        published=date(2025, 1, 1),
        penalty=Penalty(
            subject=winner,
            penalty_types=["警告"],
            decided_on=date(2025, 1, 1),
            publicity_until=date(2028, 1, 1),
            removed_on=date(2025, 4, 1),
            removed_reason="信用修复：已履行处罚决定",
        ),
    )
    return [lot_award, lot_contract, small_lots, expired, repaired]


def test_awards_are_the_companys_own_lots_summed_exactly(index: Index) -> None:
    index.upsert(notices())
    profile = index.entity(LOT_WINNER, today=TODAY)
    assert profile is not None
    assert [(a.notice_id, a.amount) for a in profile.awards] == [
        ("prof-03", Decimal("0.30")),
        ("prof-01", Decimal("8555700.00")),
    ]
    assert profile.awards_won == 2
    assert profile.awards_total == Decimal("8555700.30")
    assert str(profile.awards_total) == "8555700.30"  # a float sum would read 8555700.300000001 or lose the cents
    other = index.entity(OTHER_LOT, today=TODAY)
    assert other is not None and other.awards_total == Decimal("4457400.00")
    assert profile.region_code == "430821" and profile.last_award == date(2025, 2, 1)


def test_many_codes_in_one_batch_match_one_at_a_time(index: Index) -> None:
    index.upsert(notices())
    batch = index.entities([LOT_WINNER, NOBODY, OTHER_LOT, LOT_WINNER], today=TODAY)
    assert list(batch) == [LOT_WINNER, NOBODY, OTHER_LOT]
    assert batch[NOBODY] is None
    assert batch[LOT_WINNER] == index.entity(LOT_WINNER, today=TODAY)
    assert batch[OTHER_LOT] == index.entity(OTHER_LOT, today=TODAY)


def test_as_of_answers_what_was_public_that_day(index: Index) -> None:
    index.upsert(notices())
    during = index.entity(LOT_WINNER, today=TODAY, as_of=date(2023, 6, 1))
    assert during is not None
    assert [n.id for n in during.active_penalties] == ["prof-04"]  # expired since, public then
    assert during.awards_won == 0 and during.awards_total == Decimal(0)  # nothing awarded yet
    after = index.entity(LOT_WINNER, today=TODAY, as_of=date(2024, 6, 1))
    assert after is not None
    assert after.active_penalties == [] and after.withdrawn_penalties == 1
    assert after.awards_won == 1 and after.awards_total == Decimal("8555700.00")
    # The repaired penalty was public from January to April 2025, but a repair takes it out of every answer.
    repaired_window = index.entity(LOT_WINNER, today=TODAY, as_of=date(2025, 2, 1))
    assert repaired_window is not None and repaired_window.active_penalties == []
    now = index.entity(LOT_WINNER, today=TODAY)
    assert now is not None and now.withdrawn_penalties == 2 and now.as_of is None


def test_entities_csv_follows_the_same_rules(index: Index, tmp_path: Path) -> None:
    index.upsert(notices())
    write_entities(index, tmp_path / "entities.csv", TODAY)
    with (tmp_path / "entities.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["统一社会信用代码"]: row for row in csv.DictReader(handle)}
    for code in (LOT_WINNER, OTHER_LOT):
        profile = index.entity(code, today=TODAY)
        assert profile is not None
        assert Decimal(rows[code]["中标总金额（元）"]) == profile.awards_total
        assert int(rows[code]["中标次数"]) == profile.awards_won
        assert rows[code]["地区代码"] == profile.region_code
    assert rows[LOT_WINNER]["中标总金额（元）"] == "8555700.3"  # exact, in the bulk files' one amount format
