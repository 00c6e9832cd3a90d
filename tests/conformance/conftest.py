"""The engines under test: every conformance test runs once per engine and must pass on both.

``index`` is an empty index for tests that write; ``loaded`` is one index per module and engine holding the
hand-built corpus (``corpus.py``), for tests that only read. The SQLite engine gets a fresh file; the
Elasticsearch engine gets a unique alias on the node at ``elastic_url`` and drops it afterwards.

An engine must show its writes to the next read: a search right after ``upsert`` returns sees them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ggzy.index.base import Index
from ggzy.index.sqlite import SqliteIndex
from tests.conformance.corpus import corpus

ENGINES = ["sqlite", pytest.param("elastic", marks=pytest.mark.elasticsearch)]


def open_engine(engine: str, request: pytest.FixtureRequest, folder: Path) -> Index:
    """A new, empty index of ``engine``."""
    if engine == "sqlite":
        return SqliteIndex(folder / "ggzy.db")
    elastic_url = request.getfixturevalue("elastic_url")
    from ggzy.index.elastic import ElasticIndex  # imported here: the SQLite half runs without it

    return ElasticIndex(f"{elastic_url}?alias=ggzy-test-{uuid.uuid4().hex[:12]}")


def dispose(index: Index) -> None:
    """Close the index; an Elasticsearch test index is deleted with its alias."""
    drop = getattr(index, "drop", None)
    if drop is not None:
        drop()
    index.close()


@pytest.fixture(params=ENGINES)
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Index]:
    opened = open_engine(request.param, request, tmp_path)
    yield opened
    dispose(opened)


@pytest.fixture(scope="module", params=ENGINES)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    opened = open_engine(request.param, request, tmp_path_factory.mktemp("conformance"))
    report = opened.upsert(corpus())
    assert (report.inserted, report.updated, report.unchanged) == (len(corpus()), 0, 0)
    yield opened
    dispose(opened)
