"""The array rewrites of a text give what the plain definitions give, on any text a notice may print."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ggzy.index.codepoints import bigram_text, nfkc
from ggzy.index.textmatch import fts_text

#: Characters notices print, and the ones that make NFKC hard: full-width forms, expanding signs (℃ ㎡ ① …),
#: combining marks that compose, Hangul jamo, Kangxi radicals, compatibility ideographs, and a character past the BMP.
NOTICE_ALPHABET = (
    "ab1 ,.:工程学校建设市政施工Ａ１（）：，；\u3000、。"
    + "℃㎡①²³ｶﾞﾟe\u0301\u0323\u0338<한ᄀ\u1161⼀㈱…"
    + "\uf900\ufa30\U0001d400\U00020000"
)
_HAN_RUN = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def plain_bigrams(text: str) -> str:
    """The definition: Han runs become their bigrams and last character; the parts are joined by one space."""
    parts = []
    for index, part in enumerate(_HAN_RUN.split(text)):
        if index % 2:
            parts.append(" ".join(map("".join, pairwise(part))) + " " + part[-1] if len(part) > 1 else part)
        elif part:
            parts.append(part)
    return " ".join(parts)


@settings(max_examples=400)
@given(st.text(alphabet=NOTICE_ALPHABET, max_size=24))
def test_nfkc_is_unicodes_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=400)
@given(st.text(alphabet=NOTICE_ALPHABET, max_size=24))
def test_bigram_text_is_the_plain_definition(text: str) -> None:
    assert bigram_text(text) == plain_bigrams(text)


def test_a_notice_sentence_is_indexed_as_bigrams_with_its_codes_and_signs_folded() -> None:
    assert fts_text("市政工程施工（ＧＣ－７）温度３℃") == "市政 政工 工程 程施 施工 工 (GC-7) 温度 度 3°C"
    assert fts_text("處罰") == "处罚 罚"
    assert fts_text("") == ""
