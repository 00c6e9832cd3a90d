"""``/opendata/``: the list of bulk files, the files themselves, a CSV of any search, and per-company files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, send_from_directory

from ggzy.errors import NotFound
from ggzy.index.profile import own_amount
from ggzy.index.query import SearchQuery
from ggzy.model import Notice
from ggzy.normalize.uscc import require_valid
from ggzy.opendata.exports import STATE_FILE, load_state
from ggzy.opendata.rows import NOTICE_COLUMNS, cell_text, header, notice_row
from ggzy.public import public_dict
from ggzy.site.index_handle import get_index
from ggzy.site.web import render_page

bp = Blueprint("opendata", __name__, url_prefix="/opendata")

#: The per-company CSV's extra column: what the company won itself, beside the notice's amount.
COMPANY_AMOUNT_TITLE = "本企业中标金额（元）"
#: The most rows a search download streams; the full files hold everything.
SEARCH_CSV_LIMIT = 100_000
_FOLDER_FILES = {STATE_FILE, "datapackage.json", "SHA256SUMS"}
#: How the page groups the files: a title and the path prefixes it covers, the last one catching the rest.
FILE_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("全量文件与企业、处罚汇总", ("notices-all", "entities", "penalties")),
    ("风险标志（计算方法见 /methodology）", ("flags",)),
    ("按公告类型", ("kinds/",)),
    ("按发布月份", ("notices/",)),
    ("OCDS 开放合同数据（按月）", ("ocds/",)),
    ("其他", ("",)),
]


def _export_dir() -> Path:
    return Path(current_app.config["EXPORT_DIR"]).resolve()


@bp.get("/")
def index() -> tuple[str | Response, int]:
    state = load_state(_export_dir())
    files = sorted(state.get("files", {}).values(), key=lambda f: f["path"])
    groups: dict[str, list[dict[str, Any]]] = {title: [] for title, _ in FILE_GROUPS}
    for info in files:
        title = next(title for title, prefixes in FILE_GROUPS if info["path"].startswith(prefixes))
        groups[title].append(info)
    file_groups = [(title, group) for title, group in groups.items() if group]
    return render_page("opendata.html", state=state, files=files, file_groups=file_groups, twin=lambda: state)


@bp.app_template_filter("filesize")
def filesize(size: int) -> str:
    """``17.1 KB``, ``2.3 MB``: a file's size for people."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


@bp.get("/search.csv")
def search_csv() -> Response:
    query = SearchQuery.from_params(request.args)
    index = get_index()
    notices = index.scan(query)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header(NOTICE_COLUMNS))
        yield "\ufeff" + buffer.getvalue()
        for count, notice in enumerate(notices):
            if count >= SEARCH_CSV_LIMIT:
                break
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(notice_row(notice))
            yield buffer.getvalue()

    response = Response(lines(), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=ggzy-search.csv"
    return response


def _entity_notices(uscc: str) -> tuple[dict[str, Any], list[Notice]]:
    given = require_valid(uscc)
    index = get_index()
    profile = index.entity(given.code)
    if profile is None:
        raise NotFound(f"no public records name {given.code}")
    notices = list(index.scan(SearchQuery(uscc=(given.code,))))
    summary = {
        "uscc": profile.uscc,
        "normalized_from": given.normalized_from,
        "names": profile.names,
        "region_code": profile.region_code,
        "counts_by_kind": profile.counts_by_kind,
        "awards_won": profile.awards_won,
        "awards_total": str(profile.awards_total),
        "awards": [
            {
                "notice_id": a.notice_id,
                "project": a.project,
                "published": cell_text(a.published),
                "amount": str(a.amount),
            }
            for a in profile.awards
        ],
        "active_penalties": len(profile.active_penalties),
        "first_seen": profile.first_seen.isoformat() if profile.first_seen else None,
        "last_seen": profile.last_seen.isoformat() if profile.last_seen else None,
    }
    return summary, notices


@bp.get("/entities/<uscc>.json")
def entity_json(uscc: str) -> Response:
    summary, notices = _entity_notices(uscc)
    body = json.dumps({"entity": summary, "notices": [public_dict(n) for n in notices]}, ensure_ascii=False)
    return Response(body, mimetype="application/json")


@bp.get("/entities/<uscc>.csv")
def entity_csv(uscc: str) -> Response:
    """The company's notices; 本企业中标金额 is what it won itself (its own lots), beside the notice's 中标金额."""
    summary, notices = _entity_notices(uscc)
    code = summary["uscc"]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*header(NOTICE_COLUMNS), COMPANY_AMOUNT_TITLE])
    for notice in notices:
        writer.writerow([*notice_row(notice), cell_text(own_amount(notice, code))])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={code}.csv"
    return response


@bp.get("/<path:path>")
def download(path: str) -> Response:
    """An exported file, only if the last export wrote it."""
    root = _export_dir()
    state = load_state(root)
    if path not in state.get("files", {}) and path not in _FOLDER_FILES:
        abort(404, description=f"no open-data file {path}; see /opendata/ for the list")
    mimetype = None
    if path.endswith(".gz"):
        mimetype = "application/gzip"
    elif path == "SHA256SUMS":
        mimetype = "text/plain"
    return send_from_directory(root, path, mimetype=mimetype, max_age=300)
