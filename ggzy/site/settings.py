"""Every setting the site reads, declared as data: its name, default and help.

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
    Setting("SITE_URL", "http://127.0.0.1:8000", "Public base URL, for canonical links, feeds and sitemaps."),
    Setting(
        "DATA_DIR", "data", "Folder of the harvest's raw archive (one folder per crawl); the state is in the index."
    ),
    Setting("EXPORT_DIR", "data/opendata", "Folder of the bulk open-data files served under /opendata/."),
    Setting("OCID_PREFIX", "ocds-ggzy01", "OCDS ocid prefix; an ocid is this prefix, a dash and the project code."),
    Setting("RATELIMIT_STORAGE_URI", "memory://", "Rate-limit storage: memory:// or a redis:// URL."),
    Setting("RATELIMIT_ANONYMOUS", "60 per minute", "API rate limit per IP address without an API key."),
    Setting("RATELIMIT_KEYED", "600 per minute", "API rate limit per API key."),
    Setting("API_KEYS_FILE", "", "A file of SHA-256 hashes of API keys, one per line, with an optional name."),
    Setting("FEED_LIMIT", 50, "Items in a feed unless ?limit= asks for up to 200."),
    Setting(
        "SOURCE_FAILING_ERROR_PERCENT",
        20,
        "A source whose recent crawls failed on more than this percent of their pages is marked failing.",
    ),
]


def defaults_from_environment() -> dict[str, Any]:
    return {s.name: s.from_environment() for s in SETTINGS}
