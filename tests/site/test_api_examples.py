"""Every example on the /api/ page answers with data on the demo world (``ggzy demo``'s default seed)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from ggzy.demo.generator import build_world
from ggzy.index import open_index
from ggzy.site import create_app
from ggzy.site.openapi import OPERATIONS


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = "sqlite:///" + str(tmp_path_factory.mktemp("demo-api") / "ggzy.db")
    with open_index(url) as index:
        index.upsert(build_world().notices)
    return create_app({"INDEX": url, "TESTING": True, "RATELIMIT_ENABLED": False}).test_client()


def test_each_curl_example_of_the_api_page_works_on_the_demo_data(demo_api: Any) -> None:
    page = demo_api.get("/api/").get_data(as_text=True)
    tried = 0
    for op in OPERATIONS:
        if not op.example or ("{" in op.path and op.method == "post"):
            continue
        if op.method == "post":
            body = json.loads(op.example)
            if op.path == "/api/v1/credit-check":  # the page's curl examples name a code this index knows
                shown = re.search(r"/api/v1/entities/([0-9A-Z]{18})'", page)
                assert shown is not None
                body["uscc"] = [shown.group(1), *body["uscc"][1:]]
            response = demo_api.post(op.path, json=body)
        else:
            assert op.example in page or op.example.replace("&", "&amp;") in page
            response = demo_api.get(op.example)
        assert response.status_code == 200, (op.example, response.get_data(as_text=True)[:300])
        body = response.json
        assert body, op.example
        if "total" in body and "items" in body:
            assert body["total"] > 0 and body["items"], op.example
        if op.path == "/api/v1/credit-check":
            assert any(row.get("known") for row in body["results"]), body
        tried += 1
    assert tried >= 6


def test_the_api_page_describes_every_operation_and_parameter_in_chinese(demo_api: Any) -> None:
    from ggzy.index.textmatch import has_han

    for op in OPERATIONS:
        assert has_han(op.summary) and has_han(op.description), op.path
        for param in op.params:
            assert has_han(param.description), (op.path, param.name)
    page = demo_api.get("/api/").get_data(as_text=True)
    assert "搜索公告" in page and "批量信用核查" in page
