"""The subscriptions store: one SQLite file (``ALERTS_STORE``, ``sqlite:///data/alerts.db`` by default).

A ``delivery`` row is one notice for one subscription; its primary key is the pair, so a notice is queued for a
subscription at most once and never sent to it twice. Rows go ``pending`` → ``sending`` (claimed by one run)
→ ``sent``; a failed attempt puts them back to ``pending`` with a later ``due_at`` until ``failed``.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from ggzy.alerts import AlertError, UnknownSubscription

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscription (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,       -- in the confirmation and unsubscribe links
    email TEXT NOT NULL,
    channel TEXT NOT NULL,            -- email | webhook
    webhook_url TEXT,
    secret TEXT,                      -- the webhook's HMAC key
    frequency TEXT NOT NULL,          -- immediate | daily
    params TEXT NOT NULL,             -- the saved search, as URL parameters
    status TEXT NOT NULL,             -- pending | active | unsubscribed
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    digest_due TEXT                   -- when the next daily digest may go out (UTC, ISO)
);
CREATE TABLE IF NOT EXISTS delivery (
    subscription_id INTEGER NOT NULL,
    notice_id TEXT NOT NULL,
    state TEXT NOT NULL,              -- pending | sending | sent | failed | dropped
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at TEXT NOT NULL,
    claim TEXT,
    sent_at TEXT,
    error TEXT,
    PRIMARY KEY (subscription_id, notice_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS delivery_due ON delivery (state, due_at);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: Seconds a claimed batch may stay ``sending`` before another run may take it again (a crashed run).
CLAIM_TIMEOUT = 600


@dataclass(frozen=True)
class Subscription:
    id: int
    token: str
    email: str
    channel: str
    webhook_url: str | None
    secret: str | None
    frequency: str
    params: str
    status: str
    created_at: str
    confirmed_at: str | None
    digest_due: str | None

    @property
    def search_params(self) -> dict[str, str]:
        return dict(parse_qsl(self.params))


def store_path(url: str) -> Path:
    """The file of a ``sqlite:///relative`` or ``sqlite:////absolute`` URL."""
    if not url.startswith("sqlite:///"):
        raise AlertError(f"GGZY_ALERTS_STORE must be a sqlite:/// URL, not {url!r}")
    return Path(url.removeprefix("sqlite:///"))


def now_iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


class AlertStore:
    """Subscriptions and deliveries in one SQLite file; safe for several threads and processes."""

    def __init__(self, url: str) -> None:
        self.path = store_path(url)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self.transaction() as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- subscriptions -------------------------------------------------------------------------------

    def create(
        self, *, email: str, params: dict[str, str], channel: str, frequency: str, webhook_url: str | None = None
    ) -> Subscription:
        """A new subscription, pending until its confirmation link is followed."""
        token = secrets.token_urlsafe(24)
        secret = secrets.token_hex(32) if channel == "webhook" else None
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO subscription (token, email, channel, webhook_url, secret, frequency, params, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                (token, email, channel, webhook_url, secret, frequency, urlencode(params), now_iso()),
            )
        return self.by_token(token)

    def by_token(self, token: str) -> Subscription:
        row = self._conn().execute("SELECT * FROM subscription WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise UnknownSubscription("该订阅链接无效或已失效。")
        return Subscription(**dict(row))

    def confirm(self, token: str, digest_due: str) -> Subscription:
        """Activate a pending subscription (following the link again changes nothing)."""
        subscription = self.by_token(token)
        if subscription.status == "pending":
            with self.transaction() as conn:
                conn.execute(
                    "UPDATE subscription SET status = 'active', confirmed_at = ?, digest_due = ? WHERE token = ?",
                    (now_iso(), digest_due, token),
                )
        return self.by_token(token)

    def unsubscribe(self, token: str) -> Subscription:
        """End a subscription and drop what it had not yet received."""
        subscription = self.by_token(token)
        with self.transaction() as conn:
            conn.execute("UPDATE subscription SET status = 'unsubscribed' WHERE id = ?", (subscription.id,))
            conn.execute(
                "UPDATE delivery SET state = 'dropped' WHERE subscription_id = ? AND state IN ('pending', 'sending')",
                (subscription.id,),
            )
        return self.by_token(token)

    def active(self) -> list[Subscription]:
        rows = self._conn().execute("SELECT * FROM subscription WHERE status = 'active' ORDER BY id").fetchall()
        return [Subscription(**dict(row)) for row in rows]

    def set_digest_due(self, subscription_id: int, due: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE subscription SET digest_due = ? WHERE id = ?", (due, subscription_id))

    # -- deliveries ----------------------------------------------------------------------------------

    def queue(self, subscription_id: int, notice_ids: list[str], due_at: str) -> int:
        """Queue notices for a subscription; a notice it already had is ignored. Returns how many are new."""
        with self.transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO delivery (subscription_id, notice_id, state, due_at) "
                "VALUES (?, ?, 'pending', ?)",
                [(subscription_id, notice_id, due_at) for notice_id in notice_ids],
            )
            return conn.total_changes - before

    def claim(self, subscription_id: int, now: datetime) -> tuple[str, list[str]]:
        """Take the subscription's due deliveries for this run: ``(claim, notice ids)``. A batch left ``sending``
        by a run that died is taken again after ``CLAIM_TIMEOUT`` (its ``due_at`` is the claim time)."""
        claim = secrets.token_hex(8)
        stale = now_iso(datetime.fromtimestamp(now.timestamp() - CLAIM_TIMEOUT, UTC))
        with self.transaction() as conn:
            conn.execute(
                "UPDATE delivery SET state = 'sending', claim = ?, due_at = ? WHERE subscription_id = ? AND "
                "((state = 'pending' AND due_at <= ?) OR (state = 'sending' AND due_at <= ?))",
                (claim, now_iso(now), subscription_id, now_iso(now), stale),
            )
            rows = conn.execute(
                "SELECT notice_id FROM delivery WHERE claim = ? AND state = 'sending' ORDER BY notice_id", (claim,)
            ).fetchall()
        return claim, [row[0] for row in rows]

    def finish(self, claim: str, notice_ids: list[str], state: str, at: datetime) -> None:
        """Mark claimed deliveries ``sent`` or ``dropped`` (a notice no longer public)."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE delivery SET state = ?, sent_at = ?, claim = NULL WHERE claim = ? AND notice_id = ?",
                [(state, now_iso(at), claim, notice_id) for notice_id in notice_ids],
            )

    def retry(self, claim: str, error: str, due_at: str, max_attempts: int) -> None:
        """Put a failed batch back with a later ``due_at``; after ``max_attempts`` it stays ``failed``."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE delivery SET attempts = attempts + 1, error = ?, due_at = ?, claim = NULL, "
                "state = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END WHERE claim = ?",
                (error[:500], due_at, max_attempts, claim),
            )

    def deliveries(self, subscription_id: int) -> list[sqlite3.Row]:
        return (
            self._conn()
            .execute("SELECT * FROM delivery WHERE subscription_id = ? ORDER BY notice_id", (subscription_id,))
            .fetchall()
        )

    def has_pending(self, subscription_id: int) -> bool:
        row = (
            self._conn()
            .execute(
                "SELECT 1 FROM delivery WHERE subscription_id = ? AND state = 'pending' LIMIT 1", (subscription_id,)
            )
            .fetchone()
        )
        return row is not None

    # -- run state -----------------------------------------------------------------------------------

    def get_state(self, name: str) -> str | None:
        row = self._conn().execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, name: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)", (name, value))

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
