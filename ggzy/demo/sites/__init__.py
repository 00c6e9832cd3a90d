"""The demo sites, one module per family; each builds a Flask blueprint for one centre of a world.

Shared habits of every family: lists are newest first; JSON ``url`` fields are relative to the centre's base
URL (as the real APIs' are relative to their site root); links inside HTML pages are either relative or
root-absolute including the centre's path prefix, so ``response.urljoin(href)`` always resolves them.
Detail pages carry ``Last-Modified`` (their publication time) and an ``ETag``; conditional requests get 304.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from flask import Blueprint, Response, request

from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import World

T = TypeVar("T")

#: Beijing time: the centres print and stamp local times.
CST = timezone(timedelta(hours=8))


def page_of(items: Sequence[T], page: int, size: int) -> tuple[list[T], int]:
    """The items of 1-based ``page`` and the number of pages (at least 1)."""
    pages = max(1, math.ceil(len(items) / size))
    start = (max(page, 1) - 1) * size
    return list(items[start : start + size]), pages


def list_page(items: Sequence[T], page: int, size: int, centre: str) -> tuple[list[T], int]:
    """Like ``page_of``; with faults on, a page after the first repeats the previous page's last row, as
    lists do when a notice is published while someone pages through them."""
    from ggzy.demo.faults import current_faults

    rows, pages = page_of(items, page, size)
    if page > 1 and rows and current_faults().duplicate_rows(centre):
        previous, _ = page_of(items, page - 1, size)
        rows.insert(0, previous[-1])
    return rows, pages


def int_arg(value: object, default: int) -> int:
    """A positive integer request argument, ``default`` when missing or malformed."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def respond(body: bytes | str, content_type: str, modified: datetime | None = None) -> Response:
    """A response with exactly ``content_type`` (no charset added), ``Last-Modified`` and ``ETag``,
    answered 304 to a matching ``If-None-Match`` / ``If-Modified-Since``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = Response(data, status=200)
    response.headers["Content-Type"] = content_type
    if modified is not None:
        response.last_modified = modified.replace(tzinfo=CST) if modified.tzinfo is None else modified
    response.add_etag()
    response.make_conditional(request)
    return response


def blueprint_for(centre: DemoCentre, world: World) -> Blueprint:
    """The blueprint serving ``centre`` (mounted under ``/{centre.prefix}``)."""
    from ggzy.demo.sites import ccgp, ckan, classic, credit, epoint, national, national_history, provincial_json, rss

    modules = {
        "epoint": epoint,
        "ccgp": ccgp,
        "national_history": national_history,
        "national": national,
        "provincial_json": provincial_json,
        "classic": classic,
        "credit": credit,
        "ckan": ckan,
        "rss": rss,
    }
    return modules[centre.family].blueprint(centre, world)
