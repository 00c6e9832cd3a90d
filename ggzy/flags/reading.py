"""What the rules read of a notice: every field but its body and files, with the procurement method its title and
body name read once, as the notice is read.

A refresh reads every notice of an index; bodies are two thirds of a notice's memory and the rules read them for
one thing only, the procurement method (``normalize/methods.method_evidence``). ``read_notice`` reads it there and
keeps a ``ReadNotice`` without the body, so a full refresh holds what the rules read and nothing more.
``evaluate`` reads every notice it is given this way, and ``Procurement.method`` takes the method from here.

The rules also read the notices in one order, the order ``Index.scan`` gives (newest first, then by id):
``scan_order`` is its key, so a refresh of a few notices read by id decides the same way as one over the index
(the buyer ledger keeps the first of two copies of one award, the penalty book lists penalties in that order).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ggzy.model import Notice
from ggzy.normalize.methods import Method, method_evidence

#: The fields of a notice no rule reads (the body is read once, for the method).
UNREAD = frozenset({"body_text", "body_html", "attachments", "also_published"})
_KEPT = tuple(f.name for f in fields(Notice) if f.init and f.name not in UNREAD)


@dataclass
class ReadNotice(Notice):
    """A notice as the rules read it: no body or files, and what ``method_evidence`` finds in its title and
    body (the method and whether it is named explicitly; None when none is named)."""

    method_found: tuple[Method, bool] | None = None


def read_notice(notice: Notice) -> ReadNotice:
    """``notice`` as the rules read it (itself when it already is a ``ReadNotice``)."""
    if isinstance(notice, ReadNotice):
        return notice
    kept: dict[str, Any] = {name: getattr(notice, name) for name in _KEPT}
    return ReadNotice(**kept, method_found=method_evidence(notice.title, notice.body_text))


def scan_order(notice: Notice) -> tuple[bool, int, str]:
    """The sort key of ``Index.scan``'s order: newest first (undated last), then by id."""
    published = notice.published
    return (published is None, -published.toordinal() if published else 0, notice.id)
