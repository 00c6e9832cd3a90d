"""Land-use rights (土地使用权) listings: a 挂牌出让公告 and its 出让结果公示, published on the national platform.

The 出让人 (a 自然资源和规划局) is the notice's ``buyer`` party; the 竞得人 (the highest bidder) is its winner,
with the 成交价 as its amount and the notice's ``amount``. The 起始价 is printed but is not a budget; the
挂牌截止时间 is the listing's ``deadline``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ggzy.demo import names
from ggzy.demo.bodies import Block, fields_blocks, print_deadline, printed_party
from ggzy.demo.centres import NATIONAL
from ggzy.demo.identity import print_amount
from ggzy.demo.organisations import Directory
from ggzy.demo.projects import Bid, Draft, Lot, Project
from ggzy.model import Category, Kind, Party

USES = ("住宅用地", "商服用地", "工业用地", "仓储用地")


def make_land_project(rng: random.Random, directory: Directory, place: names.Place, region_code: str,
                      number: int, today: date) -> Project:  # fmt: skip
    """A parcel of ``place`` listed at most three years before ``today``, with three bidders."""
    county = rng.choice(place.counties)
    seller = directory.organisation(f"{place.name}自然资源和规划局", place.code, "authority")
    opened = today - timedelta(days=rng.randint(0, 3 * 365))
    name = f"{county[1]}{opened.year}-{number}号地块国有建设用地使用权"
    start_price = Decimal(rng.randint(200, 20000) * 10000)
    bids: list[Bid] = []
    for _ in range(3):
        company = directory.company(Category.LAND, place)
        while any(b.company is company for b in bids):
            company = directory.company(Category.LAND, place)
        bids.append(Bid(company, start_price * Decimal(rng.randint(100, 180)) / Decimal(100), ""))
    bids.sort(key=lambda b: b.price, reverse=True)
    deadline = datetime.combine(opened + timedelta(days=rng.randint(20, 30)), time(15, 0))
    return Project(
        centre=NATIONAL,
        category=Category.LAND,
        code=f"{place.code[:4]}TD{opened.year}{number:04d}",
        name=name,
        buyer=seller,
        agency=directory.agency(place),
        region_code=region_code,
        place=place,
        method="挂牌出让",
        lots=[Lot(None, name, start_price, bids)],
        opened=opened,
        deadline=deadline,
        new_deadline=None,
        corrected=False,
        terminated=False,
        county=county[1],
    )


def land_drafts(rng: random.Random, project: Project, today: date) -> list[Draft]:
    """The listing and, once the listing period is over, its result, up to ``today``."""
    p = project
    lot = p.lots[0]
    seller, seller_items = printed_party(rng, p.buyer, "buyer", "出让人", print_uscc=False)
    head = [("项目名称", p.name), ("项目编号", p.code), ("项目所在地区", p.location), *seller_items]
    area = rng.randint(3000, 120000)
    listing = [
        *head,
        ("土地位置", f"{p.place.name}{rng.choice(names.STREETS)}以{rng.choice('东南西北')}"),
        ("出让面积（平方米）", str(area)),
        ("土地用途", rng.choice(USES)),
        ("起始价", print_amount(lot.budget, "wan")),
        ("挂牌截止时间", print_deadline(rng, p.deadline)),
    ]
    published = datetime.combine(p.opened, time(rng.randint(8, 17), rng.randint(0, 59)))
    intro = Block(
        "para", f"经{p.place.name}人民政府批准，{p.buyer.name}决定以挂牌方式出让下列地块的国有建设用地使用权。"
    )
    blocks = [intro, *fields_blocks("pairs", listing)]
    drafts = [Draft(Kind.TENDER, f"{p.name}挂牌出让公告", published, blocks, seller, deadline=p.deadline)]
    winner = lot.winner
    party = Party(winner.company.name, winner.company.uscc, winner.company.uscc, "winner", winner.price)
    result = [*head, ("竞得人", winner.company.name), ("统一社会信用代码", winner.company.uscc),
              ("成交价", print_amount(winner.price, rng.choice(("wan", "yuan"))))]  # fmt: skip
    day = p.deadline.date() + timedelta(days=rng.randint(1, 5))
    closed = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
    blocks = fields_blocks(rng.choice(("lines", "pairs")), result)
    drafts.append(Draft(Kind.AWARD, f"{p.name}出让结果公示", closed, blocks, seller, None, [party], winner.price))
    return [d for d in drafts if d.published_at.date() <= today]
