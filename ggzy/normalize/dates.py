"""Dates and times as printed by trading centres.

Reads ``2016年7月11日``, ``2016-07-11 09:30``, ``2016/7/11``, ``2016.7.11``, ``20160711``, ``二〇一六年七月十一日``,
``2026-03-17 00:32:09``, ``2026-03-17T00:32:09``, ``2016年7月11日（星期一）下午2时30分`` and the same broken over
lines (``2026\\n年\\n3\\n月\\n17\\n日``). The first date in the text is taken.

Times are China Standard Time (UTC+8) as printed, and are returned as **naive** ``datetime`` objects: every
centre publishes in CST, so the printed wall-clock time is kept and no zone is attached. Code that compares with
UTC must attach ``CHINA_TZ`` first. An ISO 8601 time with its own offset (``2026-03-16T16:32:09Z``,
``…T…+08:00``) is converted to China Standard Time.

Working days follow China's calendar: the State Council's holiday table (``data/holidays.toml``, each year with
its notice) says which weekdays are holidays and which weekend days are worked (调休). For a year the table does
not hold, ``is_working_day`` and the counts built on it answer None: a legal period in working days is then
unknown, never guessed from weekends.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ggzy.normalize import NormalizeError

#: China Standard Time, the zone every naive datetime returned here is understood in.
#: China Standard Time: every date and time ggzy shows or compares is in it.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def china_today() -> date:
    """Today in China Standard Time: the day against which a 公示截止期 is compared."""
    return datetime.now(CHINA_TZ).date()


def china_day(value: datetime | None) -> str | None:
    """The day in China of a time, as ISO text (a naive time is already China time): the ``未截止`` filter
    compares a notice's 投标截止时间 this way on both engines."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(CHINA_TZ)
    return value.date().isoformat()


_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_S = r"\s*"
_DATE = re.compile(
    rf"(?<!\d)(?P<year>(?:19|20)\d\d){_S}(?P<sep>[年\-/.]){_S}(?P<month>\d{{1,2}}){_S}[月\-/.]{_S}"
    rf"(?P<day>\d{{1,2}})(?!\d){_S}日?"
)
_COMPACT = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)")
_TIME = re.compile(
    rf"^{_S}(?:\((?:星期|周|礼拜)[一二三四五六日天1-7]\){_S})?(?:(?P<iso>T)|(?P<half>上午|下午|晚上|中午))?{_S}"
    rf"(?P<hour>\d{{1,2}}){_S}[:时点]{_S}(?P<minute>\d{{1,2}})?(?:{_S}[分:]{_S}(?P<second>\d{{1,2}}))?"
    r"(?:\.\d+)?(?P<zone>Z|[+-]\d\d:?\d\d(?!\d))?"
)
_CHINESE_NUMBER = re.compile(r"(?P<tens>[一二三]?)十(?P<units>[一二三四五六七八九]?)|[〇零○一二三四五六七八九]+")


def _fold(text: str) -> str:
    """Full-width folded, Chinese numerals of a written date turned to digits (二〇一六年七月十一日 → 2016年7月11日)."""
    folded = unicodedata.normalize("NFKC", text)
    return _CHINESE_NUMBER.sub(_chinese_number, folded)


def _chinese_number(match: re.Match[str]) -> str:
    word = match.group(0)
    if "十" not in word:
        return "".join(_CHINESE_DIGITS[c] for c in word)
    tens = int(_CHINESE_DIGITS[match["tens"]]) if match["tens"] else 1
    units = int(_CHINESE_DIGITS[match["units"]]) if match["units"] else 0
    return str(tens * 10 + units)


def _find(text: str) -> tuple[date, str] | None:
    """The first valid date in the text and the text that follows it."""
    folded = _fold(text)
    for pattern in (_DATE, _COMPACT):
        for match in pattern.finditer(folded):
            try:
                found = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            return found, folded[match.end() :]
    return None


def parse_date(text: str | None) -> date | None:
    """The first date printed in the text, or None."""
    if not text:
        return None
    found = _find(text)
    return found[0] if found else None


def parse_datetime(text: str | None) -> datetime | None:
    """The first date with the time printed after it (naive, China Standard Time); midnight when none is printed."""
    if not text:
        return None
    found = _find(text)
    if found is None:
        return None
    day, rest = found
    time = _TIME.match(rest)
    if time is None:
        return datetime(day.year, day.month, day.day)
    hour = int(time["hour"])
    if time["half"] in ("下午", "晚上") and hour < 12:
        hour += 12
    minute = int(time["minute"] or 0)
    second = int(time["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return datetime(day.year, day.month, day.day)
    printed = datetime(day.year, day.month, day.day, hour, minute, second)
    if time["zone"] and time["iso"]:  # only an ISO 8601 time has an offset; 09:30-11:30 is a range
        zone = "+0000" if time["zone"] == "Z" else time["zone"].replace(":", "")
        aware = printed.replace(tzinfo=datetime.strptime(zone, "%z").tzinfo)
        return aware.astimezone(CHINA_TZ).replace(tzinfo=None)
    return printed


# Working days: China's calendar, from the State Council's yearly holiday notices (data/holidays.toml).

HOLIDAYS = Path(__file__).parent / "data" / "holidays.toml"


@dataclass(frozen=True)
class HolidayYear:
    """One year's holiday notice: its holidays (day → name) and its adjusted working days (调休上班)."""

    year: int
    notice: str
    holidays: dict[date, str]
    working_days: frozenset[date]


@functools.cache
def holiday_years() -> dict[int, HolidayYear]:
    """Every year the holiday table knows, by year."""
    with HOLIDAYS.open("rb") as handle:
        data = tomllib.load(handle)
    years = {}
    for item in data["year"]:
        holidays: dict[date, str] = {}
        for first, last, name in item["holidays"]:
            day, end = date.fromisoformat(first), date.fromisoformat(last)
            while day <= end:
                holidays[day] = name
                day += timedelta(days=1)
        worked = frozenset(date.fromisoformat(day) for day in item["working_days"])
        years[int(item["year"])] = HolidayYear(int(item["year"]), item["notice"], holidays, worked)
    return years


@functools.cache
def _holiday_table() -> tuple[frozenset[int], dict[date, str], frozenset[date]]:
    years = holiday_years()
    holidays = {day: name for year in years.values() for day, name in year.holidays.items()}
    worked = frozenset(day for year in years.values() for day in year.working_days)
    return frozenset(years), holidays, worked


def is_working_day(day: date) -> bool | None:
    """Whether ``day`` is a working day in China: Monday to Friday unless a public holiday, or a weekend day
    worked in exchange (调休). None when the holiday table does not know the day's year: never guessed.

    >>> is_working_day(date(2026, 2, 16)), is_working_day(date(2026, 2, 14)), is_working_day(date(2019, 5, 6))
    (False, True, None)
    """
    known, holidays, worked = _holiday_table()
    if day.year not in known:
        return None
    if day in worked:
        return True
    return day.weekday() < 5 and day not in holidays


def working_days_between(start: date, end: date) -> int | None:
    """The working days after ``start`` up to and including ``end`` (the first day does not count, as a
    period counted in days starts the next day: 《民法典》第二百零一条); 0 when ``end`` is not after ``start``.
    None when a day in between lies in a year the holiday table does not know."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        working = is_working_day(day)
        if working is None:
            return None
        count += working
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date | None:
    """The day ``days`` working days after ``start`` (``start`` itself when 0). None when the count runs into a
    year the holiday table does not know."""
    if days < 0:
        raise NormalizeError(f"add_working_days counts forward only, not {days}")
    day = start
    while days > 0:
        day += timedelta(days=1)
        working = is_working_day(day)
        if working is None:
            return None
        days -= working
    return day
