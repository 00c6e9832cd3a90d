"""The domain model: one published notice from one trading centre, its parties and its penalty.

Plain dataclasses with a lossless JSON round-trip: amounts stay ``Decimal`` (written as strings), dates and
times are ISO 8601, nested parties and penalties are objects. ``Notice.from_dict(n.to_dict()) == n`` always.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ggzy.normalize import credit


class Kind(StrEnum):
    """What a notice announces, in the order a project's notices follow each other."""

    TENDER = "tender"
    CORRECTION = "correction"
    CANDIDATES = "candidates"
    AWARD = "award"
    CONTRACT = "contract"
    OPENING = "opening"
    TERMINATION = "termination"
    PENALTY = "penalty"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.TENDER: "招标/采购公告",
    Kind.CORRECTION: "更正/澄清",
    Kind.CANDIDATES: "中标候选人公示",
    Kind.AWARD: "中标/成交结果",
    Kind.CONTRACT: "合同",
    Kind.OPENING: "开标记录",
    Kind.TERMINATION: "终止/废标",
    Kind.PENALTY: "行政处罚/不良行为",
    Kind.OTHER: "其他",
}

#: The order of a project's timeline: tender → corrections → opening → candidates → award → contract.
KIND_TIMELINE_ORDER = [
    Kind.TENDER,
    Kind.CORRECTION,
    Kind.OPENING,
    Kind.CANDIDATES,
    Kind.AWARD,
    Kind.CONTRACT,
    Kind.TERMINATION,
    Kind.PENALTY,
    Kind.OTHER,
]


class Category(StrEnum):
    """The trading business a notice belongs to."""

    ENGINEERING = "engineering"
    PROCUREMENT = "procurement"
    LAND = "land"
    MINING = "mining"
    PROPERTY = "property"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.ENGINEERING: "工程建设",
    Category.PROCUREMENT: "政府采购",
    Category.LAND: "土地使用权",
    Category.MINING: "矿业权",
    Category.PROPERTY: "国有产权",
    Category.OTHER: "其他",
}


class SubjectCategory(StrEnum):
    """行政相对人类别 of a penalty's subject."""

    LEGAL_PERSON = "legal_person"
    NATURAL_PERSON = "natural_person"
    INDIVIDUAL_BUSINESS = "individual_business"

    @property
    def label(self) -> str:
        return {"legal_person": "法人及非法人组织", "natural_person": "自然人", "individual_business": "个体工商户"}[
            self.value
        ]


@dataclass
class Party:
    """An organisation (or person) named in a notice: buyer, agency, winner, penalty subject or authority.

    ``uscc`` holds the code only when its check character is right; ``uscc_as_printed`` keeps what the
    centre printed, right or wrong. A winner carries the amount of its own lot; a joint venture (联合体) that
    wins is each of its members, in printed order, and the lot's amount rides on the first (its lead) alone.
    """

    name: str
    uscc: str | None = None
    uscc_as_printed: str | None = None
    role: str = ""
    amount: Decimal | None = None
    lot: str | None = None


class BidStatus(StrEnum):
    """What became of a bid, in the words of OCDS's bid status codelist (valid · disqualified)."""

    VALID = "valid"
    DISQUALIFIED = "disqualified"

    @property
    def label(self) -> str:
        return {"valid": "有效", "disqualified": "否决/废标"}[self.value]


@dataclass
class Bid:
    """One bid as a notice prints it: a row of a 开标记录 or one ranked 中标候选人.

    ``name`` is the bidder as printed (a 联合体 is one bid, its members joined by ``、``); ``uscc`` only when
    the check character is right, ``uscc_as_printed`` whatever was printed. ``price_as_printed`` keeps the
    cell verbatim (``1,650,000.11元``, ``下浮率5%``, ``97.67%``); ``price`` is that cell in yuan, or None when
    it is a rate, a discount or a percentage. ``rank`` is the printed place (第一名 → 1); ``score`` the printed
    evaluation score; ``reason`` the printed 否决投标/废标 reason, which makes the status ``disqualified``.
    """

    name: str
    uscc: str | None = None
    uscc_as_printed: str | None = None
    rank: int | None = None
    price_as_printed: str | None = None
    price: Decimal | None = None
    score: Decimal | None = None
    status: BidStatus = BidStatus.VALID
    reason: str | None = None
    lot: str | None = None


@dataclass
class Attachment:
    name: str
    url: str


@dataclass
class SourceRef:
    """Another place the same notice was published (the national platform republishes provincial notices)."""

    centre: str
    url: str
    source_id: str | None = None


@dataclass
class Penalty:
    """The 双公示 items of an administrative penalty or a 严重违法失信 listing."""

    subject: Party
    subject_category: SubjectCategory = SubjectCategory.LEGAL_PERSON
    legal_representative: str | None = None
    decision_no: str | None = None
    authority: Party | None = None
    violation_type: str | None = None
    facts: str | None = None
    basis: str | None = None
    penalty_types: list[str] = field(default_factory=list)
    content: str | None = None
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    decided_on: date | None = None
    valid_until: date | None = None
    publicity_until: date | None = None
    removed_on: date | None = None
    data_source: str | None = None
    #: The serious-violation list the entry is on (政府采购严重违法失信行为记录名单 …), None for a plain penalty.
    list_name: str | None = None
    #: The last day of a ban (禁止参加政府采购活动 until then).
    banned_until: date | None = None
    #: Why it was removed early (信用修复, decision revoked): kept in the index, never published.
    removed_reason: str | None = None

    def is_public(self, today: date) -> bool:
        """Public from its decision until its 公示截止期 (inclusive) unless removed early after credit repair."""
        return credit.public_on(self, today)

    def public_until(self) -> date | None:
        """The 公示截止期: printed, or derived from the decision date by the publicity rules."""
        return credit.public_until(self)

    def public_from(self) -> date | None:
        """The first day the penalty is public (its decision date), or None when it is undated."""
        return credit.public_from(self)

    def hidden_from(self) -> date | None:
        """The first day the penalty is no longer public, or None when it has no end."""
        return credit.hidden_from(self)

    def severity(self) -> credit.Severity:
        return credit.severity(self)

    def is_serious(self) -> bool:
        """An entry of a 严重违法失信 list or a ban from government procurement."""
        return credit.is_serious(self)


@dataclass
class Notice:
    """One published document from one centre. See DESIGN.md for the meaning of every field.

    ``bids`` is the bid list when the notice prints every bid (a 开标记录, or a candidates notice that lists the
    other bidders beside its candidates); ``candidates`` are the 中标候选人 a notice ranks. Neither makes a
    party: a bidder is not a winner, so ``parties()`` leaves them out.
    """

    id: str
    centre: str
    title: str
    kind: Kind = Kind.OTHER
    category: Category = Category.OTHER
    source_url: str = ""
    source_id: str | None = None
    published: date | None = None
    region_code: str | None = None
    project_code: str | None = None
    #: The lot's own code (标段（包）编号) when the notice is about one lot; never the project's code.
    lot_code: str | None = None
    project_name: str | None = None
    buyer: Party | None = None
    agency: Party | None = None
    winners: list[Party] = field(default_factory=list)
    bids: list[Bid] = field(default_factory=list)
    candidates: list[Bid] = field(default_factory=list)
    amount: Decimal | None = None
    budget: Decimal | None = None
    deadline: datetime | None = None
    body_text: str = ""
    body_html: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    penalty: Penalty | None = None
    also_published: list[SourceRef] = field(default_factory=list)
    harvested_at: datetime | None = None
    spider: str | None = None
    content_hash: str = ""

    def parties(self) -> list[Party]:
        """Every party the notice names, penalty subject and authority included."""
        found = [p for p in (self.buyer, self.agency) if p is not None]
        found.extend(self.winners)
        if self.penalty is not None:
            found.append(self.penalty.subject)
            if self.penalty.authority is not None:
                found.append(self.penalty.authority)
        return found

    def usccs(self) -> list[str]:
        """The valid codes of every party, each once, in the order they appear."""
        return list(dict.fromkeys(p.uscc for p in self.parties() if p.uscc))

    def winner_amounts(self) -> list[tuple[Party, Decimal | None]]:
        """Each winner with its own amount; a single winner without one takes the notice's amount."""
        if len(self.winners) == 1 and self.winners[0].amount is None:
            return [(self.winners[0], self.amount)]
        return [(winner, winner.amount) for winner in self.winners]

    def is_public(self, today: date) -> bool:
        """False only for a penalty past its 公示截止期 or removed early."""
        return self.penalty is None or self.penalty.is_public(today)

    def public_from(self) -> date | None:
        """The first day the notice is public (a penalty's decision date), None when it always was."""
        return self.penalty.public_from() if self.penalty is not None else None

    def hidden_from(self) -> date | None:
        """The first day the notice leaves public view (a penalty's ``hidden_from``), None when it never does.

        ``is_public(today)`` is ``public_from() <= today < hidden_from()`` (a missing day does not limit it): the
        engines store both days and compare them with the day asked about; that is the whole of their public
        filter."""
        return self.penalty.hidden_from() if self.penalty is not None else None

    def compute_content_hash(self) -> str:
        """A hash of what is stored and shown: when or by which spider it was fetched does not count, but the
        other places it was published do, so folding in a republication is an update."""
        return content_hash_of(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return _encode(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return _decode_notice(data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Notice:
        return cls.from_dict(json.loads(text))


#: Fields of a notice that do not count towards its content hash: when and how it was fetched.
VOLATILE_FIELDS = ("harvested_at", "content_hash", "spider")
#: Fields added after notices were first stored: left out of the hash while empty, so a notice without bids
#: keeps the hash it had before they existed and re-harvesting it is not counted as an update.
LATER_FIELDS = ("bids", "candidates")


def canonical_json(data: dict[str, Any]) -> str:
    """What the content hash covers: a notice's ``to_dict`` form without the fetch details, compact, keys sorted."""
    published = {k: v for k, v in data.items() if k not in VOLATILE_FIELDS and (v or k not in LATER_FIELDS)}
    return json.dumps(published, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def stored_json(data: dict[str, Any]) -> tuple[str, str]:
    """The content hash and the JSON an index stores for a notice in its ``to_dict`` form, from one encoding: the
    canonical JSON (what the hash covers) with the fetch details appended. ``data["content_hash"]`` when set is
    taken as the hash."""
    canonical = canonical_json(data)
    content_hash = data.get("content_hash") or hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    provenance = {name: data.get(name) for name in VOLATILE_FIELDS}
    provenance["content_hash"] = content_hash
    extra = json.dumps(provenance, ensure_ascii=False, separators=(",", ":"))
    return content_hash, canonical[:-1] + "," + extra[1:]


def content_hash_of(data: dict[str, Any]) -> str:
    """``Notice.compute_content_hash`` of a notice already in its ``to_dict`` form (spares a second encoding)."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def make_notice_id(centre: str, key: str) -> str:
    """The stable id of a notice: its centre plus a hash of the centre's own id (or canonical URL).

    Re-harvesting the same notice gives the same id, so it updates the stored one and never duplicates it.
    """
    digest = hashlib.sha1(f"{centre}\x1f{key}".encode()).hexdigest()[:20]
    return f"{centre}-{digest}"


_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _encode(value: Any) -> Any:
    """JSON-ready form of a model value; field names are looked up once per class (this runs per field)."""
    if isinstance(value, _PLAIN) and not isinstance(value, StrEnum):
        return value
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:  # first sight of this type: remember its fields, or () for a type that is not a dataclass
        is_model = dataclasses.is_dataclass(cls)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls)) if is_model else ()
    if names:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: Any) -> date | None:
    return None if not value else date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime | None:
    return None if not value else datetime.fromisoformat(str(value))


def _party(data: dict[str, Any] | None) -> Party | None:
    if data is None:
        return None
    return Party(
        name=data["name"],
        uscc=data.get("uscc"),
        uscc_as_printed=data.get("uscc_as_printed"),
        role=data.get("role", ""),
        amount=_decimal(data.get("amount")),
        lot=data.get("lot"),
    )


def _bid(data: dict[str, Any]) -> Bid:
    return Bid(
        name=data["name"],
        uscc=data.get("uscc"),
        uscc_as_printed=data.get("uscc_as_printed"),
        rank=data.get("rank"),
        price_as_printed=data.get("price_as_printed"),
        price=_decimal(data.get("price")),
        score=_decimal(data.get("score")),
        status=BidStatus(data.get("status") or BidStatus.VALID),
        reason=data.get("reason"),
        lot=data.get("lot"),
    )


def penalty_from_dict(data: dict[str, Any]) -> Penalty:
    """A Penalty from its ``to_dict`` form."""
    return _penalty(data)  # type: ignore[return-value]


def _penalty(data: dict[str, Any] | None) -> Penalty | None:
    if data is None:
        return None
    subject = _party(data["subject"])
    assert subject is not None
    return Penalty(
        subject=subject,
        subject_category=SubjectCategory(data.get("subject_category") or SubjectCategory.LEGAL_PERSON),
        legal_representative=data.get("legal_representative"),
        decision_no=data.get("decision_no"),
        authority=_party(data.get("authority")),
        violation_type=data.get("violation_type"),
        facts=data.get("facts"),
        basis=data.get("basis"),
        penalty_types=list(data.get("penalty_types") or []),
        content=data.get("content"),
        fine=_decimal(data.get("fine")),
        confiscated=_decimal(data.get("confiscated")),
        decided_on=_date(data.get("decided_on")),
        valid_until=_date(data.get("valid_until")),
        publicity_until=_date(data.get("publicity_until")),
        removed_on=_date(data.get("removed_on")),
        data_source=data.get("data_source"),
        list_name=data.get("list_name"),
        banned_until=_date(data.get("banned_until")),
        removed_reason=data.get("removed_reason"),
    )


def _decode_notice(data: dict[str, Any]) -> Notice:
    winners = [_party(w) for w in data.get("winners") or []]
    return Notice(
        id=data["id"],
        centre=data["centre"],
        title=data["title"],
        kind=Kind(data.get("kind") or Kind.OTHER),
        category=Category(data.get("category") or Category.OTHER),
        source_url=data.get("source_url") or "",
        source_id=data.get("source_id"),
        published=_date(data.get("published")),
        region_code=data.get("region_code"),
        project_code=data.get("project_code"),
        lot_code=data.get("lot_code"),
        project_name=data.get("project_name"),
        buyer=_party(data.get("buyer")),
        agency=_party(data.get("agency")),
        winners=[w for w in winners if w is not None],
        bids=[_bid(b) for b in data.get("bids") or []],
        candidates=[_bid(c) for c in data.get("candidates") or []],
        amount=_decimal(data.get("amount")),
        budget=_decimal(data.get("budget")),
        deadline=_datetime(data.get("deadline")),
        body_text=data.get("body_text") or "",
        body_html=data.get("body_html") or "",
        attachments=[Attachment(**a) for a in data.get("attachments") or []],
        penalty=_penalty(data.get("penalty")),
        also_published=[SourceRef(**s) for s in data.get("also_published") or []],
        harvested_at=_datetime(data.get("harvested_at")),
        spider=data.get("spider"),
        content_hash=data.get("content_hash") or "",
    )
