"""Personal identity numbers are never published: they are masked the moment a page is read.

A 居民身份证号 has 18 characters (6-digit region, 8-digit birth date, 3-digit sequence, check digit or X);
the old ones have 15 digits (6-digit birth date, no check). The first 6 and the last 4 characters stay, the rest
become ``*``: ``330102198001011234`` → ``330102********1234``. A valid unified social credit code that happens
to be all digits is left alone, and so is any number whose middle is not a plausible birth date.
"""

from __future__ import annotations

import re

from ggzy.normalize import uscc

_ID_18 = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
_ID_15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3})(?![0-9A-Za-z])")
_QUICK = re.compile(r"\d{15}")


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
    return match is not None and not uscc.is_valid(stripped)


def _mask_18(match: re.Match[str]) -> str:
    whole = match.group(0)
    if uscc.is_valid(whole):
        return whole
    return whole[:6] + "*" * 8 + whole[-4:]


def _mask_15(match: re.Match[str]) -> str:
    whole = match.group(0)
    return whole[:6] + "*" * 5 + whole[-4:]
