"""Personal identity numbers never leave extraction unmasked; company codes and other numbers stay."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ggzy.harvesters.extract import build_notice, extract_fields, mask_identity_numbers, parse_penalty_row
from ggzy.normalize import uscc

#: A valid all-digit USCC whose middle reads like a birth date.
DIGIT_USCC = "913301198001011005"


def test_eighteen_and_fifteen_digit_identity_numbers_are_masked():
    assert mask_identity_numbers("身份证号：330102198001011234。") == "身份证号：330102********1234。"
    assert mask_identity_numbers("证件 33010219800101123x 号") == "证件 330102********123x 号"
    assert mask_identity_numbers("老证号330102800101123") == "老证号330102*****1123"


def test_codes_phones_dates_and_amounts_are_left_alone():
    text = (
        f"统一社会信用代码：{DIGIT_USCC} 电话：13974400894 0744-8597082 "
        "项目编号：330521253680050000027-ZJXCXZF-2025-JC57 注册号320404000058610 金额：18791886.00元 20260317"
    )
    assert mask_identity_numbers(text) == text


def test_build_notice_masks_text_html_and_every_field():
    html = (
        "<h1>张某某违法行为处理结果公告</h1><p>采购人：杭州市某某局</p>"
        "<table><tr><th>中标人</th><td>张三（身份证号330102198001011234）</td></tr></table>"
        "<p>联系人：李四，身份证：330102198001011234</p>"
    )
    notice = build_notice(
        centre="demo-zj", source_id="1", source_url="", title="关于330102198001011234的公示", html_or_text=html
    )
    assert "330102198001011234" not in notice.to_json()
    assert "330102********1234" in notice.body_text and "330102********1234" in notice.body_html
    assert notice.title == "关于330102********1234的公示"


def test_a_natural_persons_number_in_the_code_column_is_masked_and_never_a_uscc():
    penalty = parse_penalty_row(
        {"行政相对人名称": "王某", "统一社会信用代码": "330102198001011234", "处罚内容": "警告"}
    )
    assert penalty.subject.uscc is None
    assert penalty.subject.uscc_as_printed == "330102********1234"
    assert penalty.subject_category.value == "natural_person"


def test_a_valid_digit_only_uscc_is_kept_as_the_partys_code():
    found = extract_fields(f"中标人：杭州某某有限公司\n统一社会信用代码：{DIGIT_USCC}")
    assert found.winners[0].uscc == DIGIT_USCC


def test_an_identity_number_that_also_passes_the_uscc_check_is_still_masked():
    number = "130181199509273452"  # Hebei; its last digit is right both as a USCC and as an ID check digit
    assert uscc.is_valid(number)
    assert mask_identity_numbers(f"当事人（身份证号码：{number}）") == "当事人（身份证号码：130181********3452）"


def test_fields_passed_in_by_the_caller_are_masked_too():
    notice = build_notice(
        centre="demo-zj",
        source_id="2",
        source_url="",
        title="某某项目中标结果公告",
        html_or_text="<p>中标人：甲公司</p>",
        extra_fields={"buyer": "王某（330102198001011234）", "project_code": "330102198001011234"},
    )
    assert notice.buyer is not None and "330102********1234" in notice.buyer.name
    assert notice.project_code == "330102********1234"


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@st.composite
def identity_numbers(draw: st.DrawFn) -> str:
    region = draw(st.integers(110000, 659999))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)))
    body = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


@given(
    number=identity_numbers(),
    before=st.text("采购人中标公司联系：（ ", max_size=8),
    after=st.text("。，） 电话", max_size=8),
)
@settings(max_examples=200, deadline=None)
def test_no_identity_number_survives_masking(number, before, after):
    masked = mask_identity_numbers(f"{before}{number}{after}")
    assert number not in masked
    assert f"{number[:6]}********{number[-4:]}" in masked
