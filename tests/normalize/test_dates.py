"""Dates and times as centres print them."""

from __future__ import annotations

import json
from datetime import date, datetime

import lxml.html
import pytest

from ggzy.normalize.dates import parse_date, parse_datetime


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2016年7月11日", date(2016, 7, 11)),
        ("2016-07-11 09:30", date(2016, 7, 11)),
        ("2016/7/11", date(2016, 7, 11)),
        ("2016.7.11", date(2016, 7, 11)),
        ("二〇一六年七月十一日", date(2016, 7, 11)),
        ("二零二五年十二月三十一日", date(2025, 12, 31)),
        ("2026\n年\n3\n月\n17\n日", date(2026, 3, 17)),
        ("签署时间：2026-03-17 00:32信息来源：湖州市公共资源交易网", date(2026, 3, 17)),
        ("２０２６年３月１７日", date(2026, 3, 17)),
        ("20160711", date(2016, 7, 11)),
    ],
)
def test_parse_date(printed, expected):
    assert parse_date(printed) == expected


@pytest.mark.parametrize("printed", ["2016-02-30", "2026\n年\n3\n月", "", "暂无数据", "合同期限 年"])
def test_no_date(printed):
    assert parse_date(printed) is None
    assert parse_datetime(printed) is None


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2026-03-17 00:32:09", datetime(2026, 3, 17, 0, 32, 9)),
        ("2026-03-17T00:32:09", datetime(2026, 3, 17, 0, 32, 9)),
        ("2016-07-11 09:30", datetime(2016, 7, 11, 9, 30)),
        ("2016年7月11日（星期一）下午2时30分", datetime(2016, 7, 11, 14, 30)),
        ("2016年07月11日 9时30分15秒", datetime(2016, 7, 11, 9, 30, 15)),
        ("2016年7月11日", datetime(2016, 7, 11)),
        ("2016-07-11 09:30 12人", datetime(2016, 7, 11, 9, 30)),
        ("2026-03-16T16:32:09.000Z", datetime(2026, 3, 17, 0, 32, 9)),
        ("2026-03-17T00:32:09+08:00", datetime(2026, 3, 17, 0, 32, 9)),
        ("2025-05-27 17:20:48.0", datetime(2025, 5, 27, 17, 20, 48)),
        ("2016-07-11 09:30-11:30", datetime(2016, 7, 11, 9, 30)),
    ],
)
def test_parse_datetime_keeps_the_printed_time_naive(printed, expected):
    parsed = parse_datetime(printed)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is None


def test_dates_of_the_real_captures(shared_data):
    page = (shared_data / "ggzy-gov-cn" / "detail_b_sample.html").read_text(encoding="utf-8")
    text = lxml.html.fromstring(page).text_content()
    signed = text[text.index("合同签署时间") :]
    assert parse_datetime(signed) == datetime(2026, 3, 17, 0, 32, 9)
    records = json.loads((shared_data / "ggzy-gov-cn" / "api_sample.json").read_text(encoding="utf-8"))
    for record in records["data"]["records"]:
        assert parse_date(record["publishTime"]) == date.fromisoformat(record["publishTime"])
    notice = json.loads((shared_data / "hunan-hnsggzy" / "tmp.json").read_text(encoding="utf-8"))
    first = notice["data"]["noticeList"][0]
    assert parse_datetime(first["bidDocReferEndTime"]) == datetime(2025, 6, 17, 9, 0)
    assert parse_datetime(first["docGetEndTime"]) == datetime(2025, 6, 16, 23, 59)
    body = lxml.html.fromstring(first["noticeContent"]).text_content()
    assert parse_date(body[body.index("计划开工日期") :]) == date(2025, 7, 1)
