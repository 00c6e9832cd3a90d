"""Faults of the demo centres: seeded, deterministic, and each one recovers on a later try."""

from __future__ import annotations

import http.client
import json
import re
import socket
import urllib.error
from collections.abc import Iterator

import pytest

from ggzy.demo import DemoCentres, start_demo_centres
from ggzy.demo.faults import Faults
from ggzy.demo.generator import build_world
from tests.demo.client import TODAY, Answer, fetch


def faulty_seed() -> int:
    """The first seed whose world has every transient fault among its pages and three 湖州 list pages."""
    for seed in range(1, 50):
        world = build_world(seed=seed, projects=PROJECTS, today=TODAY)
        plan = Faults(True, seed)
        kinds = {plan.planned(Faults.key("GET", p.path)) for p in world.publications}
        if {"error", "truncate", "slow", "rate_limit"} <= kinds and len(world.at("huzhou-ggzy")) > 30:
            return seed
    raise AssertionError("no seed plans every fault")


PROJECTS = 40


@pytest.fixture(scope="module")
def faulty() -> Iterator[DemoCentres]:
    centres = start_demo_centres(faults=True, seed=faulty_seed(), today=TODAY, projects=PROJECTS, slow_seconds=0.8)
    yield centres
    centres.stop()


def fetch_with_retries(url: str, tries: int = 4) -> Answer:
    """What a harvester does: retry 5xx answers, cut-off bodies and timeouts."""
    for _ in range(tries - 1):
        try:
            answer = fetch(url, timeout=0.5)
        except (http.client.IncompleteRead, TimeoutError, urllib.error.URLError):
            continue
        if answer.status < 500 and answer.status != 429:
            return answer
    return fetch(url)


def planned(demo: DemoCentres, fault: str) -> str:
    for pub in demo.world.publications:
        if demo.faults.planned(Faults.key("GET", pub.path)) == fault:
            return demo.base_url + pub.path
    raise AssertionError(f"no {fault} planned")


def test_the_plan_depends_only_on_the_seed() -> None:
    keys = [Faults.key("GET", f"/huzhou/art/2025/1/1/art_1229_{n}.html") for n in range(3000)]
    plan = [Faults(True, 7).planned(k) for k in keys]
    assert plan == [Faults(True, 7).planned(k) for k in keys]
    assert plan != [Faults(True, 8).planned(k) for k in keys]
    assert 100 < plan.count("error") < 260 and 60 < plan.count("truncate") < 190 and 10 < plan.count("slow") < 70
    assert not any(Faults(False, 7).planned(k) for k in keys)


def test_a_5xx_answer_recovers_on_the_next_try(faulty: DemoCentres) -> None:
    url = planned(faulty, "error")
    assert fetch(url).status in (500, 502, 503)
    assert fetch(url).status == 200


def test_a_rate_limited_answer_says_when_to_come_back(faulty: DemoCentres) -> None:
    url = planned(faulty, "rate_limit")
    answer = fetch(url)
    assert answer.status == 429 and answer.headers["Retry-After"] == "1"
    assert fetch(url).status == 200


def test_a_truncated_body_recovers_on_the_next_try(faulty: DemoCentres) -> None:
    url = planned(faulty, "truncate")
    with pytest.raises(http.client.IncompleteRead):
        fetch(url)
    assert fetch(url).status == 200


def test_a_slow_answer_times_out_once(faulty: DemoCentres) -> None:
    url = planned(faulty, "slow")
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        fetch(url, timeout=0.3)
    assert fetch(url, timeout=0.3).status == 200


def test_lists_repeat_rows_and_one_next_link_is_broken(faulty: DemoCentres) -> None:
    base = faulty.centres["huzhou-ggzy"].base_url
    first = fetch_with_retries(base + "/jyxx/list_1.html").body.decode("gbk")
    pages = int(re.search(r"共(\d+)页", first).group(1))
    assert pages >= 3
    rows: list[str] = []
    broken = []
    for page in range(1, pages + 1):
        text = fetch_with_retries(f"{base}/jyxx/list_{page}.html").body.decode("gbk")
        links = re.findall(r'href="(/huzhou/art/[^"]+)"', text)
        if page > 1:
            assert links[0] == rows[-1]
        rows += links
        following = re.search(r'class="next" href="([^"]+)"', text)
        if following and fetch_with_retries(f"{base}/jyxx/{following.group(1)}").status == 404:
            broken.append(page)
            assert fetch_with_retries(f"{base}/jyxx/list_{page + 1}.html").status == 200
    assert len(broken) == 1
    assert len(rows) > len(set(rows)) and set(rows) == {p.path for p in faulty.world.at("huzhou-ggzy")}


def test_a_retrying_client_gets_every_page_of_a_clean_run(faulty: DemoCentres) -> None:
    for pub in faulty.world.publications:
        answer = fetch_with_retries(faulty.base_url + pub.path)
        assert answer.status == 200, pub.path
        if pub.record is None:
            assert pub.title.encode("gbk") in answer.body or pub.title.encode() in answer.body


def test_api_list_pages_repeat_the_previous_last_record(faulty: DemoCentres) -> None:
    base = faulty.centres["hunan-hnsggzy"].base_url + "/tradeApi/bulletin/noticeList?pageSize=5&pageNum="
    first = json.loads(fetch_with_retries(base + "1").body)["data"]["noticeList"]
    second = json.loads(fetch_with_retries(base + "2").body)["data"]["noticeList"]
    assert second[0]["id"] == first[-1]["id"] and len(second) == 6
