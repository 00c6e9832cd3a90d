"""Notices with known facts for the open-data tests: awards, an active penalty and an expired one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from ggzy.model import (
    Bid,
    BidStatus,
    Category,
    Kind,
    Notice,
    Party,
    SubjectCategory,
)
from ggzy.normalize.dates import china_today
from tests import factories

TODAY = china_today()
WINNER = "91370783165683479K"  # a real registration (shandong-1990.csv)
BUYER = "9111010510173365XD"  # a real registration (beijing-1995.csv)
PERSON_ID = "330102199001011234"


def notice(source_id: str, kind: Kind, published: date, **fields: object) -> Notice:
    """A notice of the demo city's centre; titled by its kind unless ``title`` is given."""
    return factories.harvested(
        "demo-city",
        source_id,
        str(fields.pop("title", f"德清县第{source_id}号道路工程{kind.label}")),
        kind=kind,
        category=Category.ENGINEERING,
        source_url=f"http://127.0.0.1/notice/{source_id}.html",
        published=published,
        region_code="330521",
        harvested_at=datetime(2026, 3, 19, 8, 0),
        **fields,
    )


def sample_notices() -> list[Notice]:
    buyer = Party("德清县交通运输局", uscc=BUYER, uscc_as_printed=BUYER, role="buyer")
    winner = Party(
        "山东寿光北洛建设有限公司", uscc=WINNER, uscc_as_printed=WINNER, role="winner", amount=Decimal("1280000")
    )
    active = factories.penalty(
        Party("山东寿光北洛建设有限公司", uscc=WINNER, role="subject"),
        decision_no="德交罚〔2026〕12号",
        penalty_types=["罚款"],
        fine=Decimal("50000"),
        decided_on=date(2026, 2, 1),
        publicity_until=TODAY + timedelta(days=180),
    )
    expired = factories.penalty(
        Party("张三", role="subject"),
        subject_category=SubjectCategory.NATURAL_PERSON,
        decision_no="德交罚〔2024〕99号",
        penalty_types=["警告"],
        facts="身份证号 330102********1234",
        decided_on=date(2024, 1, 5),
        publicity_until=TODAY - timedelta(days=300),
    )
    return [
        notice(
            "t1", Kind.TENDER, date(2026, 1, 10), project_code="DQ-2026-001", buyer=buyer, budget=Decimal("1500000")
        ),
        notice(
            "a1",
            Kind.AWARD,
            date(2026, 2, 14),
            project_code="DQ-2026-001",
            buyer=buyer,
            winners=[winner],
            amount=Decimal("1280000"),
            candidates=[Bid(winner.name, WINNER, WINNER, 1, "128万元", Decimal("1280000"), Decimal("92.5"))],
            bids=[
                Bid(winner.name, WINNER, WINNER, 1, "128万元", Decimal("1280000"), Decimal("92.5")),
                Bid("德清恒通市政工程有限公司", price_as_printed="下浮率6%"),
                Bid(
                    "湖州某某建设有限公司",
                    price_as_printed="1300000",
                    price=Decimal("1300000"),
                    status=BidStatus.DISQUALIFIED,
                    reason="未按要求提交投标保证金",
                ),
            ],
        ),
        notice(
            "c1",
            Kind.CONTRACT,
            date(2026, 3, 2),
            project_code="DQ-2026-001",
            buyer=buyer,
            winners=[winner],
            amount=Decimal("1280000"),
        ),
        notice("p1", Kind.PENALTY, date(2026, 2, 3), title="德清县交通运输局行政处罚决定", penalty=active),
        notice("p2", Kind.PENALTY, date(2024, 1, 6), title="已过公示期的行政处罚", penalty=expired),
    ]
