"""The raw archive: every body a crawl fetched, kept so ``ggzy reparse`` rebuilds notices without fetching.

One folder per crawl, ``<data>/archive/<crawl-id>/``:

- ``crawl.json``  the crawl's manifest: id, start and end, the sources (with their base URLs) and options;
- ``index.jsonl`` one line per response: url, method, request fingerprint, file, status, headers, fetched_at,
  spider and centre;
- ``bodies/NNNNNN.gz`` the body, gzipped, as the parsers saw it (after HTTP decompression).

``ArchiveMiddleware`` records; ``ReplayMiddleware`` (on when ``GGZY_REPLAY`` names a crawl folder) answers
each request from the archive and drops requests the archive does not hold.
"""

from __future__ import annotations

import gzip
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from ggzy.harvesters import HarvestError

logger = logging.getLogger(__name__)

MANIFEST = "crawl.json"
INDEX = "index.jsonl"


class ArchiveError(HarvestError):
    """Raised when a crawl's archive folder is missing or unreadable."""


def new_crawl_id(now: datetime | None = None) -> str:
    """A sortable, unique crawl id: UTC time plus a random suffix, e.g. ``20260317T003209Z-5f2a``."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the crawl in ``folder``; raise ``ArchiveError`` if it is not a crawl folder."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ArchiveError(f"{folder} is not a crawl archive: {error}") from error


def list_crawls(root: Path) -> list[Path]:
    """The crawl folders under ``root``, oldest first."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).exists())


def find_crawl(root: Path, crawl_id: str | None) -> Path:
    """The folder of ``crawl_id`` (or of the newest crawl); raise ``ArchiveError`` when there is none."""
    crawls = list_crawls(root)
    if crawl_id is None:
        if not crawls:
            raise ArchiveError(f"no crawl archived under {root}")
        return crawls[-1]
    folder = root / crawl_id
    if not (folder / MANIFEST).exists():
        known = ", ".join(p.name for p in crawls) or "none"
        raise ArchiveError(f"no archived crawl {crawl_id!r} under {root} (known: {known})")
    return folder


@dataclass
class ArchivedResponse:
    """One line of ``index.jsonl``."""

    url: str
    method: str
    fingerprint: str
    file: str
    status: int
    headers: dict[str, list[str]]
    fetched_at: str
    spider: str
    centre: str

    def load(self, folder: Path, request: Request) -> Response:
        """The archived response, as Scrapy would have built it from the network."""
        body = gzip.decompress((folder / self.file).read_bytes())
        headers = Headers({k: v for k, v in self.headers.items()})
        cls = responsetypes.from_args(headers=headers, url=self.url, body=body)
        return cls(url=self.url, status=self.status, headers=headers, body=body, request=request)


def read_index(folder: Path) -> list[ArchivedResponse]:
    """Every archived response of a crawl, in fetch order (a line cut short by a crash is skipped)."""
    path = folder / INDEX
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(ArchivedResponse(**json.loads(line)))
        except (ValueError, TypeError):
            logger.warning("skipping a damaged archive line folder=%s", folder)
    return entries


class ArchiveMiddleware:
    """Records every response into the crawl folder named by ``GGZY_ARCHIVE_DIR``."""

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder
        (folder / "bodies").mkdir(parents=True, exist_ok=True)
        self.index = (folder / INDEX).open("a", encoding="utf-8")
        self.counter = len(read_index(folder))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        folder = crawler.settings.get("GGZY_ARCHIVE_DIR")
        if not folder or crawler.settings.get("GGZY_REPLAY"):
            raise NotConfigured  # no archive folder, or replaying one
        return cls(crawler, Path(folder))

    def process_response(self, request: Request, response: Response) -> Response:
        self.counter += 1
        spider = self.crawler.spider
        source = getattr(spider, "source", None)
        name = f"bodies/{self.counter:06d}-{secrets.token_hex(3)}.gz"
        (self.folder / name).write_bytes(gzip.compress(response.body, compresslevel=5))
        headers = {k.decode("latin-1"): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}
        entry = {
            "url": response.url,
            "method": request.method,
            "fingerprint": self.crawler.request_fingerprinter.fingerprint(request).hex(),
            "file": name,
            "status": response.status,
            "headers": headers,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "spider": getattr(spider, "name", ""),
            "centre": getattr(source, "id", ""),
        }
        self.index.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.index.flush()
        return response


class ReplayMiddleware:
    """Answers requests from the crawl folder named by ``GGZY_REPLAY``; never touches the network.

    The last answer archived for a request wins, a successful one over an error; a request the archive lacks
    is dropped (``IgnoreRequest``) and counted in the stats as ``ggzy/replay_missing``.
    """

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder
        self.by_fingerprint: dict[str, ArchivedResponse] = {}
        for entry in read_index(folder):
            known = self.by_fingerprint.get(entry.fingerprint)
            if known is None or entry.status < 400 or known.status >= 400:
                self.by_fingerprint[entry.fingerprint] = entry

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        folder = crawler.settings.get("GGZY_REPLAY")
        if not folder:
            raise NotConfigured  # not replaying
        return cls(crawler, Path(folder))

    def process_request(self, request: Request) -> Response:
        entry = self.by_fingerprint.get(self.crawler.request_fingerprinter.fingerprint(request).hex())
        if entry is None:
            if self.crawler.stats:
                self.crawler.stats.inc_value("ggzy/replay_missing")
            raise IgnoreRequest(f"not in the archive: {request.url}")
        return entry.load(self.folder, request)
