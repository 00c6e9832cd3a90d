"""Notices from the JSON the platforms' APIs answer with, and from a saved file of any kind.

Recognised JSON shapes: the national platform's list record (``title``, ``informationType``,
``transactionSourcesPlatformText`` …) and its whole list response (``data.records``); Hunan's ``noticeList``
item (``noticeName``, ``noticeContent`` …) and its whole response (``data.noticeList``); a plain object with
``title`` and one of ``content``/``html``/``body``/``text``; and a list of any of these.

One mapping per source shape: :func:`national_record_fields` and :func:`hunan_record_fields` say what a record
states about its notice (title, date, stated kind, category, region, extra fields), and both ``ggzy extract``
and the spiders of those platforms build their notices from them, so a record reads the same either way.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.html import decode_page, lighten, parse_page
from ggzy.harvesters.extract.lots import party_from_value
from ggzy.harvesters.extract.notice import build_notice, looks_like_html, notice_from_page
from ggzy.model import Category, Kind, Notice
from ggzy.normalize import dates, kinds, regions

NATIONAL_CENTRE = "ggzy-gov-cn"
NATIONAL_BASE_URL = "https://www.ggzy.gov.cn"
HUNAN_CENTRE = "hunan-hnsggzy"
HUNAN_REGION = "430000"
_JSON_OPENING = re.compile(r"^(?:\{\s*(?:\"|\})|\[\s*(?:[\[{\"\]\d-]|true|false|null))")
_BODY_KEYS = ("content", "html", "body", "text", "bodyContent", "noticeContent")


def notices_from_bytes(
    body: bytes, *, source: str, centre: str | None = None, content_type: str | None = None
) -> list[Notice]:
    """The notice (or, for a JSON list, the notices) a saved file or fetched page holds."""
    text = decode_page(body, content_type)
    stripped = text.lstrip()
    if not stripped:
        raise ExtractError(f"{source} is empty")
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            # A plain-text notice may open with its title's bracketed place (``[武宁县]…``): only text that
            # reads as JSON's own opening is broken JSON.
            if _JSON_OPENING.match(stripped) and not looks_like_html(stripped):
                raise ExtractError(f"{source} is not valid JSON: {error}") from error
        else:
            return notices_from_json(data, centre=centre)
    key = source if source.startswith(("http://", "https://")) else None
    url = key or ""
    if looks_like_html(text):
        markup = lighten(text)
        page = parse_page(markup, light=True)
        return [notice_from_page(page, markup, centre=centre or "page", source_url=url, source_id=key or source)]
    lines = [line for line in text.splitlines() if line.strip()]
    title, rest = lines[0].strip(), "\n".join(lines[1:])
    return [
        build_notice(centre=centre or "page", source_id=key or source, source_url=url, title=title, html_or_text=rest)
    ]


def notices_from_json(data: Any, *, centre: str | None = None) -> list[Notice]:
    """Every notice a JSON document holds, in its order."""
    if isinstance(data, list):
        return [notice for item in data for notice in notices_from_json(item, centre=centre)]
    if not isinstance(data, dict):
        raise ExtractError("JSON holds neither an object nor a list of objects")
    inner = data.get("data")
    if isinstance(inner, dict) and isinstance(inner.get("records"), list):
        return notices_from_json(inner["records"], centre=centre)
    if isinstance(inner, dict) and isinstance(inner.get("noticeList"), list):
        return notices_from_json(inner["noticeList"], centre=centre)
    if "noticeName" in data:
        return [hunan_notice(data, centre=centre or HUNAN_CENTRE)]
    if "title" in data and ("informationType" in data or "transactionSourcesPlatformText" in data):
        return [national_record_notice(data, centre=centre or NATIONAL_CENTRE)]
    if "title" in data and any(isinstance(data.get(k), str) for k in _BODY_KEYS):
        body = next(data[k] for k in _BODY_KEYS if isinstance(data.get(k), str))
        key = str(data.get("id") or data.get("url") or data["title"])
        return [
            build_notice(
                centre=centre or str(data.get("centre") or "page"),
                source_id=key,
                source_url=str(data.get("url") or data.get("source_url") or ""),
                title=str(data["title"]),
                html_or_text=body,
                published=data.get("published") or data.get("publishTime"),
            )
        ]
    raise ExtractError(f"unknown JSON shape (keys: {', '.join(sorted(map(str, data))[:12])})")


def national_record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """What one record of the national platform's list API states about its notice, as the keyword arguments
    of :func:`build_notice` (``title``, ``published``, ``kind``, ``category``, ``region_code``,
    ``extra_fields``). The one mapping of this shape: ``ggzy extract`` and the ``ggzy_gov_cn`` spider use it."""
    platform = str(record.get("transactionSourcesPlatformText") or "")
    province = str(record.get("province") or "") or None
    region = regions.find_region(platform) or province
    if province and region and not regions.in_region(region, province):
        region = province
    information_type = record.get("informationType") or record.get("informationTypeText")
    stated = kinds.kind_from_information_type(information_type) if information_type else None
    extra = {"project_code": record.get("tenderProjectCode") or None, "source_centre": platform or None}
    return {
        "title": str(record.get("title") or ""),
        "published": dates.parse_date(record.get("publishTime")),
        "kind": stated if stated is not Kind.OTHER else None,
        "category": kinds.category_from_business_type(record.get("businessTypeText") or record.get("businessType")),
        "region_code": region,
        "extra_fields": {k: v for k, v in extra.items() if v},
    }


def national_record_notice(record: dict[str, Any], *, centre: str = NATIONAL_CENTRE) -> Notice:
    """A notice from one record of the national platform's list API (its body, when the record carries one)."""
    url = urljoin(NATIONAL_BASE_URL, str(record.get("url") or ""))
    return build_notice(
        centre=centre,
        source_id=str(record.get("id") or url),
        source_url=url,
        html_or_text=str(record.get("bodyContent") or ""),
        **national_record_fields(record),
    )


def hunan_record_fields(item: dict[str, Any]) -> dict[str, Any]:
    """What one ``noticeList`` item of Hunan's trade API states about its notice, as the keyword arguments of
    :func:`build_notice`; the body is its ``noticeContent``. The one mapping of this shape: ``ggzy extract``
    and the ``hunan_hnsggzy`` spider use it. The trade API lists 工程建设 notices; ``bulletinDuty`` is the
    agency that published the notice."""
    stated = kinds.kind_from_information_type(item.get("bulletinType")) if item.get("bulletinType") else None
    deadline = item.get("bidDocReferEndTime") or item.get("bidOpeningTimeStart") or item.get("bidOpenTime")
    extra: dict[str, Any] = {}
    if deadline and dates.parse_datetime(deadline):
        extra["deadline"] = dates.parse_datetime(deadline)
    return {
        "title": str(item.get("noticeName") or ""),
        "published": dates.parse_date(item.get("noticeSendTime")),
        "kind": stated if stated is not None and stated is not Kind.OTHER else None,
        "category": Category.ENGINEERING,
        "region_code": HUNAN_REGION,
        "extra_fields": extra,
    }


def hunan_notice(item: dict[str, Any], *, centre: str = HUNAN_CENTRE, source_url: str = "") -> Notice:
    """A notice from one ``noticeList`` item of Hunan's trade API (the body is its ``noticeContent``)."""
    notice = build_notice(
        centre=centre,
        source_id=str(item.get("id") or item.get("noticeName") or ""),
        source_url=source_url,
        html_or_text=str(item.get("noticeContent") or ""),
        **hunan_record_fields(item),
    )
    return with_publishing_agency(notice, item)


def with_publishing_agency(notice: Notice, item: dict[str, Any]) -> Notice:
    """``notice`` with Hunan's ``bulletinDuty`` as its agency where the body names none."""
    if notice.agency is None and item.get("bulletinDuty"):
        notice.agency = party_from_value(str(item["bulletinDuty"]), "agency", stated=True)
    return notice
