"""Each demo family serves the world's notices in the shapes (and encodings) of the real centres."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import ckanapi
import feedparser
import pytest

from ggzy.demo import DemoCentres
from ggzy.demo.centres import CENTRES
from ggzy.demo.penalties import XZCF_COLUMNS
from tests.demo.client import Answer, fetch


def national_records(demo: DemoCentres, form: dict[str, str]) -> tuple[list[dict], int]:
    url = demo.centres["ggzy-gov-cn"].base_url + "/information/pubTradingInfo/getTradList"
    records: list[dict] = []
    page, total = 1, 0
    while True:
        answer = fetch(url, data=urllib.parse.urlencode({**form, "PAGENUMBER": str(page)}).encode())
        data = json.loads(answer.body)
        assert data["code"] == 200
        records += data["data"]["records"]
        total = data["data"]["total"]
        if page >= data["data"]["pages"]:
            return records, total
        page += 1


def test_national_list_api_pages_filters_and_links_its_pages(demo: DemoCentres) -> None:
    published = demo.world.at("ggzy-gov-cn")
    records, total = national_records(demo, {})
    assert total == len(published) == len(records)
    assert len({r["id"] for r in records}) == total
    assert [r["publishTime"] for r in records] == sorted((r["publishTime"] for r in records), reverse=True)
    zhejiang, _ = national_records(demo, {"DEAL_PROVINCE": "330000", "DEAL_STAGE": "0200"})
    assert zhejiang and all(r["province"] == "330000" and r["informationType"][:2] == "02" for r in zhejiang)
    json_body = json.dumps({"province": "430000", "pageNo": 1}).encode()
    by_json = fetch(records and demo.centres["ggzy-gov-cn"].base_url + "/information/pubTradingInfo/getTradList",
                    data=json_body, headers={"Content-Type": "application/json"})  # fmt: skip
    assert all(r["province"] == "430000" for r in json.loads(by_json.body)["data"]["records"])

    republished = next(r for r in records if r["transactionSourcesPlatformText"] == "湖州市公共资源交易网")
    outer = fetch(demo.centres["ggzy-gov-cn"].base_url + republished["url"]).body.decode()
    assert republished["title"] in outer and 'id="platformName">湖州市公共资源交易网<' in outer
    inner_path = re.search(r"firstLastUrl = '([^']+)'", outer).group(1)
    inner = fetch(demo.base_url + inner_path).body.decode()
    original = re.search(r'id="originalUrl" href="([^"]+)"', inner).group(1)
    assert fetch(original).status == 200
    notice = next(n for n in demo.world.notices if n.source_url == original)
    assert notice.title == republished["title"] and notice.also_published[0].source_id == republished["id"]


def test_provincial_api_returns_whole_word_notices(demo: DemoCentres) -> None:
    base = demo.centres["hunan-hnsggzy"].base_url + "/tradeApi/bulletin/noticeList"
    seen = []
    for page in range(1, 50):
        data = json.loads(fetch(f"{base}?pageNum={page}&pageSize=7").body)
        assert data["success"] and data["code"] == 200
        if not data["data"]["noticeList"]:
            break
        seen += data["data"]["noticeList"]
    truth = [n for n in demo.world.notices if n.centre == "hunan-hnsggzy"]
    assert sorted(r["id"] for r in seen) == sorted(n.source_id for n in truth)
    first = seen[0]
    assert "<p class=MsoNormal" in first["noticeContent"] and "<span style=" in first["noticeContent"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", first["noticeSendTime"])
    tenders = [r for r in seen if r["bulletinType"] == "ZHAOBIAO_NOTICE"]
    assert tenders and all(r["bidDocReferEndTime"] for r in tenders)


def test_classic_sites_are_gbk_declared_only_in_the_page(demo: DemoCentres) -> None:
    for centre, first_list, declaration in (
        ("huzhou-ggzy", "/jyxx/list_1.html", b'content="text/html; charset=gbk"'),
        ("ganzhou-ggzy", "/jyxx/zfcg/index.html?page=1", b'<meta charset="gb2312">'),
    ):
        answer = fetch(demo.centres[centre].base_url + first_list)
        assert answer.headers["Content-Type"] == "text/html"
        assert declaration in answer.body
        text = answer.body.decode("gbk")
        assert "公告" in text or "公示" in text
        try:
            answer.body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError("a GBK page decoded as UTF-8")
        link = re.search(r'<a href="(/[^"]+\.html)"', text).group(1)
        detail = fetch(demo.base_url + link)
        assert detail.headers["Content-Type"] == "text/html" and declaration in detail.body
        assert detail.body.decode("gbk").count("<table") + detail.body.decode("gbk").count("<p>") > 0


def test_classic_list_pages_cover_every_notice(demo: DemoCentres) -> None:
    base = demo.centres["huzhou-ggzy"].base_url
    text = fetch(base + "/jyxx/list_1.html").body.decode("gbk")
    pages = int(re.search(r"共(\d+)页", text).group(1))
    links = set()
    for page in range(1, pages + 1):
        links |= set(
            re.findall(r'href="(/huzhou/art/[^"]+)"', fetch(f"{base}/jyxx/list_{page}.html").body.decode("gbk"))
        )
    assert {p.path for p in demo.world.at("huzhou-ggzy")} == links


def test_rss_feed_pages_through_every_notice(demo: DemoCentres) -> None:
    url = demo.centres["chengdu-ggzy"].base_url + "/rss.xml"
    links = []
    while url:
        answer = fetch(url)
        assert answer.headers["Content-Type"].startswith("application/rss+xml")
        feed = feedparser.parse(answer.body)
        assert not feed.bozo
        links += [entry.link for entry in feed.entries]
        url = next((link.href for link in feed.feed.get("links", []) if link.rel == "next"), None)
    truth = {n.source_url for n in demo.world.notices if n.centre == "chengdu-ggzy"}
    assert set(links) == truth and len(links) == len(truth)
    page = fetch(links[0])
    assert page.status == 200 and b'<meta charset="utf-8">' in page.body


def test_credit_site_table_and_csv_carry_the_standard_items(demo: DemoCentres) -> None:
    base = demo.centres["huzhou-credit"].base_url
    answer = fetch(base + "/xzcf/download.csv")
    assert answer.body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == XZCF_COLUMNS
    truth = [
        n
        for n in demo.world.notices
        if n.centre == "huzhou-credit" and n.source_id in {r["行政处罚决定书文号"] for r in rows}
    ]
    assert len(truth) == len(rows)
    people = [r for r in rows if r["行政相对人类别"] == "自然人"]
    assert all(re.fullmatch(r"\d{17}[\dX]", r["证件号码"]) and not r["统一社会信用代码"] for r in people)
    html = fetch(base + "/xzcf/list?page=1").body.decode()
    assert "<th>行政处罚决定书文号</th>" in html and "<th>公示截止期</th>" in html
    sxmd = list(csv.DictReader(io.StringIO(fetch(base + "/sxmd/download.csv").body.decode("utf-8-sig"))))
    assert sxmd and "严重违法失信行为的具体情形" in sxmd[0]


def test_ckan_portal_answers_ckanapi_and_serves_its_csvs(demo: DemoCentres) -> None:
    portal = ckanapi.RemoteCKAN(demo.centres["shenzhen-opendata"].base_url)
    names = portal.action.package_list()
    found = portal.action.package_search(q="行政处罚", rows=100)
    assert found["count"] == len(names) > 0
    dataset = portal.action.package_show(id=names[0])
    (resource,) = dataset["resources"]
    assert resource["format"] == "CSV"
    rows = list(csv.DictReader(io.StringIO(fetch(resource["url"]).body.decode("utf-8-sig"))))
    assert rows and tuple(rows[0]) == XZCF_COLUMNS
    total = sum(
        len(
            list(
                csv.reader(
                    io.StringIO(fetch(portal.action.package_show(id=n)["resources"][0]["url"]).body.decode("utf-8-sig"))
                )
            )
        )
        - 1
        for n in names
    )
    assert total == len([n for n in demo.world.notices if n.centre == "shenzhen-opendata"])
    try:
        portal.action.package_show(id="no-such-dataset")
    except ckanapi.NotFound:
        pass
    else:
        raise AssertionError("unknown dataset found")


def test_pages_answer_conditional_requests(demo: DemoCentres) -> None:
    url = demo.world.at("huzhou-ggzy")[0].notice.source_url
    first = fetch(url)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert fetch(url, headers={"If-None-Match": first.headers["ETag"]}).status == 304
    assert fetch(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status == 304


def test_registry_rows_point_at_serving_centres(demo: DemoCentres) -> None:
    rows = json.loads(fetch(demo.base_url + "/centres.json").body)
    assert {r["id"] for r in rows} == set(demo.centres)
    for row in rows:
        assert row["base_url"].startswith(demo.base_url) and row["family"] and row["spider"]


def declared_encoding(answer: Answer) -> str:
    """The charset a page declares: the HTTP header's, else its own meta tag's (gb2312 read as GBK)."""
    header = re.search(r"charset=([\w-]+)", answer.headers.get("Content-Type", ""), re.I)
    meta = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", answer.body[:2048], re.I)
    name = header.group(1) if header else meta.group(1).decode() if meta else "utf-8"
    return "gbk" if name.lower() in ("gb2312", "gbk") else name


@pytest.mark.parametrize("centre", [c.id for c in CENTRES])
def test_every_family_serves_pages_in_the_encoding_it_declares(demo: DemoCentres, centre: str) -> None:
    pub = demo.world.at(centre)[0]
    answer = fetch(demo.base_url + pub.path)
    assert answer.status == 200
    text = answer.body.decode(declared_encoding(answer))
    expected = pub.record.source_id if pub.record else pub.title
    assert expected in text
