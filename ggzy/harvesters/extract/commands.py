"""``ggzy extract``: read one saved notice (or a page by URL) and print what extraction finds."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import click

from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.records import notices_from_bytes
from ggzy.model import Notice, content_hash_of

#: Invalid input exits with this status, as click does for a usage error.
EXIT_INVALID = 2
_FETCH_TIMEOUT = 30
_USER_AGENT = "ggzy-extract/0.1"


def _read(path_or_url: str) -> tuple[bytes, str | None]:
    if path_or_url.startswith(("http://", "https://")):
        request = urllib.request.Request(path_or_url, headers={"User-Agent": _USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type")
        except urllib.error.HTTPError as error:
            error.close()
            raise ExtractError(f"cannot fetch {path_or_url}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ExtractError(f"cannot fetch {path_or_url}: {error}") from error
    if "://" in path_or_url:
        raise ExtractError(f"only http and https URLs can be fetched: {path_or_url}")
    path = Path(path_or_url)
    if not path.is_file():
        raise ExtractError(f"no such file: {path_or_url}")
    return path.read_bytes(), None


def _summary(notice: Notice) -> str:
    rows = [
        ("标题", notice.title),
        ("类型", f"{notice.kind.label} ({notice.kind.value})"),
        ("行业", f"{notice.category.label} ({notice.category.value})"),
        ("项目编号", notice.project_code),
        ("标段（包）编号", notice.lot_code),
        ("项目名称", notice.project_name),
        ("采购人/招标人", notice.buyer.name if notice.buyer else None),
        ("代理机构", notice.agency.name if notice.agency else None),
        ("中标人", "；".join(f"{w.name}{f' [{w.lot}]' if w.lot else ''}" for w in notice.winners) or None),
        ("金额（元）", notice.amount),
        ("预算（元）", notice.budget),
        ("截止时间", notice.deadline),
        ("发布日期", notice.published),
        ("地区", notice.region_code),
    ]
    return "\n".join(f"{label}: {value}" for label, value in rows if value not in (None, ""))


@click.command("extract")
@click.argument("path_or_url")
@click.option("--centre", default=None, help="Centre id the notice belongs to (default: by its shape, else 'page').")
@click.option("--json", "as_json", is_flag=True, help="Print each notice as one JSON object per line.")
@click.pass_context
def extract_command(ctx: click.Context, path_or_url: str, centre: str | None, as_json: bool) -> None:
    """Extract the notice in PATH_OR_URL: a saved HTML page, a JSON record (or list), or plain text.

    Plain text's first non-empty line is the title. A JSON file holding a list gives one notice per line.
    """
    try:
        body, content_type = _read(path_or_url)
        notices = notices_from_bytes(body, source=path_or_url, centre=centre, content_type=content_type)
    except ExtractError as error:
        click.echo(f"Error: {error}", err=True)
        ctx.exit(EXIT_INVALID)
    for notice in notices:
        if as_json:
            data = notice.to_dict()
            data["content_hash"] = data["content_hash"] or content_hash_of(data)
            click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
        else:
            click.echo(_summary(notice) + "\n")


commands: list[click.Command] = [extract_command]
