"""The seeded demo world: deterministic, coherent projects, valid codes, no personal ID number in clear."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pytest
from stdnum.cn import uscc

from ggzy.demo.flag_cases import FLAG_CASES
from ggzy.demo.generator import World, build_world, synthetic_notices
from ggzy.demo.identity import make_id_number, mask_id_numbers
from ggzy.model import KIND_TIMELINE_ORDER, Category, Kind, Notice

TODAY = date(2026, 3, 17)
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=1, projects=60, today=TODAY)


def test_same_seed_same_world_other_seed_other_world(world: World) -> None:
    again = build_world(seed=1, projects=60, today=TODAY)
    assert [n.to_dict() for n in again.notices] == [n.to_dict() for n in world.notices]
    other = build_world(seed=2, projects=60, today=TODAY)
    assert {n.title for n in other.notices} != {n.title for n in world.notices}


def test_ids_are_unique_and_come_from_the_publishing_centre(world: World) -> None:
    ids = [n.id for n in world.notices]
    assert len(ids) == len(set(ids))
    for notice in world.notices:
        assert notice.id.startswith(notice.centre + "-")
        assert notice.source_id


def test_every_project_is_coherent(world: World) -> None:
    by_project: dict[str, list[Notice]] = defaultdict(list)
    for notice in world.notices:
        if notice.kind != Kind.PENALTY:
            by_project[notice.project_code or ""].append(notice)
    # 60 projects drawn for the original centres, then the family centres' own (ggzy.demo.families), then one for
    # each deal of the planted flag cases (ggzy.demo.flag_cases).
    planted = sum(len(case.deals) for case in FLAG_CASES)
    assert len(by_project) == len(world.projects) == 60 + 3 * max(3, 60 // 8) + planted
    for code, notices in by_project.items():
        notices.sort(key=lambda n: (n.published, KIND_TIMELINE_ORDER.index(n.kind)))
        assert notices[0].kind == Kind.TENDER, code
        assert len({(n.centre, n.category, n.buyer.name if n.buyer else None) for n in notices}) == 1
        order = [KIND_TIMELINE_ORDER.index(n.kind) for n in notices]
        assert order == sorted(order), code
        tender = notices[0]
        awards = [n for n in notices if n.kind == Kind.AWARD]
        if tender.category == Category.LAND:
            assert tender.buyer and tender.buyer.name.endswith("自然资源和规划局") and not tender.budget
            assert all(len(award.winners) == 1 and award.amount == award.winners[0].amount for award in awards)
            continue
        assert tender.budget and tender.budget > 0 and tender.deadline
        for award in awards:
            assert award.published > tender.deadline.date()
            assert award.amount == sum(w.amount for w in award.winners if w.amount)
            assert award.amount <= tender.budget
            assert len({w.lot for w in award.winners}) == len(award.winners)
            for candidates in (n for n in notices if n.kind == Kind.CANDIDATES):
                # Ranked candidates are not winners; the award's winners are among those the notice ranks.
                assert candidates.winners == []
                assert all(w.name in candidates.body_text for w in award.winners)
            for contract in (n for n in notices if n.kind == Kind.CONTRACT):
                (supplier,) = contract.winners
                assert (supplier.name, supplier.amount, supplier.lot) in {
                    (w.name, w.amount, w.lot) for w in award.winners
                }


def test_party_codes_are_valid_and_misprints_are_kept_as_printed(world: World) -> None:
    codes = [code for notice in world.notices for code in notice.usccs()]
    assert len(codes) > 100
    assert all(uscc.is_valid(code) for code in codes)
    for notice in world.notices:
        for party in notice.parties():
            if party.uscc_as_printed and party.uscc is None:
                assert not uscc.is_valid(party.uscc_as_printed)


def test_id_numbers_never_appear_unmasked_in_ground_truth(world: World) -> None:
    text = "\n".join(n.to_json() for n in world.notices)
    assert not [m for m in ID_NUMBER.findall(text) if not uscc.is_valid(m)]
    people = [n for n in world.notices if n.penalty and n.penalty.subject_category == "natural_person"]
    assert people
    assert all("********" in (n.penalty.facts or "") for n in people if n.penalty)
    printed = [p.record.columns["证件号码"] for p in world.publications if p.record and p.record.list == "xzcf"]
    assert any(ID_NUMBER.fullmatch(number) for number in printed)


def test_mask_keeps_first_six_and_last_four_and_spares_uscc() -> None:
    import random

    number = make_id_number(random.Random(1), "330102", TODAY)
    assert mask_id_numbers(f"身份证号码：{number}。") == f"身份证号码：{number[:6]}********{number[-4:]}。"
    assert mask_id_numbers("91330521MA2B3C4D5E") == "91330521MA2B3C4D5E"


def test_penalties_some_public_some_past_their_publicity(world: World) -> None:
    penalties = [n for n in world.notices if n.kind == Kind.PENALTY]
    assert any(n.is_public(TODAY) for n in penalties)
    assert any(not n.is_public(TODAY) for n in penalties)
    winners = {w.uscc for n in world.notices for w in n.winners if w.uscc}
    assert any(n.penalty and n.penalty.subject.uscc in winners for n in penalties)


def test_republished_notices_are_one_notice_with_the_national_copy(world: World) -> None:
    republished = [n for n in world.notices if n.also_published]
    assert republished
    assert all(n.centre != "ggzy-gov-cn" for n in republished)
    assert all(ref.centre == "ggzy-gov-cn" and ref.source_id for n in republished for ref in n.also_published)
    assert any(n.centre == "ggzy-gov-cn" for n in world.notices)
    assert any(len(n.winners) > 1 for n in world.notices)
    assert {n.category for n in world.notices} == {Category.ENGINEERING, Category.PROCUREMENT, Category.LAND}


def test_synthetic_notices_are_varied_valid_and_deterministic() -> None:
    notices = list(synthetic_notices(5000, seed=7))
    assert len(notices) == 5000
    assert [n.to_dict() for n in synthetic_notices(50, seed=7)] == [n.to_dict() for n in notices[:50]]
    assert len({n.id for n in notices}) == 5000
    assert len({n.kind for n in notices}) == len(Kind)
    assert len({(n.region_code or "")[:2] for n in notices}) >= 15
    assert len({n.published.year for n in notices if n.published}) >= 5
    assert all(uscc.is_valid(code) for n in notices for code in n.usccs())
    titles = " ".join(n.title for n in notices)
    assert all(word in titles for word in ("工程", "采购", "学校", "道路", "医院"))
    penalties = [n for n in notices if n.kind == Kind.PENALTY]
    assert any(n.is_public(date(2026, 11, 1)) for n in penalties)
    assert any(not n.is_public(date(2026, 11, 1)) for n in penalties)


def test_a_large_world_keeps_every_id_unique() -> None:
    large = build_world(seed=4, projects=1000, today=TODAY)
    assert len({n.id for n in large.notices}) == len(large.notices) > 3000
    assert len({(p.centre, p.source_id) for p in large.publications}) == len(large.publications)
