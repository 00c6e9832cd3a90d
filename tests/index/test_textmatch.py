"""Highlights on text printed in full-width letters and digits, as many notices print codes and numbers."""

from __future__ import annotations

from ggzy.index.querytext import parse_query
from ggzy.index.textmatch import highlight


def test_a_code_typed_in_ascii_is_marked_where_a_notice_prints_it_full_width() -> None:
    found = highlight(parse_query("abc2024"), "ＡＢＣ２０２４号工程", "编号：ＡＢＣ２０２４，另见 abc2024。")
    assert found["title"] == ["<mark>ＡＢＣ２０２４</mark>号工程"]
    assert found["body"] == ["编号：<mark>ＡＢＣ２０２４</mark>，另见 <mark>abc2024</mark>。"]


def test_signs_inside_a_code_match_either_width_and_other_text_is_left_alone() -> None:
    found = highlight(parse_query("GC-7"), "标题", "项目编号ＧＣ－７（一标段）；GC-8 不是")
    assert found["body"] == ["项目编号<mark>ＧＣ－７</mark>（一标段）；GC-8 不是"]
