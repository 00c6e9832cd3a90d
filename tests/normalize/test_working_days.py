"""Working days follow the State Council's holiday notices, and an unknown year is never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from ggzy.normalize import NormalizeError
from ggzy.normalize.dates import add_working_days, holiday_years, is_working_day, working_days_between


def test_holidays_and_adjusted_working_days_of_2026() -> None:
    assert is_working_day(date(2026, 2, 16)) is False  # 春节, a Monday
    assert is_working_day(date(2026, 2, 14)) is True  # a Saturday worked (调休)
    assert is_working_day(date(2026, 10, 10)) is True
    assert is_working_day(date(2026, 3, 7)) is False  # an ordinary Saturday
    assert is_working_day(date(2026, 3, 9)) is True


def test_every_shipped_year_names_its_notice() -> None:
    years = holiday_years()
    assert set(years) >= {2024, 2025, 2026}
    assert all("部分节假日安排的通知" in year.notice for year in years.values())
    assert all(day.weekday() >= 5 for year in years.values() for day in year.working_days)


def test_three_working_days_across_the_spring_festival() -> None:
    # Published Friday 2026-02-13: the 14th is worked, then nine days off, then Tuesday the 24th and Wednesday.
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_a_year_the_table_does_not_hold_is_unknown() -> None:
    assert is_working_day(date(2019, 5, 6)) is None
    assert working_days_between(date(2026, 12, 28), date(2027, 1, 4)) is None
    assert add_working_days(date(2026, 12, 30), 5) is None
    with pytest.raises(NormalizeError):
        add_working_days(date(2026, 3, 2), -1)
