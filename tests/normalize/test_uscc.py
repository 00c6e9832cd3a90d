"""USCC checks on real registrations and on generated codes."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ggzy.normalize import uscc


def registrations(shared_data: Path, name: str) -> list[str]:
    with (shared_data / "uscc-registrations" / f"{name}.csv").open(encoding="utf-8") as file:
        return [row["统一社会信用代码"] for row in csv.DictReader(file)]


def test_every_shandong_code_is_valid(shared_data):
    codes = registrations(shared_data, "shandong-1990")
    assert len(codes) == 1065
    assert [code for code in codes if not uscc.is_valid(code)] == []


def test_beijing_has_exactly_one_invalid_code_a_lower_case_x(shared_data):
    invalid = [uscc.check(code) for code in registrations(shared_data, "beijing-1995") if not uscc.is_valid(code)]
    assert [result.as_printed for result in invalid] == ["91110102x00012095Q"]
    result = invalid[0]
    assert "lower-case" in result.reason
    assert result.suggestion == "91110102X00012095Q"
    assert uscc.is_valid(result.suggestion)
    assert result.region_code == "110102"


def test_jiangsu_old_registration_numbers_are_not_usccs(shared_data):
    codes = registrations(shared_data, "jiangsu-1981")
    old = [code for code in codes if len(code) != 18]
    assert len(old) == 11
    assert "320404000058610" in old
    for code in old:
        result = uscc.check(code)
        assert not result.valid
        assert result.reason.startswith("not a USCC")
        assert "registration number" in result.reason
    assert [code for code in codes if len(code) == 18 and not uscc.is_valid(code)] == []


def test_wrong_check_character_names_the_expected_one():
    result = uscc.check("91110000600037341X")
    assert not result.valid
    assert result.reason == "check character is 'X', expected 'L'"
    assert result.suggestion == "91110000600037341L"


def test_full_width_code_is_folded():
    result = uscc.check("９１１１００００６０００３７３４１Ｌ")
    assert result.valid
    assert result.code == "91110000600037341L"
    assert result.as_printed == "９１１１００００６０００３７３４１Ｌ"


def test_letter_prefixed_codes_are_checked_although_stdnum_refuses_them():
    from stdnum.cn import uscc as stdnum_uscc

    body = "N2330102MA2B3C4D5"
    code = body + uscc.expected_check_character(body)
    assert not stdnum_uscc.is_valid(code)
    assert uscc.is_valid(code)
    assert uscc.check(code).region_code == "330102"
    wrong = body + ("0" if code[-1] != "0" else "1")
    assert not uscc.is_valid(wrong)


def test_placeholders_are_no_code():
    for placeholder in ("00000000000000000X", "000000000000000000", "111111111111111111", "91000000000000000X"):
        result = uscc.check(placeholder)
        assert not result.valid
        assert result.reason == "placeholder"
        assert uscc.clean(placeholder) is None


def test_letters_outside_the_alphabet_are_named_and_lookalikes_suggested():
    result = uscc.check("91110000600O37341L")
    assert not result.valid
    assert "'O' at position 12" in result.reason
    assert result.suggestion == "91110000600037341L"


def test_clean_and_find_all_in_free_text():
    assert uscc.clean(" 9111 0000 6000 3734 1L ") == "91110000600037341L"
    assert uscc.clean("") is None
    text = (
        "中标人：某公司（统一社会信用代码：91110000600037341L）；另一家 91370783MA3CAJMG0U，"
        "订单号 X91110000600037341LX 不算，重复 91110000600037341L，错码 91110000600037341X。"
    )
    assert uscc.find_all(text) == ["91110000600037341L", "91370783MA3CAJMG0U"]


ALPHABET = st.sampled_from(uscc.ALPHABET)


@settings(deadline=None)
@given(st.lists(ALPHABET, min_size=17, max_size=17).map("".join))
def test_any_body_with_its_computed_check_character_is_valid(body):
    code = body + uscc.expected_check_character(body)
    assume(not uscc.is_placeholder(code))
    assert uscc.is_valid(code)
    assert uscc.check(code).region_code == (body[2:8] if body[2:8].isdigit() else None)


DIGITS = st.text(alphabet="0123456789", min_size=8, max_size=8)


@settings(deadline=None)
@given(DIGITS, st.lists(ALPHABET, min_size=9, max_size=9).map("".join), st.one_of(st.none(), ALPHABET))
def test_same_verdict_as_stdnum_where_stdnum_accepts_the_format(digits, organisation, last):
    from stdnum.cn import uscc as stdnum_uscc

    body = digits + organisation
    code = body + (last or uscc.expected_check_character(body))
    assume(not uscc.is_placeholder(code))
    assert uscc.is_valid(code) == stdnum_uscc.is_valid(code)


@settings(deadline=None)
@given(st.lists(ALPHABET, min_size=17, max_size=17).map("".join), st.integers(0, 17), ALPHABET)
def test_changing_any_single_character_makes_it_invalid(body, position, replacement):
    code = body + uscc.expected_check_character(body)
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    assert not uscc.is_valid(changed)


@given(st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17))
def test_the_check_character_is_the_one_python_stdnum_computes(body: str) -> None:
    from stdnum.cn import uscc as stdnum_uscc

    assert uscc.expected_check_character(body) == stdnum_uscc.calc_check_digit(body)
