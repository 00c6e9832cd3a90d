"""Display names and matching keys."""

from __future__ import annotations

from ggzy.normalize.names import clean_name, name_key


def test_clean_name_collapses_whitespace_and_line_breaks():
    assert clean_name("  湖南宸誉工程\n项目管理有限公司 ") == "湖南宸誉工程项目管理有限公司"
    assert clean_name("ABC  Trading\tCo.") == "ABC Trading Co."
    assert clean_name("德清县体育中心（德清县少年儿童体育学校）") == "德清县体育中心（德清县少年儿童体育学校）"
    assert clean_name(None) == ""


def test_name_key_matches_printings_of_one_name():
    displayed = "德清县体育中心（德清县少年儿童体育学校）"
    assert name_key(displayed) == name_key("德清县体育中心(德清县少年儿童体育学校)")
    assert name_key("北京　ＡＢＣ科技 有限公司") == name_key("北京ABC科技有限公司")
    assert name_key("某某公司（２０２６）") == "某某公司(2026)"
    assert displayed == "德清县体育中心（德清县少年儿童体育学校）"
    assert name_key("甲公司") != name_key("乙公司")
