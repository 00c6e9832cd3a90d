"""The harvest-state primitives: committed source ids, the centre record's compare-and-set, crawl records."""

from __future__ import annotations

from ggzy.index.base import Index


def test_committed_ids_answer_only_for_the_centre_and_ids_asked(index: Index) -> None:
    assert index.committed_ids("huzhou-ggzy", ["A", "B"]) == set()
    index.mark_committed("huzhou-ggzy", ["A", "B", "https://example.cn/jyxx/3.html"])
    index.mark_committed("huzhou-ggzy", ["B"])  # again: nothing changes
    assert index.committed_ids("huzhou-ggzy", ["A", "C", "https://example.cn/jyxx/3.html"]) == {
        "A",
        "https://example.cn/jyxx/3.html",
    }
    assert index.committed_ids("ganzhou-ggzy", ["A", "B"]) == set()
    many = [f"id-{n}" for n in range(1200)]
    index.mark_committed("ganzhou-ggzy", many)
    assert index.committed_ids("ganzhou-ggzy", [*many, "other"]) == set(many)


def test_a_centre_record_changes_only_from_the_version_read(index: Index) -> None:
    assert index.centre_record("huzhou-ggzy") == ({}, None)
    assert index.put_centre_record("huzhou-ggzy", {"newest": "2026-03-01"}, None)
    assert not index.put_centre_record("huzhou-ggzy", {"newest": "2026-01-01"}, None)  # it exists now
    record, version = index.centre_record("huzhou-ggzy")
    assert record == {"newest": "2026-03-01"}
    assert index.put_centre_record("huzhou-ggzy", {"newest": "2026-03-02"}, version)
    assert not index.put_centre_record("huzhou-ggzy", {"newest": "2026-02-01"}, version)  # a stale version
    assert index.centre_record("huzhou-ggzy")[0] == {"newest": "2026-03-02"}
    assert index.harvested_centres() == ["huzhou-ggzy"]


def test_crawl_records_come_back_newest_first_per_centre(index: Index) -> None:
    for crawl, finished in (("c1", "2026-03-01T02:00:00"), ("c3", "2026-03-03T02:00:00"), ("c2", "2026-03-02T02:00")):
        index.add_crawl_record({"crawl_id": crawl, "centre": "huzhou-ggzy", "finished": finished, "pages": 3})
    index.add_crawl_record({"crawl_id": "c3", "centre": "huzhou-ggzy", "finished": "2026-03-03T02:00:00", "pages": 9})
    index.add_crawl_record({"crawl_id": "c3", "centre": "chengdu-ggzy", "finished": "2026-03-03T02:00:00"})
    found = index.crawl_records("huzhou-ggzy", limit=2)
    assert [(r["crawl_id"], r["pages"]) for r in found] == [("c3", 9), ("c2", 3)]
    assert index.harvested_centres() == ["chengdu-ggzy", "huzhou-ggzy"]
    assert index.count() == 0  # the state is no notice
