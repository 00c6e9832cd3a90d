"""The national platform's history list API on the 92 real captured responses for 合肥, and against its demo
centre with captcha answers over real HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy import FormRequest
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from ggzy.centres import Source, load_registry
from ggzy.demo.server import start_demo_centres
from ggzy.harvesters.report import report_for
from ggzy.harvesters.runner import HarvestOptions, harvest_in_subprocess
from ggzy.harvesters.spiders.hefei_ggzy_history import HefeiGgzyHistory

CENTRE = "hefei-ggzy-history"


@pytest.fixture
def pages(shared_data: Path) -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((shared_data / "ggzy-gov-cn" / "hefei-list-api").glob("*.json"))
    ]


def spider(**options: Any) -> HefeiGgzyHistory:
    source = load_registry().get(CENTRE)
    source = Source.from_dict({**source.to_dict(), "options": options})
    crawler = get_crawler(HefeiGgzyHistory)
    return HefeiGgzyHistory.from_crawler(crawler, source=source, from_date="2023-11-01", until_date="2024-03-28")


def run(callback: AsyncIterator[Any]) -> list[Any]:
    async def collect() -> list[Any]:
        return [item async for item in callback]

    return asyncio.run(collect())


def answer(history: HefeiGgzyHistory, capture: dict[str, Any]) -> list[Any]:
    since, until = history.history_range()
    request = history.range_request(since, until, int(capture["request"]["PAGENUMBER"]))
    body = json.dumps(capture["response"], ensure_ascii=False).encode()
    return run(history.parse_range(TextResponse(request.url, body=body, request=request), **request.cb_kwargs))


def test_the_request_is_the_captured_form(pages: list[dict[str, Any]]) -> None:
    history = spider()
    request = history.range_request(*history.history_range(), 6)
    assert isinstance(request, FormRequest)
    assert request.url == "https://www.ggzy.gov.cn/his/information/pubTradingInfo/getTradList"
    sent = dict(pair.split("=") for pair in request.body.decode().split("&"))
    (captured,) = [p["request"] for p in pages if p["request"]["PAGENUMBER"] == "6"]
    assert sent == captured


def test_every_captured_row_is_followed_once(pages: list[dict[str, Any]]) -> None:
    history = spider(max_rows=20_000)
    followed = [r for page in pages for r in answer(history, page) if r.callback == history.parse_outer]
    ids = [r.cb_kwargs["record"]["id"] for r in followed]
    assert sum(len(p["response"]["data"]["records"]) for p in pages) == 1840
    assert len(ids) == len(set(ids)) == 920
    assert followed[0].url == (
        "https://www.ggzy.gov.cn/his/information/deal/html/a/340000/0105/20240328/0034e46eb50de632482ca1c297017c764807.html"
    )


def test_a_range_past_the_row_cap_is_split_in_halves_and_not_paged(pages: list[dict[str, Any]]) -> None:
    history = spider()  # 14,726 rows in the captured range, the cap is 1,000
    out = answer(history, pages[0])
    assert [(r.cb_kwargs["since"], r.cb_kwargs["until"], r.cb_kwargs["page"]) for r in out] == [
        (date(2024, 1, 15), date(2024, 3, 28), 1),
        (date(2023, 11, 1), date(2024, 1, 14), 1),
    ]


def test_a_single_day_past_the_cap_is_paged_to_the_cap_and_reported(pages: list[dict[str, Any]]) -> None:
    history = spider(max_rows=40)
    day = date(2024, 3, 28)
    request = history.range_request(day, day, 1)
    body = json.dumps(pages[0]["response"], ensure_ascii=False).encode()
    out = run(history.parse_range(TextResponse(request.url, body=body, request=request), **request.cb_kwargs))
    assert len([r for r in out if r.callback == history.parse_outer]) == 10
    (following,) = [r for r in out if r.callback == history.parse_range]
    assert following.cb_kwargs["page"] == 2
    (error,) = report_for(history.crawler).errors
    assert error.message == "14726 rows on 2024-03-28, past the API's cap of 40"


def test_captcha_answers_are_backed_off_and_the_harvest_loses_nothing(tmp_path: Path) -> None:
    with start_demo_centres(port=0, seed=1, faults=True) as demo:
        report = harvest_in_subprocess(
            HarvestOptions(
                demo_url=demo.base_url, profile="demo", data_dir=str(tmp_path),
                index_url=f"sqlite:///{tmp_path / 'ggzy.db'}", centres=[CENTRE],
            )
        )  # fmt: skip
        assert demo.faults.injected["captcha"] > 0
        expected = sum(1 for n in demo.world.notices if n.centre == CENTRE)
    (centre,) = report.centres
    assert centre.error_count == 0, centre.errors
    assert centre.inserted == expected
