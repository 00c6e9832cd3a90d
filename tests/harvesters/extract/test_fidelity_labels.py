"""The fidelity development set (tests/data/fidelity/labels.json) points at real records and has the right shape.

Accuracy is not asserted here: ``python3 -m bench fidelity`` measures it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bench.fidelity_data import KINDS, RECORD_KEYS, SCORED_FIELDS, hefei_items, label_id, load_labels, page_for

LABELS = load_labels()
SETS = {"ggzy-gov-cn", "hefei-ggzy", "jiangxi-ggzy", "jiangsu-jsggzy", "ccgp-gov-cn", "hunan-hnsggzy", "zhejiang-zfcg"}
FIELDS = (*SCORED_FIELDS, "lot_code")
YUAN = re.compile(r"\d+(\.\d+)?")


def test_the_set_has_at_least_100_notices_from_every_capture() -> None:
    assert len(LABELS) >= 100
    assert {label["set"] for label in LABELS} == SETS
    assert sum(label["set"] == "ggzy-gov-cn" for label in LABELS) == 60


def test_each_record_is_labelled_once() -> None:
    ids = [label_id(label) for label in LABELS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("label", LABELS, ids=label_id)
def test_label_uses_only_the_allowed_kinds_and_field_shapes(label: dict[str, Any]) -> None:
    assert set(label) <= {*RECORD_KEYS, *FIELDS}
    assert label["set"] in SETS
    assert label["source"].startswith(label["set"] + "/")
    assert isinstance(label["record"], dict)
    assert label["kind"] in KINDS
    for field in ("project_code", "lot_code", "buyer"):
        value = label.get(field)
        assert value is None or (isinstance(value, str) and value == value.strip() and value)
    if "winners" in label:
        winners = label["winners"]
        assert isinstance(winners, list)
        assert all(isinstance(name, str) and name == name.strip() and name for name in winners)
        assert len(winners) == len(set(winners))
    for field in ("amount", "budget"):
        value = label.get(field)
        assert value is None or (isinstance(value, str) and YUAN.fullmatch(value) and Decimal(value) > 0)
    if label["kind"] in ("tender", "candidates", "correction", "termination", "other"):
        assert label.get("winners", []) == []
        assert label.get("amount") is None


@pytest.mark.parametrize("label", LABELS, ids=label_id)
def test_loader_gives_the_extractor_a_non_empty_page_for_each_label(label: dict[str, Any], shared_data: Path) -> None:
    page = page_for(label, shared_data)
    text = page.body.decode("utf-8")
    assert text.strip()
    if label["source"].endswith(".html"):
        assert page.body == (shared_data / label["source"]).read_bytes()
    elif label["set"] in ("hunan-hnsggzy", "jiangsu-jsggzy"):
        assert f"<title>{label['title']}</title>" in text
        assert f"<h1>{label['title']}</h1>" in text
    else:
        title, _, body = text.partition("\n")
        assert title.strip() == label["title"]
        if set(label) & {"project_code", "buyer", "winners", "amount", "budget"}:
            assert body.strip()


def test_hefei_notices_with_tables_pasted_as_raw_json_are_still_read(shared_data: Path) -> None:
    bundle = shared_data / "hefei-ggzy/projects/2023ACCHX00470.json"
    row = json.loads(bundle.read_text(encoding="utf-8"))["raw_rows"][0]
    with pytest.raises(ValueError):
        json.loads(row["bid_content"], strict=False)
    [(title, text)] = hefei_items(row["bid_content"])
    assert title == "2023年长丰县农业技术推广中心杀菌剂采购成交结果公告"
    assert '{"1": ["名称", "小麦赤霉病防控药剂"]' in text
    assert text.rstrip().endswith("电话：0551-62723374")
