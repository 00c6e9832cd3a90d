"""The seeded demo world: coherent projects and credit records, how each centre publishes them, ground truth.

``build_world(seed, projects, today)`` draws projects (tender → correction → candidates → award → contract)
for the trading centres, republishes most of their notices on the national platform, adds notices the
national platform carries for centres outside the registry, and credit records (双公示 行政处罚, 严重违法失信
名单) on the credit site and the CKAN portal, some against the same winners, and last the planted integrity
flag cases (``ggzy.demo.planted``, declared in ``ggzy.demo.flag_cases``; ``world.planted`` says which notices
each case was drawn as). ``world.notices`` is the ground truth: exactly what a harvest of every demo centre
must produce. ``synthetic_notices`` (from ``ggzy.demo.synthetic``) gives plain notices fast, without pages,
for benchmarks.

What a harvest must reproduce, for every notice of ``world.notices``:

* ``id`` = ``make_notice_id(centre, source_id)``; ``centre`` is the publishing centre (for a notice the national
  platform republishes, the originating centre; the national platform itself only for notices whose
  originating centre, its 信息来源, is not a demo centre); ``source_id`` is the centre's own id (see each
  family's module); ``also_published`` lists the national platform's copy (centre, source_id).
* ``title``, ``kind``, ``category``, ``published`` (the date), ``region_code`` (the city (地级市) named in the
  body's 项目所在地区 line, e.g. 浙江省湖州市德清县 → 330500; for a municipality its own code, 北京市海淀区 →
  110000; a credit record: its centre's city), ``project_code``, ``project_name`` (项目名称).
* ``buyer`` / ``agency`` (name; ``uscc`` only when printed with a right check character, ``uscc_as_printed``
  when printed at all), ``winners`` (award: each lot's winner, role ``winner``, with its ``lot`` label and
  amount; candidates: none, the ranked candidates are not winners; contract: the supplier, no code),
  ``amount`` (award: the sum of the winners' amounts; contract: the contract amount), ``budget`` (tender:
  预算金额/最高投标限价, the sum over lots; award: only when printed), ``deadline`` (tender; a correction's new
  deadline when it changes one). Land listings (``ggzy.demo.land``): the 出让人 is the buyer, the 竞得人 the
  winner with the 成交价 as its amount and the notice's, the 挂牌截止时间 the deadline.
* ``penalty``: see ``ggzy.demo.penalties`` for the column → field rules. ID numbers are masked
  (``ggzy.demo.identity.mask_id_numbers``).

Not compared: ``source_url`` (filled with the page a human opens), ``body_text`` (a plain rendering, masked),
``body_html`` (left empty), provenance fields. A ``统一社会信用代码`` line or cell right after a party's name
line belongs to that party.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ggzy.demo import names
from ggzy.demo.bodies import Block, to_text
from ggzy.demo.centres import CENTRE_BY_ID, NATIONAL, TRADING_CENTRES
from ggzy.demo.identity import mask_id_numbers
from ggzy.demo.land import land_drafts, make_land_project
from ggzy.demo.organisations import Directory, Organisation, Person
from ggzy.demo.penalties import PenaltyRecord, make_sxmd, make_xzcf
from ggzy.demo.projects import Draft, Project, make_project, place_region, project_drafts
from ggzy.model import Category, Kind, Notice, SourceRef, make_notice_id

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ggzy.demo.planted import PlantedCase

__all__ = ["Publication", "World", "build_world", "information_type", "synthetic_notices"]

#: The national platform's informationType code for a (category, kind); 0104 holds both candidates and
#: award, and terminations sit with corrections, so the title decides the kind.
INFORMATION_TYPES = {
    (Category.ENGINEERING, Kind.TENDER): ("0101", "招标/资审公告"),
    (Category.ENGINEERING, Kind.CORRECTION): ("0105", "招标/资审文件澄清"),
    (Category.ENGINEERING, Kind.TERMINATION): ("0105", "招标/资审文件澄清"),
    (Category.ENGINEERING, Kind.OPENING): ("0102", "开标记录"),
    (Category.ENGINEERING, Kind.CANDIDATES): ("0104", "交易结果公示"),
    (Category.ENGINEERING, Kind.AWARD): ("0104", "交易结果公示"),
    (Category.PROCUREMENT, Kind.TENDER): ("0201", "采购/资审公告"),
    (Category.PROCUREMENT, Kind.AWARD): ("0202", "中标公告"),
    (Category.PROCUREMENT, Kind.CONTRACT): ("0203", "采购合同"),
    (Category.PROCUREMENT, Kind.CORRECTION): ("0204", "更正事项"),
    (Category.PROCUREMENT, Kind.TERMINATION): ("0204", "更正事项"),
    (Category.LAND, Kind.TENDER): ("0301", "出让公示"),
    (Category.LAND, Kind.AWARD): ("0302", "成交宗地"),
}
_CITY_CENTRES = {"huzhou-ggzy": "330500", "ganzhou-ggzy": "360700", "chengdu-ggzy": "510100"}


def information_type(category: Category, kind: Kind) -> tuple[str, str]:
    """The national platform's (informationType, informationTypeText) for a notice."""
    return INFORMATION_TYPES[(category, kind)]


@dataclass
class Publication:
    """One notice as one demo centre publishes it.

    ``blocks`` is the body as printed (ID numbers in full); ``record`` the printed columns of a credit record;
    ``origin`` the originating centre's publication when this is the national platform's copy; ``info``
    family details (national: ``id``, ``province``, ``origin_name``; ckan: ``package``, ``resource``).
    """

    centre: str
    source_id: str
    path: str
    title: str
    kind: Kind
    category: Category
    published_at: datetime
    notice: Notice
    blocks: list[Block] = field(default_factory=list)
    record: PenaltyRecord | None = None
    project: Project | None = None
    origin: Publication | None = None
    info: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    """Everything the demo centres publish and the ground truth a harvest must produce."""

    seed: int
    today: date
    base_url: str
    notices: list[Notice]
    publications: list[Publication]
    projects: list[Project]
    #: The planted integrity flag cases (``ggzy.demo.flag_cases``) and the notices each was drawn as.
    planted: list[PlantedCase] = field(default_factory=list)

    def at(self, centre: str) -> list[Publication]:
        """The publications of ``centre``, newest first (ties broken by source id, stable)."""
        found = [p for p in self.publications if p.centre == centre]
        return sorted(found, key=lambda p: (p.published_at, p.source_id), reverse=True)


def _hex_id(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def _detail_path(rng: random.Random, centre: str, published: datetime, category: Category) -> tuple[str, str]:
    """(source_id, path) of a notice's detail page on a trading centre."""
    prefix = CENTRE_BY_ID[centre].prefix
    if centre == "hunan-hnsggzy":
        source_id = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        return source_id, f"/{prefix}/notice/{source_id}.html"
    if centre == "huzhou-ggzy":
        source_id = str(rng.randint(5_000_000, 9_999_999))
        return source_id, f"/{prefix}/art/{published.year}/{published.month}/{published.day}/art_1229_{source_id}.html"
    if centre == "ganzhou-ggzy":
        source_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        section = "gcjs" if category == Category.ENGINEERING else "zfcg"
        return source_id, f"/{prefix}/jyxx/{section}/{published:%Y%m%d}/{source_id}.html"
    source_id = str(rng.randint(100_000, 999_999))
    return source_id, f"/{prefix}/jyxx/{source_id}.html"


def _national_path(national_id: str, province: str, published: datetime, category: Category, kind: Kind) -> str:
    code = information_type(category, kind)[0]
    prefix = CENTRE_BY_ID[NATIONAL].prefix
    return f"/{prefix}/information/deal/html/a/{province}/{code}/{published:%Y%m%d}/{national_id}.html"


def _notice(
    base_url: str, centre: str, source_id: str, path: str, draft: Draft, project: Project, region_code: str
) -> Notice:
    return Notice(
        id=make_notice_id(centre, source_id),
        centre=centre,
        title=draft.title,
        kind=draft.kind,
        category=project.category,
        source_url=base_url + path,
        source_id=source_id,
        published=draft.published_at.date(),
        region_code=region_code,
        project_code=project.code,
        project_name=project.name,
        buyer=draft.buyer,
        agency=draft.agency,
        winners=draft.winners,
        bids=draft.bids,
        candidates=draft.candidates,
        amount=draft.amount,
        budget=draft.budget,
        deadline=draft.deadline,
        body_text=mask_id_numbers(to_text(draft.blocks)),
    )


def _publish(draft: Draft, project: Project, centre: str, source_id: str, path: str, notice: Notice,
             **extra: Any) -> Publication:  # fmt: skip
    return Publication(centre, source_id, path, draft.title, draft.kind, project.category, draft.published_at,
                       notice, draft.blocks, project=project, **extra)  # fmt: skip


def _centre_places(centre: str | None) -> list[names.Place]:
    if centre == "hunan-hnsggzy":
        return [p for p in names.PLACES if p.province_code == "430000"]
    if centre in _CITY_CENTRES:
        return [names.PLACE_BY_CODE[_CITY_CENTRES[centre]]]
    taken = {"430000"} | {names.PLACE_BY_CODE[c].code for c in _CITY_CENTRES.values()}
    return [p for p in names.PLACES if p.province_code not in taken and p.code not in taken]


def build_world(seed: int = 1, projects: int = 60, today: date | None = None, base_url: str = "") -> World:
    """A deterministic demo world for ``seed`` and ``today`` (default: the current date).

    ``base_url`` (the demo server's root, no trailing slash) prefixes every ``source_url``.
    """
    today = today or date.today()
    base_url = base_url.rstrip("/")
    rng = random.Random(f"ggzy-demo-{seed}")
    directory = Directory(rng, today)
    publications: list[Publication] = []
    notices: list[Notice] = []
    all_projects: list[Project] = []
    owners: list[str | None] = [*TRADING_CENTRES, None]
    taken: set[tuple[str, str]] = set()
    for number in range(1, projects + 1):
        owner = owners[number - 1] if number <= len(owners) else rng.choices(owners, (22, 20, 18, 15, 25))[0]
        place = rng.choice(_centre_places(owner))
        centre = owner or NATIONAL
        region = place_region(place)
        if owner is None and rng.random() < 0.3:
            project = make_land_project(rng, directory, place, region, number, today)
            drafts = land_drafts(rng, project, today)
        else:
            project = make_project(rng, directory, centre, place, region, number, today)
            drafts = project_drafts(rng, project, today)
        all_projects.append(project)
        origin_name = CENTRE_BY_ID[owner].name if owner else f"{place.name}公共资源交易中心"
        for draft in drafts:
            national_id = "00" + _hex_id(rng, 34)
            national_path = _national_path(
                national_id, place.province_code, draft.published_at, project.category, draft.kind
            )
            national_info = {"id": national_id, "province": place.province_code, "origin_name": origin_name}

            if owner is None:
                notice = _notice(base_url, NATIONAL, national_id, national_path, draft, project, region)
                publications.append(
                    _publish(draft, project, NATIONAL, national_id, national_path, notice, info=national_info)
                )
                notices.append(notice)
                continue
            source_id, path = _detail_path(rng, owner, draft.published_at, project.category)
            while (owner, source_id) in taken:
                source_id, path = _detail_path(rng, owner, draft.published_at, project.category)
            taken.add((owner, source_id))
            notice = _notice(base_url, owner, source_id, path, draft, project, region)
            own = _publish(draft, project, owner, source_id, path, notice)
            publications.append(own)
            notices.append(notice)
            if rng.random() < 0.6:
                notice.also_published.append(SourceRef(NATIONAL, base_url + national_path, national_id))
                publications.append(
                    _publish(
                        draft, project, NATIONAL, national_id, national_path, notice, origin=own, info=national_info
                    )
                )
    for record_pub in _credit_publications(rng, directory, all_projects, today, base_url):
        if (record_pub.centre, record_pub.source_id) in taken:
            continue  # the same company listed twice on one day: one record
        taken.add((record_pub.centre, record_pub.source_id))
        publications.append(record_pub)
        notices.append(record_pub.notice)
    from ggzy.demo.families import family_publications  # drawn last: the rest of the world stays the same

    family_pubs, family_notices, family_projects = family_publications(seed, directory, today, base_url, projects)
    publications.extend(family_pubs)
    notices.extend(family_notices)
    all_projects.extend(family_projects)
    from ggzy.demo.planted import planted_publications  # the planted flag cases, after the families

    planted_pubs, planted_notices, planted_projects, planted = planted_publications(
        seed, directory, today, base_url, taken
    )
    publications.extend(planted_pubs)
    notices.extend(planted_notices)
    all_projects.extend(planted_projects)
    return World(seed, today, base_url, notices, publications, all_projects, planted)


def _credit_publications(
    rng: random.Random, directory: Directory, projects: list[Project], today: date, base_url: str
) -> Iterator[Publication]:
    """Credit records on the credit site (双公示 + 严重违法失信) and the CKAN portal, against winners."""
    won = [(lot.winner, p) for p in projects for lot in p.lots if p.category != Category.LAND]
    procurement = [(bid, p) for bid, p in won if p.category == Category.PROCUREMENT] or won
    count = max(4, len(projects) // 4)
    specs = [
        ("huzhou-credit", "330500", "xzcf", count),
        ("huzhou-credit", "330500", "sxmd", max(2, count // 2)),
        ("shenzhen-opendata", "440300", "xzcf", max(3, len(projects) // 6)),
    ]
    packages: dict[tuple[str, int], tuple[str, str]] = {}
    for centre, place_code, kind, n in specs:
        place = names.PLACE_BY_CODE[place_code]
        prefix = CENTRE_BY_ID[centre].prefix
        for i in range(n):
            active = (False, True)[i] if i < 2 else None
            if kind == "sxmd":
                bid, project = rng.choice(procurement)
                record = make_sxmd(rng, place, bid.company, project.name, today, active)
            else:
                bid, project = rng.choice(won)
                subject: Organisation | Person = bid.company
                roll = rng.random()
                if roll < 0.2:
                    subject = directory.person(bid.company.region_code)
                    subject.name = bid.manager
                elif roll < 0.3:
                    county = rng.choice(place.counties)
                    owner = directory.person(county[0]).name
                    name = f"{county[1]}{owner}建材经营部"
                    subject = directory.organisation(name, county[0], "individual_business")
                    subject.legal_representative = owner
                record = make_xzcf(rng, directory, place, subject, project, i + 1, today, active)
            info: dict[str, str] = {"list": kind}
            if centre == "shenzhen-opendata":
                authority = record.columns["处罚机关"]
                key = (authority, record.penalty.decided_on.year if record.penalty.decided_on else 0)
                if key not in packages:
                    packages[key] = (
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    )
                package, resource = packages[key]
                info.update(package=package, resource=resource, authority=key[0], year=str(key[1]))
                path = f"/{prefix}/dataset/{package}/resource/{resource}/download/xzcf-{key[1]}.csv"
            else:
                path = f"/{prefix}/{kind}/{i + 1}.html"
            notice = record.notice(centre, base_url + path, place_code)
            moment = datetime.combine(record.published, datetime.min.time())
            yield Publication(
                centre,
                record.source_id,
                path,
                record.title,
                Kind.PENALTY,
                record.category,
                moment,
                notice,
                record=record,
                info=info,
            )


def synthetic_notices(count: int, seed: int = 1) -> Iterator[Notice]:
    """``count`` plain, realistic notices, fast (no pages); see ``ggzy.demo.synthetic``."""
    from ggzy.demo.synthetic import synthetic_notices as generate

    return generate(count, seed)
