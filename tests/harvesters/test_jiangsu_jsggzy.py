"""The Epoint family on the real Jiangsu captures: the list API response and a detail page, callbacks called
directly on the captured bytes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, JsonRequest, TextResponse
from scrapy.utils.test import get_crawler

from ggzy.centres import load_registry
from ggzy.harvesters.extract import html_to_text
from ggzy.harvesters.report import report_for
from ggzy.harvesters.spiders.base_epoint import content_area
from ggzy.harvesters.spiders.jiangsu_jsggzy import JiangsuJsggzy
from ggzy.model import Category, Kind, Notice, make_notice_id

BASE = "http://jsggzy.jszwfw.gov.cn"
GUID = "5951fba5-d1e5-4203-80dc-06cfbcea2d39"


@pytest.fixture
def captures(shared_data: Path) -> Path:
    return shared_data / "jiangsu-jsggzy"


def spider(**arguments: str) -> JiangsuJsggzy:
    return JiangsuJsggzy(source=load_registry().get("jiangsu-jsggzy"), **arguments)


def list_response(captures: Path, request: Request) -> TextResponse:
    return TextResponse(request.url, body=(captures / "jsggzy_list.json").read_bytes(), request=request)


def test_the_list_request_posts_the_search_json_of_one_category() -> None:
    request = spider(from_date="2026-07-01", until_date="2026-07-07").list_request("003001001", 2)
    assert isinstance(request, JsonRequest)
    assert request.url == f"{BASE}/inteligentsearch/rest/esinteligentsearch/getFullTextDataNew"
    body = json.loads(request.body)
    assert (body["pn"], body["rn"], body["cnum"]) == (40, 20, "003")
    assert body["condition"][0]["fieldName"] == "categorynum" and body["condition"][0]["equal"] == "003001001"
    assert body["time"] == [
        {"fieldName": "infodatepx", "startTime": "2026-07-01 00:00:00", "endTime": "2026-07-07 23:59:59"}
    ]


def test_the_list_follows_each_record_to_its_detail_page_and_pages_on(captures: Path) -> None:
    jiangsu = spider()
    request = jiangsu.list_request("003001001", 0)
    out = list(jiangsu.parse_list(list_response(captures, request), **request.cb_kwargs))
    details = [r for r in out if r.callback == jiangsu.parse_detail]
    assert [r.url for r in details] == [
        f"{BASE}/jyxx/003001/003001001/20260706/3924dea6-84f4-4e82-b8cc-8beed9a46af8.html",
        f"{BASE}/jyxx/003001/003001001/20260706/{GUID}.html",
        f"{BASE}/jyxx/003001/003001001/20260706/7c96d36d-0d49-4e9f-9998-ec6ccbf696c6.html",
    ]
    # infodatepx, not infodate: the first record was indexed at midnight after it was published.
    assert [jiangsu.record_date(r.cb_kwargs["record"]) for r in details] == [date(2026, 7, 7), *[date(2026, 7, 6)] * 2]
    (following,) = [r for r in out if r.callback == jiangsu.parse_list]
    assert following.cb_kwargs == {"category": "003001001", "page": 1}
    assert json.loads(following.body)["pn"] == 20  # totalcount 117,650: there is a next page


def test_a_date_window_leaves_out_older_records_and_stops_paging(captures: Path) -> None:
    jiangsu = spider(from_date="2026-07-07")
    request = jiangsu.list_request("003001001", 0)
    out = list(jiangsu.parse_list(list_response(captures, request), **request.cb_kwargs))
    assert [r.cb_kwargs["record"]["infoid"] for r in out] == ["3924dea6-84f4-4e82-b8cc-8beed9a46af8"]


def test_the_detail_page_gives_the_tender_notice(captures: Path) -> None:
    jiangsu = spider()
    request = jiangsu.list_request("003001001", 0)
    detail = list(jiangsu.parse_list(list_response(captures, request), **request.cb_kwargs))[1]
    page = HtmlResponse(detail.url, body=(captures / "jsggzy_detail.html").read_bytes())
    (notice,) = jiangsu.parse_detail(page, **detail.cb_kwargs)
    assert isinstance(notice, Notice)
    assert notice.id == make_notice_id("jiangsu-jsggzy", GUID)
    assert notice.source_url == detail.url
    assert notice.title == "江苏省苏州实验中学金山路校区改造工程"
    assert notice.kind is Kind.TENDER  # from the 栏目 招标公告/资审公告: the title names no kind
    assert notice.category is Category.ENGINEERING
    assert notice.published == date(2026, 7, 6)
    assert notice.buyer is not None and notice.buyer.name == "苏州高新工程建设管理有限公司"
    assert notice.agency is not None and notice.agency.name == "苏州海企国际工程咨询有限公司"
    assert notice.body_text.startswith("江苏省苏州实验中学金山路校区改造工程（项目名称）")
    assert "招标人或者其委托的招标代理机构" in notice.body_text
    assert "【我要打印】" not in notice.body_text and "$(" not in notice.body_text


def test_a_content_area_that_is_a_whole_document_keeps_only_its_notice(captures: Path) -> None:
    # The captured page is itself such a document: head, stylesheets, scripts, a <title>.
    document = (captures / "jsggzy_detail.html").read_text(encoding="utf-8")
    reduced = content_area(document)
    text = html_to_text(reduced)
    assert "<script" not in reduced and "<title" not in reduced and "<html" not in reduced
    assert "imgList" not in text and "jquery" not in reduced
    assert "江苏省苏州实验中学金山路校区改造工程" in text and "10.联系方式" in text


def test_a_detail_page_without_its_content_area_is_an_error_not_a_notice(captures: Path) -> None:
    crawler = get_crawler(JiangsuJsggzy)
    jiangsu = JiangsuJsggzy.from_crawler(crawler, source=load_registry().get("jiangsu-jsggzy"))
    request = jiangsu.list_request("003001001", 0)
    detail = list(jiangsu.parse_list(list_response(captures, request), **request.cb_kwargs))[1]
    not_a_detail_page = HtmlResponse(detail.url, body=(captures / "jsggzy_list.json").read_bytes())
    assert list(jiangsu.parse_detail(not_a_detail_page, **detail.cb_kwargs)) == []
    assert [(e.url, e.message) for e in report_for(crawler).errors] == [
        (detail.url, "no title or content area on the detail page")
    ]


def test_a_list_answer_without_result_is_an_error() -> None:
    crawler = get_crawler(JiangsuJsggzy)
    jiangsu = JiangsuJsggzy.from_crawler(crawler, source=load_registry().get("jiangsu-jsggzy"))
    request = jiangsu.list_request("003001001", 0)
    walled = '{"status": {"code": 401, "text": "未登录，请登录"}}'.encode()
    assert list(jiangsu.parse_list(TextResponse(request.url, body=walled, request=request), **request.cb_kwargs)) == []
    (error,) = report_for(crawler).errors
    assert error.message.startswith("list API answered without a result:") and "401" in error.message
