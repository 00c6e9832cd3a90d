"""The one set of test factories: notices, parties and penalties, an app serving an index of notices, and every
page of a search read through its cursors.

Each test folder builds its world from these (``tests/conftest.py`` layers the fixtures: world → app → client),
so a notice in a test has the fields a harvested one has unless the test says otherwise.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask

from ggzy.index import Index, open_index
from ggzy.index.query import SearchQuery
from ggzy.model import Kind, Notice, Party, Penalty, make_notice_id
from ggzy.normalize.uscc import expected_check_character
from ggzy.site import create_app

SITE_URL = "https://ggzy.example.org"
NOTICE_FIELDS = frozenset(field.name for field in dataclasses.fields(Notice))


def make_uscc(body17: str) -> str:
    """A valid code: 17 characters plus their GB 32100-2015 check character."""
    return body17 + expected_check_character(body17)


def party(name: str = "某公司", uscc: str | None = None, **fields: Any) -> Party:
    """A party by name and code (``role``, ``amount``, ``lot`` … as keywords)."""
    return Party(name, uscc, **fields)


def penalty(subject: Party | None = None, **fields: Any) -> Penalty:
    """A penalty on ``subject`` (a company of no importance when not given); every other field as a keyword."""
    return Penalty(subject=subject or party(), **fields)


def notice(centre: str, key: str, title: str, **fields: Any) -> Notice:
    """A notice of ``centre`` with the centre's own id ``key``: the id made from both, the key as source id.
    ``fields`` set or override anything (``id`` too). The content hash is left for the index to compute."""
    values: dict[str, Any] = {"id": make_notice_id(centre, key), "centre": centre, "title": title, "source_id": key}
    values.update(fields)
    return Notice(**values)


def harvested(centre: str, key: str, title: str, **fields: Any) -> Notice:
    """A notice as a harvest hands it to the index: with a link to the centre's page and its content hash
    stamped (change a field after, and the hash must be stamped again)."""
    fields.setdefault("source_url", f"https://{centre}.example.cn/notice/{key}.html")
    built = notice(centre, key, title, **fields)
    built.content_hash = built.compute_content_hash()
    return built


def penalty_notice(centre: str, key: str, subject: Party, published: date, **fields: Any) -> Notice:
    """A harvested penalty notice on ``subject``, titled as a 行政处罚决定书 unless ``title`` says otherwise.
    Each keyword goes where its name is a field: the notice's (``region_code``, ``body_text`` …) or the
    penalty's (``fine``, ``decided_on`` …); the two share no field name."""
    on_notice = {name: fields.pop(name) for name in list(fields) if name in NOTICE_FIELDS}
    title = on_notice.pop("title", f"{subject.name}行政处罚决定书")
    on_notice.setdefault("kind", Kind.PENALTY)
    return harvested(centre, key, title, published=published, penalty=penalty(subject, **fields), **on_notice)


def make_app(index_path: Path, notices: list[Notice], **config: Any) -> Flask:
    """The site over a fresh SQLite index at ``index_path`` holding ``notices``; ``config`` overrides the
    test settings (its data folder sits beside the index; rate limits no test reaches unless it sets its own)."""
    url = f"sqlite:///{index_path}"
    with open_index(url) as index:
        index.upsert(notices)
    settings: dict[str, Any] = {
        "INDEX": url,
        "SITE_URL": SITE_URL,
        "TESTING": True,
        "RATELIMIT_ANONYMOUS": "100000 per minute",
        "RATELIMIT_KEYED": "100000 per minute",
        "DATA_DIR": str(index_path.parent / "data"),
    }
    settings.update(config)
    return create_app(settings)


def paged_ids(index: Index, query: SearchQuery) -> list[str]:
    """The ids of every hit of ``query``, page after page through its cursors, in the order the pages give."""
    seen: list[str] = []
    while True:
        found = index.search(query)
        seen += [hit.notice.id for hit in found.hits]
        if found.next_cursor is None:
            return seen
        query = query.with_cursor(found.next_cursor)
