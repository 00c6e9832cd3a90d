"""The API's errors, each with its HTTP status; ``problems.handle`` turns any of them into problem+json.

An invalid USCC is answered with 400 and says what was wrong and what was expected: the problem carries
``reason``, ``expected_check_character`` and ``suggestion`` as extras, so a client can correct the code.
"""

from __future__ import annotations

from typing import Any

from ggzy.errors import GgzyError, InvalidInput


class ApiError(GgzyError):
    """Raised when an API or feed request cannot be answered as asked; subclasses carry the status."""

    title = "API error"
    extra: dict[str, Any]

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.extra = extra


class InvalidRequest(ApiError, InvalidInput):
    """Raised when a parameter or body is malformed or too large: a missing name, a list over its limit."""

    http_status = 400
    title = "Invalid request"


class InvalidUscc(InvalidRequest):
    """Raised when a code is not a valid unified social credit code; extras say why and how to correct it."""

    title = "Invalid unified social credit code"


class UnknownApiKey(ApiError):
    """Raised when a request presents an API key that is not in the key file."""

    http_status = 401
    title = "Unknown API key"


class NoticeNotFound(ApiError):
    """Raised for a notice id that is unknown, or a penalty past its 公示截止期 (withdrawn from public view)."""

    http_status = 404
    title = "Notice not found"


def valid_uscc(text: str) -> str:
    """The folded code when ``text`` is a valid USCC; otherwise raise ``InvalidUscc`` naming the fix."""
    from ggzy.normalize.uscc import check, expected_check_character

    result = check(text)
    if result.valid:
        return result.code
    expected = None
    if len(result.code) == 18:
        try:
            expected = expected_check_character(result.code[:17])
        except ValueError:
            expected = None
    detail = f"{text!r} is not a valid unified social credit code: {result.reason}"
    if result.suggestion:
        detail += f"; did you mean {result.suggestion}?"
    elif expected is not None:
        detail += f"; the check character for these 17 characters is {expected!r}"
    raise InvalidUscc(
        detail,
        uscc=text,
        reason=result.reason,
        expected_check_character=expected,
        suggestion=result.suggestion,
    )
