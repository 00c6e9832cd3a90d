"""``evaluate`` over a whole procurement: which flags apply to which notice, and results that survive JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from ggzy.flags.catalogue import FLAG_IDS
from ggzy.flags.model import FlagResult, FlagState
from ggzy.flags.rules import evaluate
from ggzy.model import Bid, Category, Kind
from tests.factories import make_uscc, notice, party
from tests.flags.conftest import TODAY

BUYER = party("某市人民医院", make_uscc("12340100MB0000002"))


def procurement(code: str, title: str, category: Category = Category.PROCUREMENT):
    common = {"category": category, "project_code": code, "buyer": BUYER, "region_code": "340100"}
    tender = notice(
        "hf",
        f"{code}-t",
        f"{title}公告",
        kind=Kind.TENDER,
        published=date(2026, 3, 2),
        deadline=datetime(2026, 3, 23, 9, 30),
        budget=Decimal("1000000"),
        **common,
    )
    opening = notice(
        "hf",
        f"{code}-o",
        f"{title}开标记录",
        kind=Kind.OPENING,
        published=date(2026, 3, 23),
        bids=[Bid("甲公司", price=Decimal("900000")), Bid("乙公司", price=Decimal("950000"))],
        **common,
    )
    award = notice(
        "hf",
        f"{code}-a",
        f"{title}中标结果公告",
        kind=Kind.AWARD,
        published=date(2026, 3, 30),
        winners=[party("甲公司", role="winner", amount=Decimal("900000"))],
        amount=Decimal("900000"),
        **common,
    )
    contract = notice("hf", f"{code}-k", f"{title}合同公告", kind=Kind.CONTRACT, published=date(2026, 4, 10), **common)
    return tender, opening, award, contract


def test_each_flag_speaks_once_about_the_notice_it_concerns() -> None:
    tender, opening, award, contract = procurement("P-1", "某医院设备采购项目公开招标")
    results = evaluate([tender, opening, award, contract], today=TODAY)
    by_notice = {
        n.id: sorted(r.flag for r in results if r.notice_id == n.id) for n in (tender, opening, award, contract)
    }
    assert by_notice[tender.id] == ["short_submission"]
    assert by_notice[opening.id] == [] and by_notice[contract.id] == []
    assert sorted(by_notice[award.id]) == sorted(f for f in FLAG_IDS if f != "short_submission")
    for result in results:
        assert (
            result.buyer == BUYER.uscc
            and result.region_code == "340100"
            and result.state is not (FlagState.NOT_APPLICABLE)
        )


def test_single_source_has_no_bid_flags() -> None:
    tender, opening, award, contract = procurement("P-2", "某医院专用设备单一来源采购")
    flags = {r.flag for r in evaluate([tender, opening, award, contract], today=TODAY)}
    assert not flags & {"short_submission", "single_bid", "close_runner_up", "short_decision", "long_decision"}
    assert "award_at_or_above_ceiling" in flags


def test_land_transfers_have_no_procurement_flags() -> None:
    tender, opening, award, contract = procurement("P-3", "某地块国有建设用地使用权挂牌出让", Category.LAND)
    assert evaluate([tender, opening, award, contract], today=TODAY) == []


def test_every_result_survives_json() -> None:
    results = evaluate(procurement("P-1", "某医院设备采购项目公开招标"), today=TODAY)
    assert results
    for result in results:
        assert FlagResult.from_dict(json.loads(json.dumps(result.to_dict(), ensure_ascii=False))) == result


def test_a_short_decision_without_an_opening_time_is_insufficient_data() -> None:
    _, _, award, _ = procurement("P-4", "某医院设备采购项目公开招标")
    found = {r.flag: r for r in evaluate([award], today=TODAY)}
    assert found["short_decision"].state is FlagState.INSUFFICIENT
    assert found["short_decision"].missing == ("开标/投标截止时间",)
