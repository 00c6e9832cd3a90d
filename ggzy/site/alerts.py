"""The subscription pages: save a search (``/alerts/new`` with the search's parameters), confirm it from the
mail's link, and unsubscribe without logging in (a page with a button, or the one-click POST of RFC 8058)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, request

from ggzy.alerts import InvalidSubscription
from ggzy.alerts.messages import CHANNEL_LABELS, FREQUENCY_LABELS, confirmation_mail, describe
from ggzy.alerts.postman import Postman
from ggzy.alerts.runner import next_digest, start_watching
from ggzy.alerts.store import AlertStore, now_iso
from ggzy.index.query import SearchQuery
from ggzy.site.index_handle import app_resource, get_index

bp = Blueprint("alerts", __name__)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def get_store(app: Flask | None = None) -> AlertStore:
    """The app's subscription store, opened from ``ALERTS_STORE`` on first use."""
    return app_resource("ggzy_alerts", "ALERTS_STORE", AlertStore, app)


def _render(template: str, status: int = 200, **context: Any) -> tuple[str | Response, int]:
    from ggzy.site.web import render_page

    return render_page(template, status=status, **context)


def search_params(args: Any) -> dict[str, str]:
    """The saved search: the parameters ``SearchQuery`` reads, checked and written back in their one form."""
    return SearchQuery.from_params(args).to_params()


@bp.get("/alerts/new")
def new() -> tuple[str | Response, int]:
    params = search_params(request.args)
    return _render(
        "alerts_new.html",
        params=params,
        description=describe(params),
        form={},
        error=None,
        frequencies=FREQUENCY_LABELS,
        channels=CHANNEL_LABELS,
        twin=lambda: {
            "search": params,
            "description": describe(params),
            "frequencies": FREQUENCY_LABELS,
            "channels": CHANNEL_LABELS,
        },
    )


@bp.post("/alerts")
def create() -> tuple[str | Response, int]:
    params = {k: v for k, v in search_params(request.form).items()}
    form = request.form
    try:
        email, channel, frequency, webhook_url = _read_form(form)
    except InvalidSubscription as error:
        return _render(
            "alerts_new.html",
            400,
            params=params,
            description=describe(params),
            form=form,
            error=str(error),
            frequencies=FREQUENCY_LABELS,
            channels=CHANNEL_LABELS,
        )
    store = get_store()
    subscription = store.create(
        email=email, params=params, channel=channel, frequency=frequency, webhook_url=webhook_url
    )
    postman = Postman.from_config(current_app.config)
    postman.send_mail(confirmation_mail(subscription, current_app.config["SITE_URL"], postman.sender))
    return _render("alerts_done.html", 202, step="sent", subscription=subscription, description=describe(params))


def _read_form(form: Any) -> tuple[str, str, str, str | None]:
    email = (form.get("email") or "").strip()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise InvalidSubscription("请填写有效的电子邮箱地址（如 name@example.com），确认邮件会发到这里。")
    channel = form.get("channel") or "email"
    if channel not in CHANNEL_LABELS:
        raise InvalidSubscription("请选择发送方式：电子邮件或 Webhook。")
    frequency = form.get("frequency") or "immediate"
    if frequency not in FREQUENCY_LABELS:
        raise InvalidSubscription("请选择发送频率：立即发送或每日摘要。")
    webhook_url = None
    if channel == "webhook":
        webhook_url = (form.get("webhook_url") or "").strip()
        parts = urlsplit(webhook_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidSubscription("Webhook 地址应以 http:// 或 https:// 开头，例如企业微信或钉钉机器人的地址。")
    return email, channel, frequency, webhook_url


@bp.get("/alerts/confirm/<token>")
def confirm(token: str) -> tuple[str | Response, int]:
    store = get_store()
    start_watching(get_index(), store)
    due = now_iso(next_digest(_now(), int(current_app.config["ALERTS_DIGEST_HOUR"])))
    subscription = store.confirm(token, due)
    return _render(
        "alerts_done.html",
        step=subscription.status,
        subscription=subscription,
        description=describe(subscription.search_params),
    )


@bp.get("/alerts/unsubscribe/<token>")
def unsubscribe_page(token: str) -> tuple[str | Response, int]:
    subscription = get_store().by_token(token)
    return _render(
        "alerts_done.html",
        step="unsubscribe",
        subscription=subscription,
        description=describe(subscription.search_params),
    )


@bp.post("/alerts/unsubscribe/<token>")
def unsubscribe(token: str) -> tuple[str | Response, int]:
    subscription = get_store().unsubscribe(token)
    return _render(
        "alerts_done.html",
        step="unsubscribed",
        subscription=subscription,
        description=describe(subscription.search_params),
    )


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)
