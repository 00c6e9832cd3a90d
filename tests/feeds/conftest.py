"""Fixtures for the feed tests: real companies → the world → an index → the app → a client."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_app
from tests.feeds.world import World, build_world, registrations


@pytest.fixture(scope="session")
def companies(shared_data: Path) -> list[tuple[str, str]]:
    return registrations(shared_data)


@pytest.fixture(scope="session")
def world(companies: list[tuple[str, str]]) -> World:
    return build_world(companies)


@pytest.fixture(scope="module")
def app(world: World, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_app(tmp_path_factory.mktemp("feeds") / "ggzy.db", world.notices)
