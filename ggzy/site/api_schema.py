"""JSON Schemas of the API's answers, derived from the model's dataclasses, and the encoder that matches them.

``schema_of(cls)`` reads a dataclass's type hints and gives its JSON Schema (2020-12, as OpenAPI 3.1 uses):
``Decimal`` is a string of digits, dates and times are ISO 8601 strings, enums list their values, optional
fields also allow ``null``; a nested dataclass becomes a ``$ref`` to its own component. ``to_json`` writes any
of those dataclasses the way its schema says. The envelopes (a search page, a credit-check row …) are small
declarations built from the same pieces, so the OpenAPI document can never drift from what is served.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ggzy.index.base import EntityMatch, IndexStats
from ggzy.model import Notice
from ggzy.normalize import credit
from ggzy.public import encode, public_dict

Schema = dict[str, Any]

DECIMAL: Schema = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "Yuan, as a decimal string"}
DATE: Schema = {"type": "string", "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def obj(description: str = "", *, optional: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """An object whose properties are all present unless named in ``optional``; others may be added later."""
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }
    if description:
        schema["description"] = description
    return schema


def schema_of(cls: type, components: dict[str, Schema], *, exclude: tuple[str, ...] = ()) -> Schema:
    """The JSON Schema of a dataclass; nested dataclasses are added to ``components`` and referenced."""
    hints = typing.get_type_hints(cls)
    properties = {
        f.name: _schema_of_type(hints[f.name], components) for f in dataclasses.fields(cls) if f.name not in exclude
    }
    schema: Schema = {"type": "object", "properties": properties, "required": list(properties)}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc and not doc.startswith(f"{cls.__name__}("):
        schema["description"] = " ".join(doc.split())
    return schema


def _schema_of_type(hint: Any, components: dict[str, Schema]) -> Schema:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        inner = _schema_of_type(members[0], components) if len(members) == 1 else {"anyOf": members}
        return nullable(inner) if type(None) in args else inner
    if origin is list:
        return array(_schema_of_type(args[0], components))
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of_type(args[1], components)}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if hint.__name__ not in components:
            components[hint.__name__] = {}  # placeholder: stops recursion
            components[hint.__name__] = schema_of(hint, components)
        return ref(hint.__name__)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"type": "string", "enum": [m.value for m in hint]}
    simple: dict[Any, Schema] = {
        str: {"type": "string"},
        int: {"type": "integer"},
        float: {"type": "number"},
        bool: {"type": "boolean"},
        Decimal: DECIMAL,
        datetime: DATETIME,
        date: DATE,
    }
    if hint in simple:
        return dict(simple[hint])
    raise TypeError(f"no JSON Schema for {hint!r}")


def to_json(value: Any) -> Any:
    """A dataclass (or list, dict, Decimal, date, enum) as the JSON its schema describes."""
    return encode(value)


def notice_json(
    notice: Notice, site_url: str, *, brief: bool = False, highlights: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """A notice as the API serves it: the model's fields, our page's URL; personal ID numbers masked. A ``brief``
    one (a search hit) leaves the body out before masking, which spared most of a search page's JSON time."""
    data = public_dict(dataclasses.replace(notice, body_text="", body_html="") if brief else notice)
    if brief:
        del data["body_text"], data["body_html"]
        data["highlights"] = highlights or {}
    data["url"] = f"{site_url}/notice/{notice.id}"
    return data


def penalty_record(notice: Notice, site_url: str, on: date | None = None) -> dict[str, Any]:
    """An active penalty as a credit profile lists it, with its rank on the severity ladder, whether it is a
    serious violation (严重失信), the ban covering ``on`` and its 公示截止期."""
    penalty = notice.penalty
    assert penalty is not None
    rung = credit.severity(penalty)
    record = notice_json(notice, site_url)
    return {
        "id": notice.id,
        "title": notice.title,
        "published": to_json(notice.published),
        "url": record["url"],
        "severity": rung.rank,
        "severity_label": rung.label,
        "serious_violation": credit.is_serious(penalty),
        "mark": "严重失信" if credit.is_serious(penalty) else None,
        "list_name": penalty.list_name,
        "banned_until": to_json(penalty.banned_until),
        "banned_on_day": credit.banned_on(penalty, on) if on is not None else penalty.banned_until is not None,
        "public_until": to_json(penalty.public_until()),
        "repairable_from": to_json(credit.repairable_from(penalty)),
        "penalty": record["penalty"],
    }


def components() -> dict[str, Schema]:
    """Every schema the API document names, the model's derived from its dataclasses."""
    found: dict[str, Schema] = {}
    notice = schema_of(Notice, found)
    notice["properties"]["url"] = {"type": "string", "description": "Our page for this notice"}
    notice["required"].append("url")
    found["Notice"] = notice
    summary = schema_of(Notice, found, exclude=("body_text", "body_html"))
    summary["description"] = "A notice without its body, as search results list it."
    summary["properties"]["url"] = {"type": "string"}
    summary["properties"]["highlights"] = {"type": "object", "additionalProperties": array({"type": "string"})}
    summary["required"] += ["url", "highlights"]
    found["NoticeSummary"] = summary
    found["Bid"]["properties"]["score"] = nullable(
        {"type": "string", "pattern": DECIMAL["pattern"], "description": "The evaluation score as printed"}
    )
    found["EntityMatch"] = schema_of(EntityMatch, found)
    found["IndexStats"] = schema_of(IndexStats, found)
    found.update(_envelopes())
    return found


def _envelopes() -> dict[str, Schema]:
    facet_counts = array({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]})
    return {
        "Problem": obj(
            "RFC 9457 problem details; an invalid USCC adds reason, expected_check_character and suggestion.",
            optional=("reason", "expected_check_character", "suggestion", "uscc"),
            type={"type": "string"},
            title={"type": "string"},
            status={"type": "integer"},
            detail={"type": "string"},
            instance={"type": "string"},
            reason={"type": "string"},
            expected_check_character=nullable({"type": "string"}),
            suggestion=nullable({"type": "string"}),
            uscc={"type": "string"},
        ),
        "SearchPage": obj(
            "One page of a search; follow next (or pass next_cursor as cursor) for the following page.",
            total={
                "type": "integer",
                "description": "Matches: exact when total_exact, else an estimate of at least 10,000.",
            },
            total_exact={"type": "boolean"},
            items=array(ref("NoticeSummary")),
            facets={"type": "object", "additionalProperties": facet_counts},
            next_cursor=nullable({"type": "string"}),
            next=nullable({"type": "string"}),
        ),
        "PenaltyRecord": obj(
            "An active penalty: the notice and its 双公示 items (personal ID numbers masked).",
            id={"type": "string"},
            title={"type": "string"},
            published=nullable(DATE),
            url={"type": "string"},
            severity={"type": "integer", "description": "5 严重违法失信 … 1 其他"},
            severity_label={"type": "string"},
            serious_violation={"type": "boolean"},
            mark=nullable({"type": "string", "description": "严重失信 for a serious violation"}),
            list_name=nullable({"type": "string"}),
            banned_until=nullable(DATE),
            banned_on_day={"type": "boolean", "description": "A ban covers the day asked about"},
            public_until=nullable(DATE),
            repairable_from=nullable(DATE),
            penalty=ref("Penalty"),
        ),
        "EntityProfile": obj(
            "The credit profile of one USCC; known is false when no public notice names it.",
            uscc={"type": "string"},
            normalized_from=nullable({"type": "string", "description": "The code as given, when it was folded"}),
            as_of=nullable(DATE),
            valid={"type": "boolean"},
            known={"type": "boolean"},
            names=array({"type": "string"}),
            region_code=nullable({"type": "string"}),
            region=nullable({"type": "string"}),
            counts_by_kind={"type": "object", "additionalProperties": {"type": "integer"}},
            awards_won={"type": "integer"},
            awards_total=DECIMAL,
            awards=array(
                obj(
                    "One project won: the notice counted and the company's own amount (its lots, not the notice's).",
                    notice_id={"type": "string"},
                    url={"type": "string"},
                    project={"type": "string"},
                    kind={"type": "string"},
                    published=nullable(DATE),
                    amount=DECIMAL,
                )
            ),
            first_seen=nullable(DATE),
            last_seen=nullable(DATE),
            last_award=nullable(DATE),
            active_penalties=array(ref("PenaltyRecord")),
            serious_violation={"type": "boolean"},
            withdrawn_penalties={"type": "integer"},
            latest=array(ref("NoticeSummary")),
            links=obj(page={"type": "string"}, feed={"type": "string"}),
        ),
        "EntityMatches": obj(items=array(ref("EntityMatch"))),
        "CreditCheckRequest": obj(
            "Up to 1,000 codes, as printed; as_of and receipt are optional.",
            optional=("as_of", "receipt"),
            uscc={"type": "array", "items": {"type": "string"}, "maxItems": 1000},
            as_of={"type": "string", "format": "date"},
            receipt={"type": "boolean"},
        ),
        "CreditCheckRow": obj(
            "The verdict on one code, in the order asked.",
            uscc={"type": "string"},
            code={"type": "string"},
            valid={"type": "boolean"},
            normalized_from=nullable({"type": "string"}),
            reason=nullable({"type": "string"}),
            suggestion=nullable({"type": "string"}),
            known=nullable({"type": "boolean", "description": "null when the code cannot be checked"}),
            names=array({"type": "string"}),
            active_penalties=nullable({"type": "integer", "description": "null, never 0, for a code not checked"}),
            most_severe_penalty=nullable({"type": "string"}),
            severity=nullable({"type": "integer"}),
            serious_violation=nullable({"type": "boolean"}),
            banned_until=nullable(DATE),
            awards_won=nullable({"type": "integer"}),
            last_award=nullable(DATE),
        ),
        "CreditCheck": obj(
            "The verdicts; receipt is present when the request asked for one.",
            optional=("receipt",),
            count={"type": "integer"},
            checked_on=DATE,
            as_of=nullable(DATE),
            results=array(ref("CreditCheckRow")),
            receipt=ref("Receipt"),
        ),
        "Receipt": obj(
            "A signed record of a credit check: Ed25519 over the canonical JSON (keys sorted, no spaces, UTF-8) of "
            "every member but signature.",
            receipt_version={"type": "integer"},
            question={"type": "object"},
            answer={"type": "object"},
            index={"type": "object"},
            issued_at=DATETIME,
            key_id={"type": "string"},
            algorithm={"type": "string", "const": "Ed25519"},
            signature={"type": "string", "description": "base64url, no padding"},
        ),
        "KeySet": obj(
            "Public keys as a JWK set (RFC 8037).",
            keys=array(
                obj(
                    kty={"type": "string"},
                    crv={"type": "string"},
                    x={"type": "string"},
                    kid={"type": "string"},
                    alg={"type": "string"},
                    current={"type": "boolean"},
                )
            ),
        ),
        "Tombstone": obj(
            "A notice withdrawn from public view (a penalty past its 公示截止期): mirrors delete it.",
            id={"type": "string"},
            withdrawn={"type": "boolean", "const": True},
        ),
        "Changes": obj(
            items=array({"anyOf": [ref("Notice"), ref("Tombstone")]}),
            next_cursor={"type": "string"},
            next={"type": "string"},
        ),
        "Centre": obj(
            id={"type": "string"},
            name={"type": "string"},
            region_code=nullable({"type": "string"}),
            base_url=nullable({"type": "string"}),
            notices={"type": "integer"},
            newest=nullable(DATE),
            harvested_at=nullable(DATETIME),
        ),
        "Centres": obj(items=array(ref("Centre"))),
        "Health": obj(status={"type": "string"}, count={"type": "integer"}),
    }
