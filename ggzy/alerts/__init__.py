"""Saved searches pushed to readers: by e-mail (double opt-in, immediate or a daily digest) or a signed webhook.

``store`` keeps subscriptions and their deliveries in a small SQLite file of their own (``ALERTS_STORE``);
``runner`` finds new matches in the index's change log and sends what is due, retrying with back-off;
``messages`` writes the Chinese mails and the webhook's JSON; ``postman`` sends them; ``views`` is the
subscribe, confirm and unsubscribe pages; ``commands`` is ``ggzy alerts run``.
"""

from __future__ import annotations

from ggzy.errors import GgzyError, InvalidInput, NotFound


class AlertError(GgzyError):
    """Raised for any failure of the alerts package; never raised directly."""


class InvalidSubscription(AlertError, InvalidInput):
    """Raised when a subscription form is filled wrongly (an e-mail or webhook address that cannot be used);
    the message says in Chinese what to change."""


class UnknownSubscription(AlertError, NotFound):
    """Raised for a confirmation or unsubscribe link whose token no subscription has."""

    title = "Unknown subscription"


class DeliveryFailed(AlertError):
    """Raised when a mail server or webhook receiver refuses or cannot be reached; the delivery is retried."""
