"""What the Elasticsearch engine stores: the index settings, the mapping and one document per notice.

A document keeps the whole ``Notice`` as ``doc`` (stored, never indexed: ``get`` and ``search`` return it
unchanged) beside the fields searches filter, sort and count on. Those derived fields follow the SQLite engine's
columns one for one (``hidden_from``, ``province``, ``year`` …), so both engines answer the same questions the
same way.

Chinese text. The ``cjk`` analyzer (character bigrams) is used where the node has it; the integration-test
distribution lacks the ``analysis-common`` module, and there the ``standard`` analyzer gives one token per Han
character, so every word is searched as a phrase. Before indexing, text is NFKC-folded (``ＡＢ１２`` → ``AB12``,
as the SQLite engine does) and cut where punctuation or a space separates two Han characters: the pieces are
indexed as separate values, whose position gap keeps a phrase from running across ``学校，建设``, exactly as the
SQLite engine's bigrams never cross a run of Han characters. (With ``cjk`` a lone character is no token of a
longer run, so one-character searches find less there than on SQLite; tests run on the ``standard`` path.)
On the ``standard`` path the text fields also index each pair of neighbouring tokens (``index_phrases``): a
two-character word is then one term instead of a phrase of two characters whose positions are compared in every
notice holding both, and a longer word a phrase of such pairs (BENCHMARKS.md, "Index engine: Elasticsearch").
"""

from __future__ import annotations

import re
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch

from ggzy.index.textmatch import normalize_text, party_names
from ggzy.model import Notice
from ggzy.normalize.dates import china_day

#: Raised when the mapping or the derived fields change; ``ggzy index rebuild`` brings an index up to date.
SCHEMA_VERSION = 5

#: A keyword longer than this is left out of the index (Lucene refuses terms over 32 KB).
KEYWORD_LIMIT = 2048

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BETWEEN_HAN = re.compile(f"(?<=[{_HAN}])[\\W_]+(?=[{_HAN}])")

#: Joins the parts of an entity key (a control character no name or code contains).
SEPARATOR = "\x1f"


def _keyword(**extra: Any) -> dict[str, Any]:
    return {"type": "keyword", **extra}


def _counted(field: dict[str, Any]) -> dict[str, Any]:
    """A field only aggregated or sorted on: column values, no inverted index."""
    return {**field, "index": False}


def _filtered(field: dict[str, Any]) -> dict[str, Any]:
    """A field only filtered on: an inverted index, no column values."""
    return {**field, "doc_values": False}


def _stored(field: dict[str, Any]) -> dict[str, Any]:
    """A field kept in the stored document for readers of the index, neither searched nor counted."""
    return {**field, "index": False, "doc_values": False}


#: Fields added since schema 3: put into an older index's mapping when it is opened, so writes keep working
#: there (its stored notices lack them until ``ggzy index rebuild``; a missing day does not limit publicity).
ADDED_FIELDS: dict[str, Any] = {"public_from": {"type": "date", "format": "strict_date"}}


def choose_analyzer(client: Elasticsearch) -> str:
    """``cjk`` when the node has it (the ``analysis-common`` module), else ``standard``."""
    try:
        client.indices.analyze(analyzer="cjk", text="公共资源交易")
    except BadRequestError:
        return "standard"
    return "cjk"


def mapping(analyzer: str) -> dict[str, Any]:
    """The mapping of a notices index whose text fields use ``analyzer`` (``cjk`` or ``standard``). Each field is
    indexed only for what the queries do with it, which spares about a fifth of the node's work per notice."""
    text: dict[str, Any] = {"type": "text", "analyzer": analyzer, "position_increment_gap": 100}
    if analyzer == "standard":  # one token per Han character: index the pairs, the words of two characters
        text["index_phrases"] = True
    return {
        "dynamic": "strict",
        "_meta": {"schema_version": SCHEMA_VERSION, "analyzer": analyzer},
        # The text fields are derived from ``doc``; leaving them out of _source halves the stored bytes.
        "_source": {"excludes": ["title", "body", "buyer", "agency", "winner"]},
        "properties": {
            "id": _keyword(),
            "centre": _keyword(),
            "kind": _keyword(),
            "category": _keyword(),
            "published": {"type": "date", "format": "strict_date"},
            "year": _counted(_keyword()),
            "month": _counted(_keyword()),
            "region_code": _keyword(),
            "province": _counted(_keyword()),
            "project_code": _filtered(_keyword(ignore_above=KEYWORD_LIMIT)),
            "amount": {"type": "double"},
            "hidden_from": {"type": "date", "format": "strict_date"},
            **ADDED_FIELDS,
            "publicity_until": _stored({"type": "date", "format": "strict_date"}),
            "removed_on": _stored({"type": "date", "format": "strict_date"}),
            "harvested_at": _counted({"type": "date", "format": "date_optional_time"}),
            "content_hash": _stored(_keyword()),
            "modified_seq": {"type": "long"},
            "inserted_seq": _counted({"type": "long"}),
            "usccs": _keyword(),
            "winner_usccs": _filtered(_keyword()),
            "subject_usccs": _filtered(_keyword()),
            "entity_names": _counted(_keyword(ignore_above=KEYWORD_LIMIT)),
            "entity_keys": _keyword(ignore_above=KEYWORD_LIMIT),
            "title": text,
            "body": text,
            "buyer": text,
            "agency": text,
            "winner": text,
            "deadline": {"type": "date", "format": "strict_date"},
            "doc": {"type": "object", "enabled": False},
        },
    }


def settings() -> dict[str, Any]:
    """One shard (exact facet counts and scores), no replica on a single node; a replica is added by operators."""
    return {"number_of_shards": 1, "number_of_replicas": 0}


def notice_settings() -> dict[str, Any]:
    """The settings of a notices index: ``settings()`` with its stored documents compressed harder
    (``best_compression``): the stored notices shrink to less than half, with no indexing cost measured
    (BENCHMARKS.md, "Index engine: Elasticsearch", schema 5)."""
    return {**settings(), "codec": "best_compression"}


def text_values(text: str) -> list[str]:
    """The values indexed for a title or body: NFKC-folded and cut between Han characters split by punctuation."""
    if not text:
        return []
    return [piece for piece in _BETWEEN_HAN.split(normalize_text(text)) if piece.strip()]


def query_text(text: str) -> str:
    """A query word folded the way indexed text is (``querytext`` has folded it already; folding is idempotent)."""
    return normalize_text(text)


def entity_name(uscc: str, name: str) -> str:
    """The ``entity_names`` value of one party: counted per code to list the names a company was printed as."""
    return f"{uscc}{SEPARATOR}{name}"


def entity_key(key: str, uscc: str, name: str) -> str:
    """The ``entity_keys`` value of one party: its name key first, so a name search reads only that part."""
    return f"{key}{SEPARATOR}{uscc}{SEPARATOR}{name}"


def split_entity_key(value: str) -> tuple[str, str, str]:
    """``(name_key, uscc, name)`` from an ``entity_keys`` value."""
    key, uscc, name = value.split(SEPARATOR, 2)
    return key, uscc, name


def document(notice: Notice, data: dict[str, Any], *, modified_seq: int, inserted_seq: int) -> dict[str, Any]:
    """The stored document of ``notice``, whose ``to_dict()`` form (content hash set) is ``data``."""
    from ggzy.normalize.names import name_key

    published = notice.published.isoformat() if notice.published else None
    penalty = notice.penalty
    named = [p for p in notice.parties() if p.uscc and p.name]
    subject = penalty.subject if penalty is not None else None
    return {
        "id": notice.id,
        "centre": notice.centre,
        "kind": notice.kind.value,
        "category": notice.category.value,
        "published": published,
        "year": published[:4] if published else None,
        "month": published[:7] if published else None,
        "region_code": notice.region_code,
        "province": notice.region_code[:2] + "0000" if notice.region_code else None,
        "project_code": notice.project_code,
        "amount": None if notice.amount is None else float(notice.amount),
        "hidden_from": _iso(notice.hidden_from()),
        "public_from": _iso(notice.public_from()),
        "publicity_until": _iso(penalty.public_until()) if penalty else None,
        "removed_on": _iso(penalty.removed_on) if penalty else None,
        "harvested_at": notice.harvested_at.isoformat() if notice.harvested_at else None,
        "content_hash": data["content_hash"],
        "modified_seq": modified_seq,
        "inserted_seq": inserted_seq,
        "usccs": notice.usccs(),
        "winner_usccs": sorted({w.uscc for w in notice.winners if w.uscc}),
        "subject_usccs": [subject.uscc] if subject is not None and subject.uscc else [],
        "entity_names": sorted({entity_name(p.uscc, p.name) for p in named if p.uscc}),
        "entity_keys": sorted({entity_key(name_key(p.name), p.uscc, p.name) for p in named if p.uscc}),
        "title": text_values(notice.title),
        "body": text_values(notice.body_text),
        **{name: text_values(value) for name, value in party_names(notice).items()},
        "deadline": china_day(notice.deadline),
        "doc": data,
    }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()
