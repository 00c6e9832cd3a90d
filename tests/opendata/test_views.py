"""/opendata/ serves the exported files, a CSV of any search, and everything about one company."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from flask.testing import FlaskClient

from tests.opendata.samples import BUYER, WINNER


def test_the_page_lists_every_file_with_size_rows_time_and_checksum(client: FlaskClient, export_dir: Path) -> None:
    page = client.get("/opendata/").get_data(as_text=True)
    state = json.loads((export_dir / "index.json").read_text("utf-8"))
    for path, info in state["files"].items():
        assert f'href="/opendata/{path}"' in page
        assert info["sha256"] in page
    assert "datapackage.json" in page


def test_a_listed_file_downloads_byte_for_byte(client: FlaskClient, export_dir: Path) -> None:
    with client.get("/opendata/notices-all.csv.gz") as response:
        assert response.status_code == 200
        assert response.data == (export_dir / "notices-all.csv.gz").read_bytes()
    with client.get("/opendata/datapackage.json") as response:
        assert response.json["name"] == "ggzy-public-resource-trading"


def test_an_unlisted_path_is_a_problem_not_a_file(client: FlaskClient) -> None:
    for path in ("/opendata/nothing.csv", "/opendata/../pyproject.toml", "/opendata/.notices-all.csv.gz.partial"):
        response = client.get(path)
        assert response.status_code == 404, path


def test_search_csv_holds_exactly_the_search(client: FlaskClient) -> None:
    response = client.get("/opendata/search.csv?kind=award,contract&region=33")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert sorted(r["公告类型代码"] for r in rows) == ["award", "contract"]
    assert client.get("/opendata/search.csv?kind=nonsense").status_code == 400


def test_company_files_hold_everything_about_one_code(client: FlaskClient) -> None:
    data = client.get(f"/opendata/entities/{WINNER}.json").json
    assert data["entity"]["uscc"] == WINNER
    assert data["entity"]["active_penalties"] == 1
    assert {n["kind"] for n in data["notices"]} == {"award", "contract", "penalty"}
    rows = list(csv.DictReader(io.StringIO(client.get(f"/opendata/entities/{BUYER}.csv").get_data(as_text=True)[1:])))
    assert {r["公告类型代码"] for r in rows} == {"tender", "award", "contract"}


def test_a_wrong_check_character_is_a_400_naming_the_right_code(client: FlaskClient) -> None:
    wrong = WINNER[:-1] + ("A" if WINNER[-1] != "A" else "B")
    response = client.get(f"/opendata/entities/{wrong}.json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["suggestion"] == WINNER
    assert client.get("/opendata/entities/91350100M000100Y43.json").status_code in (400, 404)


def test_the_json_twin_of_the_page_is_the_export_state(client: FlaskClient, export_dir: Path) -> None:
    page = client.get("/opendata/").get_data(as_text=True)
    assert (
        '<link rel="alternate" type="application/json" title="本页的 JSON 数据" href="/opendata/?format=json">' in page
    )
    twin = client.get("/opendata/?format=json").get_json()
    assert twin == json.loads((export_dir / "index.json").read_text("utf-8"))
    assert twin["files"] and all(f'href="/opendata/{path}"' in page for path in twin["files"])
