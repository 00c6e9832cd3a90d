"""Codes and figures as centres print them: USCCs, personal ID numbers (and their mask), amounts.

``mask_id_numbers`` is the one rule for hiding personal identity numbers: an 18-character number with a
plausible birth date and a correct ISO 7064 check character keeps its first six and last four characters,
the eight in between become ``*`` — ``330102199001011234`` → ``330102********1234`` (the format
``ggzy.normalize.masking`` writes at extraction time). The demo centres print ID numbers in full; the
ground truth only ever holds the masked form. USCC check characters come from ``ggzy.normalize.uscc``.
"""

from __future__ import annotations

import random
import re
from datetime import date
from decimal import Decimal

import cn2an

from ggzy.normalize import uscc

#: The USCC alphabet of GB 32100-2015.
USCC_ALPHABET = uscc.ALPHABET
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")

#: First two USCC characters by kind of organisation: 11 机关, 12 事业单位, 91 企业, 92 个体工商户.
USCC_PREFIX = {"authority": "11", "institution": "12", "company": "91", "individual_business": "92"}


def make_uscc(rng: random.Random, region_code: str, kind: str = "company") -> str:
    """A valid USCC registered in ``region_code`` whose organisation code carries its own GB 11714 check.

    Never returns a code that would also pass as a personal ID number, so masking cannot touch it.
    """
    while True:
        org8 = "".join(rng.choice("0123456789" if i < 2 else "0123456789ABCDEFGHJKLMNPQRTUWXY") for i in range(8))
        total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(org8, _ORG_WEIGHTS, strict=True)) % 11
        org_check = {10: "X", 11: "0"}.get(11 - total, str(11 - total))
        code17 = USCC_PREFIX[kind] + region_code + org8 + org_check
        code = code17 + uscc.expected_check_character(code17)
        if not _looks_like_id_number(code):
            return code


def id_check_character(code17: str) -> str:
    """The 18th character of a resident identity number (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(code17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def make_id_number(rng: random.Random, region_code: str, today: date) -> str:
    """A well-formed 18-digit resident identity number of an adult born in ``region_code``."""
    born = date(today.year - rng.randint(25, 60), rng.randint(1, 12), rng.randint(1, 28))
    code17 = f"{region_code}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return code17 + id_check_character(code17)


def _looks_like_id_number(text: str) -> bool:
    match = _ID_NUMBER.fullmatch(text)
    return match is not None and _is_id_number(match)


def _is_id_number(match: re.Match[str]) -> bool:
    birth = match.group(2)
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    code = match.group(0).upper()
    return id_check_character(code[:17]) == code[17]


def mask_id_number(number: str) -> str:
    """``330102199001011234`` → ``330102********1234``: the first six and last four characters stay."""
    return number[:6] + "*" * 8 + number[-4:]


def mask_id_numbers(text: str) -> str:
    """Every personal identity number in ``text`` masked; USCCs and other numbers are left alone."""
    return _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)) if _is_id_number(m) else m.group(0), text)


def person_name(rng: random.Random) -> str:
    """A two- or three-character Chinese personal name."""
    from ggzy.demo.names import GIVEN_CHARS, SURNAMES

    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def wan(amount: Decimal) -> str:
    """Yuan as an exact figure in 万元, without trailing zeros: 1234567.89 → ``123.456789``."""
    text = format((amount / Decimal(10000)).normalize(), "f")
    return text


def print_amount(amount: Decimal, style: str) -> str:
    """An amount in yuan printed the way centres print it.

    Styles: ``yuan`` (``1234567.89元``), ``comma`` (``￥1,234,567.89元``), ``wan`` (``123.456789万元``),
    ``daxie`` (``壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分（￥1,234,567.89）``).
    """
    if style == "yuan":
        return f"{amount:.2f}元"
    if style == "comma":
        return f"￥{amount:,.2f}元"
    if style == "wan":
        return f"{wan(amount)}万元"
    if style == "daxie":
        return f"{cn2an.an2cn(f'{amount:.2f}', 'rmb')}（￥{amount:,.2f}）"
    raise ValueError(f"unknown amount style {style!r}")


AMOUNT_STYLES = ("yuan", "comma", "wan", "daxie")
