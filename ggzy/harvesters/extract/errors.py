"""The extraction package's one exception."""

from __future__ import annotations

from ggzy.errors import InvalidInput


class ExtractError(InvalidInput):
    """Raised when a saved notice cannot be read at all: unreadable file, unknown JSON shape, empty page.

    A page whose fields cannot be found is not an error: its fields stay None.
    """

    title = "Cannot extract the notice"
