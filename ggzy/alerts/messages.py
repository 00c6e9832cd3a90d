"""What a subscriber receives: the confirmation mail, alert mails (immediate or a daily digest) and the webhook's
JSON. Mails are plain text in Chinese, each with an unsubscribe link that works without logging in (and the
RFC 8058 one-click ``List-Unsubscribe`` headers mail programs show as a button).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import urlencode

from ggzy.alerts.store import Subscription
from ggzy.index.query import SearchQuery
from ggzy.model import Notice

SIGNATURE_HEADER = "X-Ggzy-Signature"
FREQUENCY_LABELS = {"immediate": "有新公告时立即发送", "daily": "每日摘要"}
CHANNEL_LABELS = {"email": "电子邮件", "webhook": "Webhook"}


def describe(params: dict[str, str]) -> str:
    """The saved search in a reader's words (``SearchQuery.describe``)."""
    return SearchQuery.from_params(params).describe()


def links(site_url: str, subscription: Subscription) -> dict[str, str]:
    base = site_url.rstrip("/")
    params = subscription.search_params
    return {
        "confirm": f"{base}/alerts/confirm/{subscription.token}",
        "unsubscribe": f"{base}/alerts/unsubscribe/{subscription.token}",
        "search": f"{base}/search" + (f"?{urlencode(params)}" if params else ""),
    }


def _mail(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="ggzy")
    message.set_content(body, charset="utf-8")
    return message


def confirmation_mail(subscription: Subscription, site_url: str, sender: str) -> EmailMessage:
    """The double opt-in mail: nothing is sent until its link is followed."""
    found = links(site_url, subscription)
    target = subscription.webhook_url if subscription.channel == "webhook" else subscription.email
    body = (
        "您好：\n\n"
        "有人（希望是您本人）用这个邮箱订阅了公共资源交易公告：\n\n"
        f"  搜索条件：{describe(subscription.search_params)}\n"
        f"  发送方式：{CHANNEL_LABELS[subscription.channel]}（{target}），"
        f"{FREQUENCY_LABELS[subscription.frequency]}\n\n"
        f"请打开下面的链接确认订阅；确认之前不会发送任何通知：\n{found['confirm']}\n\n"
        "如果这不是您本人的操作，请忽略本邮件，订阅不会生效。\n"
    )
    return _mail(sender, subscription.email, "【请确认】公共资源交易公告订阅", body)


def _notice_lines(notices: list[Notice], site_url: str) -> list[str]:
    lines = []
    for number, notice in enumerate(notices, 1):
        facts = [notice.kind.label]
        if notice.published:
            facts.append(f"发布 {notice.published.isoformat()}")
        if notice.buyer and notice.buyer.name:
            facts.append(f"采购人 {notice.buyer.name}")
        lines.append(f"{number}. {notice.title}\n   {'，'.join(facts)}\n   {site_url.rstrip('/')}/notice/{notice.id}")
    return lines


def alert_mail(
    subscription: Subscription, notices: list[Notice], site_url: str, sender: str, *, digest: bool
) -> EmailMessage:
    """One mail listing new matches of a saved search, with the unsubscribe link."""
    found = links(site_url, subscription)
    description = describe(subscription.search_params)
    kind = "每日摘要" if digest else "新公告提醒"
    body = (
        f"您订阅的搜索有 {len(notices)} 条新公告：\n搜索条件：{description}\n\n"
        + "\n\n".join(_notice_lines(notices, site_url))
        + f"\n\n在网站上查看全部结果：{found['search']}\n\n"
        f"退订（无需登录，打开即可退订）：{found['unsubscribe']}\n"
    )
    message = _mail(sender, subscription.email, f"【{kind}】{description}：{len(notices)} 条新公告", body)
    message["List-Unsubscribe"] = f"<{found['unsubscribe']}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def webhook_payload(subscription: Subscription, notices: list[Notice], site_url: str) -> dict[str, Any]:
    """The JSON a webhook receives. ``msgtype``/``text`` are the shape 企业微信 and 钉钉 group bots accept."""
    found = links(site_url, subscription)
    description = describe(subscription.search_params)
    summary = f"{description}：{len(notices)} 条新公告\n" + "\n".join(
        f"{n.title} {site_url.rstrip('/')}/notice/{n.id}" for n in notices
    )
    return {
        "msgtype": "text",
        "text": {"content": summary},
        "subscription": subscription.id,
        "search": subscription.search_params,
        "search_url": found["search"],
        "unsubscribe_url": found["unsubscribe"],
        "notices": [
            {
                "id": n.id,
                "title": n.title,
                "kind": n.kind.value,
                "published": n.published.isoformat() if n.published else None,
                "region_code": n.region_code,
                "buyer": n.buyer.name if n.buyer else None,
                "amount": None if n.amount is None else str(n.amount),
                "url": f"{site_url.rstrip('/')}/notice/{n.id}",
            }
            for n in notices
        ],
    }


def sign(secret: str, body: bytes) -> str:
    """The ``X-Ggzy-Signature`` of a webhook body: ``sha256=`` and the hex HMAC-SHA256 under the secret."""
    return "sha256=" + hmac.new(secret.encode("ascii"), body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
