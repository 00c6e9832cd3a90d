"""The feeds as a journalist's reader sees them: valid documents, newest first, stable guids, cheap re-polls."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

import feedparser
import pytest

from ggzy.model import Kind
from tests.factories import SITE_URL, make_app
from tests.feeds.world import HOSTILE_TITLE, PERSON_ID, World

FEED_PATHS = [
    "/feeds/search.rss",
    "/feeds/search.atom?q=办公设备&kind=award",
    "/feeds/centre/hunan-hnsggzy.rss",
    "/feeds/centre/huzhou-ggzy.atom",
    "/feeds/region/37.rss",
    "/feeds/region/330502.atom",
    "/feeds/kind/penalty.rss",
    "/feeds/kind/award.atom?region=43",
]


def parse(client, path: str, status: int = 200):  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


def entity_paths(world: World) -> list[str]:
    code = world.winner.uscc
    return [f"/feeds/entity/{code}.rss", f"/feeds/entity/{code}.atom", f"/feeds/watchlist.atom?uscc={code}"]


@pytest.mark.parametrize("path", FEED_PATHS)
def test_every_feed_is_valid_newest_first_and_in_china_time(client, path: str) -> None:
    response, parsed = parse(client, path)
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.mimetype == ("application/rss+xml" if ".rss" in path else "application/atom+xml")
    assert parsed.entries
    published = [calendar.timegm(e.published_parsed) for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    raw = response.get_data(as_text=True)
    stamps = re.findall(r"<pubDate>([^<]+)</pubDate>", raw) or re.findall(r"<published>([^<]+)</published>", raw)
    assert len(stamps) == len(parsed.entries)
    assert all(s.endswith(("+0800", "+08:00")) for s in stamps)


def test_entity_and_watchlist_feeds_name_the_company(client, world: World) -> None:
    for path in entity_paths(world):
        _, parsed = parse(client, path)
        titles = [e.title for e in parsed.entries]
        assert any(t.startswith("[行政处罚/不良行为]") for t in titles)
        assert any(t.startswith("[中标/成交结果]") for t in titles)
        assert all(world.winner.uscc in (e.get("summary") or "") for e in parsed.entries)


def test_watchlist_covers_every_code_it_lists(client, world: World) -> None:
    codes = [world.winner.uscc, world.buyer.uscc]
    _, parsed = parse(client, "/feeds/watchlist.atom?limit=200&" + "&".join(f"uscc={c}" for c in codes))
    expected = {
        f"{SITE_URL}/notice/{n.id}"
        for n in world.notices
        if set(codes) & set(n.usccs()) and n.id not in world.withdrawn_ids
    }
    assert {e.id for e in parsed.entries} == expected
    _, comma = parse(client, "/feeds/watchlist.atom?limit=200&uscc=" + ",".join(codes))
    assert [e.id for e in comma.entries] == [e.id for e in parsed.entries]


def test_an_item_says_what_when_where_and_who(client, world: World) -> None:
    award = next(n for n in world.notices if n.kind is Kind.AWARD and n.centre == "hunan-hnsggzy")
    _, parsed = parse(client, "/feeds/centre/hunan-hnsggzy.rss?kind=award&limit=200")
    item = next(e for e in parsed.entries if e.id == award.id)
    assert item.title == f"[中标/成交结果] {award.title} — 湖南省公共资源交易服务平台"
    assert item.link == f"{SITE_URL}/notice/{award.id}"
    assert item.guidislink is False
    assert award.buyer is not None and award.buyer.name in item.summary
    assert award.winners[0].name in item.summary
    assert "湖南省长沙市" in item.summary and "元" in item.summary
    assert {t.term for t in item.tags} == {
        "中标/成交结果",
        "政府采购" if award.category.value == "procurement" else "工程建设",
        "湖南省",
    }
    assert item.published == f"{award.published:%a, %d %b %Y} 00:00:00 +0800"
    _, atom = parse(client, "/feeds/centre/hunan-hnsggzy.atom?kind=award&limit=200")
    entry = next(e for e in atom.entries if e.id == f"{SITE_URL}/notice/{award.id}")
    assert entry.published == f"{award.published}T00:00:00+08:00"
    assert award.source_url in [link.href for link in entry.links]


def test_default_and_requested_limits(world: World, tmp_path) -> None:
    client = make_app(tmp_path / "ggzy.db", world.notices, FEED_LIMIT=5).test_client()
    assert len(parse(client, "/feeds/search.atom")[1].entries) == 5
    assert len(parse(client, "/feeds/search.atom?limit=3")[1].entries) == 3
    assert len(parse(client, "/feeds/search.atom?limit=200")[1].entries) == len(world.notices) - 1
    refused = client.get("/feeds/search.atom?limit=201")
    assert refused.status_code == 400 and refused.json is not None
    assert (
        refused.json["param"] == "limit" and "（limit）" in refused.json["detail"] and "size" not in str(refused.json)
    )


def test_withdrawn_penalties_never_appear(client, world: World) -> None:
    paths = [
        "/feeds/kind/penalty.atom?limit=200",
        f"/feeds/entity/{world.repaired.uscc}.atom",
        f"/feeds/watchlist.rss?uscc={world.repaired.uscc}",
        "/feeds/search.rss?limit=200",
    ]
    for path in paths:
        response, _ = parse(client, path)
        for withdrawn in world.withdrawn_ids:
            assert withdrawn not in response.get_data(as_text=True)
    assert parse(client, f"/feeds/entity/{world.repaired.uscc}.atom")[1].entries == []


def test_hostile_titles_are_escaped_and_the_feed_stays_valid(client, world: World) -> None:
    for fmt in ("rss", "atom"):
        response, parsed = parse(client, f"/feeds/centre/hunan-hnsggzy.{fmt}?limit=200")
        raw = response.get_data(as_text=True)
        assert "<script>" not in raw and "&lt;script&gt;" in raw
        assert "\x01" not in raw and "\x02" not in raw
        hostile = [e for e in parsed.entries if "alert" in e.title]
        assert len(hostile) == 1
        assert len(hostile[0].title) <= 300 < len(HOSTILE_TITLE)


def test_no_personal_id_number_in_any_feed(client) -> None:
    for fmt in ("rss", "atom"):
        response, parsed = parse(client, f"/feeds/kind/penalty.{fmt}")
        assert PERSON_ID not in response.get_data(as_text=True)
        assert any("张三" in e.title for e in parsed.entries)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_conditional_get_answers_304(client, fmt: str) -> None:
    path = f"/feeds/kind/award.{fmt}"
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    by_etag = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == first.headers["ETag"]
    assert by_etag.headers["Cache-Control"] == "public, max-age=300"
    by_date = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304
    stale = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200
    older = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200


def test_guids_survive_a_reharvest_and_changes_show(world: World, tmp_path) -> None:
    app = make_app(tmp_path / "ggzy.db", world.notices)
    client = app.test_client()
    before_rss = parse(client, "/feeds/search.rss?limit=200")
    before_atom = parse(client, "/feeds/search.atom?limit=200")[1]
    changed = [replace(n, title=n.title + "（更正）") for n in world.notices if n.kind is Kind.AWARD]
    for notice in changed:
        notice.content_hash = notice.compute_content_hash()
    from ggzy.index import open_index

    with open_index(app.config["INDEX"]) as index:
        report = index.upsert([*changed, *world.notices[1::2]])
    assert report.updated == len(changed) and report.inserted == 0
    after_rss = parse(client, "/feeds/search.rss?limit=200")
    after_atom = parse(client, "/feeds/search.atom?limit=200")[1]
    assert [e.id for e in after_rss[1].entries] == [e.id for e in before_rss[1].entries]
    assert [e.id for e in after_atom.entries] == [e.id for e in before_atom.entries]
    assert sum("（更正）" in e.title for e in after_rss[1].entries) == len(changed)
    again = client.get("/feeds/search.rss?limit=200", headers={"If-None-Match": before_rss[0].headers["ETag"]})
    assert again.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/kind/bogus.rss",
        "/feeds/region/zhejiang.atom",
        "/feeds/search.rss?from=yesterday",
        "/feeds/search.atom?sort=random",
        "/feeds/search.atom?limit=0",
        "/feeds/entity/91370783165683479X.atom",
        "/feeds/entity/not-a-code.rss",
        "/feeds/watchlist.atom",
        "/feeds/watchlist.atom?uscc=91370783165683479K&uscc=123",
        "/feeds/centre/..%2Fetc.atom",
    ],
)
def test_bad_parameters_are_a_plain_400(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404), response.get_data(as_text=True)
    if response.status_code == 400:
        assert response.mimetype == "application/problem+json"
        assert response.json["detail"]


def test_an_invalid_code_names_the_expected_check_character(client) -> None:
    response = client.get("/feeds/entity/91370783165683479X.atom")
    assert response.status_code == 400
    assert response.json["expected_check_character"] == "K"
    assert response.json["suggestion"] == "91370783165683479K"


def test_a_watch_list_holds_at_most_200_codes(client, companies) -> None:
    codes = [code for _, code in companies[:201]]
    assert client.get("/feeds/watchlist.atom?" + "&".join(f"uscc={c}" for c in codes[:200])).status_code == 200
    response = client.get("/feeds/watchlist.atom?uscc=" + ",".join(codes))
    assert response.status_code == 400
    assert "200" in response.json["detail"]


def test_unknown_feed_format_is_not_found(client) -> None:
    assert client.get("/feeds/search.json").status_code == 404


def test_undated_feed_keeps_a_stable_date(client) -> None:
    first = client.get("/feeds/search.atom?q=没有这样的公告")
    second = client.get("/feeds/search.atom?q=没有这样的公告")
    assert first.headers["ETag"] == second.headers["ETag"]
    assert feedparser.parse(first.data).feed.updated.startswith("2000-01-01")


def test_atom_entries_link_the_portal_page_as_alternate_and_the_source_as_via(client, world: World) -> None:
    from lxml import etree

    response = client.get("/feeds/search.atom?limit=200")
    root = etree.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}title").endswith("— 公共资源交易公开数据")
    assert root.findtext(f"{atom}author/{atom}name") == "公共资源交易公开数据"
    entries = root.findall(f"{atom}entry")
    assert entries
    by_id = {n.id: n for n in world.notices}
    for entry in entries:
        links = entry.findall(f"{atom}link")
        alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("type") == "text/html"
        notice = by_id[alternate[0].get("href").rsplit("/notice/", 1)[1]]
        assert alternate[0].get("href") == f"{SITE_URL}/notice/{notice.id}"
        via = [link.get("href") for link in links if link.get("rel") == "via"]
        assert via == ([notice.source_url] if notice.source_url.startswith("http") else [])
    parsed = feedparser.parse(response.data)
    assert all(entry.link.startswith(f"{SITE_URL}/notice/") for entry in parsed.entries)
