"""Fixtures every test folder may use: the real services, the rule that CI never skips for want of one, and the
layers every web test stands on.

A test that needs Elasticsearch or Chromium asks for ``elastic_url`` or ``chromium_path``. On a laptop without
the service it is skipped; with ``CI=true`` it fails instead.

The layers: a folder's ``world`` (notices built with ``tests.factories``) → its ``app`` (``factories.make_app``
over an index holding the world) → ``client`` here, which every folder shares.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def missing_service(reason: str) -> None:
    """Skip the test, or fail it under CI, where every service must be present."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: services are required, not skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real captures in ../shared/data."""
    if not SHARED_DATA.is_dir():
        missing_service(f"real captures not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def elastic_url() -> str:
    """A running Elasticsearch node (``scripts/elasticsearch.sh start``), from GGZY_ES_URL."""
    url = os.environ.get("GGZY_ES_URL", "http://127.0.0.1:9200")
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=5) as response:
            response.read()
    except OSError as error:
        missing_service(f"Elasticsearch is not running at {url}: {error}")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium (``scripts/browser.sh``)."""
    path = os.environ.get("GGZY_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing_service("chromium is not installed (make install-browser)")
    assert path is not None
    return path


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the folder's ``app``."""
    return app.test_client()
