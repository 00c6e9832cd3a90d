"""The web application: pages, feeds, the API, the open-data files and the CKAN-style catalogue.

``create_app(config=None)`` applies defaults, then ``GGZY_…`` environment variables, then ``config``; each
feature is a blueprint listed in ``BLUEPRINTS`` and each shared resource attaches with ``init_app(app)``.
"""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask, g

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
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(defaults_from_environment())
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.teardown_appcontext(_close_index)
    from ggzy.site import problems

    problems.init_app(app)
    for target in BLUEPRINTS:
        module_name, _, attribute = target.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))
    return app


def get_index() -> Index:
    """The index for this request, opened from the ``INDEX`` setting on first use."""
    from flask import current_app

    if "index" not in g:
        g.index = open_index(current_app.config["INDEX"])
    return g.index


def _close_index(_exc: BaseException | None) -> None:
    index = g.pop("index", None)
    if index is not None:
        index.close()
