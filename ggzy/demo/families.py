"""The projects of the demo centres modelled on real platform families: Epoint, ccgp and the national history API.

``family_publications`` is called by ``build_world`` after everything else is drawn, so the rest of the world
(and every test built on it) stays the same draw for a seed. Each centre publishes its own projects:

* ``jiangsu-jsggzy`` (Epoint): engineering projects in 江苏; a notice is listed under its 栏目 code
  (``EPOINT_CATEGORIES``): tenders, candidates and awards only, like the 栏目 the real spider lists.
* ``ccgp-gov-cn``: procurement projects anywhere (中央公告 for odd project numbers, 地方公告 for even).
* ``hefei-ggzy-history``: 合肥 projects as the national platform's history API lists them.

``info`` carries what the site needs beyond the publication: Epoint's ``categorynum``; ccgp's ``list`` and
``type``; the history API's ``province``, ``code`` (informationType) and ``origin_name``.
"""

from __future__ import annotations

import random
import uuid
from datetime import date

from ggzy.demo import names
from ggzy.demo.centres import CENTRE_BY_ID
from ggzy.demo.generator import Publication, _notice, _publish, information_type
from ggzy.demo.organisations import Directory
from ggzy.demo.projects import Project, make_project, place_region, project_drafts
from ggzy.model import Category, Kind, Notice

EPOINT = "jiangsu-jsggzy"
CCGP = "ccgp-gov-cn"
HISTORY = "hefei-ggzy-history"
#: The Epoint 栏目 of each kind of an engineering notice: (categorynum, categoryname).
EPOINT_CATEGORIES = {
    Kind.TENDER: ("003001001", "招标公告/资审公告"),
    Kind.CANDIDATES: ("003001007", "中标候选人公示"),
    Kind.AWARD: ("003001008", "中标结果公告"),
}
#: ccgp's article folder and 公告类型 of each kind of notice.
CCGP_TYPES = {
    Kind.TENDER: ("gkzb", "公开招标公告"),
    Kind.CORRECTION: ("gzgg", "更正公告"),
    Kind.AWARD: ("zbgg", "中标公告"),
    Kind.CONTRACT: ("htgg", "合同公告"),
    Kind.TERMINATION: ("zzgg", "终止公告"),
}
HEFEI_ORIGIN = "安徽合肥公共资源交易中心电子交易系统"


def _project(
    rng: random.Random, directory: Directory, centre: str, place: names.Place, number: int, today: date,
    category: Category | None,
) -> Project:  # fmt: skip
    """A project of ``centre``, drawn again until it is of ``category`` (when one is asked for)."""
    while True:
        project = make_project(rng, directory, centre, place, place_region(place), number, today)
        if category is None or project.category == category:
            return project


def family_publications(
    seed: int, directory: Directory, today: date, base_url: str, projects: int
) -> tuple[list[Publication], list[Notice], list[Project]]:
    """The publications, ground-truth notices and projects of the family centres (see the module docstring)."""
    rng = random.Random(f"ggzy-demo-{seed}-families")
    count = max(3, projects // 8)
    publications: list[Publication] = []
    notices: list[Notice] = []
    drawn: list[Project] = []
    jiangsu = [p for p in names.PLACES if p.province_code == "320000"]
    hefei = names.PLACE_BY_CODE["340100"]
    number = 10_000
    taken: set[str] = set()
    for centre in (EPOINT, CCGP, HISTORY):
        prefix = CENTRE_BY_ID[centre].prefix
        for _ in range(count):
            number += 1
            if centre == EPOINT:
                project = _project(rng, directory, centre, rng.choice(jiangsu), number, today, Category.ENGINEERING)
            elif centre == CCGP:
                project = _project(
                    rng, directory, centre, rng.choice(names.PLACES), number, today, Category.PROCUREMENT
                )
            else:
                project = _project(rng, directory, centre, hefei, number, today, None)
            drawn.append(project)
            for draft in project_drafts(rng, project, today):
                if centre == EPOINT:
                    if draft.kind not in EPOINT_CATEGORIES:
                        continue
                    code, label = EPOINT_CATEGORIES[draft.kind]
                    source_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                    path = f"/{prefix}/jyxx/{code[:6]}/{code}/{draft.published_at:%Y%m%d}/{source_id}.html"
                    info = {"categorynum": code, "categoryname": label}
                elif centre == CCGP:
                    if draft.kind not in CCGP_TYPES:
                        continue
                    folder, label = CCGP_TYPES[draft.kind]
                    source_id = str(rng.randint(20_000_000, 29_999_999))
                    while source_id in taken:
                        source_id = str(rng.randint(20_000_000, 29_999_999))
                    taken.add(source_id)
                    listing = "zygg" if number % 2 else "dfgg"
                    day = draft.published_at
                    path = f"/{prefix}/cggg/{listing}/{folder}/{day:%Y%m}/t{day:%Y%m%d}_{source_id}.htm"
                    info = {"list": listing, "type": label, "area": project.place.province_name}
                else:
                    code = information_type(project.category, draft.kind)[0]
                    source_id = "00" + f"{rng.getrandbits(34 * 4):034x}"
                    day = draft.published_at
                    path = f"/{prefix}/his/information/deal/html/a/340000/{code}/{day:%Y%m%d}/{source_id}.html"
                    info = {"province": "340000", "code": code, "origin_name": HEFEI_ORIGIN}
                notice = _notice(base_url, centre, source_id, path, draft, project, project.region_code)
                publications.append(_publish(draft, project, centre, source_id, path, notice, info=info))
                notices.append(notice)
    return publications, notices, drawn
