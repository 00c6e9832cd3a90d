"""Both engines hold the same synthetic notices and must give the same answers to every reader: totals, facets,
pages in each sort order, highlights, entity profiles, name search, statistics, scans and the change log.
(Relevance ranks by each engine's own scoring, so only its set of hits is compared.)"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ggzy.demo.generator import synthetic_notices
from ggzy.index.elastic import ElasticIndex
from ggzy.index.query import FACETS, SearchQuery, Sort
from ggzy.index.sqlite import SqliteIndex
from ggzy.model import Notice

pytestmark = pytest.mark.elasticsearch

TODAY = date(2026, 11, 1)
PARAMS = [
    {"q": "工程"},
    {"q": "采购", "category": "procurement"},
    {"q": "医院 设备"},
    {"q": '"中标候选人公示"'},
    {"q": "处罚", "kind": "penalty"},
    {"q": "杭州", "region": "33"},
    {"kind": "award"},
    {"region": "3301"},
    {"from": "2024-01-01", "to": "2024-12-31", "kind": "tender,award"},
    {"amount_min": "1000000", "amount_max": "5000000"},
    {"q": "维修", "centre": "huzhou-ggzy"},
    {},
]


@pytest.fixture(scope="module")
def notices() -> list[Notice]:
    return list(synthetic_notices(2_000, seed=11))


@pytest.fixture(scope="module")
def engines(
    elastic_url: str, notices: list[Notice], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ElasticIndex, SqliteIndex]]:
    elastic = ElasticIndex(f"{elastic_url}?alias=ggzy-test-{uuid.uuid4().hex[:12]}")
    sqlite = SqliteIndex(Path(tmp_path_factory.mktemp("parity")) / "ggzy.db")
    for start in range(0, len(notices), 500):
        assert elastic.upsert(notices[start : start + 500]) == sqlite.upsert(notices[start : start + 500])
    yield elastic, sqlite
    elastic.drop()
    elastic.close()
    sqlite.close()


def ids(notices: Iterator[Notice] | list[Notice]) -> list[str]:
    return [n.id for n in notices]


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_searches_agree_in_every_sort_order(engines: tuple[ElasticIndex, SqliteIndex], params: dict[str, str]) -> None:
    elastic, sqlite = engines
    base = replace(SearchQuery.from_params(params), today=TODAY, facets=FACETS, size=30)
    for sort in Sort:
        query = replace(base, sort=sort)
        ours, theirs = elastic.search(query), sqlite.search(query)
        assert ours.total == theirs.total
        assert ours.facets == theirs.facets
        if query.effective_sort is Sort.RELEVANCE:
            if ours.total <= query.size:
                assert sorted(ids(h.notice for h in ours.hits)) == sorted(ids(h.notice for h in theirs.hits))
            continue
        assert ids(h.notice for h in ours.hits) == ids(h.notice for h in theirs.hits)
        assert [h.highlights for h in ours.hits] == [h.highlights for h in theirs.hits]
        if ours.next_cursor:
            following = replace(query, cursor=ours.next_cursor), replace(query, cursor=theirs.next_cursor)
            assert ids(h.notice for h in elastic.search(following[0]).hits) == ids(
                h.notice for h in sqlite.search(following[1]).hits
            )
    assert ids(elastic.scan(base)) == ids(sqlite.scan(base))


def test_entities_agree(engines: tuple[ElasticIndex, SqliteIndex], notices: list[Notice]) -> None:
    elastic, sqlite = engines
    codes = sorted({code for n in notices for code in n.usccs()})
    for uscc in random.Random(11).sample(codes, 60):
        assert elastic.entity(uscc, today=TODAY) == sqlite.entity(uscc, today=TODAY)
    assert elastic.entity("91330000000000000X", today=TODAY) is None
    for name in ("建设", "有限公司", "医院", "杭州市", "(", "没有这样的公司"):
        assert elastic.find_entities(name) == sqlite.find_entities(name)


def test_statistics_and_change_log_agree(engines: tuple[ElasticIndex, SqliteIndex]) -> None:
    elastic, sqlite = engines
    assert elastic.stats(today=TODAY) == sqlite.stats(today=TODAY)
    assert elastic.count() == sqlite.count()
    ours: str | None = None
    theirs: str | None = None
    while True:
        (mine, ours), (other, theirs) = elastic.changes(ours, limit=700), sqlite.changes(theirs, limit=700)
        assert ids(mine) == ids(other)
        assert ours == theirs
        if not mine:
            break
    assert elastic.changes_head() == sqlite.changes_head()
