"""A small world whose flags the site tests know: one buyer, two procurements, a penalised losing bidder.

* P-1: a public tender open for 10 days (short_submission triggered on the tender), two bids, and a losing bidder
  banned from government procurement on the bid date (penalised_bidder triggered on the award, naming it).
* P-2: a tender open for 25 days, one bid only (single_bid triggered on the award).

Dates count back from today, so the penalty stays public whenever the tests run. ``flagged_app`` serves it with
the flags computed (``ggzy.flags.compute.refresh``), as a harvest leaves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from flask import Flask

from ggzy.flags.compute import refresh
from ggzy.index import open_index
from ggzy.model import Bid, Category, Kind, Notice
from ggzy.normalize.dates import china_today
from tests.factories import SITE_URL, harvested, make_uscc, party, penalty_notice

BUYER = party("合肥市某某中学", make_uscc("12340100MB0000101"), role="buyer")
WINNER = party("安徽甲科技有限公司", make_uscc("91340100MA2000101"), role="winner")
BANNED = party("安徽乙设备有限公司", make_uscc("91340100MA2000202"))


@dataclass
class FlagWorld:
    tender: Notice
    award: Notice
    single_award: Notice
    ban: Notice
    notices: list[Notice]


def build_flag_world(today: date) -> FlagWorld:
    start = today - timedelta(days=200)

    def make(key: str, title: str, kind: Kind, published: date, project: str, **fields: object) -> Notice:
        return harvested(
            "hefei-ggzy",
            key,
            title,
            kind=kind,
            published=published,
            category=Category.PROCUREMENT,
            region_code="340100",
            project_code=project,
            buyer=BUYER,
            **fields,
        )

    def opening(key: str, project: str, day: date, *bids: Bid) -> Notice:
        return make(key, "某中学设备采购项目开标记录", Kind.OPENING, day, project, bids=list(bids))

    def won(key: str, project: str, day: date, amount: str) -> Notice:
        winner = party(WINNER.name, WINNER.uscc, role="winner", amount=Decimal(amount))
        return make(key, f"某中学设备采购项目（{project}）中标结果公告", Kind.AWARD, day, project, winners=[winner],
                    amount=Decimal(amount))  # fmt: skip

    deadline = datetime.combine(start + timedelta(days=10), time(9))
    tender = make("t1", "某中学实验室设备采购项目公开招标公告", Kind.TENDER, start, "P-1", deadline=deadline,
                  budget=Decimal("600000"), body_text="采购方式：公开招标")  # fmt: skip
    bids = opening(
        "o1", "P-1", start + timedelta(days=10), Bid(WINNER.name, WINNER.uscc), Bid(BANNED.name, BANNED.uscc)
    )
    award = won("a1", "P-1", start + timedelta(days=20), "500000")
    ban = penalty_notice(
        "anhui-credit",
        "x1",
        BANNED,
        start - timedelta(days=30),
        title="安徽乙设备有限公司政府采购行政处罚决定书",
        decided_on=start - timedelta(days=35),
        banned_until=start + timedelta(days=330),
        publicity_until=today + timedelta(days=365),
        penalty_types=["罚款", "禁止参加政府采购活动"],
        decision_no="皖财购〔2026〕9号",
    )
    deadline2 = datetime.combine(start + timedelta(days=25), time(9))
    tender2 = make("t2", "某中学图书采购项目公开招标公告", Kind.TENDER, start, "P-2", deadline=deadline2,
                   budget=Decimal("400000"), body_text="采购方式：公开招标")  # fmt: skip
    single = opening("o2", "P-2", start + timedelta(days=25), Bid(WINNER.name, WINNER.uscc, price=Decimal("390000")))
    single_award = won("a2", "P-2", start + timedelta(days=35), "390000")
    notices = [tender, bids, award, ban, tender2, single, single_award]
    return FlagWorld(tender, award, single_award, ban, notices)


def flagged_app(folder: Path, world: FlagWorld, **config: object) -> Flask:
    """The site over an index holding ``world`` with its flags computed."""
    from ggzy.site import create_app

    url = f"sqlite:///{folder / 'ggzy.db'}"
    with open_index(url) as index:
        index.upsert(world.notices)
        refresh(index, today=china_today())
    settings = {"INDEX": url, "SITE_URL": SITE_URL, "TESTING": True, "DATA_DIR": str(folder), **config}
    return create_app(settings)
