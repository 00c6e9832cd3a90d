"""The buyer profile (``ggzy.index.buyer``) on every engine: spend counted once per project and lot (a re-published
award replaces the earlier one, a contract counts only where no award was published), suppliers with exact shares,
the method mix per procurement, and the agency's own profile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ggzy.flags.compute import refresh
from ggzy.index.base import Index
from ggzy.index.buyer import buyer_profile, buyer_roles
from ggzy.model import Category, Kind, Notice, Party
from tests import factories
from tests.site.flag_world import BUYER as FLAGGED
from tests.site.flag_world import build_flag_world

TODAY = date(2026, 1, 10)
BUYER = Party("某市第一中学", factories.make_uscc("12430100MB1234567"), role="buyer")
AGENCY = Party("某某招标代理有限公司", factories.make_uscc("91430100MA4L12345"), role="agency")
S1 = Party("甲建设有限公司", factories.make_uscc("91430100MA4L00011"))
S2 = Party("乙（湖南）科技有限公司", None)
S3 = Party("丙设备有限公司", factories.make_uscc("91430100MA4L00033"))


def _winner(supplier: Party, amount: str | None = None, lot: str | None = None) -> Party:
    return Party(supplier.name, supplier.uscc, role="winner", amount=Decimal(amount) if amount else None, lot=lot)


def world() -> list[Notice]:
    school = {"buyer": BUYER, "region_code": "430102"}
    p1 = {**school, "project_code": "P-1", "category": Category.PROCUREMENT, "agency": AGENCY}
    p2 = {**school, "project_code": "P-2", "category": Category.ENGINEERING}

    def make(key: str, title: str, kind: Kind, published: date, **fields: object) -> Notice:
        return factories.harvested("hunan", key, title, kind=kind, published=published, **fields)

    return [
        make("t1", "第一中学设备采购竞争性磋商公告", Kind.TENDER, date(2024, 3, 1), **p1),
        make("a1", "第一中学设备采购成交结果公告", Kind.AWARD, date(2024, 4, 1), winners=[_winner(S1, "100")], **p1),
        make(
            "a1b",
            "第一中学设备采购成交结果公告（更正）",
            Kind.AWARD,
            date(2024, 4, 5),
            winners=[_winner(S1, "120")],
            **{**p1, "agency": None},
        ),
        make("t2", "第一中学操场改造工程招标公告", Kind.TENDER, date(2025, 3, 1), body_text="招标方式：公开招标", **p2),
        make(
            "a2",
            "第一中学操场改造工程一标段中标结果",
            Kind.AWARD,
            date(2025, 5, 1),
            lot_code="1",
            amount=Decimal("300"),
            winners=[_winner(S2)],
            **p2,
        ),
        make(
            "a3",
            "第一中学操场改造工程二标段中标结果",
            Kind.AWARD,
            date(2025, 5, 2),
            lot_code="2",
            winners=[_winner(S1, "80"), _winner(S3, "20")],
            **p2,
        ),
        make("c2", "第一中学操场改造工程合同公告", Kind.CONTRACT, date(2025, 6, 1), winners=[_winner(S2, "300")], **p2),
        make(
            "c3",
            "第一中学教材合同公告",
            Kind.CONTRACT,
            date(2025, 7, 1),
            project_code="P-3",
            category=Category.PROCUREMENT,
            winners=[_winner(S3, "50")],
            **school,
        ),
        make(
            "a4",
            "第一中学办公用品询价结果公告",
            Kind.AWARD,
            date(2025, 8, 1),
            project_code="P-4",
            category=Category.PROCUREMENT,
            amount=Decimal("40"),
            **school,
        ),
        # The school as a winner elsewhere is no purchase of its own.
        make(
            "w1",
            "某培训项目成交公告",
            Kind.AWARD,
            date(2025, 9, 1),
            project_code="X-1",
            buyer=Party("某教育局", None),
            winners=[_winner(BUYER, "999")],
        ),
    ]


def test_a_buyer_profile_counts_each_project_and_lot_once(index: Index) -> None:
    index.upsert(world())
    profile = buyer_profile(index, BUYER.uscc or "", today=TODAY)
    assert profile is not None
    assert profile.names == [BUYER.name] and profile.region_code == "430100"
    assert profile.notices == 9 and profile.procurements == 4 and profile.awards == 5
    assert profile.counts_by_kind == {"award": 5, "contract": 2, "tender": 2}
    assert profile.spend == Decimal("610")
    assert profile.spend_by_year == {"2025": Decimal("490"), "2024": Decimal("120")}
    assert profile.spend_by_category == {"engineering": Decimal("400"), "procurement": Decimal("210")}
    assert [(s.name, s.uscc, s.awards, s.amount, s.share) for s in profile.suppliers] == [
        (S2.name, None, 1, Decimal("300"), round(300 / 570, 6)),
        (S1.name, S1.uscc, 2, Decimal("200"), round(200 / 570, 6)),
        (S3.name, S3.uscc, 2, Decimal("70"), round(70 / 570, 6)),
    ]
    assert profile.supplier_count == 3
    assert profile.methods == {
        "competitive_consultation": 1,
        "public_tender": 1,
        "request_for_quotation": 1,
        "unknown": 1,
    }
    assert (profile.first_seen, profile.last_seen) == (date(2024, 3, 1), date(2025, 8, 1))
    assert [n.source_id for n in profile.latest][:3] == ["a4", "c3", "c2"]


def test_an_agency_profile_counts_the_notices_it_ran(index: Index) -> None:
    index.upsert(world())
    agency = buyer_profile(index, AGENCY.uscc or "", role="agency", today=TODAY)
    assert agency is not None and agency.role == "agency"
    assert agency.notices == 2 and agency.awards == 1 and agency.spend == Decimal("100")
    assert [(s.name, s.share) for s in agency.suppliers] == [(S1.name, 1.0)]
    assert buyer_profile(index, AGENCY.uscc or "", today=TODAY) is None  # never a buyer itself


def test_a_code_never_named_as_buyer_has_no_buyer_profile(index: Index) -> None:
    index.upsert(world())
    assert buyer_profile(index, S1.uscc or "", today=TODAY) is None
    assert buyer_profile(index, factories.make_uscc("91110000MA01YYYY9"), today=TODAY) is None


def test_a_buyer_profile_counts_the_flags_stored_for_its_notices(index: Index) -> None:

    world = build_flag_world(TODAY)
    index.upsert(world.notices)
    refresh(index, today=TODAY)
    profile = buyer_profile(index, FLAGGED.uscc or "", today=TODAY)
    assert profile is not None
    assert profile.flag_counts["single_bid"] == {"not_triggered": 1, "triggered": 1}
    assert profile.single_bid_rate == 0.5
    assert sum(sum(states.values()) for states in profile.flag_counts.values()) == 28
    assert {f.flag for f in profile.flags_raised} == {"short_submission", "penalised_bidder", "single_bid"}
    assert buyer_profile(index, FLAGGED.uscc or "", role="agency", today=TODAY) is None


def test_the_roles_a_code_plays_as_buyer_or_agency(index: Index) -> None:
    index.upsert(world())
    assert buyer_roles(index, BUYER.uscc or "", today=TODAY) == ["buyer"]
    assert buyer_roles(index, AGENCY.uscc or "", today=TODAY) == ["agency"]
    assert buyer_roles(index, S1.uscc or "", today=TODAY) == []
