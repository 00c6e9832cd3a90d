"""The web application: pages, feeds, the API, the open-data files and the CKAN-style catalogue.

``create_app(config=None)`` applies defaults, then ``GGZY_…`` environment variables, then ``config``; each
feature is a blueprint registered here, and each shared resource attaches with ``init_app(app)``, as the Flask
tutorial's application factory does.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from ggzy.settings import defaults_from_environment


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(defaults_from_environment())
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from ggzy.site import (
        alerts,
        api,
        api_entities,
        api_flags,
        api_meta,
        api_notices,
        buyers,
        catalog,
        corrections,
        feeds,
        filters,
        methodology,
        opendata,
        pages,
        problems,
        web,
    )

    problems.init_app(app)
    filters.init_app(app)
    web.init_app(app)
    api.init_app(app)
    app.register_blueprint(opendata.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(methodology.bp)
    app.register_blueprint(buyers.bp)
    app.register_blueprint(feeds.feeds)
    api.register(app, api_notices, api_entities, api_flags, api_meta)
    app.register_blueprint(alerts.bp)
    app.register_blueprint(corrections.bp)
    return app
