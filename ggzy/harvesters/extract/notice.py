"""The whole extract → normalize step: a page (HTML or text) becomes a :class:`Notice`.

:func:`build_notice` is what every spider callback calls; :func:`extract_page` is the same step on raw bytes
with nothing known beside them (the benchmark and ``ggzy extract`` use it). Identity numbers are masked in
the text before any field is read from it, in the sanitized HTML, the title and whatever the caller passes in
``extra_fields``, so no field of the notice can carry one.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ggzy.harvesters.extract.bids import extract_bids
from ggzy.harvesters.extract.fields import ExtractedFields, extract_fields, region_in_text
from ggzy.harvesters.extract.html import (
    ParsedPage,
    decode_page,
    lighten,
    parse_page,
    plain_text_lines,
    sanitize_html,
)
from ggzy.harvesters.extract.labels import label_field
from ggzy.harvesters.extract.lots import parse_money, party_from_value
from ggzy.harvesters.extract.penalty import parse_penalty_row
from ggzy.model import Attachment, Category, Kind, Notice, make_notice_id
from ggzy.normalize import dates, kinds, names, regions
from ggzy.normalize.masking import mask_identity_numbers

_LOOKS_LIKE_HTML = re.compile(r"<(?:!doctype|html|body|p|div|table|tr|td|span|br|h[1-6]|li|font|strong)\b", re.I)
_AGENCY_PREFIX = re.compile(r"^(?:.{2,40}?(?:公司|中心|事务所|研究院))?关于")
_TITLE_SUFFIX = re.compile(
    r"(?:的)?(?:\s*[（(](?:第?[一二三四五六七八九十\d]+次|重新招标|二次)[）)])?"
    r"(?:中标[（(]成交[）)]|公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源|资格预审|招标|采购|中标|成交|结果|候选人|"
    r"更正|澄清|变更|补充|终止|废标|流标|合同|签约|开标|记录|评标|中选|出让|挂牌|拍卖|交易|信息)*"
    r"(?:公告|公示|通知|合同|结果|信息)$"
)
#: A link to a document of one of these types in the sanitized body is an attachment.
_LINK = re.compile(r'<a href="(https?://[^"]+)"[^>]*>(.*?)</a>', re.S)
_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|zip|rar|7z|wps|ofd)$", re.I)
_TAG = re.compile(r"<[^>]+>")
_PARTY_KEYS = {"buyer", "agency"}
#: A page without a heading takes its first line as its title, cut to this length.
_LONGEST_TITLE = 200
_MONEY_KEYS = {"amount", "budget"}
_CODE_KEYS = {"project_code", "lot_code"}


def looks_like_html(text: str) -> bool:
    """True when ``text`` is markup rather than plain text."""
    return _LOOKS_LIKE_HTML.search(text[:4000]) is not None


def project_name_from_title(title: str) -> str | None:
    """The project a title names: the notice-type words and an agency's ``…公司关于`` dropped."""
    name = _AGENCY_PREFIX.sub("", title.strip())
    name = _TITLE_SUFFIX.sub("", name).strip(" -—_：:")
    return name if len(name) >= 4 else None


def build_notice(
    *,
    centre: str,
    source_id: str | None,
    source_url: str,
    title: str,
    html_or_text: str,
    published: date | str | None = None,
    kind: Kind | None = None,
    category: Category | None = None,
    region_code: str | None = None,
    spider: str | None = None,
    extra_fields: Mapping[str, Any] | None = None,
) -> Notice:
    """The notice one page shows: fields extracted, normalized, identity numbers masked. The content hash is left
    empty: the index computes it from the encoding it stores, after the spider and the pipeline are done with it.

    ``published``, ``kind``, ``category`` and ``region_code`` are what the centre states outside the page
    (its list, its API); they win over what the page says, except that a region found in the page refines a
    wider given one (430000 → 430800), and that the title's own kind words come before a stated kind and the
    body corrects a result notice's (:func:`ggzy.normalize.kinds.kind_from_text`). ``extra_fields`` overrides
    any extracted field by name (strings are parsed: ``{"project_code": "…", "amount": "12万元", "buyer": "某某局"}``).
    """
    if looks_like_html(html_or_text):
        markup = lighten(html_or_text)
        page = parse_page(markup, light=True)
        body_html = sanitize_html(markup, base_url=source_url, light=True)
        text = page.text
    else:
        text = plain_text_lines(html_or_text)
        body_html = _paragraphs(text)
    return notice_from_text(
        centre=centre,
        source_id=source_id,
        source_url=source_url,
        title=title,
        text=text,
        body_html=body_html,
        published=published,
        kind=kind,
        category=category,
        region_code=region_code,
        spider=spider,
        extra_fields=extra_fields,
    )


def extract_page(body: bytes, *, centre: str = "page", source_url: str = "", content_type: str | None = None) -> Notice:
    """A notice from a page's raw bytes alone: decoded, parsed once, title taken from the page itself."""
    markup = lighten(decode_page(body, content_type))
    page = parse_page(markup, light=True)
    return notice_from_page(page, markup, centre=centre, source_url=source_url)


def notice_from_page(page: ParsedPage, markup: str, *, centre: str, source_url: str = "", **known: Any) -> Notice:
    """A notice from an already parsed page; its title is the page's own (or its first line)."""
    title = page.title or page.text.split("\n", 1)[0][:_LONGEST_TITLE]
    return notice_from_text(
        centre=centre,
        source_id=known.pop("source_id", None),
        source_url=source_url,
        title=title,
        text=page.text,
        body_html=sanitize_html(markup, base_url=source_url, light=True),
        **known,
    )


def notice_from_text(
    *,
    centre: str,
    source_id: str | None,
    source_url: str,
    title: str,
    text: str,
    body_html: str,
    published: date | str | None = None,
    kind: Kind | None = None,
    category: Category | None = None,
    region_code: str | None = None,
    spider: str | None = None,
    extra_fields: Mapping[str, Any] | None = None,
) -> Notice:
    """The notice from text already taken out of its page and HTML already sanitized."""
    title = names.clean_name(mask_identity_numbers(title))
    text = mask_identity_numbers(text)
    body_html = mask_identity_numbers(body_html)
    found = extract_fields(text)
    _override(found, extra_fields or {})
    printed_bids = extract_bids(text)
    when = published if isinstance(published, date) or published is None else dates.parse_date(published)
    notice = Notice(
        id=make_notice_id(centre, source_id or source_url),
        centre=centre,
        title=title,
        kind=Kind.PENALTY if found.penalty and kind is None else _kind(title, text, kind, found),
        category=category or _category(title, text),
        source_url=source_url,
        source_id=source_id,
        published=when or found.published,
        region_code=_region(region_code, found, title),
        project_code=found.project_code,
        lot_code=found.lot_code,
        project_name=found.project_name or project_name_from_title(title),
        buyer=found.buyer,
        agency=found.agency,
        winners=found.winners,
        bids=printed_bids.bids,
        candidates=printed_bids.candidates,
        amount=found.amount,
        budget=found.budget,
        deadline=found.deadline,
        body_text=text,
        body_html=body_html,
        attachments=attachments(body_html),
        penalty=found.penalty,
        spider=spider,
    )
    if notice.kind is Kind.CANDIDATES:
        # Ranked candidates are not winners: a candidates notice names none and awards no amount.
        notice.winners = []
        notice.amount = None
    return notice


def record_notice(
    *,
    centre: str,
    key: str,
    source_url: str,
    title: str,
    row: Mapping[str, str],
    published: date | None,
    category: Category,
    region_code: str | None,
    spider: str | None,
) -> Notice:
    """The notice of one row of a credit list (a 双公示 or 严重违法失信 record, keyed by its printed column names).

    The row is the record: its penalty is read from the columns, and no notice field is looked for in its text.
    The body lists the row as ``label：value`` lines; identity numbers are masked in the title, body and penalty.
    """
    lines = "\n".join(f"{label}：{value}" for label, value in row.items() if value)
    text = mask_identity_numbers(plain_text_lines(f"{title}\n{lines}"))
    title = names.clean_name(mask_identity_numbers(title))
    by_field: dict[str, str] = {}
    for label, value in row.items():
        if value and (name := label_field(label)):
            by_field.setdefault(name, value)
    stated = next((code for name in ("source", "region") if (code := region_in_text(by_field.get(name, "")))), None)
    return Notice(
        id=make_notice_id(centre, key),
        centre=centre,
        title=title,
        kind=Kind.PENALTY,
        category=category,
        source_url=source_url,
        source_id=key,
        published=published or dates.parse_date(by_field.get("published")),
        region_code=_refined_region(region_code, [stated, region_in_text(title)]),
        body_text=text,
        body_html=_paragraphs(text),
        penalty=parse_penalty_row(dict(row)),
        spider=spider,
    )


def _kind(title: str, text: str, stated: Kind | None, found: ExtractedFields) -> Kind:
    has_winners = any(w.role == "winner" for w in found.winners)
    return kinds.kind_from_text(title, text, stated, has_winners=has_winners)


def attachments(body_html: str) -> list[Attachment]:
    """The documents a sanitized body links to (招标文件.pdf, 中标通知书.docx …), each once.

    A link is a document when its path or its text ends in a document type (``download.do?id=7`` named
    ``招标文件.pdf`` is one).
    """
    found: dict[str, Attachment] = {}
    if "<a " not in body_html:
        return []
    for match in _LINK.finditer(body_html):
        url = htmllib.unescape(match.group(1))
        name = names.clean_name(htmllib.unescape(_TAG.sub("", match.group(2))))
        path = urlsplit(url).path
        if _DOCUMENT.search(path) or _DOCUMENT.search(name):
            found.setdefault(url, Attachment(name=name or path.rsplit("/", 1)[-1], url=url))
    return list(found.values())


def _paragraphs(text: str) -> str:
    return "\n".join(f"<p>{htmllib.escape(line)}</p>" for line in text.split("\n") if line)


def _category(title: str, text: str) -> Category:
    found = kinds.category_from_text(title)
    return found if found is not Category.OTHER else kinds.category_from_text(text[:600])


def _region(given: str | None, found: ExtractedFields, title: str) -> str | None:
    """The given region, refined by a more specific one the page names inside it; else the page's own."""
    hints = [found.region_code, region_in_text(title)]
    # The buyer's name, not the agency's: an agency often works far from the project.
    hints.append(region_in_text(found.buyer.name) if found.buyer is not None else None)
    return _refined_region(given, hints)


def _refined_region(given: str | None, hints: list[str | None]) -> str | None:
    """``given`` narrowed to the first hint inside it; without ``given``, the first hint."""
    known = [h for h in hints if h]
    if given:
        inside = [h for h in known if regions.in_region(h, given) and h != given]
        return inside[0] if inside else given
    return known[0] if known else None


def _override(found: ExtractedFields, extra: Mapping[str, Any]) -> None:
    """Put the caller's fields over the extracted ones; strings are parsed, and masked like the page was."""
    for key, raw in extra.items():
        if raw is None or not hasattr(found, key):
            continue
        value = _masked(raw)
        if key in _PARTY_KEYS and isinstance(value, str):
            value = party_from_value(value, key, stated=True)
        elif key in _MONEY_KEYS and isinstance(value, str):
            value = parse_money(value)
        elif key in _CODE_KEYS and isinstance(value, str):
            value = value.strip() or None
        elif key == "deadline" and isinstance(value, str):
            value = dates.parse_datetime(value)
        elif key == "published" and isinstance(value, str):
            value = dates.parse_date(value)
        elif key == "winners" and isinstance(value, str):
            party = party_from_value(value, "winner", stated=True)
            value = [party] if party else []
        setattr(found, key, value)


def _masked(value: Any) -> Any:
    """``value`` with identity numbers masked in every string it holds (dataclasses and lists included)."""
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _masked(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
