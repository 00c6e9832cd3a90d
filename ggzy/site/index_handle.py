"""Resources the app opens once from a setting and keeps for its life: the index (``get_index``) and, through
``app_resource``, any other store a feature keeps (the alert subscriptions)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app

from ggzy.index import Index, open_index

_OPENING = threading.Lock()
T = TypeVar("T")


def app_resource(name: str, setting: str, opener: Callable[[str], T], app: Flask | None = None) -> T:
    """The app's resource ``name``, opened with ``opener`` from the URL in ``setting`` on first use, and opened
    again when the setting changes (tests point one app at several files)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config[setting]
    held: Any = app.extensions.get(name)
    if held is None or held[0] != url:
        with _OPENING:
            held = app.extensions.get(name)
            if held is None or held[0] != url:
                held = app.extensions[name] = (url, opener(url))
    resource: T = held[1]
    return resource


def get_index() -> Index:
    """The app's index, opened from the ``INDEX`` setting on first use and kept for the app's life.

    Engines keep one connection per thread (and reconnect after a fork), so requests reuse a warm connection:
    a SQLite connection opened per request starts with a cold page cache, several times slower to search.
    """
    return app_resource("ggzy_index", "INDEX", open_index)
