"""纠错 / 异议: a reader reports an error in a notice or a company's record; the report is kept for review.

``/report?notice=<id>`` or ``/report?entity=<uscc>`` shows the form; ``POST /report`` stores the report (with
the notice id or code it is about) in the ``CORRECTIONS_STORE`` SQLite file and answers with its number.
``ggzy corrections list`` shows what is waiting for review.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Response, current_app, request

from ggzy.errors import InvalidInput, NotFound
from ggzy.site.index_handle import get_index

bp = Blueprint("corrections", __name__)
#: What a report can be about, as the form offers it.
REASONS = {
    "fact": "内容与原文不符（金额、日期、名称等）",
    "party": "当事人信息有误（名称或统一社会信用代码）",
    "repaired": "已整改或完成信用修复，应停止公示",
    "other": "其他问题或异议",
}
SCHEMA = """CREATE TABLE IF NOT EXISTS report (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,            -- notice | entity
    subject_id TEXT NOT NULL,         -- the notice id or the USCC
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    contact TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
)"""
MAX_MESSAGE = 5000
_LOCK = threading.Lock()


class InvalidReport(InvalidInput):
    """Raised when a report form is incomplete; the message says in Chinese what to fill in."""


def _connect(url: str) -> sqlite3.Connection:
    if not url.startswith("sqlite:///"):
        raise InvalidInput(f"GGZY_CORRECTIONS_STORE must be a sqlite:/// URL, not {url!r}")
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    conn.execute(SCHEMA)
    return conn


def save_report(url: str, subject: str, subject_id: str, reason: str, message: str, contact: str) -> int:
    """Store one report; its number."""
    with _LOCK, _connect(url) as conn:
        cursor = conn.execute(
            "INSERT INTO report (subject, subject_id, reason, message, contact, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (subject, subject_id, reason, message, contact, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        number = int(cursor.lastrowid or 0)
    conn.close()
    return number


def reports(url: str) -> list[dict[str, Any]]:
    conn = _connect(url)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM report ORDER BY id")]
    finally:
        conn.close()


def _subject(args: Any) -> tuple[str, str, str]:
    """``(subject, id, title)`` of what the report is about; 404 for a notice or code that is not shown."""
    from ggzy.normalize.dates import china_today
    from ggzy.normalize.uscc import check

    notice_id = (args.get("notice") or "").strip()
    if notice_id:
        notice = get_index().get(notice_id)
        if notice is None or not notice.is_public(china_today()):
            raise NotFound("没有这条公告，无法纠错。")
        return "notice", notice.id, notice.title
    code = (args.get("entity") or "").strip().upper()
    result = check(code)
    if code and result.valid:
        return "entity", result.code, f"统一社会信用代码 {result.code} 的信用记录"
    raise InvalidReport("请从公告页或公司页上的“纠错 / 异议”链接进入，说明要纠正的是哪条记录。")


def _render(status: int = 200, **context: Any) -> tuple[str | Response, int]:
    from ggzy.site.web import render_page

    return render_page("report.html", status=status, reasons=REASONS, **context)


@bp.get("/report")
def form() -> tuple[str | Response, int]:
    subject, subject_id, title = _subject(request.args)
    return _render(
        subject=subject,
        subject_id=subject_id,
        title=title,
        form={},
        error=None,
        number=None,
        twin=lambda: {"subject": subject, "subject_id": subject_id, "title": title, "reasons": REASONS},
    )


@bp.post("/report")
def submit() -> tuple[str | Response, int]:
    subject, subject_id, title = _subject(request.form)
    reason = request.form.get("reason", "")
    message = (request.form.get("message") or "").strip()
    contact = (request.form.get("contact") or "").strip()
    error = None
    if reason not in REASONS:
        error = "请选择问题类型。"
    elif len(message) < 5:
        error = "请写明哪里有误、正确的内容是什么（至少 5 个字），最好附上依据。"
    elif len(message) > MAX_MESSAGE:
        error = f"说明太长了：请控制在 {MAX_MESSAGE} 字以内。"
    elif not contact:
        error = "请留下联系方式（电话或电子邮箱），以便核实后回复您。"
    if error:
        context = {"subject": subject, "subject_id": subject_id, "title": title, "form": request.form}
        return _render(400, **context, error=error, number=None)
    number = save_report(current_app.config["CORRECTIONS_STORE"], subject, subject_id, reason, message, contact[:200])
    return _render(201, subject=subject, subject_id=subject_id, title=title, form={}, error=None, number=number)


@click.group("corrections")
def corrections_group() -> None:
    """Reports of errors (纠错/异议) readers sent about notices and company records."""


@corrections_group.command("list")
def list_command() -> None:
    """Print every stored report as one JSON object per line."""
    from ggzy.settings import defaults_from_environment

    for report in reports(defaults_from_environment()["CORRECTIONS_STORE"]):
        click.echo(json.dumps(report, ensure_ascii=False))


commands = [corrections_group]
