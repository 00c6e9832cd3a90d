"""The index: one interface (``base.Index``), two engines, one query model (``query.SearchQuery``).

``open_index(url)`` picks the engine from one setting, ``GGZY_INDEX``:
``sqlite:///data/ggzy.db`` (relative, the default), ``sqlite:////abs/path/ggzy.db`` (absolute), or
``http://127.0.0.1:9200`` for Elasticsearch.
"""

from __future__ import annotations

import os

from ggzy.index.base import Index, IndexEngineError

DEFAULT_INDEX_URL = "sqlite:///data/ggzy.db"


def index_url() -> str:
    """The engine URL from ``GGZY_INDEX``, or the embedded default."""
    return os.environ.get("GGZY_INDEX") or DEFAULT_INDEX_URL


def open_index(url: str | None = None) -> Index:
    """Open the index at ``url`` (default: ``index_url()``); raise ``IndexEngineError`` for an unknown scheme."""
    url = url or index_url()
    if url.startswith("sqlite:///"):
        from ggzy.index.sqlite import SqliteIndex

        return SqliteIndex(url.removeprefix("sqlite:///"))
    if url.startswith(("http://", "https://")):
        from ggzy.index.elastic import ElasticIndex

        return ElasticIndex(url)
    raise IndexEngineError(f"GGZY_INDEX must start with sqlite:/// or http(s)://, not {url!r}")


__all__ = ["DEFAULT_INDEX_URL", "Index", "IndexEngineError", "index_url", "open_index"]
