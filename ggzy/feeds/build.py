"""Feed documents from notices, with feedgen: RSS 2.0 and Atom 1.0.

Each item is one notice: its guid is the notice id (Atom: the notice's page URL), which re-harvesting never
changes; its title names the kind and the centre (``[中标/成交结果] 标题 — 湖州市公共资源交易网``); it links to
our notice page and to the source; its dates are in China Standard Time (+08:00); its summary gives the buyer,
winners, amount and region; its categories are the kind, the category and the province.

Harvested text is untrusted: characters XML forbids are dropped and long text is cut, so a hostile title can
never break the document (feedgen's lxml escapes ``<`` and ``&``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal

from feedgen.feed import FeedGenerator

from ggzy.centres import centre_name
from ggzy.feeds import FeedError
from ggzy.index.profile import own_amount
from ggzy.model import Kind, Notice, Party
from ggzy.normalize import regions
from ggzy.normalize.dates import CHINA_TZ

log = logging.getLogger(__name__)

FORMATS = {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8"}
TITLE_MAX = 300
SUMMARY_MAX = 1000
#: The feed-level date of a feed without items, so its ETag and body stay the same between requests.
EPOCH = datetime(2000, 1, 1, tzinfo=CHINA_TZ)

# XML 1.0 allows tab, newline and carriage return among the C0 controls; lone surrogates and U+FFFE/U+FFFF
# are not characters at all. lxml refuses a string holding any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedInfo:
    """What a feed is about: its title, its own URL, the page it follows and a one-line description."""

    title: str
    feed_url: str
    page_url: str
    description: str
    site_name: str = "公共资源交易公开数据"


def xml_text(text: str | None, limit: int = SUMMARY_MAX) -> str:
    """``text`` safe for XML: forbidden characters dropped, whitespace collapsed, cut to ``limit`` characters."""
    cleaned = _SPACES.sub(" ", _NOT_XML.sub("", text or "")).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def notice_url(site_url: str, notice_id: str) -> str:
    """Our page for a notice."""
    return f"{site_url.rstrip('/')}/notice/{notice_id}"


def published_at(notice: Notice) -> datetime:
    """The notice's publication day as midnight China Standard Time (the harvest time when undated)."""
    if notice.published is not None:
        return datetime.combine(notice.published, time(0), CHINA_TZ)
    if notice.harvested_at is not None:
        return in_china(notice.harvested_at)
    return EPOCH


def updated_at(notice: Notice) -> datetime:
    """When the notice last changed for a reader: its publication, or a later harvest that changed it."""
    published = published_at(notice)
    if notice.harvested_at is None:
        return published
    return max(published, in_china(notice.harvested_at))


def in_china(moment: datetime) -> datetime:
    """``moment`` in China Standard Time; a naive time is taken as UTC, as the harvester stamps it."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(CHINA_TZ)


def item_title(notice: Notice) -> str:
    """``[中标/成交结果] 标题 — 湖州市公共资源交易网``."""
    return xml_text(f"[{notice.kind.label}] {notice.title} — {centre_name(notice.centre)}", TITLE_MAX)


def summary(notice: Notice, company: str | None = None) -> str:
    """The key fields in one line: buyer, winners, amount and region (subject and penalty for penalties). In a
    company's feed (``company`` its code) an award it won shows its own amount (its lots) before the total."""
    parts: list[str] = []
    if notice.kind is Kind.PENALTY and notice.penalty is not None:
        penalty = notice.penalty
        parts.append(f"处罚对象：{_party(penalty.subject)}")
        if penalty.decision_no:
            parts.append(f"决定书文号：{penalty.decision_no}")
        if penalty.penalty_types:
            parts.append(f"处罚类别：{'、'.join(penalty.penalty_types)}")
        if penalty.fine is not None:
            parts.append(f"罚款：{_yuan(penalty.fine)}")
        if penalty.authority is not None:
            parts.append(f"处罚机关：{penalty.authority.name}")
    if notice.buyer is not None:
        parts.append(f"采购人/招标人：{_party(notice.buyer)}")
    if notice.winners:
        parts.append(f"中标人：{'、'.join(_party(w) for w in notice.winners)}")
    own = own_amount(notice, company) if company else None
    if own is not None:
        parts.append(f"该企业中标金额：{_yuan(own)}")
    amount = notice.amount if notice.amount is not None else notice.budget
    if own is not None and notice.amount is not None and notice.amount != own:
        parts.append(f"公告总金额：{_yuan(notice.amount)}")
    elif own is None and amount is not None:
        parts.append(f"{'金额' if notice.amount is not None else '预算'}：{_yuan(amount)}")
    region = regions.describe(notice.region_code) or ""
    if region:
        parts.append(f"地区：{region}")
    if notice.published is not None:
        parts.append(f"发布日期：{notice.published.isoformat()}")
    return xml_text("；".join(parts))


def etag(info: FeedInfo, fmt: str, items: Iterable[str]) -> str:
    """A validator that changes whenever an item (each given as the text that identifies its version) appears,
    leaves or changes, or the feed's own text does."""
    digest = hashlib.sha256(f"{fmt}\x1f{info.title}\x1f{info.feed_url}".encode())
    for item in items:
        digest.update(f"\x1e{item}".encode())
    return digest.hexdigest()[:32]


def feed_etag(notices: Sequence[Notice], info: FeedInfo, fmt: str) -> str:
    """The validator of a feed of notices."""
    return etag(info, fmt, (f"{n.id}\x1f{n.content_hash}\x1f{updated_at(n)}" for n in notices))


def last_modified(notices: Sequence[Notice]) -> datetime:
    """The newest item change, for Last-Modified and the feed's own date."""
    return max((updated_at(n) for n in notices), default=EPOCH)


def new_feed(info: FeedInfo, *, fmt: str, site_url: str, updated: datetime) -> FeedGenerator:
    """A feed channel of ``info`` in ``fmt`` (rss or atom), last changed ``updated``, without items."""
    if fmt not in FORMATS:
        raise FeedError(f"feed format must be rss or atom, not {fmt!r}")
    feed = FeedGenerator()
    feed.title(xml_text(info.title, TITLE_MAX))
    feed.description(xml_text(info.description) or xml_text(info.title))
    feed.id(info.feed_url)
    # feedgen takes the RSS channel's <link> from the last link given: the page, not the feed itself.
    feed.link(href=info.feed_url, rel="self")
    feed.link(href=info.page_url, rel="alternate")
    feed.language("zh-CN")
    feed.author({"name": info.site_name, "uri": site_url})
    feed.generator("ggzy")
    feed.updated(updated)
    if fmt == "rss":
        feed.lastBuildDate(updated)
    return feed


def build_feed(
    notices: Sequence[Notice], info: FeedInfo, *, fmt: str, site_url: str, company: str | None = None
) -> bytes:
    """The feed document (UTF-8 XML) with one item per notice, in the order given (``company``: the code a
    company's feed is about)."""
    feed = new_feed(info, fmt=fmt, site_url=site_url, updated=last_modified(notices))
    for notice in notices:
        _add_item(feed, notice, fmt=fmt, site_url=site_url, company=company)
    if fmt == "rss":
        return bytes(feed.rss_str())
    return _entry_link_relations(bytes(feed.atom_str()), notices)


ATOM = "{http://www.w3.org/2005/Atom}"


def _entry_link_relations(document: bytes, notices: Sequence[Notice]) -> bytes:
    """Give each Atom entry's links their relations (RFC 4287): the portal page ``alternate`` (text/html), the
    centre's original ``via`` with the centre's name as title.

    feedgen drops every attribute of an entry link but ``href`` (lkiesow/python-feedgen#135), which left two
    links both read as ``alternate``. The entries are in the order of ``notices``.
    """
    from lxml import etree

    root = etree.fromstring(document)
    for entry, notice in zip(root.iter(f"{ATOM}entry"), notices, strict=True):
        links = entry.findall(f"{ATOM}link")
        links[0].set("rel", "alternate")
        links[0].set("type", "text/html")
        for link in links[1:]:
            link.set("rel", "via")
            link.set("title", xml_text(centre_name(notice.centre)))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _add_item(feed: FeedGenerator, notice: Notice, *, fmt: str, site_url: str, company: str | None) -> None:
    entry = feed.add_entry(order="append")
    page = notice_url(site_url, notice.id)
    if fmt == "rss":
        entry.guid(notice.id, permalink=False)
    else:
        entry.id(page)
    entry.title(item_title(notice))
    entry.link(href=page, rel="alternate")
    if notice.source_url.startswith(("http://", "https://")):
        entry.link(href=xml_text(notice.source_url, 2000), rel="related", title=centre_name(notice.centre))
        if fmt == "rss":
            entry.source(url=xml_text(notice.source_url, 2000), title=xml_text(centre_name(notice.centre)))
    text = summary(notice, company) or item_title(notice)
    if fmt == "rss":
        entry.description(text)
    else:
        entry.summary(text)
    entry.published(published_at(notice))
    entry.updated(updated_at(notice))
    categories = [
        {"term": notice.kind.value, "label": notice.kind.label, "scheme": f"{site_url}/search?kind="},
        {"term": notice.category.value, "label": notice.category.label, "scheme": f"{site_url}/search?category="},
    ]
    province = regions.describe(notice.region_code[:2]) if notice.region_code else None
    if province and notice.region_code:
        categories.append({"term": notice.region_code[:2] + "0000", "label": province, "scheme": f"{site_url}/region/"})
    entry.category(categories)


def _party(party: Party) -> str:
    return f"{party.name}（{party.uscc}）" if party.uscc else party.name


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"
