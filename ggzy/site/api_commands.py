"""The API's commands: ``ggzy api-key new NAME`` issues a key for a higher rate limit; ``ggzy receipt …`` verifies
signed credit-check receipts and rotates the signing key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ggzy.receipts import KeyStore, ReceiptError, keys_from_jwks, verify
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


def _default_data_dir() -> str:
    return str(next(s for s in SETTINGS if s.name == "DATA_DIR").from_environment())


@click.group("receipt")
def receipt() -> None:
    """Signed credit-check receipts (Ed25519): verify one, list or rotate the signing keys."""


_DATA_DIR = click.option(
    "--data-dir", default=_default_data_dir, show_default="GGZY_DATA_DIR", help="The folder holding the keys."
)


@receipt.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--keys", "keys_file", type=click.Path(exists=True, dir_okay=False), help="A JWK set saved from /api/v1/keys."
)
@_DATA_DIR
def verify_command(file: str, keys_file: str | None, data_dir: str) -> None:
    """Check a saved receipt (the "receipt" object of a credit check, as JSON) offline.

    The public keys come from --keys (a JWK set saved from /api/v1/keys) or else from the data folder. Exits 0
    and names the key when the receipt verifies; exits 1 and says why when any byte of its content changed.
    """
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        keys = keys_from_jwks(json.loads(Path(keys_file).read_text(encoding="utf-8"))) if keys_file else None
        if keys is None:
            keys = KeyStore(data_dir).public_keys()
        kid = verify(data, keys)
    except (ReceiptError, json.JSONDecodeError, UnicodeDecodeError) as error:
        click.echo(f"NOT VERIFIED: {error}", err=True)
        sys.exit(1)
    click.echo(f"verified: signed by key {kid} at {data.get('issued_at')}")


@receipt.command("rotate-key")
@_DATA_DIR
def rotate_key(data_dir: str) -> None:
    """Make a new signing key current; receipts signed by the old keys still verify by their key id."""
    click.echo(KeyStore(data_dir).rotate())


@receipt.command("keys")
@_DATA_DIR
def keys_command(data_dir: str) -> None:
    """Print the public keys as a JWK set (what /api/v1/keys serves)."""
    click.echo(json.dumps(KeyStore(data_dir).jwks(), ensure_ascii=False, indent=2))


commands: list[click.Command] = [api_key, receipt]
