"""The app's index handle: opened from the ``INDEX`` setting on first use and kept for the app's life."""

from __future__ import annotations

import threading

from flask import current_app

from ggzy.index import Index, open_index

_OPENING = threading.Lock()


def get_index() -> Index:
    """The app's index, opened from the ``INDEX`` setting on first use and kept for the app's life.

    Engines keep one connection per thread (and reconnect after a fork), so requests reuse a warm connection:
    a SQLite connection opened per request starts with a cold page cache, several times slower to search.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config["INDEX"]
    held = app.extensions.get("ggzy_index")
    if held is None or held[0] != url:
        with _OPENING:
            held = app.extensions.get("ggzy_index")
            if held is None or held[0] != url:
                held = app.extensions["ggzy_index"] = (url, open_index(url))
    index: Index = held[1]
    return index
