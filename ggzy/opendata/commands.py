"""``ggzy export``, ``ggzy import`` (which then recomputes the integrity flags) and ``ggzy publish-ckan``."""

from __future__ import annotations

from pathlib import Path

import click

from ggzy.flags.compute import update
from ggzy.index import open_index
from ggzy.opendata.ckan import PublishError, datasets, publish
from ggzy.opendata.exports import Exporter, load_state
from ggzy.opendata.imports import import_files
from ggzy.settings import defaults_from_environment


@click.command("export")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the open-data files (default: GGZY_EXPORT_DIR or data/opendata).",
)
@click.option("--force", is_flag=True, help="Export even when nothing changed since the last export.")
def export_command(out: Path | None, force: bool) -> None:
    """Write the bulk open-data files (CSV, JSON Lines, OCDS, datapackage.json) from GGZY_INDEX."""
    settings = defaults_from_environment()
    out = out or Path(settings["EXPORT_DIR"])
    with open_index() as index:
        total = index.stats().total
        with click.progressbar(length=total, label="exporting notices", file=click.get_text_stream("stderr")) as bar:
            done = 0

            def progress(count: int) -> None:
                nonlocal done
                bar.update(count - done)
                done = count

            exporter = Exporter(
                index,
                out,
                site_url=settings["SITE_URL"],
                ocid_prefix=settings["OCID_PREFIX"],
                progress=progress,
            )
            report = exporter.run(force=force)
    if report.skipped:
        click.echo(f"{out}: nothing changed since the last export")
        return
    click.echo(
        f"{out}: {report.notices} notices, {len(report.written)} files written, "
        f"{len(report.kept)} unchanged, {report.seconds:.1f} s"
    )


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(files: tuple[Path, ...]) -> None:
    """Load notices from bulk JSON Lines files (.jsonl or .jsonl.gz, as `ggzy export` writes them) into
    GGZY_INDEX. Importing the same file again changes nothing; a bad line is reported and the rest load."""
    total = sum(path.stat().st_size for path in files)
    with open_index() as index:
        with click.progressbar(length=total, label="导入公告", file=click.get_text_stream("stderr")) as bar:
            report = import_files(index, list(files), progress=bar.update)
        stored = report.stored
        if stored.inserted or stored.updated:
            done = update(index)
            click.echo(f"已重算风险标志：{done.stored} 条结果", err=True)
    for bad in report.bad:
        click.echo(str(bad), err=True)
    click.echo(
        f"读取 {report.read} 条公告：新增 {stored.inserted}，更新 {stored.updated}，未变 {stored.unchanged}"
        + (f"；{len(report.bad)} 行无法读取" if report.bad else "")
    )
    if report.bad:
        raise SystemExit(1)


@click.command("publish-ckan")
@click.argument("url")
@click.option("--api-key", required=True, envvar="GGZY_CKAN_API_KEY", help="The CKAN API token.")
@click.option("--organization", default=None, help="The CKAN organisation that owns the datasets.")
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The export folder whose files are described (default: GGZY_EXPORT_DIR).",
)
def publish_ckan_command(url: str, api_key: str, organization: str | None, export_dir: Path | None) -> None:
    """Create or update the open-data datasets on the CKAN instance at URL."""
    settings = defaults_from_environment()
    state = load_state(export_dir or Path(settings["EXPORT_DIR"]))
    packages = datasets(state, settings["SITE_URL"].rstrip("/"))
    if not packages:
        raise click.ClickException("no exported files to publish: run `ggzy export` first")
    try:
        done = publish(url, api_key, packages, organization=organization)
    except PublishError as error:
        raise click.ClickException(str(error)) from error
    for name, action in done:
        click.echo(f"{name}: {action}")


commands = [export_command, import_command, publish_ckan_command]
