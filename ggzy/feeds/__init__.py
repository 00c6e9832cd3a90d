"""RSS and Atom feeds: every search, centre, region, kind, company and watch list as a feed.

``build.py`` turns notices into a feed document with feedgen; ``views.py`` is the ``/feeds/`` blueprint that
parses the request with the search page's own query model and answers conditional GETs.
"""

from __future__ import annotations

from ggzy.errors import InvalidInput


class FeedError(InvalidInput):
    """Raised when a feed cannot be built from the request: an unknown format, an empty or oversized watch
    list, or a code that is not a valid USCC. Answered with 400 and a plain message."""

    title = "Invalid feed request"


__all__ = ["FeedError"]
