"""Codes as printed: a project's (项目编号) or a lot's (标段（包）编号), bounded by their own characters.

A value taken after a label runs on into whatever the text prints next (``ABC-2026-017），经评审，…``);
:func:`bounded_code` keeps the code alone and keeps the brackets that belong to it (``[330100]ZJCG[GK]2026011``,
``ZSHJ-WHS-FW-2026-014（2）``).
"""

from __future__ import annotations

import re

#: Characters a code is made of; it ends at the first other one, or at a closing bracket it did not open.
_CODE_CHARACTERS = re.compile(r"[0-9A-Za-z\-_/.#·\u4e00-\u9fff（）()\[\]【】〔〕]+")
_OPENERS = {"）": "（", ")": "(", "]": "[", "】": "【", "〕": "〔"}
#: A bracketed part that belongs to a code: ``ZSHJ-WHS-FW-2026-014（2）``, not ``（采购方式：竞争性磋商）``.
_CODE_NOTE = re.compile(r"[（(][0-9A-Za-z一二三四五六七八九十\-]{1,6}[）)]")


def bounded_code(value: str | None) -> str | None:
    """A code as printed, bounded by its own characters: ``ABC-2026-017），经评审`` → ``ABC-2026-017``;
    ``[330100]ZJCG[GK]2026011`` stays whole; of several codes joined by ``；`` the first."""
    if not value:
        return None
    match = _CODE_CHARACTERS.match(value.strip())
    if match is None:
        return None
    code = match.group(0)
    depth: list[str] = []
    for position, char in enumerate(code):
        if char in "（([【〔":
            note = _CODE_NOTE.match(code, position)
            if char in "（(" and note is None and position > 0:
                code = code[:position]
                break
            depth.append(char)
        elif char in _OPENERS:
            if not depth or depth[-1] != _OPENERS[char]:
                code = code[:position]
                break
            depth.pop()
    code = code.rstrip("-_/.·")
    return code if len(code) >= 3 and any(c.isdigit() for c in code) else None
