"""A small world of notices for the feed and API tests, every fact known, companies from real registrations.

Companies are real enterprises of ``uscc-registrations/shandong-1990.csv`` (every code there is valid). Penalty
dates sit far in the past or far in the future, so what is public does not depend on the day the suite runs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from ggzy.model import Category, Kind, Notice, Party, SubjectCategory
from tests import factories

HARVESTED = datetime(2026, 3, 1, 8, 30)
FAR_PAST = date(2021, 6, 30)
FAR_FUTURE = date(2099, 12, 31)
#: A natural person's identity number as a careless centre prints it (valid GB 11643 check digit).
PERSON_ID = "370783199003071234"
HOSTILE_TITLE = "<script>alert('x')</script> & 采购\x01\x02公告 " + "很长的标题" * 400
CENTRES = {"huzhou-ggzy": "330502", "hunan-hnsggzy": "430100", "shouguang-ggzy": "370783"}


def registrations(shared_data: Path, name: str = "shandong-1990.csv") -> list[tuple[str, str]]:
    """(name, code as printed) of every registration in one of the shared CSV files."""
    with (shared_data / "uscc-registrations" / name).open(encoding="utf-8") as handle:
        return [(row["企业名称"], row["统一社会信用代码"]) for row in csv.DictReader(handle)]


@dataclass
class World:
    """The notices, and the companies tests ask about."""

    notices: list[Notice]
    winner: Party  # wins awards in two centres; two active penalties
    repaired: Party  # its only penalty is past its 公示截止期
    buyer: Party
    bystander: Party  # a valid code no notice names
    withdrawn_ids: list[str] = field(default_factory=list)
    hostile_id: str = ""


def notice(centre: str, key: str, title: str, published: date, **fields: object) -> Notice:
    """A notice of one of the world's centres, in that centre's region."""
    return factories.harvested(
        centre, key, title, published=published, region_code=CENTRES[centre], harvested_at=HARVESTED, **fields
    )


def build_world(companies: list[tuple[str, str]]) -> World:
    (w_name, w_code), (r_name, r_code), (b_name, b_code), (_, bystander) = companies[:4]
    winner, repaired, buyer = Party(w_name, w_code), Party(r_name, r_code), Party(b_name, b_code)
    others = [Party(name, code) for name, code in companies[4:14]]
    notices: list[Notice] = []
    start = date(2025, 1, 1)
    for number in range(36):
        centre = list(CENTRES)[number % 3]
        award = number % 2 == 0
        winners = [Party(winner.name, winner.uscc, amount=Decimal(100000 + number))] if number % 4 == 0 else []
        if award and not winners:
            winners = [Party(others[number % 10].name, others[number % 10].uscc, amount=Decimal(50000 + number))]
        notices.append(
            notice(
                centre,
                f"n{number}",
                f"第{number}号办公设备采购项目{'中标结果' if award else '采购'}公告",
                start + timedelta(days=number * 7),
                kind=Kind.AWARD if award else Kind.TENDER,
                category=Category.PROCUREMENT if number % 3 else Category.ENGINEERING,
                project_code=f"P-{number}",
                buyer=Party(buyer.name, buyer.uscc, role="buyer"),
                winners=winners,
                amount=sum((w.amount for w in winners if w.amount), Decimal(0)) if award else None,
                budget=Decimal(200000 + number),
                body_text=f"第{number}号办公设备采购，包括计算机和打印机。",
            )
        )

    def penalty(key: str, subject: Party, until: date, types: list[str], **extra: object) -> Notice:
        return factories.penalty_notice(
            "shouguang-ggzy",
            key,
            subject,
            until - timedelta(days=400),
            region_code=CENTRES["shouguang-ggzy"],
            harvested_at=HARVESTED,
            penalty_types=types,
            publicity_until=until,
            **extra,
        )

    fine = penalty("p1", winner, FAR_FUTURE, ["罚款"], fine=Decimal("50000"), decision_no="寿市监罚〔2025〕1号")
    listing = penalty("p2", winner, FAR_FUTURE, ["列入严重违法失信名单"], decision_no="寿市监罚〔2025〕2号")
    withdrawn = penalty("p3", repaired, FAR_PAST, ["吊销营业执照"], decision_no="寿市监罚〔2019〕9号")
    person = penalty(
        "p4",
        Party("张三", None, uscc_as_printed=PERSON_ID),
        FAR_FUTURE,
        ["警告"],
        subject_category=SubjectCategory.NATURAL_PERSON,
        facts=f"当事人张三（身份证号{PERSON_ID}）无证经营。",
    )
    hostile = notice("hunan-hnsggzy", "x1", HOSTILE_TITLE, date(2025, 12, 1), kind=Kind.TENDER)
    notices += [fine, listing, withdrawn, person, hostile]
    return World(
        notices=notices,
        winner=winner,
        repaired=repaired,
        buyer=buyer,
        bystander=bystander,
        withdrawn_ids=[withdrawn.id],
        hostile_id=hostile.id,
    )
