"""Scrapy settings for every crawl.

Polite by default: obey robots.txt, few requests per domain at a time, a delay between them and AutoThrottle.
Every value that differs from Scrapy's default says the default and the reason beside it. The demo centres
on 127.0.0.1 are ours, so the ``DEMO`` profile (the one place that speeds crawling up) drops the politeness.
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "ggzy"  # default "scrapybot": name the project in logs and stats
SPIDER_MODULES = ["ggzy.harvesters.spiders"]  # default []: where `ggzy sources` finds the spiders
NEWSPIDER_MODULE = "ggzy.harvesters.spiders"  # default "": `scrapy genspider` writes here

# default "Scrapy/VERSION (+https://scrapy.org)": say who we are so a centre can reach us
USER_AGENT = "ggzy-harvester/0.1 (+https://github.com/ggzy; open data on public resource trading)"

ROBOTSTXT_OBEY = True  # default False: respect each centre's robots.txt
CONCURRENT_REQUESTS = 8  # default 16: a harvest is background work
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # default 8: government sites are small and often slow
DOWNLOAD_DELAY = 1.0  # default 0: at most about one request a second per centre
DOWNLOAD_DELAY_JITTER = 0.5  # default 0.5, kept: spread requests over 0.5–1.5 × DOWNLOAD_DELAY
DOWNLOAD_TIMEOUT = 60  # default 180: a page that takes a minute is retried rather than waited for

AUTOTHROTTLE_ENABLED = True  # default False: slow down further when a centre answers slowly
AUTOTHROTTLE_START_DELAY = 2.0  # default 5.0: DOWNLOAD_DELAY is already polite
AUTOTHROTTLE_MAX_DELAY = 60.0  # default 60.0, kept
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0  # default 1.0, kept: one request in flight per centre on average

# Retries: ggzy's BackoffRetryMiddleware replaces Scrapy's RetryMiddleware (same position, 550) and waits
# RETRY_BACKOFF_BASE * 2**attempt seconds (capped by RETRY_BACKOFF_MAX) before each retry.
RETRY_ENABLED = True  # default True, kept
RETRY_TIMES = 4  # default 2: centres fail transiently under load; a notice lost is worse than a slow crawl
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]  # default also has 429: 429 is handled on its own
RETRY_BACKOFF_BASE = 1.0  # ggzy setting: seconds before the first retry
RETRY_BACKOFF_MAX = 60.0  # ggzy setting: longest wait between two retries
RETRY_AFTER_MAX = 300.0  # ggzy setting: longest Retry-After we honour; longer ones are capped
RETRY_AFTER_TIMES = 5  # ggzy setting: how many 429 answers one request may get before it is given up

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,  # replaced by the backoff version below
    "ggzy.harvesters.middlewares.BackoffRetryMiddleware": 550,
    "ggzy.harvesters.middlewares.RetryAfterMiddleware": 560,
    # After HttpCompressionMiddleware (590) has decompressed the body: the archive keeps what parsers see.
    "ggzy.harvesters.archive.ArchiveMiddleware": 580,
    # On only for `ggzy reparse`: answers every request from the archive instead of the network.
    "ggzy.harvesters.archive.ReplayMiddleware": 585,
}
ITEM_PIPELINES = {
    "ggzy.harvesters.pipelines.ValidatePipeline": 100,
    "ggzy.harvesters.pipelines.DedupePipeline": 200,
    "ggzy.harvesters.pipelines.UpsertPipeline": 300,
}
SPIDER_MIDDLEWARES = {
    "ggzy.harvesters.middlewares.ClaimCentreMiddleware": 10,  # first: claim the centre before any request
}
EXTENSIONS = {
    "ggzy.harvesters.report.ReportExtension": 500,
}

HTTPERROR_ALLOW_ALL = False  # default False, kept: error pages never reach a parsing callback
TELNETCONSOLE_ENABLED = False  # default True: no open port while harvesting
REMOTE_CONTROL_ENABLED = False  # default True: no open port while harvesting
LOG_LEVEL = "INFO"  # default "DEBUG": one line per page is too much for a nightly harvest
FEED_EXPORT_ENCODING = "utf-8"  # default None (ASCII escapes): Chinese text stays readable

# ggzy settings (read by the pipeline, archive and state).
GGZY_BATCH_SIZE = 100  # notices upserted at once; the incremental state advances after each batch
GGZY_REPLAY = ""  # `ggzy reparse` sets the crawl folder to answer requests from instead of fetching
GGZY_ARCHIVE_DIR = ""  # the runner sets this crawl's archive folder
GGZY_CRAWL_ID = ""  # the runner sets this crawl's id; each centre's crawl record is kept under it
GGZY_INCREMENTAL = True  # keep the harvest state in the index (skip committed notices, claim centres)
GGZY_COMMIT_RETRIES = 5  # a commit the index refuses is tried again this many times (waits 1, 2, 4, 8, 16 s) …
GGZY_COMMIT_BACKOFF = 1.0  # … from this first wait in seconds; then the crawl stops and the next run resumes
GGZY_LEASE_SECONDS = 900  # a centre's claim by a worker runs out after this long without a commit renewing it
GGZY_INDEX_URL = ""  # the runner sets the index to upsert into (GGZY_INDEX)

#: The demo centres run on 127.0.0.1 and are ours: crawl them as fast as the machine allows.
DEMO: dict[str, Any] = {
    "ROBOTSTXT_OBEY": False,  # our own local sites publish no robots.txt
    "DOWNLOAD_DELAY": 0,  # no need to be gentle with ourselves
    "AUTOTHROTTLE_ENABLED": False,  # nothing to adapt to: the sites answer at once
    "CONCURRENT_REQUESTS": 32,  # as many as one process keeps busy
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,  # one crawler per centre, so this is per centre
    "RETRY_BACKOFF_BASE": 0.05,  # fault injection answers 5xx on purpose; retry quickly
    "RETRY_BACKOFF_MAX": 0.5,
    "RETRY_AFTER_MAX": 2.0,  # never wait long for a local 429
    "DOWNLOAD_TIMEOUT": 10,  # a local page that takes 10 s is a deliberately slow answer: retry it
}

#: Settings profiles by name, for `runner.crawl_settings(profile=...)`.
PROFILES: dict[str, dict[str, Any]] = {"default": {}, "demo": DEMO}
