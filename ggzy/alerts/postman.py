"""Sending: mails over SMTP (the ``SMTP_*`` settings) and webhooks over HTTP POST, each refusal a
``DeliveryFailed`` that the runner retries with back-off."""

from __future__ import annotations

import smtplib
import ssl
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from ggzy.alerts import DeliveryFailed
from ggzy.alerts.messages import SIGNATURE_HEADER, encode, sign

#: Seconds to wait for a mail server or a webhook receiver.
TIMEOUT = 20


@dataclass(frozen=True)
class Postman:
    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "ggzy <alerts@localhost>"

    @classmethod
    def from_config(cls, config: Any) -> Postman:
        """From the site's settings (a Flask config or a plain mapping)."""
        return cls(
            host=str(config["SMTP_HOST"]),
            port=int(config["SMTP_PORT"]),
            user=str(config["SMTP_USER"]),
            password=str(config["SMTP_PASSWORD"]),
            starttls=bool(config["SMTP_STARTTLS"]),
            sender=str(config["MAIL_FROM"]),
        )

    def send_mail(self, message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = self.sender
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"mail to {message['To']} failed: {error}") from error

    def post_webhook(self, url: str, secret: str, payload: dict[str, Any]) -> None:
        """POST the JSON signed with the subscription's secret; any answer but 2xx is a failure."""
        body = encode(payload)
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "ggzy-alerts",
                SIGNATURE_HEADER: sign(secret, body),
                "X-Ggzy-Delivery": uuid.uuid4().hex,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(f"webhook {url} answered {error.code}") from error
        except (OSError, urllib.error.URLError) as error:
            raise DeliveryFailed(f"webhook {url} failed: {error}") from error
        if not 200 <= status < 300:
            raise DeliveryFailed(f"webhook {url} answered {status}")
