"""One local HTTP server serving every demo centre under its own path prefix.

``start_demo_centres(port=0, faults=False, seed=1)`` builds the world for the port it got, serves it from a
background thread on 127.0.0.1 and returns a ``DemoCentres``; ``stop()`` (or leaving its ``with`` block)
shuts it down. ``/`` lists the centres; ``/centres.json`` gives ``demo_sources(base_url)``; ``/robots.txt`` allows
everything but ``/admin/``.

Example::

    with start_demo_centres(faults=True, today=date(2026, 3, 17)) as demo:
        registry_rows = demo_sources(demo.base_url)
        ...  # harvest, then compare with demo.world.notices
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from flask import Flask, Response
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ggzy.demo import DemoError
from ggzy.demo.centres import CENTRES, demo_sources
from ggzy.demo.faults import FaultMiddleware, Faults
from ggzy.demo.generator import World, build_world
from ggzy.demo.sites import blueprint_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentreInfo:
    """Where one demo centre is served and what it is."""

    id: str
    name: str
    family: str
    region_code: str | None
    base_url: str


class _QuietHandler(WSGIRequestHandler):
    """Request logs at debug level: a harvest makes thousands of requests."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("demo request=%r status=%s", self.requestline, code)


def create_demo_app(world: World, faults: Faults | None = None) -> Flask:
    """The WSGI app of every demo centre for ``world`` (faults wrap it as middleware)."""
    app = Flask("ggzy.demo")
    faults = faults or Faults()
    app.extensions["ggzy_demo_faults"] = faults
    for centre in CENTRES:
        app.register_blueprint(blueprint_for(centre, world), url_prefix=f"/{centre.prefix}")

    @app.route("/")
    def index() -> Response:
        rows = "".join(
            f'<li><a href="/{c.prefix}/">{escape(c.name)}</a> <code>{c.id}</code> {c.family}</li>' for c in CENTRES
        )
        html = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>演示交易中心</title></head>'
        html += f"<body><h1>演示交易中心</h1><ul>{rows}</ul></body></html>"
        return Response(html, content_type="text/html; charset=utf-8")

    @app.route("/robots.txt")
    def robots() -> Response:
        return Response("User-agent: *\nDisallow: /admin/\n", content_type="text/plain; charset=utf-8")

    @app.route("/centres.json")
    def centres() -> Response:
        body = json.dumps(demo_sources(world.base_url), ensure_ascii=False, indent=1)
        return Response(body, content_type="application/json; charset=utf-8")

    app.wsgi_app = FaultMiddleware(app.wsgi_app, faults)  # type: ignore[method-assign]
    return app


@dataclass
class DemoCentres:
    """Running demo centres: ``base_url`` of the server, ``centres`` by id, the ``world`` they publish."""

    base_url: str
    centres: dict[str, CentreInfo]
    world: World
    faults: Faults
    _server: BaseWSGIServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def sources(self) -> list[dict[str, Any]]:
        """The registry rows of these centres (``demo_sources(base_url)``)."""
        return demo_sources(self.base_url)

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    def __enter__(self) -> DemoCentres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_demo_centres(
    port: int = 0,
    faults: bool = False,
    seed: int = 1,
    today: date | None = None,
    projects: int = 60,
    slow_seconds: float = 11.0,
    host: str = "127.0.0.1",
) -> DemoCentres:
    """Serve every demo centre on ``host:port`` (0: a free port) from a background thread.

    ``faults`` turns on the seeded fault plan (``ggzy.demo.faults``); ``slow_seconds`` is how long a slow
    answer waits — make it longer than the harvester's download timeout.
    """
    try:
        server = make_server(host, port, _placeholder, threaded=True, request_handler=_QuietHandler)
    except OSError as error:
        raise DemoError(f"cannot serve the demo centres on {host}:{port}: {error}") from error
    base_url = f"http://{host}:{server.server_port}"
    world = build_world(seed=seed, projects=projects, today=today, base_url=base_url)
    plan = Faults(enabled=faults, seed=seed, slow_seconds=slow_seconds)
    server.app = create_demo_app(world, plan)
    thread = threading.Thread(target=server.serve_forever, name=f"ggzy-demo-{server.server_port}", daemon=True)
    thread.start()
    centres = {c.id: CentreInfo(c.id, c.name, c.family, c.region_code, c.base_url(base_url)) for c in CENTRES}
    logger.info("demo centres serving url=%s centres=%d faults=%s", base_url, len(centres), faults)
    return DemoCentres(base_url, centres, world, plan, server, thread)


def _placeholder(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]
