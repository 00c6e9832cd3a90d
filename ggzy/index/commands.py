"""The index commands: ``ggzy search``, ``ggzy stats``, ``ggzy index status`` and ``ggzy index rebuild``.

Every command opens the index named by ``GGZY_INDEX`` (``ggzy.index.open_index``); ``search`` builds its query
with ``SearchQuery.from_params``, so it reads its options exactly as the site and the API read theirs.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from ggzy.errors import GgzyError
from ggzy.index import open_index
from ggzy.index.base import IndexStats
from ggzy.index.query import FACETS, SearchQuery, SearchResult, Sort


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def result_json(result: SearchResult) -> dict[str, Any]:
    """The ``ggzy search --json`` document: total, hits (the fields a list shows), facets and the next cursor."""
    hits = [
        {
            "id": hit.notice.id,
            "title": hit.notice.title,
            "kind": hit.notice.kind.value,
            "category": hit.notice.category.value,
            "centre": hit.notice.centre,
            "published": _plain(hit.notice.published),
            "region_code": hit.notice.region_code,
            "amount": _plain(hit.notice.amount),
            "highlights": hit.highlights,
        }
        for hit in result.hits
    ]
    facets = {name: dict(pairs) for name, pairs in result.facets.items()}
    return {"total": result.total, "hits": hits, "facets": facets, "next_cursor": result.next_cursor}


def stats_json(stats: IndexStats) -> dict[str, Any]:
    """The ``ggzy stats --json`` document."""
    return {
        "total": stats.total,
        "by_centre": stats.by_centre,
        "by_kind": stats.by_kind,
        "by_category": stats.by_category,
        "by_month": stats.by_month,
        "by_province": stats.by_province,
        "freshness": {
            centre: {"newest": _plain(f.newest), "harvested_at": _plain(f.harvested_at)}
            for centre, f in stats.freshness.items()
        },
    }


def _echo_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.command("search")
@click.argument("words", required=False, default="")
@click.option("--kind", multiple=True, help="tender, correction, candidates, award, contract, penalty … (repeatable)")
@click.option("--category", multiple=True, help="engineering, procurement, land, mining, property, other")
@click.option("--region", help="GB/T 2260 code prefix: 33 is Zhejiang, 3301 Hangzhou.")
@click.option("--centre", multiple=True, help="Centre id (repeatable).")
@click.option("--uscc", multiple=True, help="Unified social credit code of any party (repeatable).")
@click.option("--project-code", help="项目编号 exactly as printed.")
@click.option("--from", "published_from", help="Published on or after YYYY-MM-DD.")
@click.option("--to", "published_to", help="Published on or before YYYY-MM-DD.")
@click.option("--amount-min", help="Amount at least this many yuan.")
@click.option("--amount-max", help="Amount at most this many yuan.")
@click.option("--flag", multiple=True, help="Only notices with this integrity flag triggered (repeatable).")
@click.option("--sort", type=click.Choice([s.value for s in Sort]), default=Sort.RELEVANCE.value, show_default=True)
@click.option("--size", default="20", show_default=True, help="Hits per page, 1 to 200.")
@click.option("--cursor", help="The next_cursor of the previous page.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def search_command(words: str, as_json: bool, **options: Any) -> None:
    """Search the notices in the index for WORDS ("quoted phrases" stay whole).

    Two-character Chinese words such as 工程 match inside longer words. --json prints total, hits (id, title,
    kind, category, centre, published, region_code, amount, highlights), facets (kind, category, province,
    centre, year, flag) and next_cursor, which --cursor takes to fetch the next page.
    """
    names = {"published_from": "from", "published_to": "to"}
    params: dict[str, Any] = {"q": words}
    for name, value in options.items():
        if value not in (None, ()):
            params[names.get(name, name)] = list(value) if isinstance(value, tuple) else value
    try:
        query = replace(SearchQuery.from_params(params), facets=FACETS)
        with open_index() as index:
            result = index.search(query)
    except GgzyError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _echo_json(result_json(result))
        return
    click.echo(f"{result.total} notices")
    for hit in result.hits:
        published = _plain(hit.notice.published) or "----------"
        click.echo(f"{published}  {hit.notice.kind.value:<11}  {hit.notice.title}  [{hit.notice.id}]")
    if result.next_cursor:
        click.echo(f"next page: --cursor {result.next_cursor}")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(as_json: bool) -> None:
    """Count the public notices per centre, kind, category and month, and show each centre's freshness."""
    try:
        with open_index() as index:
            document = stats_json(index.stats())
    except GgzyError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _echo_json(document)
        return
    click.echo(f"total: {document['total']}")
    for name in ("by_centre", "by_kind", "by_category", "by_month"):
        counts = ", ".join(f"{key} {value}" for key, value in document[name].items())
        click.echo(f"{name.removeprefix('by_')}: {counts or '-'}")
    for centre, fresh in document["freshness"].items():
        click.echo(f"freshness {centre}: newest {fresh['newest']}, harvested {fresh['harvested_at']}")


@click.group("index")
def index_group() -> None:
    """Look after the index named by GGZY_INDEX (default sqlite:///data/ggzy.db)."""


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_command(as_json: bool) -> None:
    """Show the engine, its URL, how many notices it stores and its size in bytes."""
    try:
        with open_index() as index:
            status = index.status()
    except GgzyError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _echo_json(status)
        return
    for key, value in status.items():
        click.echo(f"{key}: {value}")


@index_group.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the search structures from the stored notices (SQLite: full-text tables and VACUUM;
    Elasticsearch: a new versioned index, then the alias swap)."""
    try:
        with open_index() as index:
            index.rebuild()
            click.echo(f"rebuilt: {index.count()} notices")
    except GgzyError as error:
        raise click.ClickException(str(error)) from error


#: The commands this package adds to ``ggzy``.
commands: list[click.Command] = [search_command, stats_command, index_group]
