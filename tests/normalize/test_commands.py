"""``ggzy uscc`` through the real command group."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ggzy.cli import main


def test_all_valid_codes_exit_zero():
    result = CliRunner().invoke(main, ["uscc", "91110000600037341L", "91370783MA3CAJMG0U"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].split("  ")[:2] == ["91110000600037341L", "valid"]
    assert "370783" in lines[1]


def test_any_invalid_code_exits_one_with_json_lines():
    result = CliRunner().invoke(main, ["uscc", "--json", "91110000600037341L", "91110102x00012095X", "320404000058610"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["valid"] for r in records] == [True, False, False]
    assert records[0]["region_code"] == "110000"
    assert records[1]["code"] == "91110102X00012095X"
    assert records[1]["suggestion"] == "91110102X00012095Q"
    assert "expected 'Q'" in records[1]["reason"]
    assert records[2]["reason"].startswith("not a USCC")
    assert records[2]["region_code"] is None


def test_codes_from_standard_input():
    stdin = "91110000600037341L\n\n９１１１００００６０００３７３４１Ｌ\n91110000600037341X\n"
    result = CliRunner().invoke(main, ["uscc", "--json"], input=stdin)
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["code"] for r in records] == ["91110000600037341L", "91110000600037341L", "91110000600037341X"]
    assert records[2]["reason"] == "check character is 'X', expected 'L'"


def test_a_typed_code_folds_to_the_canonical_one():
    typed = ["914308216620xlua6m", "９１４３０８２１６６２０ＸＬＵＡ６Ｍ", "9143 0821-6620 XLUA6M"]
    result = CliRunner().invoke(main, ["uscc", "--json", *typed])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert all(r["valid"] and r["code"] == "914308216620XLUA6M" for r in records)
    assert [r["normalized_from"] for r in records] == typed


def test_help():
    result = CliRunner().invoke(main, ["uscc", "--help"])
    assert result.exit_code == 0
    assert "GB 32100-2015" in result.output
