"""The feed of newly triggered integrity flags: one item per flag triggered on one notice, newest first.

An item's guid is the notice id and the flag id (``<notice>#<flag>``), which a recompute never changes while the
flag stays triggered; its date is the day the index first saw it triggered (``StoredFlag.triggered_since``), so a
reader sees a flag once, when it appears. Its title names the flag and the notice (``[仅一家投标或仅一家有效投标]
某项目中标结果公告``); it links to our notice page; its summary is the result's own sentence, the buyer and the
catalogue version, and a reminder that a flag is a reason to look, not a finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from ggzy.feeds.build import EPOCH, TITLE_MAX, FeedInfo, etag, new_feed, notice_url, xml_text
from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import StoredFlag
from ggzy.normalize import regions
from ggzy.normalize.dates import CHINA_TZ

CAVEAT = "标志只是值得进一步查看的理由，不是对违法违规的认定。"


def flagged_at(stored: StoredFlag) -> datetime:
    """The day the flag was first seen triggered (its notice's publication day otherwise), at midnight in China."""
    day = stored.triggered_since or stored.published
    return datetime.combine(day, time(0), CHINA_TZ) if day is not None else EPOCH


def flag_name(flag_id: str) -> str:
    spec = load_catalogue().flags.get(flag_id)
    return spec.name_zh if spec else flag_id


def item_title(stored: StoredFlag, title: str | None) -> str:
    """``[flag name] notice title`` (the notice id when its title is not public)."""
    return xml_text(f"[{flag_name(stored.flag)}] {title or stored.notice_id}", TITLE_MAX)


def item_summary(stored: StoredFlag) -> str:
    parts = [stored.detail] if stored.detail else []
    if stored.buyer:
        parts.append(f"采购人：{stored.buyer}")
    region = regions.describe(stored.region_code)
    if region:
        parts.append(f"地区：{region}")
    parts.append(f"标志目录版本：{stored.catalogue_version}")
    parts.append(CAVEAT)
    return xml_text("；".join(parts))


def flags_etag(flags: Sequence[StoredFlag], info: FeedInfo, fmt: str) -> str:
    """A validator that changes whenever an item appears, leaves or changes."""
    return etag(info, fmt, (f"{f.notice_id}\x1f{f.flag}\x1f{f.detail}\x1f{flagged_at(f)}" for f in flags))


def last_flagged(flags: Sequence[StoredFlag]) -> datetime:
    return max((flagged_at(f) for f in flags), default=EPOCH)


def build_flag_feed(
    flags: Sequence[StoredFlag], titles: dict[str, str], info: FeedInfo, *, fmt: str, site_url: str
) -> bytes:
    """The feed document (UTF-8 XML), one item per result in the order given; ``titles`` are the public notices'
    titles by id."""
    feed = new_feed(info, fmt=fmt, site_url=site_url, updated=last_flagged(flags))
    for stored in flags:
        entry = feed.add_entry(order="append")
        page = notice_url(site_url, stored.notice_id)
        guid = f"{stored.notice_id}#{stored.flag}"
        if fmt == "rss":
            entry.guid(guid, permalink=False)
        else:
            entry.id(f"{page}#flag-{stored.flag}")
        entry.title(item_title(stored, titles.get(stored.notice_id)))
        entry.link(href=page, rel="alternate")
        text = item_summary(stored)
        if fmt == "rss":
            entry.description(text)
        else:
            entry.summary(text)
        entry.published(flagged_at(stored))
        entry.updated(flagged_at(stored))
        entry.category([{"term": stored.flag, "label": flag_name(stored.flag), "scheme": f"{site_url}/methodology#"}])
    return bytes(feed.rss_str() if fmt == "rss" else feed.atom_str())
