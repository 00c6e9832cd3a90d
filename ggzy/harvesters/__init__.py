"""The harvesters: a Scrapy project that fetches every trading centre's notices into the index.

``ggzy/centres.toml`` lists the centres (``ggzy.centres`` reads it); ``spiders/`` holds a few base spiders (one
per site family) and one small spider per centre; ``pipelines.py`` validates, dedupes and upserts;
``archive.py`` keeps every fetched body so ``ggzy reparse`` can rebuild notices without fetching; ``runner.py``
runs a crawl for the CLI and the tests.
"""

from __future__ import annotations

from ggzy.errors import GgzyError


class HarvestError(GgzyError):
    """Raised when a crawl cannot start or finish: an unknown centre or spider, a malformed registry,
    a missing archive, or a crawl subprocess that failed."""

    title = "Harvest failed"


__all__ = ["HarvestError"]
