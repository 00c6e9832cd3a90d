"""The harvest commands: ``ggzy harvest``, ``ggzy reparse``, ``ggzy sources`` (and ``ggzy sources status``)
and ``ggzy import-state``."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ggzy.centres import RegistryError, check_registry, demo_registry, load_registry
from ggzy.harvesters import HarvestError
from ggzy.harvesters.report import HarvestReport
from ggzy.harvesters.runner import HarvestOptions, harvest, reparse

#: The headings every centre spider's docstring has, in this order.
DOCSTRING_HEADINGS = ("Domain", "Caveats", "Spider arguments")


def check_spiders(spiders: dict[str, type]) -> list[str]:
    """Problems with the spiders themselves: name = file name = snake_case of the class, docstring headings."""
    from ggzy.harvesters.spiders import snake_case

    problems = []
    for name, cls in sorted(spiders.items()):
        module = cls.__module__.rsplit(".", 1)[-1]
        if name != snake_case(cls.__name__) or name != module:
            problems.append(f"{name}: name, file ({module}.py) and class ({cls.__name__}) must agree")
        lines = [line.strip() for line in (inspect.getdoc(cls) or "").splitlines()]
        found = [h for h in DOCSTRING_HEADINGS if h in lines]
        if found != list(DOCSTRING_HEADINGS) or [lines.index(h) for h in found] != sorted(
            lines.index(h) for h in found
        ):
            problems.append(f"{name}: docstring needs the headings {', '.join(DOCSTRING_HEADINGS)} in order")
        if not getattr(cls, "family", ""):
            problems.append(f"{name}: no family")
    return problems


def run_harvest(action: Callable[[HarvestOptions], HarvestReport], options: HarvestOptions) -> HarvestReport:
    """Run a harvest or reparse; an expected failure (unknown centre, no archive …) is a one-line error."""
    try:
        return action(options)
    except (HarvestError, RegistryError) as error:
        raise click.ClickException(str(error)) from error


def _print_report(report: HarvestReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.table())


@click.command("harvest")
@click.option("--centre", "centres", multiple=True, help="Harvest only this centre id (repeatable).")
@click.option("--from-date", help="Only notices published on or after this date (YYYY-MM-DD).")
@click.option("--until-date", help="Only notices published on or before this date (YYYY-MM-DD).")
@click.option("--sample", type=int, help="At most this many notices per centre.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False), help="Centre registry.")
@click.option("--demo-url", help="Harvest the demo centres served at this URL instead of the registry.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def harvest_command(
    centres: tuple[str, ...],
    from_date: str | None,
    until_date: str | None,
    sample: int | None,
    registry_path: str | None,
    demo_url: str | None,
    as_json: bool,
) -> None:
    """Harvest the trading centres into the index (GGZY_INDEX), archiving every page fetched."""
    options = HarvestOptions(
        centres=list(centres),
        from_date=from_date,
        until_date=until_date,
        sample=sample,
        registry_path=registry_path,
        demo_url=demo_url,
        profile="demo" if demo_url else "default",
    )
    report = run_harvest(harvest, options)
    _print_report(report, as_json)
    stopped = [c.centre for c in report.centres if c.finish_reason == "index_unavailable"]
    if stopped:
        raise click.ClickException(
            f"索引不可用，以下来源的采集已中止：{'、'.join(stopped)}。已提交的公告不会丢失；索引恢复后再次运行 "
            "ggzy harvest 即从中断处继续。"
        )


@click.command("reparse")
@click.argument("crawl", required=False)
@click.option("--centre", "centres", multiple=True, help="Rebuild only this centre's notices.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def reparse_command(crawl: str | None, centres: tuple[str, ...], as_json: bool) -> None:
    """Rebuild the notices of an archived crawl (default: the newest) without fetching anything."""
    options = HarvestOptions(centres=list(centres), replay=crawl or "")
    _print_report(run_harvest(reparse, options), as_json)


@click.group("sources", invoke_without_command=True)
@click.option("--check", is_flag=True, help="Check the registry and every spider; exit 1 on any problem.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False), help="Centre registry.")
@click.option("--json", "as_json", is_flag=True, help="Print the provincial platforms as JSON, one object each.")
@click.pass_context
def sources_command(ctx: click.Context, check: bool, registry_path: str | None, as_json: bool) -> None:
    """List every centre with its spider, then every provincial platform with its coverage status; with
    --check, check names, docstrings, the registry and the platform list."""
    if ctx.invoked_subcommand is not None:
        return
    from ggzy.harvesters.spiders import spider_classes
    from ggzy.platforms import check_platforms, load_platforms

    spiders = spider_classes()
    platforms = load_platforms()
    if as_json:
        click.echo(json.dumps([p.to_json() for p in platforms], ensure_ascii=False, indent=2))
        return
    registries = {"registry": load_registry(registry_path), "demo": demo_registry("http://127.0.0.1:8001")}
    for label, registry in registries.items():
        for source in registry:
            click.echo(f"{label:<8} {source.id:<20} {source.family:<11} {source.spider:<20} {source.name}")
    used = {s.spider for r in registries.values() for s in r}
    for name in sorted(set(spiders) - used):
        click.echo(f"{'unused':<8} {'-':<20} {getattr(spiders[name], 'family', ''):<11} {name}")
    click.echo(f"{len(platforms)} provincial platforms (from bid-collect-skill's notes, MIT):")
    for platform in platforms:
        click.echo(
            f"platform {platform.id:<13} {platform.family:<13} {platform.status:<10} {platform.spider or '-':<21}"
            f" {platform.domain:<24} {platform.name}"
        )
    if not check:
        return
    problems = check_spiders(spiders)
    problems.extend(check_platforms(platforms, spiders))
    for registry in registries.values():
        problems.extend(check_registry(registry, spiders))
    problems.extend(f"{name}: spider used by no centre" for name in sorted(set(spiders) - used))
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo(f"{len(spiders)} spiders, {sum(len(r) for r in registries.values())} centres, {len(problems)} problems")
    if problems:
        sys.exit(1)


@sources_command.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False), help="Centre registry.")
def sources_status_command(as_json: bool, registry_path: str | None) -> None:
    """Per source: last successful crawl, newest notice, notices committed vs announced, error rate, and the
    national platform's copies; a source past GGZY_SOURCE_FAILING_ERROR_PERCENT is marked failing."""
    from ggzy.harvesters.health import source_health, status_table
    from ggzy.index import open_index
    from ggzy.settings import defaults_from_environment

    settings = defaults_from_environment()
    centres = [s.id for s in load_registry(registry_path) if not s.demo]
    with open_index(settings["INDEX"]) as index:
        health = source_health(index, centres, index.stats(), failing_percent=settings["SOURCE_FAILING_ERROR_PERCENT"])
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in health], ensure_ascii=False, indent=2))
    else:
        click.echo(status_table(health))


@click.command("import-state")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def import_state_command(folder: str | None) -> None:
    """Import the harvest state files of earlier versions (default: <GGZY_DATA_DIR>/state) into the index
    (GGZY_INDEX), once: each file imported is renamed *.json.imported."""
    from ggzy.harvesters.runner import data_dir
    from ggzy.harvesters.state import import_state_files
    from ggzy.index import open_index

    source = Path(folder) if folder else data_dir() / "state"
    if not source.is_dir():
        raise click.ClickException(f"没有找到采集状态文件夹 {source}")
    try:
        with open_index() as index:
            imported = import_state_files(source, index)
    except HarvestError as error:
        raise click.ClickException(str(error)) from error
    for centre, count in imported.items():
        click.echo(f"{centre}: {count} 条已提交记录")
    click.echo(f"导入了 {len(imported)} 个来源的采集状态")


commands: list[click.Command] = [harvest_command, reparse_command, sources_command, import_state_command]
