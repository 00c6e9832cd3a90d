"""The national platform's spider on real captured responses: callbacks called directly on fixture bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scrapy import FormRequest, Request
from scrapy.http import HtmlResponse, TextResponse

from ggzy.centres import load_registry
from ggzy.harvesters.extract.records import national_record_notice
from ggzy.harvesters.pipelines import Republication
from ggzy.harvesters.spiders.ggzy_gov_cn import GgzyGovCn
from ggzy.model import Kind

BASE = "https://www.ggzy.gov.cn"
OUTER = f"{BASE}/information/deal/html/a/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"


@pytest.fixture
def spider() -> GgzyGovCn:
    return GgzyGovCn(source=load_registry().get("ggzy-gov-cn"), until_date="2026-03-17")


@pytest.fixture
def captures(shared_data: Path) -> Path:
    return shared_data / "ggzy-gov-cn"


def test_list_request_posts_the_search_form(spider: GgzyGovCn) -> None:
    request = spider.list_request(2)
    assert isinstance(request, FormRequest)
    assert request.method == "POST"
    assert request.url == f"{BASE}/information/pubTradingInfo/getTradList"
    body = request.body.decode()
    assert "PAGENUMBER=2" in body
    assert "TIMEEND=2026-03-17" in body
    assert "TIMEBEGIN=2026-03-08" in body


def test_list_page_follows_every_record_and_the_next_page(spider: GgzyGovCn, captures: Path) -> None:
    request = spider.list_request(1)
    response = TextResponse(
        request.url, body=(captures / "api_sample.json").read_bytes(), request=request, encoding="utf-8"
    )
    out = list(spider.parse_list(response, page=1))
    details = [r for r in out if isinstance(r, Request) and r.callback == spider.parse_outer]
    assert len(details) == 20
    assert details[0].url == OUTER
    assert details[0].cb_kwargs["record"]["transactionSourcesPlatformText"] == "湖州市公共资源交易网"
    next_pages = [r for r in out if isinstance(r, FormRequest)]
    assert [r.cb_kwargs["page"] for r in next_pages] == [2]


def test_sample_limits_the_records_followed(captures: Path) -> None:
    spider = GgzyGovCn(source=load_registry().get("ggzy-gov-cn"), sample="3")
    request = spider.list_request(1)
    response = TextResponse(request.url, body=(captures / "api_sample.json").read_bytes(), request=request)
    out = list(spider.parse_list(response, page=1))
    assert len(out) == 3  # three detail pages and no next page


def test_outer_and_inner_pages_give_the_contract_notice(spider: GgzyGovCn, captures: Path) -> None:
    import json

    record = json.loads((captures / "api_sample.json").read_text(encoding="utf-8"))["data"]["records"][0]
    outer = HtmlResponse(OUTER, body=(captures / "detail_sample.html").read_bytes())
    (inner_request,) = spider.parse_outer(outer, record=record)
    assert inner_request.url == OUTER.replace("/html/a/", "/html/b/")
    assert inner_request.cb_kwargs["project_code"] == "330521253680050000027-ZJXCXZF-2025-JC57"
    inner = HtmlResponse(inner_request.url, body=(captures / "detail_b_sample.html").read_bytes())
    (item,) = spider.parse_inner(inner, **inner_request.cb_kwargs)

    assert isinstance(item, Republication)
    assert item.origin == "湖州市公共资源交易网"
    notice = item.notice
    assert notice.centre == "ggzy-gov-cn"
    assert notice.source_id == "003346ed9dd8b0494c7aa507db162810f636"
    assert notice.source_url == OUTER
    assert notice.kind is Kind.CONTRACT
    assert notice.published == date(2026, 3, 17)
    assert notice.project_code == "330521253680050000027-ZJXCXZF-2025-JC57"
    assert notice.buyer is not None and notice.buyer.name == "德清县体育中心（德清县少年儿童体育学校）"
    assert [w.name for w in notice.winners] == ["湖州新国旅外事旅游汽车服务有限公司"]
    assert notice.amount is None  # 合同金额 printed as 0元: the figure was omitted
    assert notice.region_code == "330500"  # 湖州市, found in the page, refines the list's 浙江省
    assert "<script" not in notice.body_html


def test_a_page_that_answers_an_http_error_is_an_error_of_the_centre_with_its_url() -> None:
    from scrapy.spidermiddlewares.httperror import HttpError
    from scrapy.utils.test import get_crawler
    from twisted.python.failure import Failure

    from ggzy.harvesters.report import report_for

    crawler = get_crawler(GgzyGovCn)
    spider = GgzyGovCn.from_crawler(crawler, source=load_registry().get("ggzy-gov-cn"))
    request = Request(OUTER)
    response = HtmlResponse(OUTER, status=404, request=request)
    try:
        raise HttpError(response, "Ignoring non-200 response")
    except HttpError:
        failure = Failure()
    failure.request = request  # type: ignore[attr-defined]
    spider.request_failed(failure)
    report = report_for(crawler)
    assert report.error_count == 1
    assert (report.errors[0].url, report.errors[0].message) == (OUTER, "HTTP 404")


def test_ggzy_extract_and_a_harvest_read_the_record_alike(spider: GgzyGovCn, captures: Path) -> None:
    """One mapping of the list record: the inner page read with the record's fields, by the spider or by
    ``national_record_notice``, gives the same notice."""
    import json

    record = json.loads((captures / "api_sample.json").read_text(encoding="utf-8"))["data"]["records"][0]
    outer = HtmlResponse(OUTER, body=(captures / "detail_sample.html").read_bytes())
    (inner_request,) = spider.parse_outer(outer, record=record)
    inner = HtmlResponse(inner_request.url, body=(captures / "detail_b_sample.html").read_bytes())
    (item,) = spider.parse_inner(inner, **inner_request.cb_kwargs)
    page = (captures / "detail_b_sample.html").read_text(encoding="utf-8")
    extracted = national_record_notice({**record, "bodyContent": page})
    same = ("id", "title", "kind", "category", "published", "region_code", "buyer", "winners", "amount", "budget")
    assert {f: getattr(extracted, f) for f in same} == {f: getattr(item.notice, f) for f in same}
