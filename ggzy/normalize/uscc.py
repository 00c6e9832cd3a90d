"""The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015.

An 18-character code: registering authority (1), entity type (2), region of registration (3–8, a GB/T 2260
code), organisation code (9–17) and a check character (18) over the alphabet ``0-9A-Z`` without I, O, S, V, Z.

``stdnum.cn.uscc`` computes the check character, but its format rule rejects every code whose first eight
characters are not all digits; codes with a letter authority or type (e.g. ``N2…`` for a rural collective)
exist, so its alphabet and weights are used directly for those. Full-width characters are folded first
(``９１１１…`` → ``9111…``). A code is valid only as printed: a lower-case letter is invalid, and the upper-cased
form is offered as ``suggestion``. Placeholders such as ``00000000000000000X`` are "no code".

>>> check("91110000600037341L").valid
True
>>> check("91110000600037341X").reason
"check character is 'X', expected 'L'"
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ggzy.normalize import NormalizeError

#: The 31 characters a USCC is written with (GB 32100-2015 table 1: no I, O, S, V, Z).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: GB 32100-2015 check character: each character's value in ALPHABET times 3 to the power of its place, mod 31.
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, place, 31) for place in range(17))

#: The reason given for a placeholder such as ``00000000000000000X``.
PLACEHOLDER = "placeholder"

_SEPARATORS = re.compile(r"[\s\-\u200b\u200c\u200d\ufeff]+")
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
_PLACEHOLDER_ORGANISATIONS = {"123456789", "000000000", "999999999"}
# Letters printed where a digit was meant, tried to suggest a correction for a code with a letter outside ALPHABET.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})


@dataclass(frozen=True)
class UsccCheck:
    """The verdict on one printed code.

    ``code`` is the folded, upper-cased form (the join key when ``valid``); ``as_printed`` is the text as given;
    ``reason`` says what is wrong ("" when valid); ``region_code`` is characters 3–8 when they are six digits;
    ``suggestion`` is the corrected code when one correction makes it valid (upper-cased, or the right check
    character), else None.
    """

    code: str
    as_printed: str
    valid: bool
    reason: str = ""
    region_code: str | None = None
    suggestion: str | None = None


def fold(text: str) -> str:
    """The code with full-width characters folded to ASCII and spaces, hyphens and zero-width marks removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def expected_check_character(code17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters of a code (upper-case, from ALPHABET).

    Raises ``NormalizeError`` (a ``ValueError``) when there are not 17 characters or one is outside the alphabet.
    """
    body = code17[:17]
    if len(body) != 17:
        raise NormalizeError(f"a USCC has 17 characters before its check character, got {len(body)}")
    total = 0
    for position, (char, weight) in enumerate(zip(body, _WEIGHTS, strict=True), start=1):
        value = _VALUES.get(char)
        if value is None:
            raise NormalizeError(f"character {char!r} at position {position} is not used in a USCC")
        total += value * weight
    return ALPHABET[-total % 31]


def is_placeholder(code: str) -> bool:
    """True for a filler such as ``00000000000000000X``, ``111111111111111111`` or ``91000000000000000X``."""
    body = code[:17].upper()
    if len(set(body)) <= 2 or body[2:8] == "000000":
        return True
    organisation = body[8:17]
    return len(set(organisation)) == 1 or organisation in _PLACEHOLDER_ORGANISATIONS


def check(text: str) -> UsccCheck:
    """Check one printed code and say why it is not valid, with a correction where one is evident."""
    as_printed = text
    folded = fold(text)
    code = folded.upper()
    if not code:
        return UsccCheck(code, as_printed, False, "empty")
    if code.isdigit() and 13 <= len(code) <= 15:
        reason = f"not a USCC: a {len(code)}-digit old registration number (注册号), a USCC has 18 characters"
        return UsccCheck(code, as_printed, False, reason)
    if len(code) != 18:
        return UsccCheck(code, as_printed, False, f"not a USCC: {len(code)} characters, a USCC has 18")
    region = code[2:8] if code[2:8].isdigit() else None
    if is_placeholder(code):
        return UsccCheck(code, as_printed, False, PLACEHOLDER)
    bad = [(i, c) for i, c in enumerate(code, start=1) if c not in ALPHABET]
    if bad:
        position, char = bad[0]
        reason = f"character {char!r} at position {position} is not used in a USCC"
        lookalike = code.translate(_LOOKALIKES)
        suggestion = lookalike if _checks_out(lookalike) else None
        return UsccCheck(code, as_printed, False, reason, region, suggestion)
    problems = []
    if folded != code:
        lower = "".join(c for c in folded if c.islower())
        problems.append(f"lower-case {lower!r}: USCC letters are upper-case")
    expected = expected_check_character(code)
    if code[17] != expected:
        problems.append(f"check character is {code[17]!r}, expected {expected!r}")
    if not problems:
        return UsccCheck(code, as_printed, True, "", region)
    return UsccCheck(code, as_printed, False, "; ".join(problems), region, code[:17] + expected)


def _checks_out(code: str) -> bool:
    if len(code) != 18 or any(c not in ALPHABET for c in code) or is_placeholder(code):
        return False
    return code[17] == expected_check_character(code)


def is_valid(text: str) -> bool:
    """True when the printed code, full-width folded, is a USCC with a correct check character."""
    return check(text).valid


def clean(text: str | None) -> str | None:
    """The valid code (folded), or None for anything else: wrong, lower-case, a placeholder, empty."""
    if not text:
        return None
    result = check(text)
    return result.code if result.valid else None


def find_all(text: str) -> list[str]:
    """Every valid USCC in free text, each once, in order; a run of 18 inside a longer alphanumeric run is not one."""
    folded = unicodedata.normalize("NFKC", text)
    found = (m.group(0) for m in _CANDIDATE.finditer(folded))
    return list(dict.fromkeys(code for code in found if is_valid(code)))


class InvalidUscc(NormalizeError):
    """Raised by ``require_valid`` when a code given as input cannot be checked: a wrong check character, a
    placeholder, the wrong length. Extras say why and how to correct it (``reason``, ``suggestion``,
    ``expected_check_character``)."""

    title = "Invalid unified social credit code"


@dataclass(frozen=True)
class UsccInput:
    """A code typed or pasted by a user, read: ``code`` is the canonical form, ``normalized_from`` the text as
    given when it differed (full-width, spaces, dashes, lower case), else None."""

    code: str
    normalized_from: str | None = None


def read_input(text: str) -> UsccCheck:
    """Check a code given as input: full-width, spaces, dashes and lower case fold to the canonical code, so
    ``914308216620xlua6m`` reads as ``914308216620XLUA6M``. (A code printed in a notice is held to its printed
    form with ``check``.)"""
    result = check(fold(text).upper())
    return UsccCheck(result.code, text, result.valid, result.reason, result.region_code, result.suggestion)


def require_valid(text: str) -> UsccInput:
    """The canonical code of a USCC given as input, saying what it was normalised from; raises ``InvalidUscc``
    (HTTP 400) naming the fix when it cannot be checked."""
    result = read_input(text)
    if result.valid:
        return UsccInput(result.code, text if text != result.code else None)
    expected = None
    if len(result.code) == 18:
        try:
            expected = expected_check_character(result.code[:17])
        except ValueError:
            expected = None
    detail = f"「{text}」不是有效的统一社会信用代码：{problem_text(result.reason)}"
    if result.suggestion:
        detail += f"；是否应为 {result.suggestion}？"
    elif expected is not None and result.reason != PLACEHOLDER:
        detail += f"；按前 17 位，校验码应为「{expected}」"
    raise InvalidUscc(
        detail,
        uscc=text,
        reason=result.reason,
        expected_check_character=expected,
        suggestion=result.suggestion,
    )


_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^empty$"), "代码为空"),
    (re.compile(r"^placeholder$"), "这是占位代码（如 00000000000000000X），不是真实的代码"),
    (re.compile(r"a (\d+)-digit old registration number"), "这是 {0} 位的旧工商注册号，统一社会信用代码为 18 位"),
    (re.compile(r"not a USCC: (\d+) characters"), "长度为 {0} 位，统一社会信用代码为 18 位"),
    (re.compile(r"character '(.)' at position (\d+) is not used"), "第 {1} 位的「{0}」不会出现在统一社会信用代码中"),
    (re.compile(r"lower-case '([^']*)'"), "含小写字母「{0}」，代码中的字母均为大写"),
    (re.compile(r"check character is '(.)', expected '(.)'"), "校验码为「{0}」，按前 17 位应为「{1}」"),
]


def problem_text(reason: str) -> str:
    """A ``check`` reason in Chinese, for messages shown to readers (the reason itself stays machine-readable
    English in the CLI's and the API's ``reason`` field)."""
    parts = []
    for part in reason.split("; "):
        for pattern, text in _PROBLEMS:
            found = pattern.search(part)
            if found:
                parts.append(text.format(*found.groups()))
                break
        else:
            parts.append(part)
    return "；".join(parts)
