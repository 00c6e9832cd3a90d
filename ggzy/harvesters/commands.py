"""The harvest commands: ``ggzy harvest``, ``ggzy reparse``, ``ggzy sources`` (and ``ggzy sources status``),
``ggzy import-state`` and ``ggzy demo``."""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ggzy.harvesters import HarvestError
from ggzy.harvesters.registry import check_registry, demo_registry, load_registry
from ggzy.harvesters.report import HarvestReport
from ggzy.harvesters.runner import HarvestOptions, harvest, harvest_in_subprocess, reparse

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


def _run(action: Callable[[HarvestOptions], HarvestReport], options: HarvestOptions) -> HarvestReport:
    """Run a harvest or reparse; an expected failure (unknown centre, no archive …) is a one-line error."""
    try:
        return action(options)
    except HarvestError as error:
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
    report = _run(harvest, options)
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
    _print_report(_run(reparse, options), as_json)


@click.group("sources", invoke_without_command=True)
@click.option("--check", is_flag=True, help="Check the registry and every spider; exit 1 on any problem.")
@click.option("--registry", "registry_path", type=click.Path(exists=True, dir_okay=False), help="Centre registry.")
@click.pass_context
def sources_command(ctx: click.Context, check: bool, registry_path: str | None) -> None:
    """List every centre with its spider; with --check, check names, docstrings and the registry."""
    if ctx.invoked_subcommand is not None:
        return
    from ggzy.harvesters.spiders import spider_classes

    spiders = spider_classes()
    registries = {"registry": load_registry(registry_path), "demo": demo_registry("http://127.0.0.1:8001")}
    for label, registry in registries.items():
        for source in registry:
            click.echo(f"{label:<8} {source.id:<20} {source.family:<11} {source.spider:<20} {source.name}")
    used = {s.spider for r in registries.values() for s in r}
    for name in sorted(set(spiders) - used):
        click.echo(f"{'unused':<8} {'-':<20} {getattr(spiders[name], 'family', ''):<11} {name}")
    if not check:
        return
    problems = check_spiders(spiders)
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
    from ggzy.site.settings import defaults_from_environment

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
    """Start the demo centres, harvest all of them into the index (GGZY_INDEX), write the open-data files,
    then serve the portal (the demo centres keep answering, so every notice's source link works)."""
    from ggzy.demo.server import start_demo_centres
    from ggzy.index import open_index
    from ggzy.opendata.exports import Exporter
    from ggzy.site import create_app
    from ggzy.site.settings import defaults_from_environment

    centres = start_demo_centres(port=port + 1 if centres_port is None else centres_port, faults=faults)
    try:
        click.echo(f"demo centres at {centres.base_url}")
        # In a subprocess: Scrapy's reactor would otherwise keep its signal handlers and Ctrl-C would not stop
        # the portal served afterwards.
        click.echo("harvesting every demo centre …")
        report = _run(harvest_in_subprocess, HarvestOptions(demo_url=centres.base_url, profile="demo"))
        click.echo(report.table())
        settings = defaults_from_environment()
        if "GGZY_SITE_URL" not in os.environ:
            settings["SITE_URL"] = f"http://{host}:{port}"
        with open_index(settings["INDEX"]) as index:
            export = Exporter(index, Path(settings["EXPORT_DIR"]), site_url=settings["SITE_URL"]).run()
        click.echo(f"open data in {settings['EXPORT_DIR']}: {len(export.written)} files written")
        if no_serve:
            return
        from ggzy.site.commands import serve

        click.echo(f"serving the portal at {settings['SITE_URL']}/")
        serve(create_app(settings), host, port)
    finally:
        centres.stop()


commands: list[click.Command] = [
    harvest_command,
    reparse_command,
    sources_command,
    import_state_command,
    demo_command,
]
