"""The credit rules of a penalty: publicity periods by decision date (as data, with their source), severity."""

from __future__ import annotations

from datetime import date

from ggzy.normalize import credit
from tests.factories import penalty


def test_every_publicity_rule_names_its_source():
    rules = credit.publicity_rules()
    assert [r.since for r in rules] == sorted(r.since for r in rules)
    assert any("527号" in r.source for r in rules) and any("2023年第58号" in r.source for r in rules)


def test_the_period_follows_the_decision_date():
    # Under 发改办财金〔2019〕527号 an ordinary penalty is public for a year, a serious one for three.
    assert penalty(penalty_types=["罚款"], decided_on=date(2021, 5, 10)).public_until() == date(2022, 5, 9)
    serious = penalty(penalty_types=["罚款"], list_name="严重违法失信名单", decided_on=date(2021, 5, 10))
    assert serious.public_until() == date(2024, 5, 9)
    # Under order No. 58 (from 2023-05-01) every penalty is public for up to three years.
    assert penalty(penalty_types=["罚款"], decided_on=date(2023, 5, 1)).public_until() == date(2026, 4, 30)


def test_a_printed_date_wins_and_a_ban_keeps_it_public_to_its_end():
    printed = penalty(decided_on=date(2024, 1, 1), publicity_until=date(2024, 7, 1))
    assert printed.public_until() == date(2024, 7, 1) and printed.hidden_from() == date(2024, 7, 2)
    banned = penalty(decided_on=date(2024, 1, 1), publicity_until=date(2024, 7, 1), banned_until=date(2026, 12, 31))
    assert banned.public_until() == date(2026, 12, 31) and banned.is_serious()


def test_the_shortest_period_before_a_repair_is_a_year_in_some_fields():
    ordinary = penalty(decided_on=date(2024, 3, 15), basis="《中华人民共和国招标投标法》")
    assert credit.repairable_from(ordinary) == date(2024, 6, 15)
    safety = penalty(decided_on=date(2024, 3, 15), basis="《中华人民共和国安全生产法》第九十九条")
    assert credit.repairable_from(safety) == date(2025, 3, 15)


def test_a_removal_hides_a_penalty_on_every_day_but_an_expiry_only_afterwards():
    expired = penalty(decided_on=date(2022, 1, 1), publicity_until=date(2022, 12, 31))
    assert credit.public_on(expired, date(2022, 6, 1), today=date(2025, 1, 1))
    assert not credit.public_on(expired, date(2023, 1, 1), today=date(2025, 1, 1))
    assert not credit.public_on(expired, date(2021, 12, 31), today=date(2025, 1, 1))  # not yet decided
    repaired = penalty(decided_on=date(2024, 1, 1), publicity_until=date(2027, 1, 1), removed_on=date(2024, 9, 1))
    assert credit.public_on(repaired, date(2024, 6, 1))  # as known on that day
    assert not credit.public_on(repaired, date(2024, 6, 1), today=date(2025, 1, 1))  # as known after the repair
    assert repaired.hidden_from() == date(2024, 9, 1)


def test_months_are_added_on_the_calendar():
    assert credit.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert credit.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_the_ladder_is_data_with_the_serious_rung_on_top():
    assert [(r.rank, r.label) for r in credit.ladder()][:1] == [(5, "严重违法失信")]
    assert [r.rank for r in credit.ladder()] == [5, 4, 3, 2, 1]
    assert penalty(penalty_types=["罚款"], banned_until=date(2026, 1, 1)).severity() == credit.SERIOUS
