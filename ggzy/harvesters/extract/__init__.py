"""Field extraction: a centre's page (bytes, HTML or text) → the fields of a :class:`ggzy.model.Notice`.

The functions a spider callback needs:

- :func:`decode_page` — bytes → text, by the declared charset or by sniffing, never by assumption;
- :func:`build_notice` — the whole extract → normalize step, giving a finished Notice;
- :func:`extract_fields` — only the fields (project code, parties, winners per lot, amounts, dates …);
- :func:`sanitize_html`, :func:`html_to_text`, :func:`mask_identity_numbers` — the pieces on their own;
- :func:`parse_penalty_row` — one row of a 双公示 or 严重违法失信 list → a Penalty;
- :func:`record_notice` — such a row → its whole Notice (no field search in its text);
- :func:`extract_page` — bytes alone → Notice, the unit the extraction benchmark times.
"""

from __future__ import annotations

from ggzy.harvesters.extract.errors import ExtractError
from ggzy.harvesters.extract.fields import ExtractedFields, extract_fields
from ggzy.harvesters.extract.html import decode_page, html_to_text, parse_page, sanitize_html
from ggzy.harvesters.extract.notice import build_notice, extract_page, record_notice
from ggzy.harvesters.extract.penalty import parse_penalty_row
from ggzy.normalize.masking import mask_identity_numbers

__all__ = [
    "ExtractError",
    "ExtractedFields",
    "build_notice",
    "decode_page",
    "extract_fields",
    "extract_page",
    "html_to_text",
    "mask_identity_numbers",
    "parse_page",
    "parse_penalty_row",
    "record_notice",
    "sanitize_html",
]
