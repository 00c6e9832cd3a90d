"""The web application: pages, feeds, the API, the open-data files and the CKAN-style catalogue.

``create_app(config=None)`` applies defaults, then ``GGZY_…`` environment variables, then ``config``; each
feature is a blueprint listed in ``BLUEPRINTS`` and each shared resource attaches with ``init_app(app)``.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from flask import Flask

from ggzy.index import Index, open_index
from ggzy.site.settings import defaults_from_environment

#: ``module:attribute`` of every blueprint, registered in this order.
BLUEPRINTS: list[str] = [
    "ggzy.opendata.views:bp",
    "ggzy.site.catalog:bp",
    "ggzy.site.web:bp",
    "ggzy.site.pages:bp",
    "ggzy.feeds.views:feeds",
    "ggzy.site.api:api",
    "ggzy.alerts.views:bp",
    "ggzy.site.corrections:bp",
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(defaults_from_environment())
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    from ggzy.site import problems

    problems.init_app(app)
    for target in BLUEPRINTS:
        module_name, _, attribute = target.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))
    return app


_OPENING = threading.Lock()


def get_index() -> Index:
    """The app's index, opened from the ``INDEX`` setting on first use and kept for the app's life.

    Engines keep one connection per thread (and reconnect after a fork), so requests reuse a warm connection:
    a SQLite connection opened per request starts with a cold page cache, several times slower to search.
    """
    from flask import current_app

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
