"""The API's errors, each with its HTTP status; ``problems.handle`` turns any of them into problem+json.

An invalid USCC raises ``ggzy.normalize.uscc.InvalidUscc`` (400): the problem carries ``reason``,
``expected_check_character`` and ``suggestion`` as extras, so a client can correct the code.
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


class UnknownApiKey(ApiError):
    """Raised when a request presents an API key that is not in the key file."""

    http_status = 401
    title = "Unknown API key"


class NoticeNotFound(ApiError):
    """Raised for a notice id that is unknown, or a penalty past its 公示截止期 (withdrawn from public view)."""

    http_status = 404
    title = "Notice not found"
