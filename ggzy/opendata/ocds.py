"""OCDS 1.1 releases from notices, and monthly release packages.

Each tender, correction, candidates, award, contract or termination notice becomes one release; its ``ocid`` is
the configured prefix plus the project code (the notice id where no code is printed), so a project's notices share
one contracting process. Parties are identified with the scheme ``CN-USCI`` (the unified social credit
identifier) where the code is valid; others get a local id from their name. Penalties and other notices are not
contracting processes and have no release.

The bids a notice prints (its bid list, then any candidate not in it) fill the OCDS bid extension:
``bids.details[]`` with the tenderer (party role ``tenderer``), the price in CNY where it is an amount, and the
status ``valid`` or ``disqualified``. A rate (下浮率, 费率) has no ``value``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from ggzy.model import Bid, Kind, Notice, Party
from ggzy.normalize.dates import CHINA_TZ
from ggzy.normalize.names import name_key

OCDS_VERSION = "1.1"
#: The extensions the releases use, declared in every package.
EXTENSIONS = ["https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"]
SCHEME = "CN-USCI"

#: The release tag of each kind of notice (releaseTag codelist).
TAGS = {
    Kind.TENDER: "tender",
    Kind.CORRECTION: "tenderAmendment",
    Kind.OPENING: "tenderUpdate",
    Kind.CANDIDATES: "tenderUpdate",
    Kind.AWARD: "award",
    Kind.CONTRACT: "contract",
    Kind.TERMINATION: "tenderCancellation",
}


def ocid(prefix: str, notice: Notice) -> str:
    return f"{prefix}-{notice.project_code or notice.id}"


def _party_id(party: Party) -> str:
    if party.uscc:
        return f"{SCHEME}-{party.uscc}"
    return "ggzy-" + hashlib.sha1(name_key(party.name).encode()).hexdigest()[:12]


def _value(amount: Decimal | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": "CNY"}


def _when(day: date | None, fallback: datetime | None) -> str:
    if day is not None:
        return datetime.combine(day, time(0), CHINA_TZ).isoformat()
    moment = fallback or datetime(1970, 1, 1)
    return moment.replace(tzinfo=moment.tzinfo or CHINA_TZ).isoformat()


def release(prefix: str, notice: Notice) -> dict[str, Any] | None:
    """The OCDS release of one notice, or None for kinds that are not part of a contracting process."""
    tag = TAGS.get(notice.kind)
    if tag is None:
        return None
    parties: dict[str, dict[str, Any]] = {}

    def add(party: Party, role: str) -> dict[str, str]:
        pid = _party_id(party)
        entry = parties.setdefault(pid, {"id": pid, "name": party.name, "roles": []})
        if party.uscc:
            entry["identifier"] = {"scheme": SCHEME, "id": party.uscc, "legalName": party.name}
        if role not in entry["roles"]:
            entry["roles"].append(role)
        return {"id": pid, "name": party.name}

    out: dict[str, Any] = {
        "ocid": ocid(prefix, notice),
        "id": notice.id,
        "date": _when(notice.published, notice.harvested_at),
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
    }
    if notice.buyer is not None:
        out["buyer"] = add(notice.buyer, "buyer")
    tender: dict[str, Any] = {"id": notice.project_code or notice.id, "title": notice.project_name or notice.title}
    if notice.agency is not None:
        tender["procuringEntity"] = add(notice.agency, "procuringEntity")
    if notice.budget is not None:
        tender["value"] = _value(notice.budget)
    if notice.deadline is not None:
        tender["tenderPeriod"] = {"endDate": _when(None, notice.deadline)}
    if notice.kind is Kind.TERMINATION:
        tender["status"] = "cancelled"
    out["tender"] = tender
    if notice.kind in (Kind.AWARD, Kind.CONTRACT) and notice.winners:
        awards = []
        for number, winner in enumerate(notice.winners, start=1):
            award: dict[str, Any] = {
                "id": f"{notice.id}-{number}",
                "title": winner.lot or notice.title,
                "status": "active",
                "suppliers": [add(winner, "supplier")],
            }
            value = _value(winner.amount if winner.amount is not None else notice.amount)
            if value is not None:
                award["value"] = value
            awards.append(award)
        out["awards"] = awards
        if notice.kind is Kind.CONTRACT:
            out["contracts"] = [
                {"id": f"{a['id']}-contract", "awardID": a["id"], "status": "active", **_only_value(a)} for a in awards
            ]
    printed = _printed_bids(notice)
    if printed:
        details = []
        for number, bid in enumerate(printed, start=1):
            tenderer = Party(bid.name, bid.uscc, bid.uscc_as_printed, role="tenderer")
            detail: dict[str, Any] = {
                "id": f"{notice.id}-bid-{number}",
                "date": out["date"],
                "status": bid.status.value,
                "tenderers": [add(tenderer, "tenderer")],
            }
            if bid.price is not None:
                detail["value"] = _value(bid.price)
            details.append(detail)
        out["bids"] = {"details": details}
    out["parties"] = list(parties.values())
    return out


def _printed_bids(notice: Notice) -> list[Bid]:
    """The notice's bid list, then each candidate it does not hold (a candidates notice has only those)."""
    listed = {(name_key(b.name), b.lot) for b in notice.bids}
    return [*notice.bids, *(c for c in notice.candidates if (name_key(c.name), c.lot) not in listed)]


def _only_value(award: dict[str, Any]) -> dict[str, Any]:
    return {"value": award["value"]} if "value" in award else {}


class ReleasePackageWriter:
    """Streams a release package to a text handle, one release at a time: memory stays flat."""

    def __init__(self, handle: IO[str], *, uri: str, published: str, publisher: str) -> None:
        self.handle = handle
        self.count = 0
        head = {
            "uri": uri,
            "version": OCDS_VERSION,
            "extensions": EXTENSIONS,
            "publishedDate": published,
            "publisher": {"name": publisher},
        }
        text = json.dumps(head, ensure_ascii=False)
        handle.write(text[:-1] + ', "releases": [\n')

    def write(self, item: dict[str, Any]) -> None:
        if self.count:
            self.handle.write(",\n")
        self.handle.write(json.dumps(item, ensure_ascii=False))
        self.count += 1

    def finish(self) -> None:
        self.handle.write("\n]}\n")
