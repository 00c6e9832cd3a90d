"""The Hunan trade API spider on the real captured response, its callback called directly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from scrapy import Request
from scrapy.http import TextResponse

from ggzy.centres import load_registry
from ggzy.harvesters.extract.records import notices_from_bytes
from ggzy.harvesters.spiders.hunan_hnsggzy import HunanHnsggzy
from ggzy.model import Category, Kind, Notice, make_notice_id


def parse(shared_data: Path, **arguments: str) -> list[object]:
    spider = HunanHnsggzy(source=load_registry().get("hunan-hnsggzy"), **arguments)
    request = spider.list_request(1)
    body = (shared_data / "hunan-hnsggzy" / "tmp.json").read_bytes()
    return list(spider.parse_list(TextResponse(request.url, body=body, request=request), page=1))


def test_the_list_carries_the_whole_tender_notice(shared_data: Path) -> None:
    notice, next_page = parse(shared_data)
    assert isinstance(notice, Notice)
    record_id = "a7eb3e02-d0d6-483c-b0d9-ce63d49bc2acf436bd1b-092f-437b-9230-f4bef8614daf"
    assert notice.id == make_notice_id("hunan-hnsggzy", record_id)
    assert notice.title == "永定区阳湖坪黄家铺学校改扩建项目(张家界市专门学校建设项目)招标公告"
    assert notice.kind is Kind.TENDER
    assert notice.category is Category.ENGINEERING
    assert notice.published == date(2025, 5, 27)
    assert notice.deadline == datetime(2025, 6, 17, 9, 0)
    assert notice.buyer is not None and notice.buyer.name == "张家界市永定区阳湖坪黄家铺学校"
    assert notice.agency is not None and notice.agency.name == "湖南宸誉工程项目管理有限公司"
    assert notice.region_code == "430800"  # 张家界市, refined from the platform's 湖南省
    assert "招标条件" in notice.body_text
    assert notice.source_url == (
        "https://www.hnsggzy.com/#/resources/transactionDetail/construction?t=GC"
        "&id=329afdc3-0343-4d91-9855-ced4fd276a62&bidSectionId=f436bd1b-092f-437b-9230-f4bef8614daf"
        f"&noticeId={record_id}"
    )
    assert isinstance(next_page, Request) and next_page.url.endswith("pageNum=2")


def test_a_date_window_skips_the_record_and_stops_paging(shared_data: Path) -> None:
    assert parse(shared_data, from_date="2025-06-01") == []


def test_ggzy_extract_and_a_harvest_give_the_same_notice(shared_data: Path) -> None:
    """One mapping of the record: the fields ``ggzy extract`` reads are the ones the harvest stores."""
    harvested, _ = parse(shared_data)
    assert isinstance(harvested, Notice)
    (extracted,) = notices_from_bytes((shared_data / "hunan-hnsggzy" / "tmp.json").read_bytes(), source="tmp.json")
    same = ("id", "title", "kind", "category", "published", "deadline", "region_code", "project_code", "buyer",
            "agency", "winners", "amount", "budget", "body_text")  # fmt: skip
    assert {f: getattr(extracted, f) for f in same} == {f: getattr(harvested, f) for f in same}
