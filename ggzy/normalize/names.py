"""Names of organisations and people: a display form and a matching key.

``clean_name`` is what a page shows: trimmed, whitespace collapsed, a line break inside a Chinese name removed.
``name_key`` is only for matching two printings of the same name: full-width and half-width brackets,
letters and digits folded, every space removed. The key never replaces the displayed name.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}()（）])\s+|\s+(?=[{_CJK}()（）])")
_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]", "﹙": "(", "﹚": ")"})


def clean_name(name: str | None) -> str:
    """The display form: trimmed, runs of whitespace collapsed to one space, none beside a Chinese character."""
    if not name:
        return ""
    text = _INVISIBLE.sub("", name).replace("\u3000", " ")
    text = _SPACE_BETWEEN_CJK.sub("", text.strip())
    return _SPACE.sub(" ", text)


def name_key(name: str | None) -> str:
    """The matching key: full-width folded (（）→(), Ａ→A, ９→9), brackets unified, every space removed."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name)).translate(_BRACKETS)
    return _SPACE.sub("", folded)
