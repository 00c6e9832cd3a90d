"""The API's commands: ``ggzy api-key new NAME`` issues a key for a higher rate limit."""

from __future__ import annotations

import click

from ggzy.settings import SETTINGS
from ggzy.site.ratelimit import new_key


def _default_keys_file() -> str:
    return str(next(s for s in SETTINGS if s.name == "API_KEYS_FILE").from_environment())


@click.group("api-key")
def api_key() -> None:
    """API keys: each raises its holder's rate limit to RATELIMIT_KEYED."""


@api_key.command("new")
@click.argument("name")
@click.option(
    "--file",
    "keys_file",
    default=_default_keys_file,
    show_default="GGZY_API_KEYS_FILE",
    help="The key file the site reads (API_KEYS_FILE).",
)
def new(name: str, keys_file: str) -> None:
    """Print a new key for NAME and append its SHA-256 hash to the key file (the key itself is not stored)."""
    if not keys_file:
        raise click.UsageError("no key file: set GGZY_API_KEYS_FILE or pass --file")
    if not name.strip():
        raise click.UsageError("NAME must say who the key is for")
    key = new_key(keys_file, name)
    click.echo(key)
    click.echo(f"hash appended to {keys_file}; give the key to {name}, it cannot be shown again", err=True)


commands: list[click.Command] = [api_key]
