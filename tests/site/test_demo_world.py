"""Every page of the generated demo world renders, its flags computed as the demo computes them: no notice,
company, buyer, agency, centre or region page fails, and a penalty past its 公示截止期 is gone everywhere."""

from __future__ import annotations

import html
import json
import re

import pytest

from ggzy.demo.generator import build_world
from ggzy.flags.compute import refresh
from ggzy.index import open_index
from ggzy.normalize.dates import china_today
from ggzy.site import create_app


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return build_world(seed=5)


@pytest.fixture(scope="module")
def demo_client(demo, tmp_path_factory):  # type: ignore[no-untyped-def]
    url = "sqlite:///" + str(tmp_path_factory.mktemp("demo-site") / "ggzy.db")
    with open_index(url) as index:
        index.upsert(demo.notices)
        refresh(index)
    data_dir = str(tmp_path_factory.mktemp("demo-data"))
    return create_app({"INDEX": url, "TESTING": True, "DATA_DIR": data_dir}).test_client()


def get(client, path: str):  # type: ignore[no-untyped-def]
    return client.get(path, headers={"Accept": "text/html"})


def test_every_notice_page_renders_and_withdrawn_penalties_are_gone(demo_client, demo):
    today = china_today()
    withdrawn = [n for n in demo.notices if not n.is_public(today)]
    assert withdrawn  # the world has penalties past their publicity date
    for notice in demo.notices:
        response = get(demo_client, f"/notice/{notice.id}")
        assert response.status_code == (200 if notice.is_public(today) else 410), notice.id
    for notice in withdrawn:
        subject = notice.penalty.subject  # type: ignore[union-attr]
        if subject.uscc:
            page = get(demo_client, f"/entity/{subject.uscc}").get_data(as_text=True)
            assert notice.id not in page


def test_every_company_centre_and_region_page_renders(demo_client, demo):
    codes = {code for notice in demo.notices for code in notice.usccs()}
    for code in codes:
        assert get(demo_client, f"/entity/{code}").status_code == 200, code
    for centre in {notice.centre for notice in demo.notices}:
        assert get(demo_client, f"/centre/{centre}").status_code == 200, centre
    for region in {notice.region_code for notice in demo.notices if notice.region_code}:
        assert get(demo_client, f"/region/{region}").status_code == 200, region
    for path in ("/", "/search", "/search?q=工程", "/sitemap.xml"):
        assert get(demo_client, path).status_code == 200, path


def test_every_buyer_and_agency_page_renders_with_its_flags(demo_client, demo):
    buyers = {n.buyer.uscc for n in demo.notices if n.buyer and n.buyer.uscc}
    agencies = {n.agency.uscc for n in demo.notices if n.agency and n.agency.uscc}
    assert buyers and agencies
    for code in buyers:
        assert get(demo_client, f"/buyer/{code}").status_code == 200, code
    for code in agencies:
        assert get(demo_client, f"/buyer/{code}?role=agency").status_code == 200, code
    triggered = demo_client.get("/api/v1/flags?state=triggered&limit=1000").json["items"]
    assert triggered  # the demo world plants flags
    for flag in triggered:
        page = get(demo_client, f"/notice/{flag['notice_id']}").get_data(as_text=True)
        assert f'href="/methodology#{flag["flag"]}"' in page
        if flag["buyer"] in buyers:
            assert flag["notice_id"] in get(demo_client, f"/buyer/{flag['buyer']}").get_data(as_text=True)
    coverage = demo_client.get("/api/v1/flags/coverage").json["flags"]
    assert all(row["computed"] > 0 for row in coverage)


def test_the_api_pages_credit_examples_work_on_the_demo_data(demo_client):
    """Every curl example of the credit section, replayed: the company has a penalty, the as_of day shows it,
    a receipt comes back and the keys are served."""
    page = html.unescape(get(demo_client, "/api/").get_data(as_text=True))
    section = page[page.index('id="credit"') : page.index('id="endpoints"')]
    gets = re.findall(r"curl '[^']*?(/api/v1/[^']+)'", section)
    posts = re.findall(r"-d '(\{.*?\})'", section)
    assert len(gets) == 2 and len(posts) == 3
    entity = demo_client.get(gets[0]).json
    assert entity["known"] and entity["active_penalties"] and entity["active_penalties"][0]["severity"] == 5
    assert demo_client.get(gets[1]).json["active_penalties"]  # the as_of day
    first, as_of, receipt = (demo_client.post("/api/v1/credit-check", json=json.loads(body)).json for body in posts)
    lower, upper, placeholder = first["results"][1], first["results"][0], first["results"][2]
    assert upper["serious_violation"] and {**lower, "uscc": upper["uscc"], "normalized_from": None} == upper
    assert placeholder["active_penalties"] is None and placeholder["reason"] == "placeholder"
    assert as_of["results"][0]["active_penalties"] >= 1
    assert receipt["receipt"]["key_id"] in {k["kid"] for k in demo_client.get("/api/v1/keys").json["keys"]}
