"""The ``ggzy`` command. Each package contributes its commands from a ``commands`` module."""

from __future__ import annotations

import importlib
import logging

import click

#: Modules whose ``commands`` list is added to the ``ggzy`` group, in the order ``--help`` shows them.
COMMAND_MODULES = [
    "ggzy.demo.commands",
    "ggzy.opendata.commands",
    "ggzy.normalize.commands",
    "ggzy.index.commands",
    "ggzy.harvesters.extract.commands",
    "ggzy.harvesters.commands",
    "ggzy.site.api_commands",
    "ggzy.site.commands",
    "ggzy.alerts.commands",
    "ggzy.site.corrections",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
@click.version_option(package_name="ggzy")
def main(verbose: bool) -> None:
    """ggzy: open data and credit information from China's public resource trading centres."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


for _module in COMMAND_MODULES:
    for _command in importlib.import_module(_module).commands:
        main.add_command(_command)
