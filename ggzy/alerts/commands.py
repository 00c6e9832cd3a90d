"""``ggzy alerts run``: send the saved searches' new matches that are due (run it from cron, or let ``ggzy serve
--alerts-every`` run it)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

import click

log = logging.getLogger(__name__)


@click.group("alerts")
def alerts_group() -> None:
    """Saved searches pushed by e-mail and webhook."""


def run_once(config: Mapping[str, Any]) -> str:
    """One run with the site's settings (``config`` over the defaults); the report as one line."""
    from ggzy.alerts.postman import Postman
    from ggzy.alerts.runner import run
    from ggzy.alerts.store import AlertStore
    from ggzy.index import open_index
    from ggzy.settings import SETTINGS

    config = {**{setting.name: setting.default for setting in SETTINGS}, **config}
    index = open_index(config["INDEX"])
    store = AlertStore(config["ALERTS_STORE"])
    try:
        report = run(
            index, store, Postman.from_config(config), config["SITE_URL"], digest_hour=int(config["ALERTS_DIGEST_HOUR"])
        )
    finally:
        store.close()
        index.close()
    return f"changed={report.changed} queued={report.queued} sent={report.sent} failed={report.failed}"


@alerts_group.command("run")
def run_command() -> None:
    """Find new matches of every confirmed subscription and send what is due."""
    from ggzy.settings import defaults_from_environment

    click.echo(run_once(defaults_from_environment()))


def schedule(config: Mapping[str, Any], every: float, stop: threading.Event) -> threading.Thread:
    """Run alerts every ``every`` seconds in a daemon thread until ``stop`` is set; a failed run is logged."""

    def loop() -> None:
        while not stop.wait(every):
            try:
                log.info("alerts %s", run_once(config))
            except Exception:  # a scheduled run must not end the server; the next run tries again
                log.exception("alerts run failed")

    thread = threading.Thread(target=loop, name="ggzy-alerts", daemon=True)
    thread.start()
    return thread


commands = [alerts_group]
