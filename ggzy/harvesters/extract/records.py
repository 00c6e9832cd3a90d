"""Notices from the JSON the platforms' APIs answer with, and from a saved file of any kind.

Recognised JSON shapes: the national platform's list record (``title``, ``informationType``,
``transactionSourcesPlatformText`` …) and its whole list response (``data.records``); Hunan's ``noticeList``
item (``noticeName``, ``noticeContent`` …) and its whole response (``data.noticeList``); a plain object with
``title`` and one of ``content``/``html``/``body``/``text``; and a list of any of these.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.html import decode_page, lighten, parse_page
from ggzy.harvesters.extract.lots import party_from_value
from ggzy.harvesters.extract.notice import build_notice, looks_like_html, notice_from_page
from ggzy.model import Notice
from ggzy.normalize import dates, kinds, regions

NATIONAL_CENTRE = "ggzy-gov-cn"
NATIONAL_BASE_URL = "https://www.ggzy.gov.cn"
HUNAN_CENTRE = "hunan-hnsggzy"
HUNAN_REGION = "430000"
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
            if stripped[0] == "[" or not looks_like_html(stripped):
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


def national_record_notice(record: dict[str, Any], *, centre: str = NATIONAL_CENTRE) -> Notice:
    """A notice from one record of the national platform's list API (its body, when the record carries one)."""
    url = urljoin(NATIONAL_BASE_URL, str(record.get("url") or ""))
    platform = str(record.get("transactionSourcesPlatformText") or "")
    province = str(record.get("province") or "") or None
    region = regions.find_region(platform) or province
    if province and region and not regions.in_region(region, province):
        region = province
    title = str(record.get("title") or "")
    information_type = record.get("informationType") or record.get("informationTypeText")
    return build_notice(
        centre=centre,
        source_id=str(record.get("id") or url),
        source_url=url,
        title=title,
        html_or_text=str(record.get("bodyContent") or ""),
        published=dates.parse_date(record.get("publishTime")),
        kind=kinds.kind_for_notice(title, information_type),
        category=kinds.category_from_business_type(record.get("businessTypeText") or record.get("businessType")),
        region_code=region,
        extra_fields={"project_code": record.get("tenderProjectCode") or None, "source_centre": platform or None},
    )


def hunan_notice(item: dict[str, Any], *, centre: str = HUNAN_CENTRE) -> Notice:
    """A notice from one ``noticeList`` item of Hunan's trade API (the body is its ``noticeContent``)."""
    title = str(item.get("noticeName") or "")
    kind = kinds.kind_from_information_type(item.get("bulletinType")) if item.get("bulletinType") else None
    deadline = item.get("bidDocReferEndTime") or item.get("bidOpeningTimeStart") or item.get("bidOpenTime")
    notice = build_notice(
        centre=centre,
        source_id=str(item.get("id") or title),
        source_url="",
        title=title,
        html_or_text=str(item.get("noticeContent") or ""),
        published=dates.parse_date(item.get("noticeSendTime")),
        kind=kind if kind is not None and kind.value != "other" else None,
        region_code=HUNAN_REGION,
        extra_fields={"deadline": dates.parse_datetime(deadline)} if deadline else None,
    )
    if notice.agency is None and item.get("bulletinDuty"):
        notice.agency = party_from_value(str(item["bulletinDuty"]), "agency")
    return notice
