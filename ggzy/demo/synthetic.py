"""Plain but realistic notices in bulk, fast, for benchmarks and large tests (no pages, no HTTP).

``synthetic_notices(count, seed)`` yields ``count`` notices deterministically: varied Chinese titles
(学校/医院/道路 工程, 采购项目 …), every kind and category, regions across two dozen cities in many provinces,
amounts in yuan, buyers/agencies/winners with valid USCCs drawn from pools (so entities recur), dates over
2021–2026 and penalties (some still public, some past their 公示截止期 as of late 2026). It makes well over
50,000 notices a second on one core.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

from ggzy.demo import names
from ggzy.demo.identity import make_uscc, person_name
from ggzy.model import Category, Kind, Notice, Party, Penalty, SubjectCategory, make_notice_id

_PINYIN = (
    "hangzhou", "huzhou", "changsha", "zhangjiajie", "zhuzhou", "ganzhou", "xinyu", "chengdu", "shenzhen",
    "suzhou", "qingdao", "luoyang", "yichang", "hefei", "xiamen", "shijiazhuang", "kunming", "xian", "nanning",
    "guiyang", "shenyang", "shanghai", "beijing", "chongqing",
)  # fmt: skip
_KINDS = (
    (Kind.TENDER, 30), (Kind.CORRECTION, 8), (Kind.OPENING, 3), (Kind.CANDIDATES, 10), (Kind.AWARD, 25),
    (Kind.CONTRACT, 10), (Kind.TERMINATION, 2), (Kind.PENALTY, 8), (Kind.OTHER, 4),
)  # fmt: skip
_CATEGORIES = (
    (Category.ENGINEERING, 45), (Category.PROCUREMENT, 40), (Category.LAND, 6), (Category.MINING, 2),
    (Category.PROPERTY, 5), (Category.OTHER, 2),
)  # fmt: skip
_TITLE_SUFFIX = {
    Kind.TENDER: ("招标公告", "公开招标公告", "竞争性磋商公告"),
    Kind.CORRECTION: ("更正公告", "澄清公告"),
    Kind.OPENING: ("开标记录",),
    Kind.CANDIDATES: ("中标候选人公示",),
    Kind.AWARD: ("中标结果公告", "中标(成交)结果公告", "成交结果公示"),
    Kind.CONTRACT: ("合同公告", "采购合同"),
    Kind.TERMINATION: ("终止公告", "废标公告"),
    Kind.OTHER: ("资格预审结果公示", "项目信息公开"),
}
_LAND = ("号地块国有建设用地使用权出让", "号地块挂牌出让")
_PROPERTY = ("公司股权转让项目", "闲置车辆公开处置项目", "门面房租赁权转让项目")
_MINING = ("建筑用石料矿采矿权出让项目",)
_START = date(2021, 1, 1)
_DAYS = (date(2026, 10, 31) - _START).days


_Buyer = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]  # name, uscc, region, centre, works, goods


def _pools(rng: random.Random) -> tuple[list[_Buyer], list[tuple[str, str]], list[tuple[str, str]]]:
    buyers: list[_Buyer] = []
    for index, place in enumerate(names.PLACES):
        for code, county in (*place.counties, (place.code, place.name)):
            for template, sort in names.BUYER_TEMPLATES:
                name = template.format(place=county)
                works = tuple(name + w.format(street=rng.choice(names.STREETS)) for w in names.WORKS[sort])
                goods = tuple(name + g for g in names.GOODS[sort])
                buyers.append((name, make_uscc(rng, code, "institution"), code, f"{_PINYIN[index]}-ggzy", works, goods))
    companies = []
    for _ in range(3000):
        place = rng.choice(names.PLACES)
        suffix = rng.choice(names.ENGINEERING_SUFFIXES + names.PROCUREMENT_SUFFIXES)
        trade = "".join(rng.sample(names.TRADE_NAMES, 2))
        name = f"{place.name}{trade}{suffix}"
        companies.append((name, make_uscc(rng, rng.choice(place.counties)[0])))
    agencies = []
    for _ in range(200):
        place = rng.choice(names.PLACES)
        trade = "".join(rng.sample(names.TRADE_NAMES, 2))
        agencies.append((f"{place.name}{trade}{rng.choice(names.AGENCY_SUFFIXES)}", make_uscc(rng, place.code)))
    return buyers, list(dict(companies).items()), agencies


def synthetic_notices(count: int, seed: int = 1) -> Iterator[Notice]:
    """``count`` deterministic notices for ``seed``; ids are ``make_notice_id(centre, "S{seed}-{n}")`` and
    source URLs ``https://{centre}.example/notice/S{seed}-{n}.html`` (a reserved domain: no such site)."""
    rng = random.Random(f"ggzy-synthetic-{seed}")
    buyers, companies, agencies = _pools(rng)
    kinds = [k for k, w in _KINDS for _ in range(w)]
    categories = [c for c, w in _CATEGORIES for _ in range(w)]
    days = [_START + timedelta(days=d) for d in range(_DAYS)]
    deadlines = [datetime(d.year, d.month, d.day, 9, 30) + timedelta(days=21) for d in days]
    random_ = rng.random
    engineering, procurement, other, land, prop = (
        Category.ENGINEERING,
        Category.PROCUREMENT,
        Category.OTHER,
        Category.LAND,
        Category.PROPERTY,
    )
    penalty_kind, tender, candidates = Kind.PENALTY, Kind.TENDER, Kind.CANDIDATES
    with_winner = {Kind.AWARD, Kind.CONTRACT, Kind.CANDIDATES}
    n_kinds, n_categories, n_buyers, n_companies, n_agencies = (
        len(kinds),
        len(categories),
        len(buyers),
        len(companies),
        len(agencies),
    )
    for n in range(count):
        kind = kinds[int(random_() * n_kinds)]
        category = categories[int(random_() * n_categories)]
        buyer_name, buyer_uscc, region, centre, works, goods = buyers[int(random_() * n_buyers)]
        day = int(random_() * _DAYS)
        published = days[day]
        year = published.year
        source_id = f"S{seed}-{n}"
        if category is engineering:
            project = works[int(random_() * len(works))]
        elif category is procurement or category is other:
            project = goods[int(random_() * len(goods))]
        elif category is land:
            project = f"{buyer_name[:3]}{year}-{n % 97 + 1}{_LAND[n % 2]}"
        elif category is prop:
            project = buyer_name + _PROPERTY[n % 3]
        else:
            project = buyer_name[:3] + _MINING[0]
        code = f"{region}-{year}-{n:07d}"
        hundreds = int(200 + random_() * 499_800)
        budget = Decimal(hundreds * 100)
        winner_name, winner_uscc = companies[int(random_() * n_companies)]
        if kind is penalty_kind:
            decided = published
            until = decided + timedelta(days=365 * (1 + int(random_() * 3)))
            fine = Decimal(int(1 + random_() * 59) * 5000)
            subject = Party(winner_name, winner_uscc, winner_uscc, "subject")
            penalty = Penalty(
                subject=subject,
                subject_category=SubjectCategory.LEGAL_PERSON,
                legal_representative=person_name(rng),
                decision_no=f"{buyer_name[0]}市监罚〔{year}〕{n % 9000 + 1}号",
                violation_type="串通投标",
                facts=f"当事人在{project}投标过程中与其他投标人串通投标报价",
                basis="《中华人民共和国招标投标法》第五十三条",
                penalty_types=["罚款"],
                content=f"罚款人民币{fine}元",
                fine=fine,
                decided_on=decided,
                valid_until=decided + timedelta(days=364),
                publicity_until=until,
            )
            yield Notice(
                id=make_notice_id(centre, source_id),
                centre=centre,
                title=f"{winner_name}行政处罚信息（{penalty.decision_no}）",
                kind=kind,
                category=category,
                source_id=source_id,
                source_url=f"https://{centre}.example/notice/{source_id}.html",
                published=published,
                region_code=region,
                penalty=penalty,
                body_text=penalty.facts or "",
            )
            continue
        agency_name, agency_uscc = agencies[int(random_() * n_agencies)]
        suffixes = _TITLE_SUFFIX[kind]
        title = project + suffixes[int(random_() * len(suffixes))]
        winners = []
        amount = None
        if kind in with_winner:
            amount = Decimal(hundreds * (85 + int(random_() * 15)))
            winners.append(Party(winner_name, winner_uscc, winner_uscc, "winner", amount))
        printed = buyer_uscc if random_() < 0.5 else None
        yield Notice(
            id=make_notice_id(centre, source_id),
            centre=centre,
            title=title,
            kind=kind,
            category=category,
            source_id=source_id,
            source_url=f"https://{centre}.example/notice/{source_id}.html",
            published=published,
            region_code=region,
            project_code=code,
            project_name=project,
            buyer=Party(buyer_name, printed, printed, "buyer"),
            agency=Party(agency_name, agency_uscc, agency_uscc, "agency"),
            winners=winners,
            amount=amount if kind is not candidates else None,
            budget=budget if kind is tender else None,
            deadline=deadlines[day] if kind is tender else None,
            body_text=f"项目名称：{project}\n项目编号：{code}\n采购人：{buyer_name}\n代理机构：{agency_name}",
        )
