"""The flag commands: ``ggzy flags refresh`` recomputes every flag over the index, ``ggzy flags status`` shows
the stored catalogue version and how many notices each flag could be computed for (its coverage).

Both open the index named by ``GGZY_INDEX``. A harvest, ``ggzy reparse`` and ``ggzy import`` update the flags
themselves (``compute.update``: only what their changes reach, and on a new day what the penalties that entered
or left public view reach); ``refresh`` recomputes everything, for a changed catalogue or an update that failed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from ggzy.errors import GgzyError
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.compute import refresh, refresh_if_stale
from ggzy.flags.model import FlagState
from ggzy.index import Index, open_index


def status_json(index: Index, today: date | None = None) -> dict[str, Any]:
    """The ``ggzy flags status --json`` document: stored and catalogue versions, whether they agree, and the
    count of results per state of every catalogue flag (zero where none are stored)."""
    catalogue = load_catalogue()
    stored = index.flags_version()
    coverage = index.flag_coverage(today)
    flags = {
        flag_id: {
            "name": spec.name_zh,
            **{state.value: coverage.get(flag_id, {}).get(state.value, 0) for state in STORED_STATES},
        }
        for flag_id, spec in catalogue.flags.items()
    }
    return {
        "stored_version": stored,
        "catalogue_version": catalogue.version,
        "current": stored == catalogue.version,
        "flags": flags,
    }


#: The states a stored result can be in (not-applicable results are never stored).
STORED_STATES = (FlagState.TRIGGERED, FlagState.NOT_TRIGGERED, FlagState.INSUFFICIENT)


@click.group("flags")
def flags_group() -> None:
    """Integrity flags of the index named by GGZY_INDEX (the catalogue is ggzy/flags/catalogue.toml)."""


@flags_group.command("refresh")
@click.option("--if-stale", is_flag=True, help="Only when the stored flags come from another catalogue version.")
def refresh_command(if_stale: bool) -> None:
    """Recompute every flag over every notice and replace the stored results."""
    try:
        with open_index() as index:
            done = refresh_if_stale(index) if if_stale else refresh(index)
    except GgzyError as error:
        raise click.ClickException(str(error)) from error
    if done is None:
        click.echo(f"风险标志已是目录 {load_catalogue().version} 版的结果，无需重算")
        return
    states = "，".join(f"{FlagState(state).label} {count}" for state, count in done.by_state.items())
    click.echo(
        f"已按目录 {done.version} 版重算 {done.notices} 条公告的风险标志：共 {done.stored} 条结果（{states or '无'}）"
    )


@flags_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_command(as_json: bool) -> None:
    """Show the stored catalogue version and, for each flag, how many notices it was computed for by state."""
    try:
        with open_index() as index:
            document = status_json(index)
    except GgzyError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    stored = document["stored_version"] or "（尚未计算）"
    note = "" if document["current"] else "，与目录不一致：请运行 ggzy flags refresh"
    click.echo(f"已存结果的目录版本：{stored}；当前目录：{document['catalogue_version']}{note}")
    labels = [state.label for state in STORED_STATES]
    click.echo(f"{'标志':<28}" + "".join(f"{label:>8}" for label in labels))
    for flag_id, counts in document["flags"].items():
        click.echo(f"{flag_id:<28}" + "".join(f"{counts[state.value]:>10}" for state in STORED_STATES))


#: The commands this package adds to ``ggzy``.
commands: list[click.Command] = [flags_group]
