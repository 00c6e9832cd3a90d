"""One alerts run (``ggzy alerts run``, or ``ggzy serve`` every ``ALERTS_INTERVAL`` seconds):

1. Read the index's change log since the last run (``changes``, a cursor kept in the store). Notices published
   in the last ``LOOKBACK_DAYS`` days (or undated) are new; older ones that merely changed are not news.
2. For each active subscription, ask the index which of those notices match its saved search (the search's own
   query with an ``ids`` filter, so the engines' matching rules are the only ones) and queue them; a notice is
   queued for a subscription at most once.
3. Send what is due: immediate subscriptions at once, daily ones when their digest is due (from
   ``ALERTS_DIGEST_HOUR`` China time). A failure is retried after 1, 2, 4 … minutes (at most ``MAX_BACKOFF``),
   ``MAX_ATTEMPTS`` times in all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

from ggzy.alerts import DeliveryFailed
from ggzy.alerts.messages import alert_mail, webhook_payload
from ggzy.alerts.postman import Postman
from ggzy.alerts.store import AlertStore, Subscription, now_iso
from ggzy.index.base import Index
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Notice
from ggzy.normalize.dates import CHINA_TZ

log = logging.getLogger(__name__)

LOOKBACK_DAYS = 7
CHANGES_PAGE = 500
MAX_ATTEMPTS = 8
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
CURSOR = "changes_cursor"


@dataclass
class RunReport:
    """What one run did, for the command's output and the log."""

    changed: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt after ``attempts`` failures: 1, 2, 4 … minutes, at most six hours."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def next_digest(after: datetime, hour: int) -> datetime:
    """The first moment after ``after`` at ``hour`` o'clock China time."""
    local = after.astimezone(CHINA_TZ)
    candidate = datetime.combine(local.date(), time(hour), CHINA_TZ)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(UTC)


def start_watching(index: Index, store: AlertStore) -> None:
    """Start the change-log cursor at the index's newest change, once: what existed before is not news."""
    if store.get_state(CURSOR) is None:
        store.set_state(CURSOR, index.changes_head() or "")


def collect(index: Index, store: AlertStore, now: datetime, report: RunReport) -> None:
    """Queue the new notices of every active subscription (steps 1 and 2)."""
    start_watching(index, store)
    cursor = store.get_state(CURSOR) or None
    subscriptions = store.active()
    today = now.astimezone(CHINA_TZ).date()
    oldest = today - timedelta(days=LOOKBACK_DAYS)
    while True:
        batch, next_cursor = index.changes(cursor, limit=CHANGES_PAGE)
        if not batch:
            break
        report.changed += len(batch)
        fresh = tuple(n.id for n in batch if n.published is None or n.published >= oldest)
        for subscription in subscriptions if fresh else []:
            query = SearchQuery.from_params(subscription.search_params)
            narrowed = replace(query, ids=fresh, sort=Sort.NEWEST, cursor=None, facets=(), today=today)
            matched = [notice.id for notice in index.scan(narrowed)]
            if matched:
                report.queued += store.queue(subscription.id, matched, now_iso(now))
        cursor = next_cursor
        store.set_state(CURSOR, cursor)


def deliver(
    index: Index, store: AlertStore, postman: Postman, site_url: str, now: datetime, digest_hour: int, report: RunReport
) -> None:
    """Send each subscription's due deliveries as one message (step 3)."""
    today = now.astimezone(CHINA_TZ).date()
    for subscription in store.active():
        digest = subscription.frequency == "daily"
        if digest and subscription.digest_due and subscription.digest_due > now_iso(now):
            continue
        if not store.has_pending(subscription.id):
            if digest:  # an empty day: the next digest is tomorrow's, not whenever a notice next comes
                store.set_digest_due(subscription.id, now_iso(next_digest(now, digest_hour)))
            continue
        claim, notice_ids = store.claim(subscription.id, now)
        if not notice_ids:
            continue
        found = [index.get(notice_id) for notice_id in notice_ids]
        notices = [n for n in found if n is not None and n.is_public(today)]
        gone = [i for i, n in zip(notice_ids, found, strict=True) if n is None or not n.is_public(today)]
        if gone:
            store.finish(claim, gone, "dropped", now)
        if not notices:
            continue
        try:
            _send(subscription, notices, postman, site_url, digest=digest)
        except DeliveryFailed as error:
            attempts = 1 + max(row["attempts"] for row in store.deliveries(subscription.id) if row["claim"] == claim)
            store.retry(claim, str(error), now_iso(now + backoff(attempts)), MAX_ATTEMPTS)
            report.failed += len(notices)
            log.warning("alert delivery failed subscription=%s attempts=%s error=%s", subscription.id, attempts, error)
            continue
        store.finish(claim, [n.id for n in notices], "sent", now)
        report.sent += len(notices)
        report.messages.append(f"{subscription.channel} #{subscription.id}: {len(notices)}")
        if digest:
            store.set_digest_due(subscription.id, now_iso(next_digest(now, digest_hour)))


def _send(subscription: Subscription, notices: list[Notice], postman: Postman, site_url: str, *, digest: bool) -> None:
    if subscription.channel == "webhook":
        assert subscription.webhook_url and subscription.secret
        postman.post_webhook(
            subscription.webhook_url, subscription.secret, webhook_payload(subscription, notices, site_url)
        )
    else:
        postman.send_mail(alert_mail(subscription, notices, site_url, postman.sender, digest=digest))


def run(
    index: Index,
    store: AlertStore,
    postman: Postman,
    site_url: str,
    *,
    digest_hour: int = 8,
    now: datetime | None = None,
) -> RunReport:
    """One whole run: collect new matches, then send what is due."""
    now = now or datetime.now(UTC)
    report = RunReport()
    collect(index, store, now, report)
    deliver(index, store, postman, site_url, now, digest_hour, report)
    log.info(
        "alerts run changed=%s queued=%s sent=%s failed=%s", report.changed, report.queued, report.sent, report.failed
    )
    return report
