"""Personal identity numbers are never published: they are masked the moment a page is read.

A 居民身份证号 has 18 characters (6-digit region, 8-digit birth date, 3-digit sequence, check digit or X);
the old ones have 15 digits (6-digit birth date, no check). The first 6 and the last 4 characters stay, the rest
become ``*``: ``330102198001011234`` → ``330102********1234``. Any number whose middle is not a plausible birth
date is left alone, and so is a valid unified social credit code that happens to be all digits — unless its
last digit is also a right identity-card check digit (ISO 7064 MOD 11-2): 11…/12…/13… identity numbers (Beijing,
Tianjin, Hebei) pass the USCC check one time in 31, and privacy wins that tie.
"""

from __future__ import annotations

import functools
import re

from ggzy.normalize import uscc

_ID_18 = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
_ID_15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3})(?![0-9A-Za-z])")
_QUICK = re.compile(r"\d{15}")


def may_hold_identity_numbers(text: str) -> bool:
    """False when ``text`` holds no run of 15 digits: then ``mask_identity_numbers`` would change nothing in it
    or in any part of it."""
    return _QUICK.search(text) is not None


def mask_identity_numbers(text: str) -> str:
    """``text`` with every personal identity number masked (first 6 and last 4 characters kept)."""
    if not text or _QUICK.search(text) is None:
        return text
    text = _ID_18.sub(_mask_18, text)
    return _ID_15.sub(_mask_15, text)


def is_identity_number(text: str) -> bool:
    """True when ``text`` is (only) a personal identity number, masked or not."""
    stripped = text.strip()
    if re.fullmatch(r"\d{6}\*{5,8}\d{3}[0-9Xx]", stripped):
        return True
    match = _ID_18.fullmatch(stripped) or _ID_15.fullmatch(stripped)
    return match is not None and not (len(stripped) == 18 and _is_company_code(stripped))


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"


def _has_identity_check_digit(number: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK_DIGITS[total % 11] == number[17].upper()


def _is_company_code(number: str) -> bool:
    return company_code(number) is not None and not _has_identity_check_digit(number)


@functools.lru_cache(maxsize=8192)
def company_code(printed: str) -> str | None:
    """The valid USCC ``printed`` stands for (``uscc.clean``), remembered: the same parties recur page after page."""
    return uscc.clean(printed)


def _mask_18(match: re.Match[str]) -> str:
    whole = match.group(0)
    if _is_company_code(whole):
        return whole
    return whole[:6] + "*" * 8 + whole[-4:]


def _mask_15(match: re.Match[str]) -> str:
    whole = match.group(0)
    return whole[:6] + "*" * 5 + whole[-4:]
