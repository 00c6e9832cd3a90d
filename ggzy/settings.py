"""Every setting ggzy reads, declared as data: its name, default and help; every command and the site read them.

``create_app`` applies the defaults, then ``GGZY_<NAME>`` environment variables, then the caller's config.
A test fails when a setting here is missing from the documentation page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    def from_environment(self) -> Any:
        raw = os.environ.get(f"GGZY_{self.name}")
        if raw is None:
            return self.default
        if isinstance(self.default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(self.default, int):
            return int(raw)
        return raw


SETTINGS = [
    Setting("INDEX", "sqlite:///data/ggzy.db", "Index engine URL: sqlite:///path or http://host:9200."),
    Setting("SITE_NAME", "公共资源交易公开数据", "The site's name, in page titles and feed titles."),
    Setting("SITE_URL", "http://127.0.0.1:8000", "Public base URL, for canonical links, feeds and sitemaps."),
    Setting(
        "DATA_DIR",
        "data",
        "Folder of the harvest's raw archive (one folder per crawl) and the receipt signing keys; the harvest "
        "state is in the index.",
    ),
    Setting("EXPORT_DIR", "data/opendata", "Folder of the bulk open-data files served under /opendata/."),
    Setting("OCID_PREFIX", "ocds-ggzy01", "OCDS ocid prefix; an ocid is this prefix, a dash and the project code."),
    Setting("RATELIMIT_STORAGE_URI", "memory://", "Rate-limit storage: memory:// or a redis:// URL."),
    Setting("RATELIMIT_ANONYMOUS", "60 per minute", "API rate limit per IP address without an API key."),
    Setting("RATELIMIT_KEYED", "600 per minute", "API rate limit per API key."),
    Setting("API_KEYS_FILE", "", "A file of SHA-256 hashes of API keys, one per line, with an optional name."),
    Setting("FEED_LIMIT", 50, "Items in a feed unless ?limit= asks for up to 200."),
    Setting(
        "ALERTS_STORE",
        "sqlite:///data/alerts.db",
        "Store of saved searches and their deliveries: sqlite:///path (relative) or sqlite:////abs/path.",
    ),
    Setting(
        "ALERTS_INTERVAL",
        0,
        "Seconds between alert runs inside ggzy serve; 0 leaves them to a cron job running ggzy alerts run.",
    ),
    Setting("ALERTS_DIGEST_HOUR", 8, "Hour of the day (China time) from which a daily digest is due."),
    Setting(
        "CORRECTIONS_STORE",
        "sqlite:///data/corrections.db",
        "Store of readers' error reports (纠错/异议) awaiting review.",
    ),
    Setting("SMTP_HOST", "127.0.0.1", "SMTP server that sends confirmation and alert mails."),
    Setting("SMTP_PORT", 25, "SMTP server port."),
    Setting("SMTP_USER", "", "SMTP user name; empty sends without logging in."),
    Setting("SMTP_PASSWORD", "", "SMTP password."),
    Setting("SMTP_STARTTLS", False, "Upgrade the SMTP connection with STARTTLS before logging in."),
    Setting("MAIL_FROM", "ggzy <alerts@localhost>", "Sender address of confirmation and alert mails."),
    Setting(
        "SOURCE_FAILING_ERROR_PERCENT",
        20,
        "A source whose recent crawls failed on more than this percent of their pages is marked failing.",
    ),
]


def defaults_from_environment() -> dict[str, Any]:
    return {s.name: s.from_environment() for s in SETTINGS}
