"""The planted flag cases of ``ggzy.demo.flag_cases`` drawn into the world: projects of 湖州市公共资源交易网 and,
for a penalised bidder, a 行政处罚 on 信用湖州.

``planted_publications`` is called by ``build_world`` last, with its own generator, so the rest of the world (and
every test built on it) stays the same draw for a seed. Each case has a buyer of its own (a town's school or
health centre of 湖州, printed with its code) and fresh companies, so no random project joins its procurements
or its buyer's awards. Bodies are printed the way ``ggzy.demo.projects`` prints them (a numbered, lines or pairs
layout, amounts in 元, 万元 or 大写), so the harvest reads the cases like any other notice; the first case's
tender is published 240 days before ``today`` and each next case a day later.

A late-contract case finds the last legal day (award + 30 days + 2 working days) in the holiday table; in a year
the table does not hold yet, it takes award + 32 days and the flag answers 数据不足 like it would on real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ggzy.demo import names
from ggzy.demo.bidding import candidates_table, opening_table
from ggzy.demo.bodies import Block, fields_blocks, print_deadline
from ggzy.demo.centres import CENTRE_BY_ID
from ggzy.demo.flag_cases import FLAG_CASES, Deal, FlagCase
from ggzy.demo.generator import Publication, _detail_path, _notice, _publish
from ggzy.demo.identity import AMOUNT_STYLES, person_name, print_amount
from ggzy.demo.organisations import Directory, Organisation
from ggzy.demo.penalties import make_sxmd, make_xzcf
from ggzy.demo.projects import Bid, Draft, Lot, Project, _project_code, place_region
from ggzy.model import Category, Kind, Notice, Party
from ggzy.normalize.dates import add_working_days

CENTRE = "huzhou-ggzy"
CREDIT = "huzhou-credit"
_TOWNS = (
    ("330502", "吴兴区", ("织里镇", "八里店镇", "埭溪镇", "妙西镇")),
    ("330521", "德清县", ("新市镇", "乾元镇", "洛舍镇", "禹越镇")),
    ("330522", "长兴县", ("洪桥镇", "煤山镇", "泗安镇", "和平镇")),
    ("330523", "安吉县", ("孝丰镇", "天子湖镇", "梅溪镇", "杭垓镇")),
)
_BUYER_SORTS = (("中心学校", "school"), ("卫生院", "hospital"), ("成人文化技术学校", "school"))


@dataclass
class PlantedCase:
    """A case as drawn: its notices (every deal's, in publication order, then its penalties) and the one its
    flag is judged on."""

    case: FlagCase
    notice_ids: list[str] = field(default_factory=list)
    judged: str = ""


def planted_publications(
    seed: int, directory: Directory, today: date, base_url: str, taken: set[tuple[str, str]]
) -> tuple[list[Publication], list[Notice], list[Project], list[PlantedCase]]:
    """The publications, ground-truth notices, projects and drawn cases of every planted flag case."""
    rng = random.Random(f"ggzy-demo-{seed}-planted")
    place = names.PLACE_BY_CODE["330500"]
    publications: list[Publication] = []
    projects: list[Project] = []
    drawn: list[PlantedCase] = []
    penalties = 0
    for index, case in enumerate(FLAG_CASES):
        county_code, county, towns = _TOWNS[index % len(_TOWNS)]
        sort_name, sort = _BUYER_SORTS[index // 16 % len(_BUYER_SORTS)]
        buyer = directory.organisation(f"{county}{towns[index // 4 % 4]}{sort_name}", county_code, "institution")
        suppliers: dict[int, Organisation] = {}
        planted = PlantedCase(case)
        start = today - timedelta(days=240 - index)
        for number, deal in enumerate(case.deals):
            category = Category.ENGINEERING if deal.works else Category.PROCUREMENT
            bidders = [_company(rng, directory, category, place) for _ in deal.prices]
            if deal.supplier is not None:
                winner_at = deal.winner_rank - 1
                bidders[winner_at] = suppliers.setdefault(deal.supplier, bidders[winner_at])
            code = _project_code(rng, CENTRE, category, place, county_code, start.year, 30_000 + index * 10 + number)
            work = rng.choice((names.WORKS if deal.works else names.GOODS)[sort])
            project = Project(
                centre=CENTRE,
                category=category,
                code=code,
                name=f"{buyer.name}{work.format(street=rng.choice(names.STREETS))}",
                buyer=buyer,
                agency=directory.agency(place),
                region_code=place_region(place),
                place=place,
                method=deal.method,
                lots=[],
                opened=start + timedelta(days=deal.after),
                deadline=datetime.combine(start + timedelta(days=deal.after + deal.submission_days), time(9, 30)),
                new_deadline=None,
                corrected=False,
                terminated=False,
                county=county,
            )
            bids = [
                Bid(company, Decimal(price), person_name(rng))
                for company, price in zip(bidders, deal.prices, strict=True)
            ]
            project.lots = [Lot(None, project.name, Decimal(deal.budget), bids)]
            projects.append(project)
            for draft in _drafts(rng, project, deal):
                source_id, path = _detail_path(rng, CENTRE, draft.published_at, category)
                while (CENTRE, source_id) in taken:
                    source_id, path = _detail_path(rng, CENTRE, draft.published_at, category)
                taken.add((CENTRE, source_id))
                notice = _notice(base_url, CENTRE, source_id, path, draft, project, project.region_code)
                publications.append(_publish(draft, project, CENTRE, source_id, path, notice))
                planted.notice_ids.append(notice.id)
                if draft.kind is (Kind.TENDER if case.flag == "short_submission" else Kind.AWARD):
                    planted.judged = notice.id
            listings = []
            if deal.penalty_days is not None:
                listings.append(("xzcf", bids[1].company, deal.penalty_days))
            if deal.ban_days is not None:
                listings.append(("sxmd", bids[deal.winner_rank - 1].company, deal.ban_days))
            for kind, company, days in listings:
                penalties += 1
                decided = project.deadline.date() + timedelta(days=days)
                record = _penalty(rng, directory, project, kind, company, decided, today, penalties, base_url, taken)
                publications.append(record)
                planted.notice_ids.append(record.notice.id)
        drawn.append(planted)
    return publications, [p.notice for p in publications], projects, drawn


def _company(rng: random.Random, directory: Directory, category: Category, place: names.Place) -> Organisation:
    """A company no other project of the world has bid with."""
    suffixes = names.ENGINEERING_SUFFIXES if category is Category.ENGINEERING else names.PROCUREMENT_SUFFIXES
    while True:
        trade = "".join(rng.sample(names.TRADE_NAMES, 2))
        name = f"{rng.choice(('浙江', place.name))}{trade}{rng.choice(suffixes)}"
        if name not in directory.by_name:
            return directory.organisation(name, rng.choice(place.counties)[0], "company")


def _at(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))


def _drafts(rng: random.Random, p: Project, deal: Deal) -> list[Draft]:
    """Tender, then (works) 开标记录 and 中标候选人公示, then award and (procurement) contract."""
    eng = p.category is Category.ENGINEERING
    style = rng.choice(("numbered", "lines", "pairs"))
    buyer_label, agency_label = ("招标人", "招标代理机构") if eng else ("采购人", "采购代理机构")
    buyer = Party(p.buyer.name, p.buyer.uscc, p.buyer.uscc, "buyer")
    agency = Party(p.agency.name, role="agency")
    head = [("项目名称", p.name), ("项目编号", p.code), ("项目所在地区", p.location)]
    parties = [
        (buyer_label, p.buyer.name),
        (f"{buyer_label}统一社会信用代码", p.buyer.uscc),
        (agency_label, p.agency.name),
    ]
    (lot,) = p.lots
    budget_label = "最高投标限价" if eng else "预算金额"
    items = [*head, *parties, (budget_label, print_amount(lot.budget, rng.choice(AMOUNT_STYLES)))]
    items.append(("投标截止时间" if eng else "响应文件提交截止时间", print_deadline(rng, p.deadline)))
    blocks = [Block("para", f"{p.agency.name}受{p.buyer.name}委托，对{p.name}进行{p.method}，欢迎合格的供应商参加。")]
    blocks += fields_blocks(style, items)
    blocks.append(Block("para", f"联系人：{person_name(rng)}　电话：0572-{rng.randint(2000000, 8999999)}"))
    title = f"{p.name}{'施工' if eng else ''}招标公告"
    drafts = [
        Draft(Kind.TENDER, title, _at(rng, p.opened), blocks, buyer, agency, budget=lot.budget, deadline=p.deadline)
    ]

    end = p.deadline.date()
    award_day = end + timedelta(days=deal.decision_days)
    if eng:
        table, opened = opening_table(p.code, p.lots)
        blocks = [*fields_blocks(style, [*head, *parties]), table, Block("para", "以上投标报价以开标现场唱标为准。")]
        drafts.append(Draft(Kind.OPENING, f"{p.name}开标记录", _at(rng, end), blocks, buyer, agency, bids=opened))
        table, ranked = candidates_table(p.code, p.lots)
        blocks = [*fields_blocks(style, [*head, *parties]), table]
        blocks.append(Block("para", "公示期为三个日历日，对公示结果有异议的，应在公示期内向招标人提出。"))
        day = end + timedelta(days=max(1, min(3, deal.decision_days - 1)))
        draft = Draft(Kind.CANDIDATES, f"{p.name}中标候选人公示", _at(rng, day), blocks, buyer, agency)
        draft.candidates = ranked
        drafts.append(draft)

    won = lot.bids[deal.winner_rank - 1]
    winner = Party(won.company.name, won.company.uscc, won.company.uscc, "winner", won.price)
    items = [
        *head,
        *parties,
        ("中标人" if eng else "中标（成交）供应商", won.company.name),
        ("统一社会信用代码", won.company.uscc),
        ("中标价" if eng else "中标（成交）金额", print_amount(won.price, rng.choice(AMOUNT_STYLES))),
    ]
    title = f"{p.name}中标结果公示" if eng else f"{p.agency.name}关于{p.name}中标(成交)结果公告"
    award = Draft(
        Kind.AWARD, title, _at(rng, award_day), fields_blocks(style, items), buyer, agency, [winner], won.price
    )
    drafts.append(award)
    if eng:
        return drafts

    signed = award_day + timedelta(days=deal.contract_days)
    if deal.contract_late_by is not None:
        latest = add_working_days(award_day + timedelta(days=30), 2) or award_day + timedelta(days=32)
        signed = latest + timedelta(days=deal.contract_late_by)
    rows = [
        ["项目编号", p.code],
        ["项目名称", p.name],
        ["项目所在地区", p.location],
        ["采购人名称", p.buyer.name],
        ["中标（成交）供应商名称", won.company.name],
        ["合同金额", f"{won.price:.2f}元 人民币"],
        ["合同期限", "1年"],
        ["合同签署时间", f"{_at(rng, signed):%Y-%m-%d %H:%M:%S}"],
    ]
    supplier = Party(won.company.name, role="winner", amount=won.price)
    contract_buyer = Party(p.buyer.name, role="buyer")
    blocks = [Block("pairs", rows=rows)]
    drafts.append(
        Draft(Kind.CONTRACT, f"{p.name}合同", _at(rng, signed), blocks, contract_buyer, None, [supplier], won.price)
    )
    return drafts


def _penalty(
    rng: random.Random, directory: Directory, project: Project, kind: str, company: Organisation, decided: date,
    today: date, number: int, base_url: str, taken: set[tuple[str, str]],
) -> Publication:  # fmt: skip
    """A 行政处罚 (``xzcf``) or a 严重违法失信 listing with a one-year ban (``sxmd``) of ``company`` decided on
    ``decided``, published by 信用湖州 (numbers from 900 on, apart from the world's own records)."""
    if kind == "xzcf":
        record = make_xzcf(rng, directory, project.place, company, project, 900 + number, today, True, decided=decided)
    else:
        record = make_sxmd(rng, project.place, company, project.name, today, True, decided=decided, years=1)
    taken.add((CREDIT, record.source_id))
    path = f"/{CENTRE_BY_ID[CREDIT].prefix}/{kind}/{900 + number}.html"
    notice = record.notice(CREDIT, base_url + path, project.place.code)
    moment = datetime.combine(record.published, time())
    return Publication(CREDIT, record.source_id, path, record.title, Kind.PENALTY, record.category, moment, notice,
                       record=record, info={"list": kind})  # fmt: skip
