"""The pieces pages are drawn with: amounts, region names, safe highlights and bodies, and SVG charts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from lxml import etree

from ggzy.site import charts, filters


def test_amounts_read_as_a_chinese_reader_expects():
    assert filters.money(Decimal("123456789")) == "1.23 亿元"
    assert filters.money(Decimal("12345.6")) == "1.23 万元"
    assert filters.money(Decimal("980")) == "980.00 元"
    assert filters.money(None) == "—"
    assert filters.yuan(Decimal("12345678.9")) == "12,345,678.90 元"


def test_times_are_shown_in_china_time():
    utc = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    assert filters.cn_date(utc) == "2026-03-01 08:30"
    assert filters.cn_date(datetime(2026, 3, 1, 9, 5, tzinfo=timezone(timedelta(hours=8)))) == "2026-03-01 09:05"


def test_region_names_from_codes_and_prefixes():
    assert filters.region_name("33") == "浙江省"
    assert filters.region_name("330500") == "浙江省湖州市"
    assert filters.region_name(None) == "—"
    assert filters.region_name("990000") == "990000"


def test_a_highlight_keeps_only_its_marks():
    fragment = '<mark>道路</mark>工程&lt;b&gt;<script>alert(1)</script><a href="javascript:x">链接</a>'
    shown = str(filters.highlight(fragment))
    assert "<mark>道路</mark>" in shown and "&lt;b&gt;" in shown
    assert "<script" not in shown and "<a" not in shown and "alert(1)" not in shown


def test_a_body_loses_scripts_handlers_and_javascript_links():
    shown = str(filters.body_html('<p onclick="x()">正文</p><script>bad()</script><a href="javascript:y()">z</a>'))
    assert "<p>正文</p>" in shown
    assert "onclick" not in shown and "<script" not in shown and "javascript:" not in shown


def test_months_without_notices_are_filled_with_zero():
    series = charts.month_series({"2025-11": 2, "2026-02": 1, "unknown": 9})
    assert series == [("2025-11", 2), ("2025-12", 0), ("2026-01", 0), ("2026-02", 1)]
    assert len(charts.month_series({f"20{y:02d}-01": 1 for y in range(10, 20)}, last=24)) == 24
    assert charts.month_series({}) == []


def test_a_chart_has_a_title_per_bar_a_summary_and_the_same_numbers_in_a_table():
    for draw in (charts.column_chart, charts.bar_chart):
        markup = str(draw("各省公告数", [("浙江省", 5), ("<湖南省>", 30)]))
        figure = etree.fromstring(markup)
        svg = figure.find("{http://www.w3.org/2000/svg}svg")
        assert svg.get("role") == "img"
        assert "最多为 <湖南省>（30 条）" in svg.get("aria-label")
        titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
        assert titles == ["浙江省：5 条", "<湖南省>：30 条"]
        rows = [[c.text for c in row] for row in figure.iter("tr")][1:]
        assert rows == [["浙江省", "5"], ["<湖南省>", "30"]]
    empty = etree.fromstring(str(charts.bar_chart("各省公告数", [])))
    assert "暂无数据" in empty.find("{http://www.w3.org/2000/svg}svg").get("aria-label")


def test_a_tender_deadline_counts_down_in_china_time():
    now = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert filters.countdown(datetime(2026, 3, 4, 9, 30), now) == "距投标截止还剩 3 天"
    assert filters.countdown(datetime(2026, 3, 1, 15, 30), now) == "今天截止（还剩约 6 小时）"
    assert filters.countdown(datetime(2026, 2, 28, 23, 59), now) == "已截止"
    assert filters.countdown(datetime(2026, 3, 1, 16, 0, tzinfo=UTC), now) == "距投标截止还剩 1 天"
