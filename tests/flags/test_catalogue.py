"""The catalogue is complete data: every flag the rules compute, each with its names, basis and sourced thresholds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ggzy.flags import FlagsError
from ggzy.flags.catalogue import DATA, FLAG_IDS, load_catalogue
from ggzy.flags.model import FlagResult, FlagState


def test_the_catalogue_declares_every_flag_with_names_and_sourced_thresholds() -> None:
    catalogue = load_catalogue()
    assert tuple(catalogue.flags) == FLAG_IDS
    assert catalogue.version
    for spec in catalogue.flags.values():
        assert spec.name_zh and spec.name_en and spec.triggers and spec.limits and spec.needs
        assert all(ocp.startswith("R") for ocp in spec.ocp)
        for threshold in spec.thresholds.values():
            assert threshold.source and date(2000, 1, 1) <= threshold.effective <= date(2026, 12, 31)
    assert catalogue["single_bid"].ocp == ("R018",)
    assert catalogue["short_submission"].thresholds["tender_days"].value == 20
    assert "第二十四条" in catalogue["short_submission"].basis


def test_a_catalogue_missing_a_flag_is_refused(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    broken = tmp_path / "catalogue.toml"
    broken.write_text(text.replace('id = "late_contract"', 'id = "late_contracts"'), encoding="utf-8")
    with pytest.raises(FlagsError, match="late_contracts"):
        load_catalogue(broken)


def test_a_result_survives_its_json_round_trip() -> None:
    result = FlagResult(
        flag="single_bid",
        notice_id="n1",
        state=FlagState.TRIGGERED,
        detail="仅 1 家投标人（开标记录）",
        inputs=("n1", "n0"),
        thresholds={"min_bidders": 2},
        catalogue_version="2026.1",
        parties=("91110000000000000X",),
        buyer="某局",
        published=date(2026, 3, 1),
    )
    assert FlagResult.from_dict(result.to_dict()) == result
    with pytest.raises(FlagsError):
        FlagResult.from_dict({**result.to_dict(), "state": "yes"})
