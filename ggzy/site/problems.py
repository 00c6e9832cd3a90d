"""One JSON error shape (RFC 9457 problem+json), built by one function and served by one handler.

Pages (HTML requests) get the same status with a readable page; API, feed and download clients get
``application/problem+json``. Only 5xx answers are logged with a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from ggzy.errors import GgzyError

log = logging.getLogger(__name__)


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    """The one problem+json response: ``type``, ``title``, ``status``, ``detail``, ``instance`` and extras."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": request.path}
    body.update(extra)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")


def wants_html() -> bool:
    path = request.path
    if path.startswith(("/api/v1", "/api/3", "/feeds/", "/opendata/")) and path != "/opendata/":
        return False
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "text/html"


def handle(error: Exception) -> Any:
    if isinstance(error, GgzyError):
        status, title, detail = error.http_status, error.title, str(error)
        extra = getattr(error, "extra", {})
    elif isinstance(error, HTTPException):
        status, title, detail, extra = error.code or 500, error.name, error.description or "", {}
    else:
        status, title, detail, extra = 500, "Internal error", "The server failed to answer this request.", {}
    if status >= 500:
        log.error("request failed path=%s status=%s", request.path, status, exc_info=error)
    # The web blueprint sets app.extensions["html_error_renderer"] to show errors as pages to browsers.
    renderer = current_app.extensions.get("html_error_renderer")
    if renderer is not None and wants_html():
        return renderer(status, title, detail)
    response = problem(status, title, detail, **extra)
    if isinstance(error, HTTPException) and status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(Exception, handle)
