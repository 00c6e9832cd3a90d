"""``ggzy serve``: the website, feeds, API and open data from one waitress process.

``serve(app, host, port)`` is what ``ggzy demo`` calls after its harvest; at national scale the same app runs
under gunicorn behind a proxy instead (``ggzy.site:create_app()``).
"""

from __future__ import annotations

import logging

import click
import waitress
from flask import Flask

log = logging.getLogger(__name__)

#: waitress's default is 4 worker threads; pages wait on the index more than on the CPU, so allow a few more.
THREADS = 8


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, *, threads: int = THREADS) -> None:
    """Serve ``app`` on ``host:port`` with waitress until interrupted."""
    log.info("serving url=http://%s:%s index=%s threads=%s", host, port, app.config["INDEX"], threads)
    waitress.serve(app, host=host, port=port, threads=threads, ident="ggzy")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256), help="Worker threads.")
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the website, feeds, API and open data (index from GGZY_INDEX)."""
    from ggzy.site import create_app

    serve(create_app(), host, port, threads=threads)


commands = [serve_command]
