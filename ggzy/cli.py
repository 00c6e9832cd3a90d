"""The ``ggzy`` command: every package's commands, and ``ggzy demo``, which composes them.

Each package declares its commands in a ``commands`` list; they are added here in the order ``--help`` shows
them. ``ggzy demo`` is the one command that spans packages (demo centres → harvest → export → serve), so it
lives here and not in any of them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from ggzy.alerts import commands as alert_commands
from ggzy.demo import commands as demo_commands
from ggzy.demo.server import start_demo_centres
from ggzy.flags import commands as flag_commands
from ggzy.flags.compute import refresh_if_stale
from ggzy.harvesters import commands as harvest_commands
from ggzy.harvesters.commands import run_harvest
from ggzy.harvesters.extract import commands as extract_commands
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.index import commands as index_commands
from ggzy.index import open_index
from ggzy.normalize import commands as normalize_commands
from ggzy.opendata import commands as opendata_commands
from ggzy.opendata.exports import Exporter
from ggzy.settings import defaults_from_environment
from ggzy.site import api_commands, corrections, create_app
from ggzy.site import commands as site_commands
from ggzy.site.commands import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
@click.version_option(package_name="ggzy")
def main(verbose: bool) -> None:
    """ggzy: open data and credit information from China's public resource trading centres."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the portal listens on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port the portal listens on.")
@click.option(
    "--centres-port",
    default=None,
    type=int,
    help="Port of the demo centres (default: the portal's port + 1), kept so source links stay the same.",
)
@click.option("--no-serve", is_flag=True, help="Harvest the demo centres and export open data, then exit.")
@click.option("--faults", is_flag=True, help="Let the demo centres answer 429s, 5xx and cut-off bodies.")
def demo_command(host: str, port: int, centres_port: int | None, no_serve: bool, faults: bool) -> None:
    """Start the demo centres, harvest all of them into the index (GGZY_INDEX) and compute its integrity flags,
    write the open-data files, then serve the portal (the demo centres keep answering, so every notice's source
    link works)."""
    centres = start_demo_centres(port=port + 1 if centres_port is None else centres_port, faults=faults)
    try:
        click.echo(f"demo centres at {centres.base_url}")
        # In a subprocess: Scrapy's reactor would otherwise keep its signal handlers and Ctrl-C would not stop
        # the portal served afterwards.
        click.echo("harvesting every demo centre …")
        report = run_harvest(harvest_in_subprocess, HarvestOptions(demo_url=centres.base_url, profile="demo"))
        click.echo(report.table())
        settings = defaults_from_environment()
        if "GGZY_SITE_URL" not in os.environ:
            settings["SITE_URL"] = f"http://{host}:{port}"
        with open_index(settings["INDEX"]) as index:
            # The harvest refreshed the flags if it stored anything; an index kept from an older catalogue is
            # recomputed here.
            refresh_if_stale(index)
            export = Exporter(index, Path(settings["EXPORT_DIR"]), site_url=settings["SITE_URL"]).run()
        click.echo(f"open data in {settings['EXPORT_DIR']}: {len(export.written)} files written")
        if no_serve:
            return
        click.echo(f"serving the portal at {settings['SITE_URL']}/")
        serve(create_app(settings), host, port)
    finally:
        centres.stop()


for _commands in (
    demo_commands.commands,
    opendata_commands.commands,
    normalize_commands.commands,
    index_commands.commands,
    flag_commands.commands,
    extract_commands.commands,
    harvest_commands.commands,
    [demo_command],
    api_commands.commands,
    site_commands.commands,
    alert_commands.commands,
    corrections.commands,
):
    for _command in _commands:
        main.add_command(_command)
