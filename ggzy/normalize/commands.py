"""The normalization commands: ``ggzy uscc``."""

from __future__ import annotations

import click

commands: list[click.Command] = []
