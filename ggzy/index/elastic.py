"""The national-scale engine: Elasticsearch 8, a versioned index behind an alias.

``ElasticIndex("http://127.0.0.1:9200")`` serves the alias ``ggzy-notices``; ``…:9200?alias=ggzy-test-abc``
another one (tests use one alias per run and ``drop`` it afterwards). The alias points at exactly one index,
``<alias>-v<UTC timestamp>``, created with the mapping of ``elastic_mapping``; ``rebuild`` fills a new one from
the current one and swaps the alias in one atomic step, deleting the half-built index if anything fails.

Writes (``elastic_write``) are bulk requests retried with back-off when the node answers 429 (busy or a read-only
block), then a refresh, so the next read sees them. Each changed notice gets a ``modified_seq`` from a counter
that several writers share safely; it is also the document's version, so of two writers racing on one notice the
later change stays. A reader of ``changes`` can still pass a number whose notice another writer has not yet
refreshed; sync readers that need every change should read a little behind the head.
Reading lives in ``elastic_query`` (search) and ``elastic_entity`` (profiles, statistics).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar
from urllib.parse import parse_qs, urlsplit

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError

from ggzy.index import elastic_entity, elastic_flags, elastic_harvest, elastic_query
from ggzy.index.base import (
    EntityMatch,
    FlagBasis,
    FlagMark,
    FlagQuery,
    FlagResult,
    Index,
    IndexEngineError,
    IndexStats,
    StoredFlag,
    UpsertReport,
)
from ggzy.index.elastic_mapping import ADDED_FIELDS, SCHEMA_VERSION, choose_analyzer, mapping, notice_settings
from ggzy.index.elastic_write import batches, copy_notices, write_batch
from ggzy.index.profile import CodeSummary, PartyRow
from ggzy.index.query import SearchQuery, SearchResult
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

log = logging.getLogger(__name__)

DEFAULT_ALIAS = "ggzy-notices"
#: Notices compared (one ``mget``) and written at a time.
UPSERT_BATCH = 5000

P = ParamSpec("P")
R = TypeVar("R")


def parse_url(url: str) -> tuple[str, str]:
    """``(node URL, alias)`` from ``http://host:9200?alias=name``; the alias defaults to ``ggzy-notices``."""
    parts = urlsplit(url)
    alias = parse_qs(parts.query).get("alias", [DEFAULT_ALIAS])[0]
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", alias):
        raise IndexEngineError(f"alias must be lower-case letters, digits, '-', '_' or '.', not {alias!r}")
    return f"{parts.scheme}://{parts.netloc}", alias


def _engine_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Turn the client's failures into ``IndexEngineError`` naming the node."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (ApiError, TransportError, BulkIndexError) as error:
            owner = args[0]
            raise IndexEngineError(f"Elasticsearch at {getattr(owner, 'node', '?')} failed: {error}") from error

    return wrapper


class ElasticIndex(Index):
    """The Elasticsearch engine at ``url``; creates its alias and first index when they do not exist."""

    engine = "elasticsearch"

    def __init__(self, url: str) -> None:
        self.url = url
        self.node, self.alias = parse_url(url)
        self.seq_index = f"{self.alias}-seq"
        self.harvest_index = f"{self.alias}-harvest"
        self._harvest_ready = False
        self.client = Elasticsearch(self.node, request_timeout=60, retry_on_timeout=True, max_retries=3)
        self._ensure_index()

    # -- the alias and its indices -------------------------------------------------------------------

    def _new_name(self) -> str:
        return f"{self.alias}-v{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _create(self, name: str, *, with_alias: bool) -> None:
        body: dict[str, Any] = {
            "settings": notice_settings(),
            "mappings": mapping(choose_analyzer(self.client)),
        }
        if with_alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)
        self.client.cluster.health(index=name, wait_for_status="yellow", timeout="30s")

    def versions(self) -> list[str]:
        """Every versioned index of this alias, serving or not, oldest first."""
        found = self.client.indices.get(index=f"{self.alias}-v*", expand_wildcards="all", allow_no_indices=True)
        pattern = re.compile(re.escape(self.alias) + r"-v\d{20}")
        return sorted(name for name in found.body if pattern.fullmatch(name))

    def current(self) -> str:
        """The index the alias points at."""
        try:
            names = sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            raise IndexEngineError(f"alias {self.alias} does not exist at {self.node}") from None
        return names[0]

    @_engine_errors
    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_name()
            self._create(name, with_alias=True)
            # Two processes starting together may each create one: the oldest wins, the others step aside.
            serving = sorted(self.client.indices.get_alias(name=self.alias).body)
            if len(serving) > 1 and name != serving[0]:
                self.client.indices.delete(index=name)
            log.info("created alias=%s index=%s", self.alias, serving[0])
        else:
            self.client.indices.put_mapping(index=self.alias, properties=ADDED_FIELDS)

    @_engine_errors
    def drop(self) -> None:
        """Delete the alias, every index behind it or built for it, and the sequence counter."""
        names = set(self.versions())
        with contextlib.suppress(NotFoundError):
            names |= set(self.client.indices.get_alias(name=self.alias).body)
        for name in [*sorted(names), self.seq_index, self.harvest_index]:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        elastic_flags.drop(self.client, self.alias)
        log.info("dropped alias=%s indices=%d", self.alias, len(names))

    def close(self) -> None:
        self.client.close()

    # -- writing -------------------------------------------------------------------------------------

    @_engine_errors
    def upsert(self, notices: Iterable[Notice]) -> UpsertReport:
        report = UpsertReport()
        for batch in batches(notices, UPSERT_BATCH):
            report += write_batch(self.client, self.alias, self.seq_index, batch)
        self.client.indices.refresh(index=self.alias)
        log.debug(
            "upsert alias=%s inserted=%d updated=%d unchanged=%d",
            self.alias,
            report.inserted,
            report.updated,
            report.unchanged,
        )
        return report

    @_engine_errors
    def rebuild(self) -> None:
        """Fill a new versioned index from the current one, swap the alias and delete the old index (``current``
        then names the new one). On any failure the half-built index is deleted and the current one keeps serving.
        Notices written meanwhile would be missed: run it while no harvest writes (a rebuild that sees the count
        change gives up rather than lose them)."""
        old = self.current()
        new = self._new_name()
        self._create(new, with_alias=False)
        try:
            read, written = copy_notices(self.client, old, new)
            self.client.indices.refresh(index=old)
            stored = self.client.count(index=new)["count"]
            still = self.client.count(index=old)["count"]
            if not read == written == stored == still:
                raise IndexEngineError(
                    f"{old} changed during the rebuild (read {read}, wrote {written}, now {still}); run it again"
                )
            self.client.indices.update_aliases(
                actions=[
                    {"remove": {"index": old, "alias": self.alias}},
                    {"add": {"index": new, "alias": self.alias}},
                ]
            )
        except Exception as error:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            log.warning("rebuild failed alias=%s index=%s error=%s", self.alias, new, error)
            if isinstance(error, IndexEngineError):
                raise
            raise IndexEngineError(f"rebuild of {self.alias} failed, {old} still serves: {error}") from error
        self.client.indices.delete(index=old, ignore_unavailable=True)
        log.info("rebuilt alias=%s index=%s notices=%d", self.alias, new, written)

    # -- reading -------------------------------------------------------------------------------------

    @_engine_errors
    def get(self, notice_id: str) -> Notice | None:
        try:
            found = self.client.get(index=self.alias, id=notice_id, source_includes=["doc"])
        except NotFoundError:
            return None
        return Notice.from_dict(found["_source"]["doc"])

    @_engine_errors
    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    @_engine_errors
    def search(self, query: SearchQuery) -> SearchResult:
        return elastic_query.search(self.client, self.alias, query)

    def scan(self, query: SearchQuery) -> Iterator[Notice]:
        return elastic_query.scan(self.client, self.alias, query)

    @_engine_errors
    def modified_after(self, sequence: int, limit: int) -> tuple[list[Notice], int]:
        return elastic_query.modified_after(self.client, self.alias, sequence, limit)

    @_engine_errors
    def changes_head(self) -> str | None:
        return str(elastic_query.newest_change(self.client, self.alias))

    @_engine_errors
    def party_facts(
        self, codes: Sequence[str], *, published_by: date | None = None, latest: int = 0
    ) -> tuple[list[PartyRow], list[CodeSummary]]:
        return elastic_entity.party_facts(self.client, self.alias, codes, published_by, latest)

    def entity_codes(self) -> Iterator[str]:
        try:
            yield from elastic_entity.entity_codes(self.client, self.alias)
        except (ApiError, TransportError) as error:
            raise IndexEngineError(f"Elasticsearch at {self.node} failed: {error}") from error

    @_engine_errors
    def documents(self, ids: Sequence[str]) -> dict[str, Notice]:
        return elastic_entity.documents(self.client, self.alias, ids)

    @_engine_errors
    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityMatch]:
        return elastic_entity.find_entities(self.client, self.alias, name, limit, china_today())

    @_engine_errors
    def stats(self, *, today: date | None = None) -> IndexStats:
        return elastic_entity.stats(self.client, self.alias, today or china_today())

    @_engine_errors
    def status(self) -> dict[str, Any]:
        """Engine, URL, alias, serving index, analyzer, schema version, stored count and bytes on disk."""
        name = self.current()
        meta = self.client.indices.get_mapping(index=name).body[name]["mappings"].get("_meta", {})
        store = self.client.indices.stats(index=name, metric="store").body
        return {
            "engine": self.engine,
            "url": self.url,
            "alias": self.alias,
            "index": name,
            "analyzer": meta.get("analyzer"),
            "schema_version": meta.get("schema_version"),
            "schema_current": meta.get("schema_version") == SCHEMA_VERSION,
            "count": self.count(),
            "size": int(store["_all"]["primaries"]["store"]["size_in_bytes"]),
        }

    @_engine_errors
    def replace_flags(
        self,
        results: Iterable[FlagResult],
        version: str,
        *,
        today: date | None = None,
        basis: FlagBasis | None = None,
    ) -> int:
        return elastic_flags.replace(self.client, self.alias, results, version, today or china_today(), basis)

    @_engine_errors
    def replace_flags_of(
        self,
        notice_ids: Collection[str],
        results: Iterable[FlagResult],
        version: str,
        *,
        today: date | None = None,
        basis: FlagBasis,
    ) -> int:
        day = today or china_today()
        return elastic_flags.replace_of(self.client, self.alias, notice_ids, results, version, day, basis)

    @_engine_errors
    def flags_mark(self) -> FlagMark | None:
        return elastic_flags.mark(self.client, self.alias)

    @_engine_errors
    def flag_keys(self, notice_ids: Collection[str]) -> dict[str, set[str]]:
        return elastic_flags.keys(self.client, self.alias, notice_ids)

    @_engine_errors
    def flag_keyed(self, keys: Collection[str]) -> set[str]:
        return elastic_flags.keyed(self.client, self.alias, keys)

    @_engine_errors
    def select_flags(self, query: FlagQuery) -> list[StoredFlag]:
        return elastic_flags.flags(self.client, self.alias, query)

    def stream_flags(self, query: FlagQuery) -> Iterator[StoredFlag]:
        try:
            yield from elastic_flags.stream(self.client, self.alias, query)
        except (ApiError, TransportError) as error:
            raise IndexEngineError(f"Elasticsearch at {self.node} failed: {error}") from error

    @_engine_errors
    def flag_coverage(self, today: date | None = None) -> dict[str, dict[str, int]]:
        return elastic_flags.coverage(self.client, self.alias, today or china_today())

    # -- harvest state (``elastic_harvest``) -----------------------------------------------------------

    def _harvest(self) -> str:
        if not self._harvest_ready:
            elastic_harvest.ensure(self.client, self.harvest_index)
            self._harvest_ready = True
        return self.harvest_index

    @_engine_errors
    def committed_ids(self, centre: str, source_ids: Collection[str]) -> set[str]:
        return elastic_harvest.committed_ids(self.client, self._harvest(), centre, source_ids)

    @_engine_errors
    def mark_committed(self, centre: str, source_ids: Iterable[str]) -> None:
        elastic_harvest.mark_committed(self.client, self._harvest(), centre, source_ids)

    @_engine_errors
    def centre_record(self, centre: str) -> tuple[dict[str, Any], str | None]:
        return elastic_harvest.centre_record(self.client, self._harvest(), centre)

    @_engine_errors
    def put_centre_record(self, centre: str, record: dict[str, Any], version: str | None) -> bool:
        return elastic_harvest.put_centre_record(self.client, self._harvest(), centre, record, version)

    @_engine_errors
    def add_crawl_record(self, record: dict[str, Any]) -> None:
        elastic_harvest.add_crawl_record(self.client, self._harvest(), record)

    @_engine_errors
    def crawl_records(self, centre: str, *, limit: int = 20) -> list[dict[str, Any]]:
        return elastic_harvest.crawl_records(self.client, self._harvest(), centre, limit)

    @_engine_errors
    def harvested_centres(self) -> list[str]:
        return elastic_harvest.harvested_centres(self.client, self._harvest())
