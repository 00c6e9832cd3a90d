"""What the public sees of a notice: one ``public_dict`` for every JSON output.

The API's notice JSON, the bulk JSON Lines files, the per-company JSON download and the pages' JSON twins all
publish a notice through ``public_dict``, so what is private is decided here once:

- identity numbers (居民身份证号) are masked in every text field (they are masked at extraction already; this is
  the last line of defence, for every notice, not only penalties);
- a penalty on a natural person (自然人) publishes no code: neither the code as printed nor a code read from it;
- why a penalty was removed early (``removed_reason``) is kept in the index, never published.

The form is the model's ``to_dict`` form (``Notice.from_dict`` reads it back, so ``ggzy import`` loads an
export) with amounts written as plain decimals (``1000``, never ``1E+3``), as the API's JSON Schema says.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ggzy.model import Notice, SubjectCategory
from ggzy.normalize.masking import mask_identity_numbers, may_hold_identity_numbers

_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}

#: Fields that hold codes and links, never a person's number: left as they are.
_NOT_TEXT = frozenset({"id", "uscc", "project_code", "source_id", "source_url", "url", "content_hash", "spider"})


def encode(value: Any) -> Any:
    """A model value (dataclass, list, dict, Decimal, date, enum) as JSON: decimals as plain decimal strings,
    dates and times in ISO 8601, enums as their values."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def public_dict(notice: Notice) -> dict[str, Any]:
    """``notice`` as every JSON output publishes it (see the module docstring for what is withheld)."""
    return _public(notice)[0]


def public_json(notice: Notice) -> str:
    """``public_dict(notice)`` as compact JSON text (UTF-8 characters, no spaces), as the bulk JSON Lines files
    write it."""
    return _public(notice)[1]


def _public(notice: Notice) -> tuple[dict[str, Any], str]:
    """``public_dict(notice)`` and its compact JSON text. The masking walk over every string is skipped when the
    whole encoded notice holds no run of 15 digits: an identity number is such a run, so masking would change
    nothing (the walk took most of the time of publishing a page of hits; the text is one C call)."""
    data = _withheld(notice, encode(notice))
    text = _compact(data)
    if may_hold_identity_numbers(text):
        data = _masked(data)
        text = _compact(data)
    return data, text


def _compact(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _withheld(notice: Notice, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (the encoded ``notice``) without a penalty's removal reason or a natural person's code."""
    penalty = data.get("penalty")
    if penalty is not None:
        penalty["removed_reason"] = None
        if notice.penalty is not None and notice.penalty.subject_category is SubjectCategory.NATURAL_PERSON:
            penalty["subject"]["uscc"] = None
            penalty["subject"]["uscc_as_printed"] = None
    return data


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _NOT_TEXT else _masked(v) for k, v in value.items()}
    return value
