"""Jinja filters the pages share: amounts in 元/万元/亿元, dates, labels, region names and safe HTML.

Harvested text is untrusted. Two filters turn it into markup, and both clean it again with nh3 first:
``highlight`` keeps only ``<mark>`` (the index's match highlights), ``body_html`` keeps nh3's safe defaults.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import nh3
from flask.sansio.app import App
from markupsafe import Markup

from ggzy.centres import centre_name
from ggzy.index.query import EXACT_TOTAL_LIMIT, SearchResult
from ggzy.model import CATEGORY_LABELS, KIND_LABELS, Category, Kind
from ggzy.normalize import regions
from ggzy.normalize.dates import CHINA_TZ
from ggzy.normalize.money import short_text

YI = Decimal(100_000_000)
WAN = Decimal(10_000)


money = short_text


def yuan(amount: Decimal | None) -> str:
    """The exact amount in yuan with thousands separators: ``1,234,567.89 元``."""
    return "—" if amount is None else f"{amount:,.2f} 元"


def cn_date(value: date | datetime | None) -> str:
    """``2026-03-17``; a datetime also shows its time in China Standard Time (``2026-03-17 09:30``)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(CHINA_TZ)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def countdown(deadline: datetime | None, now: datetime | None = None) -> str:
    """How long until a 投标截止时间, as a reader counts it in China: ``还剩 3 天``, ``今天截止``, ``已截止``."""
    if deadline is None:
        return ""
    now = now or datetime.now(CHINA_TZ)
    local = deadline.astimezone(CHINA_TZ) if deadline.tzinfo else deadline.replace(tzinfo=CHINA_TZ)
    if local <= now:
        return "已截止"
    days = (local.date() - now.astimezone(CHINA_TZ).date()).days
    if days == 0:
        hours = max(1, int((local - now).total_seconds() // 3600))
        return f"今天截止（还剩约 {hours} 小时）"
    return f"距投标截止还剩 {days} 天"


def kind_label(value: str | Kind) -> str:
    try:
        return KIND_LABELS[Kind(value)]
    except ValueError:
        return str(value)


def category_label(value: str | Category) -> str:
    try:
        return CATEGORY_LABELS[Category(value)]
    except ValueError:
        return str(value)


def region_name(code: str | None) -> str:
    """The name of a GB/T 2260 code or prefix (``33`` → 浙江省, ``330102`` → 浙江省杭州市); the code itself when
    unknown; ``—`` for none."""
    if not code:
        return "—"
    return regions.describe(code) or code


def highlight(fragment: str) -> Markup:
    """An index highlight (escaped text with ``<mark>``) as markup; anything but ``<mark>`` is removed."""
    return Markup(nh3.clean(fragment, tags={"mark"}, attributes={}))


def body_html(html: str) -> Markup:
    """A notice body, already sanitized at harvest time, cleaned again before it is trusted."""
    return Markup(nh3.clean(html, link_rel="noopener noreferrer nofollow"))


def match_count(result: SearchResult) -> str:
    """How many notices matched, as a page says it: exact, or past the counting limit "10,000+（约 N）"."""
    if result.total_exact:
        return f"{result.total:,}"
    return f"{EXACT_TOTAL_LIMIT:,}+（约 {result.total:,}）"


FILTERS: dict[str, Any] = {
    "money": money,
    "yuan": yuan,
    "cn_date": cn_date,
    "countdown": countdown,
    "kind_label": kind_label,
    "category_label": category_label,
    "region_name": region_name,
    "region_prefix": regions.region_prefix,
    "centre_name": centre_name,
    "highlight": highlight,
    "body_html": body_html,
    "match_count": match_count,
}


def init_app(app: App) -> None:
    """Register every filter on ``app`` (idempotent: the web and pages blueprints both call it)."""
    app.jinja_env.filters.update(FILTERS)
