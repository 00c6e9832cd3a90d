"""Projects and the notices they go through: tender → correction → candidates → award → contract.

``make_project`` draws one coherent project (buyer, agency, lots with budgets, ranked bidders, dates);
``project_drafts`` turns it into the notices its centre publishes, each with a body in one of the shapes real
notices have and the ground-truth fields a harvest must read back from that body.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ggzy.demo import names
from ggzy.demo.bidding import candidates_table, opening_table
from ggzy.demo.bodies import Block, fields_blocks, print_deadline, printed_party
from ggzy.demo.identity import AMOUNT_STYLES, person_name, print_amount
from ggzy.demo.organisations import Directory, Organisation
from ggzy.model import Bid as PrintedBid
from ggzy.model import Category, Kind, Party

METHODS = {
    Category.ENGINEERING: ("公开招标",),
    Category.PROCUREMENT: ("公开招标", "竞争性磋商", "竞争性谈判"),
}
LOT_WORDS = {Category.ENGINEERING: "第{n}标段", Category.PROCUREMENT: "{n}包"}
_PROVINCE_ABBR = {
    "11": "BJ", "13": "HB", "21": "LN", "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX",
    "37": "SD", "41": "HN", "42": "HUB", "43": "HN", "44": "GD", "45": "GX", "50": "CQ", "51": "SC", "52": "GZ",
    "53": "YN", "61": "SX",
}  # fmt: skip


@dataclass
class Bid:
    """One ranked bidder of a lot: the company, its price and its project manager."""

    company: Organisation
    price: Decimal
    manager: str


@dataclass
class Lot:
    """A 标段/包 with its budget and ranked bidders; the first bidder wins."""

    label: str | None
    name: str
    budget: Decimal
    bids: list[Bid] = field(default_factory=list)

    @property
    def winner(self) -> Bid:
        return self.bids[0]


@dataclass
class Project:
    """One project of one centre, everything its notices print."""

    centre: str
    category: Category
    code: str
    name: str
    buyer: Organisation
    agency: Organisation
    region_code: str
    place: names.Place
    method: str
    lots: list[Lot]
    opened: date
    deadline: datetime
    new_deadline: datetime | None
    corrected: bool
    terminated: bool
    county: str = ""

    @property
    def location(self) -> str:
        """项目所在地区 as printed: province, city (unless a municipality) and county."""
        city = "" if self.place.name == self.place.province_name else self.place.name
        return f"{self.place.province_name}{city}{self.county}"


def place_region(place: names.Place) -> str:
    """The region code a notice of this place carries: the province's own code for a municipality's capital
    (重庆市 → 500000), the city's code elsewhere."""
    return place.province_code if place.name == place.province_name else place.code


def make_project(
    rng: random.Random,
    directory: Directory,
    centre: str,
    place: names.Place,
    region_code: str,
    number: int,
    today: date,
) -> Project:
    """A coherent project of ``centre`` in ``place``, opened at most three years before ``today``."""
    county = rng.choice(place.counties)
    buyer, sort = directory.buyer(place, county)
    category = Category.ENGINEERING if centre == "hunan-hnsggzy" or rng.random() < 0.45 else Category.PROCUREMENT
    if category == Category.ENGINEERING:
        work = rng.choice(names.WORKS[sort]).format(street=rng.choice(names.STREETS))
        name = f"{buyer.name}{work}" if rng.random() < 0.6 else f"{county[1]}{work}"
    else:
        name = f"{buyer.name}{rng.choice(names.GOODS[sort])}"
    opened = today - timedelta(days=rng.randint(0, 3 * 365))
    deadline = datetime.combine(opened + timedelta(days=rng.randint(20, 25)), time(9, 30))
    lot_count = rng.choice((1, 1, 1, 2, 3))
    lots = []
    for n in range(1, lot_count + 1):
        scale = 10_000_000 if category == Category.ENGINEERING else 2_000_000
        budget = Decimal(rng.randint(scale // 50, scale) // 100 * 100)
        label = LOT_WORDS[category].format(n=n) if lot_count > 1 else None
        bids: list[Bid] = []
        for _ in range(3):
            company = directory.company(category, place)
            while any(b.company is company for b in bids):
                company = directory.company(category, place)
            price = (budget * Decimal(rng.randint(8500, 9950)) / Decimal(10000)).quantize(Decimal("0.01"))
            bids.append(Bid(company, price, person_name(rng)))
        bids.sort(key=lambda b: b.price)
        lots.append(Lot(label, f"{name}{label or ''}", budget, bids))
    corrected = rng.random() < 0.35
    new_deadline = deadline + timedelta(days=rng.randint(3, 10)) if corrected and rng.random() < 0.6 else None
    return Project(
        centre=centre,
        category=category,
        code=_project_code(rng, centre, category, place, county[0], opened.year, number),
        name=name,
        buyer=buyer,
        agency=directory.agency(place),
        region_code=region_code,
        place=place,
        method=rng.choice(METHODS[category]),
        lots=lots,
        opened=opened,
        deadline=deadline,
        new_deadline=new_deadline,
        corrected=corrected,
        terminated=rng.random() < 0.05,
        county=county[1],
    )


def _project_code(
    rng: random.Random, centre: str, category: Category, place: names.Place, county: str, year: int, number: int
) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(2))
    if category == Category.ENGINEERING and centre in ("hunan-hnsggzy", "huzhou-ggzy"):
        return f"E{place.code[:4]}{rng.randrange(10**9):09d}{number:03d}001"
    if centre == "huzhou-ggzy":
        return f"{county}{rng.randrange(10**12):012d}{number:03d}-ZJ{letters}ZF-{year}-{letters}{number}"
    if centre == "ganzhou-ggzy":
        return f"GZ{letters}{year}-{letters}-J{number:03d}"
    if centre == "chengdu-ggzy":
        return f"N{place.code[:4]}00{year}{number:06d}"
    return f"{_PROVINCE_ABBR.get(place.code[:2], 'GG')}ZC-{year}-{number:04d}"


@dataclass
class Draft:
    """One notice of a project as its centre publishes it, with the fields a harvest must read back."""

    kind: Kind
    title: str
    published_at: datetime
    blocks: list[Block]
    buyer: Party | None = None
    agency: Party | None = None
    winners: list[Party] = field(default_factory=list)
    amount: Decimal | None = None
    budget: Decimal | None = None
    deadline: datetime | None = None
    bids: list[PrintedBid] = field(default_factory=list)
    candidates: list[PrintedBid] = field(default_factory=list)


def _at(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))


def project_drafts(rng: random.Random, project: Project, today: date) -> list[Draft]:
    """The notices of ``project`` published up to ``today``, in timeline order."""
    p = project
    eng = p.category == Category.ENGINEERING
    buyer_label = "招标人" if eng else "采购人"
    style = rng.choice(("numbered", "lines", "pairs"))
    buyer, buyer_items = printed_party(rng, p.buyer, "buyer", buyer_label, print_uscc=rng.random() < 0.4)
    agency, agency_items = printed_party(
        rng, p.agency, "agency", "招标代理机构" if eng else "采购代理机构", print_uscc=rng.random() < 0.3
    )
    head = [
        ("项目名称", p.name),
        ("项目编号" if rng.random() < 0.5 else ("招标项目编号" if eng else "采购项目编号"), p.code),
        ("项目所在地区", p.location),
    ]
    drafts: list[Draft] = []

    budget = sum((lot.budget for lot in p.lots), Decimal(0))
    budget_label = "最高投标限价" if eng else "预算金额"
    unit_style = rng.choice(AMOUNT_STYLES)
    items = [*head, *buyer_items, *agency_items]
    if unit_style == "wan" and style == "pairs":
        items.append((f"{budget_label}（万元）", print_amount(budget, "wan").removesuffix("万元")))
    else:
        items.append((budget_label, print_amount(budget, unit_style)))
    items.append(("投标截止时间" if eng else "响应文件提交截止时间", print_deadline(rng, p.deadline)))
    blocks = [Block("para", f"{p.agency.name}受{p.buyer.name}委托，对{p.name}进行{p.method}，欢迎合格的供应商参加。")]
    blocks += fields_blocks(style, items)
    if len(p.lots) > 1:
        header = ["标段（包）编号", "标段（包）名称", f"{budget_label}（元）"]
        blocks.append(
            Block("table", rows=[header] + [[str(lot.label), lot.name, f"{lot.budget:.2f}"] for lot in p.lots])
        )
    blocks.append(
        Block("para", f"联系人：{person_name(rng)}　电话：0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}")
    )
    tender_title = (
        rng.choice((f"{p.name}招标公告", f"{p.agency.name}关于{p.name}的{p.method}公告"))
        if not eng
        else (f"{p.name}{rng.choice(('', '施工'))}招标公告")
    )
    drafts.append(
        Draft(Kind.TENDER, tender_title, _at(rng, p.opened), blocks, buyer, agency, budget=budget, deadline=p.deadline)
    )

    if p.corrected:
        day = p.opened + timedelta(days=rng.randint(3, 10))
        if p.new_deadline is not None:
            change = f"投标截止时间由{print_deadline(rng, p.deadline)}变更为{print_deadline(rng, p.new_deadline)}。"
            extra = [("变更后投标截止时间", print_deadline(rng, p.new_deadline))]
        else:
            change = "对招标文件第三章技术要求中的参数进行澄清，其余内容不变。"
            extra = []
        blocks = fields_blocks(style, [*head, *buyer_items, *agency_items, *extra])
        blocks.append(Block("para", f"更正事项：{change}"))
        title = f"{p.name}{rng.choice(('更正公告', '澄清公告', '变更公告'))}"
        drafts.append(Draft(Kind.CORRECTION, title, _at(rng, day), blocks, buyer, agency, deadline=p.new_deadline))

    end = p.new_deadline or p.deadline
    if p.terminated:
        blocks = fields_blocks(style, [*head, *buyer_items, *agency_items])
        blocks.append(Block("para", "因有效投标人不足三家，本项目废标，将另行组织采购。"))
        title = f"{p.name}{rng.choice(('终止公告', '废标公告'))}"
        drafts.append(Draft(Kind.TERMINATION, title, _at(rng, end.date() + timedelta(days=1)), blocks, buyer, agency))
        return [d for d in drafts if d.published_at.date() <= today]

    if eng:
        table, opened = opening_table(p.code, p.lots)
        blocks = [*fields_blocks(style, [*head, *buyer_items, *agency_items]), table]
        blocks.append(Block("para", "以上投标报价以开标现场唱标为准。"))
        opening = Draft(Kind.OPENING, f"{p.name}开标记录", _at(rng, end.date()), blocks, buyer, agency, bids=opened)
        drafts.append(opening)
        table, ranked = candidates_table(p.code, p.lots)
        blocks = [*fields_blocks(style, [*head, *buyer_items, *agency_items]), table]
        blocks.append(Block("para", "公示期为三个日历日，对公示结果有异议的，应在公示期内向招标人提出。"))
        day = end.date() + timedelta(days=rng.randint(2, 5))
        # Ranked candidates are not winners: a candidates notice names none; its content is the ranked list.
        draft = Draft(Kind.CANDIDATES, f"{p.name}中标候选人公示", _at(rng, day), blocks, buyer, agency)
        draft.candidates = ranked
        drafts.append(draft)

    award_day = end.date() + timedelta(days=rng.randint(8, 15))
    winners = []
    for lot in p.lots:
        w = lot.winner
        winners.append(Party(w.company.name, w.company.uscc, w.company.uscc, "winner", w.price, lot.label))
    items = [*head, *buyer_items, *agency_items]
    blocks = []
    if len(p.lots) == 1:
        w = p.lots[0].winner
        items += [
            ("中标（成交）供应商" if not eng else "中标人", w.company.name),
            ("统一社会信用代码", w.company.uscc),
            ("中标（成交）金额" if not eng else "中标价", print_amount(w.price, rng.choice(AMOUNT_STYLES))),
        ]
        blocks += fields_blocks(style, items)
    else:
        wan_table = rng.random() < 0.5
        header = [
            "标段（包）",
            "中标（成交）供应商",
            "统一社会信用代码",
            f"中标金额（{'万元' if wan_table else '元'}）",
        ]
        rows = [header]
        for lot in p.lots:
            price = (
                print_amount(lot.winner.price, "wan").removesuffix("万元") if wan_table else f"{lot.winner.price:.2f}"
            )
            rows.append([str(lot.label), lot.winner.company.name, lot.winner.company.uscc, price])
        blocks += [*fields_blocks(style, items), Block("table", rows=rows)]
    award_budget = budget if rng.random() < 0.5 else None
    if award_budget is not None:
        blocks.append(Block("para", f"{budget_label}：{print_amount(budget, rng.choice(AMOUNT_STYLES))}"))
    title = f"{p.name}中标结果公示" if eng else f"{p.agency.name}关于{p.name}中标(成交)结果公告"
    total = sum((w.amount for w in winners if w.amount is not None), Decimal(0))
    drafts.append(Draft(Kind.AWARD, title, _at(rng, award_day), blocks, buyer, agency, winners, total, award_budget))

    if not eng:
        for lot, winner in zip(p.lots, winners, strict=True):
            signed = _at(rng, award_day + timedelta(days=rng.randint(5, 25)))
            rows = [
                ["项目编号", p.code],
                ["项目名称", p.name],
                ["项目所在地区", p.location],
                ["采购人名称", p.buyer.name],
                ["中标（成交）供应商名称", winner.name],
                ["合同金额", f"{winner.amount:.2f}元 人民币"],
                ["合同期限", f"{rng.choice((1, 2, 3))}年"],
                ["合同签署时间", f"{signed:%Y-%m-%d %H:%M:%S}"],
            ]
            if lot.label:
                rows.insert(3, ["包号", lot.label])
            contract_buyer = Party(p.buyer.name, role="buyer")
            supplier = Party(winner.name, role="winner", amount=winner.amount, lot=lot.label)
            title = f"{p.name}{'（' + lot.label + '）' if lot.label else ''}合同"
            blocks = [Block("pairs", rows=rows)]
            drafts.append(Draft(Kind.CONTRACT, title, signed, blocks, contract_buyer, None, [supplier], winner.amount))
    return [d for d in drafts if d.published_at.date() <= today]
