"""``ggzy serve``: the website, feeds, API and open data from one waitress process.

``serve(app, host, port)`` is what ``ggzy demo`` calls after its harvest; at national scale the same app runs
under gunicorn behind a proxy instead (``ggzy.site:create_app()``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import click
import waitress
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser

log = logging.getLogger(__name__)

#: waitress's default is 4 worker threads; pages wait on the index more than on the CPU, so allow a few more.
THREADS = 8


class _RawUtf8Parser(HTTPRequestParser):
    """Percent-encodes bytes above ASCII in the request line before waitress reads it.

    curl and scripts send ``?q=工程`` as raw UTF-8; waitress answers that with a plain-text 400 ("Bad URI", from
    ``urllib.parse.urlsplit`` refusing non-ASCII bytes). Encoding them first gives the application the same
    request a browser would have sent.
    """

    def parse_header(self, header_plus: bytes) -> None:
        line, newline, rest = header_plus.partition(b"\n")
        line = re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m.group()[0], line)
        super().parse_header(line + newline + rest)


class _Channel(HTTPChannel):
    parser_class = _RawUtf8Parser


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, *, threads: int = THREADS) -> Any:
    """A waitress server of ``app`` on ``host:port`` that also reads raw UTF-8 request lines; ``run()`` serves."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="ggzy")
    server.channel_class = _Channel
    return server


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, *, threads: int = THREADS) -> None:
    """Serve ``app`` on ``host:port`` with waitress until interrupted."""
    log.info("serving url=http://%s:%s index=%s threads=%s", host, port, app.config["INDEX"], threads)
    make_server(app, host, port, threads=threads).run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256), help="Worker threads.")
@click.option(
    "--alerts-every",
    type=click.FloatRange(0),
    default=None,
    help="Also send due alerts every this many seconds (default: GGZY_ALERTS_INTERVAL; 0: never).",
)
def serve_command(host: str, port: int, threads: int, alerts_every: float | None) -> None:
    """Serve the website, feeds, API and open data (index from GGZY_INDEX)."""
    import threading

    from ggzy.alerts.commands import schedule
    from ggzy.site import create_app

    app = create_app()
    every = float(app.config["ALERTS_INTERVAL"]) if alerts_every is None else alerts_every
    stop = threading.Event()
    if every > 0:
        schedule(dict(app.config), every, stop)
    try:
        serve(app, host, port, threads=threads)
    finally:
        stop.set()


commands = [serve_command]
