"""OCDS release packages validate against the official 1.1.5 schema; datapackage.json passes frictionless."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from ggzy.opendata.ocds import release
from tests.opendata.samples import BUYER, WINNER, sample_notices


@pytest.fixture(scope="module")
def package_validator(shared_data: Path) -> jsonschema.Draft4Validator:
    folder = shared_data / "ocds-1.1.5"
    release_schema = json.loads((folder / "release-schema.json").read_text("utf-8"))
    package_schema = json.loads((folder / "release-package-schema.json").read_text("utf-8"))
    url = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    registry: Registry = Registry().with_resource(url, Resource.from_contents(release_schema))
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def test_every_monthly_package_validates(export_dir: Path, package_validator: jsonschema.Draft4Validator) -> None:
    packages = sorted((export_dir / "ocds").glob("releases-*.json.gz"))
    assert [p.name for p in packages] == [
        "releases-2026-01.json.gz",
        "releases-2026-02.json.gz",
        "releases-2026-03.json.gz",
    ]
    for path in packages:
        package = json.loads(gzip.decompress(path.read_bytes()))
        assert any("ocds_bid_extension" in url for url in package["extensions"])
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in package_validator.iter_errors(package)]
        assert errors == [], path.name


def test_a_project_is_one_contracting_process_with_uscc_parties() -> None:
    tender, award, contract = (release("ocds-ggzy01", n) for n in sample_notices()[:3])
    assert tender and award and contract
    assert tender["ocid"] == award["ocid"] == contract["ocid"] == "ocds-ggzy01-DQ-2026-001"
    assert (tender["tag"], award["tag"], contract["tag"]) == (["tender"], ["award"], ["contract"])
    identifiers = {p["identifier"]["id"]: p["roles"] for p in award["parties"] if "identifier" in p}
    assert identifiers == {BUYER: ["buyer"], WINNER: ["supplier", "tenderer"]}
    assert award["awards"][0]["value"] == {"amount": 1280000.0, "currency": "CNY"}
    assert contract["contracts"][0]["awardID"] == contract["awards"][0]["id"]


def test_printed_bids_fill_the_bid_extension() -> None:
    award = release("ocds-ggzy01", sample_notices()[1])
    assert award is not None
    details = award["bids"]["details"]
    assert [(d["status"], d["tenderers"][0]["name"], d.get("value")) for d in details] == [
        ("valid", "山东寿光北洛建设有限公司", {"amount": 1280000.0, "currency": "CNY"}),
        ("valid", "德清恒通市政工程有限公司", None),  # a 下浮率 is not an amount
        ("disqualified", "湖州某某建设有限公司", {"amount": 1300000.0, "currency": "CNY"}),
    ]
    roles = {p["name"]: p["roles"] for p in award["parties"]}
    assert roles["山东寿光北洛建设有限公司"] == ["supplier", "tenderer"] and roles["湖州某某建设有限公司"] == [
        "tenderer"
    ]
    assert details[0]["tenderers"][0]["id"] == f"CN-USCI-{WINNER}"


def test_penalties_are_not_releases() -> None:
    assert release("ocds-ggzy01", sample_notices()[3]) is None


def test_datapackage_is_valid_for_frictionless(export_dir: Path) -> None:
    validate = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=export_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(validate.stdout)
    assert report["valid"], [task["errors"] for task in report["tasks"] if task["errors"]]
    assert report["stats"]["tasks"] >= 10
    package = json.loads((export_dir / "datapackage.json").read_text("utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    tables = [r for r in package["resources"] if r.get("type") == "table"]
    assert {r["path"] for r in tables} >= {"entities.csv", "penalties.csv", "notices-all.csv.gz"}
