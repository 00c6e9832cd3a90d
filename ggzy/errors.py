"""The root of every exception ggzy raises on purpose.

Each package has one base exception deriving from ``GgzyError``; each exception carries the HTTP status the
site answers with when it escapes a request, so one handler turns any of them into problem+json.
"""

from __future__ import annotations

from typing import Any


class GgzyError(Exception):
    """Raised for any expected failure; never raised directly, only through a subclass."""

    http_status = 500
    title = "Internal error"

    def __init__(self, message: str = "", **extra: Any) -> None:
        super().__init__(message)
        #: Extra members of the problem+json answer, such as the expected check character of a code.
        self.extra: dict[str, Any] = extra


class InvalidInput(GgzyError):
    """Raised when a user's input (a query parameter, a code, a date) cannot be used; says what is wrong."""

    http_status = 400
    title = "Invalid input"


class NotFound(GgzyError):
    """Raised when the thing asked for does not exist."""

    http_status = 404
    title = "Not found"
