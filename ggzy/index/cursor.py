"""Opaque search-after cursors: the last hit's sort key and id, packed so a URL can carry them.

Both engines page the same way: never by offset, always "after this key". A cursor names its sort, so a cursor
from a ``newest`` search handed to an ``amount`` search is refused rather than silently misread.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from ggzy.index.query import QueryError


def encode_cursor(sort: str, key: list[Any]) -> str:
    """Pack a sort name and the last hit's sort values (ending with its id) into a URL-safe string."""
    raw = json.dumps([sort, *key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str, length: int) -> list[Any]:
    """The sort values packed by ``encode_cursor``; ``QueryError`` when the cursor is damaged or of another
    sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError):
        raise QueryError(
            "查询条件有误：翻页位置（cursor）无法识别，请去掉它从第一页重新开始。", param="cursor"
        ) from None
    if not isinstance(values, list) or len(values) != length + 1 or values[0] != sort:
        raise QueryError(
            f"查询条件有误：翻页位置（cursor）不属于按 {sort} 排序的搜索，请去掉它从第一页重新开始。", param="cursor"
        )
    return values[1:]
