"""What only the Elasticsearch engine does: the versioned index behind its alias, rebuilds that swap it or
leave it alone, the analyzer chosen for Chinese text, writes retried while the node refuses them, and
modification numbers that several writers never share. Answers shared with SQLite are in tests/conformance."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from ggzy.index.base import IndexEngineError
from ggzy.index.elastic import ElasticIndex, parse_url
from ggzy.index.elastic_mapping import choose_analyzer, mapping, settings
from ggzy.index.elastic_write import bulk_write, write_action
from ggzy.index.query import SearchQuery, Sort
from ggzy.model import Kind, Notice, Party
from tests import factories

pytestmark = pytest.mark.elasticsearch


def make_notice(number: int, title: str = "市政道路工程招标公告", body: str = "") -> Notice:
    return factories.notice(
        "zj",
        str(number),
        title,
        id=f"test-{number:04d}",
        kind=Kind.TENDER,
        published=date(2024, 1, 1 + number % 28),
        region_code="330100",
        body_text=body or f"项目编号 ZJ-2024-{number:04d}，预算 {number} 万元。",
        amount=Decimal(number * 10_000),
        buyer=Party(name="杭州市城市建设发展中心", uscc="12330100470123456X"),
    )


@pytest.fixture
def index(elastic_url: str) -> Iterator[ElasticIndex]:
    engine = ElasticIndex(f"{elastic_url}?alias=ggzy-test-{uuid.uuid4().hex[:12]}")
    yield engine
    engine.drop()
    engine.close()


def ids(index: ElasticIndex, query: SearchQuery) -> list[str]:
    return [hit.notice.id for hit in index.search(query).hits]


def test_alias_names_a_versioned_index_and_drop_removes_everything(index: ElasticIndex) -> None:
    serving = index.current()
    assert serving.startswith(f"{index.alias}-v")
    assert index.versions() == [serving]
    index.drop()
    assert index.versions() == []
    assert not index.client.indices.exists(index=index.seq_index)


def test_url_names_the_alias() -> None:
    assert parse_url("http://127.0.0.1:9200") == ("http://127.0.0.1:9200", "ggzy-notices")
    assert parse_url("http://127.0.0.1:9200?alias=ggzy-test-a") == ("http://127.0.0.1:9200", "ggzy-test-a")
    with pytest.raises(IndexEngineError):
        parse_url("http://127.0.0.1:9200?alias=Capitals")


def test_rebuild_swaps_the_alias_and_keeps_every_notice(index: ElasticIndex) -> None:
    index.upsert(make_notice(n) for n in range(30))
    before = index.current()
    newest = ids(index, SearchQuery(sort=Sort.NEWEST, size=30))
    head = index.changes_head()

    index.rebuild()

    assert index.current() != before
    assert index.versions() == [index.current()]
    assert index.count() == 30
    assert ids(index, SearchQuery(sort=Sort.NEWEST, size=30)) == newest
    assert index.changes_head() == head
    assert index.upsert([make_notice(30)]).inserted == 1
    assert int(index.changes_head() or 0) == int(head or 0) + 1


def test_failed_rebuild_deletes_the_half_built_index_and_keeps_serving(index: ElasticIndex) -> None:
    index.upsert(make_notice(n) for n in range(20))
    before = index.current()
    # A stored document the rebuild cannot read back as a notice (its title is missing).
    index.client.index(
        index=index.alias,
        id="broken",
        document={"id": "broken", "modified_seq": 999, "doc": {"id": "broken", "centre": "zj"}},
        refresh=True,
    )

    with pytest.raises(IndexEngineError, match="rebuild"):
        index.rebuild()

    assert index.current() == before
    assert index.versions() == [before]
    assert index.search(SearchQuery(q="市政")).total == 20


def test_analyzer_is_chosen_from_the_node_and_chinese_words_match_as_phrases(index: ElasticIndex) -> None:
    analyzer = choose_analyzer(index.client)
    assert index.status()["analyzer"] == analyzer
    index.upsert(
        [
            make_notice(1, title="学校建设工程", body="新建教学楼"),
            make_notice(2, title="学校，建设工程", body="改造操场"),
            make_notice(3, title="建校工程", body="设计"),
        ]
    )
    assert sorted(ids(index, SearchQuery(q="学校"))) == ["test-0001", "test-0002"]
    assert ids(index, SearchQuery(q="校建")) == ["test-0001"]
    if analyzer == "standard":
        # One token per Han character: a single character is found too.
        assert sorted(ids(index, SearchQuery(q="校"))) == ["test-0001", "test-0002", "test-0003"]


def test_writes_refused_by_a_busy_node_are_retried_until_accepted(index: ElasticIndex) -> None:
    index.upsert([make_notice(0)])
    serving = index.current()
    blocked = {"index.blocks.read_only_allow_delete": True}
    index.client.indices.put_settings(index=serving, settings=blocked)
    released = threading.Event()

    def release() -> None:
        time.sleep(1.5)
        index.client.indices.put_settings(index=serving, settings={"index.blocks.read_only_allow_delete": None})
        released.set()

    thread = threading.Thread(target=release)
    thread.start()
    try:
        report = index.upsert(make_notice(n) for n in range(1, 11))
    finally:
        thread.join()
    assert released.is_set()
    assert report.inserted == 10
    assert index.count() == 11


def test_several_writers_never_share_a_modification_number(elastic_url: str, index: ElasticIndex) -> None:
    def write(first: int) -> None:
        engine = ElasticIndex(index.url)
        for start in range(first, first + 40, 5):
            engine.upsert(make_notice(n) for n in range(start, start + 5))
        engine.close()

    writers = [threading.Thread(target=write, args=(first,)) for first in (0, 100, 200)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    seen: list[str] = []
    cursor: str | None = None
    while True:
        batch, cursor = index.changes(cursor, limit=17)
        if not batch:
            break
        seen += [n.id for n in batch]
    assert len(seen) == len(set(seen)) == 120
    assert cursor == "120"


def test_upsert_reports_and_stamps_only_changed_notices(index: ElasticIndex) -> None:
    first = index.upsert(make_notice(n) for n in range(5))
    head = index.changes_head()
    again = index.upsert([make_notice(0), make_notice(1, title="市政道路工程招标公告（更正）")])
    assert (first.inserted, again.inserted, again.updated, again.unchanged) == (5, 0, 1, 1)
    changed, _cursor = index.changes(head)
    assert [n.id for n in changed] == ["test-0001"]
    stored = index.get("test-0001")
    assert stored is not None and stored.title.endswith("（更正）")


def test_a_slow_writers_older_change_never_replaces_a_newer_one(index: ElasticIndex) -> None:
    original = make_notice(1)
    index.upsert([original])
    stale = original.to_dict()
    index.upsert([make_notice(1, title="市政道路工程招标公告（第二次）")])
    # The first version arrives late, carrying the modification number it was given before the second.
    bulk_write(index.client, [write_action(index.alias, original, stale, modified_seq=1, inserted_seq=1)])
    index.client.indices.refresh(index=index.alias)
    stored = index.get("test-0001")
    assert stored is not None and stored.title.endswith("（第二次）")


def test_an_unreachable_node_is_an_engine_error_naming_it() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(IndexEngineError, match=f"127.0.0.1:{port}"):
        ElasticIndex(f"http://127.0.0.1:{port}")


def test_an_index_of_schema_three_keeps_taking_notices_until_it_is_rebuilt(elastic_url: str) -> None:
    """Schema 4 added ``public_from``; an older index gains the field when opened, so a harvest keeps working
    before ``ggzy index rebuild`` (the status says the schema is not current)."""
    alias = f"ggzy-test-{uuid.uuid4().hex[:12]}"
    older = ElasticIndex(f"{elastic_url}?alias={alias}")
    older.drop()
    old_mapping = mapping(choose_analyzer(older.client))
    del old_mapping["properties"]["public_from"]
    old_mapping["_meta"]["schema_version"] = 3
    older.client.indices.create(
        index=f"{alias}-v20250101000000000000", settings=settings(), mappings=old_mapping, aliases={alias: {}}
    )
    opened = ElasticIndex(f"{elastic_url}?alias={alias}")
    try:
        decided = date(2099, 1, 1)
        ahead = factories.penalty_notice("zj", "ahead", Party("某建设有限公司"), decided, decided_on=decided)
        assert opened.upsert([ahead]).inserted == 1
        assert opened.count() == 1 and opened.changes()[0] == []
        assert opened.status()["schema_current"] is False
    finally:
        opened.drop()
        opened.close()
        older.close()


def test_an_index_of_schema_four_finds_the_same_words_before_and_after_its_rebuild(elastic_url: str) -> None:
    """Schema 5 indexes pairs of neighbouring characters so a two-character word is one term; an index of schema 4
    (positions only) answers the same words until ``ggzy index rebuild`` brings it up to date."""
    alias = f"ggzy-test-{uuid.uuid4().hex[:12]}"
    older = ElasticIndex(f"{elastic_url}?alias={alias}")
    older.drop()
    old_mapping = mapping(choose_analyzer(older.client))
    for field in old_mapping["properties"].values():
        field.pop("index_phrases", None)
    old_mapping["_meta"]["schema_version"] = 4
    older.client.indices.create(
        index=f"{alias}-v20250101000000000000", settings=settings(), mappings=old_mapping, aliases={alias: {}}
    )
    opened = ElasticIndex(f"{elastic_url}?alias={alias}")
    words = ["工程", "建设工程", "校建", "学校建设", "设", "道路工程", "新建", '"市政道路" -学校']
    try:
        opened.upsert(
            [
                make_notice(1, body="新建学校，建设工程项目。"),
                make_notice(2, title="道路维修", body="学校建设"),
                make_notice(3, title="设备采购", body="工 程"),
            ]
        )
        before = {word: sorted(ids(opened, SearchQuery(q=word))) for word in words}
        assert opened.status()["schema_current"] is False
        opened.rebuild()
        assert opened.status()["schema_current"] is True
        assert {word: sorted(ids(opened, SearchQuery(q=word))) for word in words} == before
        assert before["工程"] == ["test-0001"]  # its title; not across "工 程" (notice 3)
        assert before["校建"] == before["学校建设"] == ["test-0002"]  # not across "学校，建设" (notice 1)
        assert before["设"] == ["test-0001", "test-0002", "test-0003"]
    finally:
        opened.drop()
        opened.close()
        older.close()
