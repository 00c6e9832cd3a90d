"""The benchmark corpus: notices shaped like the real captures (``Corpus``); ``bench/corpus_files.py`` writes it
in the portal's bulk JSON Lines format (``python3 -m bench corpus``) and hands it to every benchmark.

What follows the captures (``bench/corpus_profile.json``, see ``bench/corpus_profile.py`` for the files): body
lengths (each real site weighted the same), the kind mix within each category and the category mix, provinces,
budgets and award/budget ratios, and how often buyers, agencies and winners recur (a Zipf draw over a pool whose
size grows with the corpus as Heaps' law fitted on Hefei's parties says). What does not, and is stated here:
``ASSUMED`` below (penalties, land and mining notices, which the captures do not hold, and the length tail past
the longest capture). Bodies are assembled from the paragraph shapes in ``bench/corpus_text.py``.

Deterministic for a seed and a size, streamed (memory holds the party cache, not the notices), about 2,000
notices a second per core, JSON and gzip included.
"""

from __future__ import annotations

import bisect
import json
import math
import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench import corpus_text as text
from ggzy.demo.identity import make_uscc
from ggzy.demo.names import AGENCY_SUFFIXES, ENGINEERING_SUFFIXES, PROCUREMENT_SUFFIXES, TRADE_NAMES
from ggzy.model import Category, Kind, Notice, Party, Penalty, content_hash_of, make_notice_id
from ggzy.normalize.regions import REGIONS
from ggzy.opendata.writers import json_line

PROFILE = Path(__file__).with_name("corpus_profile.json")
#: Shares the captures cannot give (they hold no penalties, land or mining notices, and no body longer than
#: 9,716 characters): penalties and land/mining notices are added at these shares, and above the 99th percentile
#: a body's length is drawn log-uniformly up to ``tail_max`` characters (0.3 % of notices past 20,000).
ASSUMED = {"penalty": 0.03, "land": 0.03, "mining": 0.01, "tail_max": 40_000}
START = date(2021, 1, 1)
DAYS = (date(2026, 10, 31) - START).days
TITLE_SUFFIX = {
    Kind.TENDER: ("招标公告", "公开招标公告", "竞争性磋商公告", "询价公告", "竞争性谈判公告"),
    Kind.CORRECTION: ("更正公告", "澄清公告", "变更公告", "答疑澄清"),
    Kind.OPENING: ("开标记录", "开标情况"),
    Kind.CANDIDATES: ("中标候选人公示", "评标结果公示"),
    Kind.AWARD: ("中标结果公告", "中标（成交）结果公告", "成交结果公示", "中标公告"),
    Kind.CONTRACT: ("合同公告", "采购合同", "合同公示"),
    Kind.TERMINATION: ("终止公告", "废标公告"),
    Kind.OTHER: ("资格预审结果公示", "项目信息公开", "采购意向公开"),
}
TOWNS = ("城关镇", "新城区", "高新区", "经开区", "东城街道", "西城街道", "南湖区", "北山镇", "临江镇", "城南街道",
         "河西区", "滨湖新区", "工业园区", "开发区", "老城区", "新华街道", "长安镇", "永丰镇", "清河镇", "石桥镇",
         "")  # fmt: skip
BUYERS = ("人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "社区卫生服务中心", "教育局", "第一中学",
          "第二中学", "实验小学", "中心小学", "幼儿园", "职业技术学校", "交通运输局", "住房和城乡建设局", "水利局",
          "自然资源和规划局", "农业农村局", "生态环境局", "公安局", "城市管理局", "人民政府", "财政局",
          "机关事务管理局", "城市建设投资有限公司", "水务集团有限公司", "文化和旅游局", "应急管理局",
          "市场监督管理局", "图书馆", "体育中心")  # fmt: skip
TRADES = (*TRADE_NAMES, "广联", "中建", "金桥", "华宇", "联创", "正弘", "国泰", "润达", "信诚", "海川", "德润",
          "蓝天", "绿源", "新景", "恒通", "百川", "启航", "众合", "振华", "卓越")  # fmt: skip
WINNER_SUFFIXES = (*ENGINEERING_SUFFIXES, *PROCUREMENT_SUFFIXES, "环境科技有限公司", "电子科技有限公司")
ROLES = {"buyer": 1, "agency": 2, "winner": 3}
#: Middle paragraphs in the bank, and the mark a paragraph carries where the project's name goes.
BANK = 50_000
#: Notices per chunk (each chunk has its own random source).
CHUNK = 5_000
PROJECT_MARK = "\x00"


def _fast(rng: random.Random) -> tuple[text.Pick, text.Num]:
    """``choice`` and ``randint`` on ``rng.random()`` alone (the library's versions cost several times more)."""
    random_ = rng.random

    def pick(items: Sequence[Any]) -> Any:
        return items[int(random_() * len(items))]

    def num(low: int, high: int) -> int:
        return low + int(random_() * (high - low + 1))

    return pick, num


def load_profile(path: Path = PROFILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text("utf-8")))


class _Weighted:
    """Draws keys by weight with one ``random()`` and a bisect."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = list(weights)
        total, self.bounds = 0.0, []
        for key in self.keys:
            total += weights[key]
            self.bounds.append(total)
        self.total = total

    def draw(self, u: float) -> str:
        return self.keys[min(bisect.bisect(self.bounds, u * self.total), len(self.keys) - 1)]


def _zipf_rank(u: float, pool: int, s: float) -> int:
    """A rank in 1..pool drawn by the continuous approximation of a Zipf law of exponent ``s``."""
    if abs(s - 1) < 1e-6:
        return min(pool, int(math.exp(u * math.log(pool + 1))))
    top = (pool + 1) ** (1 - s)
    return min(pool, max(1, int((1 + u * (top - 1)) ** (1 / (1 - s)))))


def _inverse(quantiles: Sequence[float], points: Sequence[float], u: float) -> float:
    """The value at probability ``u`` of a distribution given by ``points`` at ``quantiles`` (percent)."""
    percent = u * 100
    i = min(bisect.bisect(quantiles, percent), len(quantiles) - 1)
    low_q, high_q = quantiles[i - 1], quantiles[i]
    low, high = points[i - 1], points[i]
    return low + (high - low) * (percent - low_q) / (high_q - low_q) if high_q > low_q else low


class Corpus:
    """``size`` notices for ``seed``, as ``records()`` (the bulk JSON form) or ``notices()``."""

    def __init__(self, size: int, seed: int = 7, profile: dict[str, Any] | None = None) -> None:
        self.size, self.seed = size, seed
        self.profile = profile or load_profile()
        p = self.profile
        self.quantiles = p["quantiles"]
        self.provinces = _Weighted(p["provinces"])
        categories = {c: share * (1 - ASSUMED["land"] - ASSUMED["mining"]) for c, share in p["categories"].items()}
        self.categories = _Weighted(categories | {"land": ASSUMED["land"], "mining": ASSUMED["mining"]})
        by_category = dict(p["kinds_by_category"])
        by_category.setdefault("land", {"tender": 0.6, "award": 0.4})
        by_category.setdefault("mining", {"tender": 0.6, "award": 0.4})
        self.kinds = {c: _Weighted(shares) for c, shares in by_category.items()}
        self.cities = {code: [c for c in REGIONS if c[:2] == code[:2] and c != code] or [code] for code in REGIONS}
        self.pools = {
            (role, province): max(3, int(fit["heaps_a"] * (size * share) ** fit["heaps_b"]))
            for role, fit in p["parties"].items()
            for province, share in p["provinces"].items()
        }
        self.party = lru_cache(maxsize=200_000)(self._party)
        # Middle paragraphs come from a bank made once per corpus (making each afresh costs more than the rest
        # of the notice); a paragraph naming the project gets it on use.
        bank_rng = random.Random(f"ggzy-corpus-bank-{seed}")
        pick, num = _fast(bank_rng)
        self.bank = [text.filler(pick, num, PROJECT_MARK, 0)[3:] for _ in range(BANK)]

    def _filler(self, rng: random.Random, project: str, n: int) -> str:
        paragraph = self.bank[int(rng.random() * BANK)]
        if PROJECT_MARK in paragraph:
            paragraph = paragraph.replace(PROJECT_MARK, project)
        return f"{n}. {paragraph}"

    # -- parties ------------------------------------------------------------------------------------

    def _party(self, role: str, province: str, rank: int) -> tuple[str, str, str]:
        """(name, uscc, region) of the party of ``rank`` in ``province``: the same every time it is drawn."""
        rng = random.Random(((self.seed * 10 + ROLES[role]) * 1_000_000 + int(province)) * 10_000_000 + rank)
        region = rng.choice(self.cities[province])
        city = REGIONS[region]
        if role == "buyer":
            name = f"{city}{rng.choice(TOWNS)}{rng.choice(BUYERS)}"
            return name, make_uscc(rng, region, "institution"), region
        trade = "".join(rng.sample(TRADES, 2))
        suffix = rng.choice(AGENCY_SUFFIXES if role == "agency" else WINNER_SUFFIXES)
        return f"{city[:2]}{trade}{suffix}", make_uscc(rng, region), region

    def _draw_party(self, rng: random.Random, role: str, province: str) -> tuple[str, str, str]:
        fit = self.profile["parties"][role]
        return self.party(role, province, _zipf_rank(rng.random(), self.pools[role, province], fit["zipf_s"]))

    # -- notices ------------------------------------------------------------------------------------

    def body_length(self, u: float) -> int:
        if u > 0.99:
            p99 = self.profile["body_length"]["pooled"][self.quantiles.index(99)]
            return int(p99 * (ASSUMED["tail_max"] / p99) ** ((u - 0.99) / 0.01))
        return int(_inverse(self.quantiles, self.profile["body_length"]["pooled"], u))

    def amount(self, u: float, key: str) -> float:
        return float(_inverse(self.quantiles, self.profile["amounts"][key], u))

    def notices(self, chunks: range | None = None) -> Iterator[Notice]:
        """The notices in order (or those of ``chunks`` only): each chunk of ``CHUNK`` notices has its own
        random source, so chunks can be made in parallel and the corpus stays the same."""
        for chunk in chunks if chunks is not None else range(math.ceil(self.size / CHUNK)):
            rng = random.Random(f"ggzy-corpus-{self.seed}-{chunk}")
            for n in range(chunk * CHUNK, min(self.size, (chunk + 1) * CHUNK)):
                yield self._notice(rng, n)

    def records(self, chunks: range | None = None) -> Iterator[dict[str, Any]]:
        """The notices as ``ggzy export`` writes them in ``notices-*.jsonl.gz``: ``to_dict`` with the hash."""
        for notice in self.notices(chunks):
            data = notice.to_dict()
            data["content_hash"] = content_hash_of(data)
            yield data

    def lines(self, chunk: int) -> str:
        """One chunk of the bulk file."""
        return "".join(json_line(record) for record in self.records(range(chunk, chunk + 1)))

    def _notice(self, rng: random.Random, n: int) -> Notice:
        province = self.provinces.draw(rng.random())
        category = Category(self.categories.draw(rng.random()))
        penalty = rng.random() < ASSUMED["penalty"]
        kind = Kind.PENALTY if penalty else Kind(self.kinds[category.value].draw(rng.random()))
        buyer, buyer_uscc, region = self._draw_party(rng, "buyer", province)
        agency, agency_uscc, _ = self._draw_party(rng, "agency", province)
        winner, winner_uscc, _ = self._draw_party(rng, "winner", province)
        pick, _ = _fast(rng)
        published = START + timedelta(days=int(rng.random() * DAYS))
        project = self._project(rng, category, buyer, REGIONS[region], published.year)
        centre = f"ggzy-{region[:4]}"
        source_id = f"C{self.seed}-{n}"
        budget = Decimal(round(10 ** self.amount(rng.random(), "log10_budget"), -2))
        ratio = self.amount(rng.random(), "award_ratio")
        award = (budget * Decimal(str(round(ratio, 4)))).quantize(Decimal("0.01"))
        code = f"{region[:4]}{published.year}{pick('GCFZTD')}{n % 100000:05d}"
        target = self.body_length(rng.random())
        common = {
            "id": make_notice_id(centre, source_id),
            "centre": centre,
            "source_id": source_id,
            "source_url": f"https://{centre}.example/jyxx/{published:%Y%m%d}/{source_id}.html",
            "published": published,
            "region_code": region,
            "harvested_at": datetime(published.year, published.month, published.day, 8) + timedelta(days=1),
            "spider": "corpus",
        }
        if kind is Kind.PENALTY:
            return self._penalty(rng, common, category, winner, winner_uscc, project, region, target)
        title = project + pick(TITLE_SUFFIX[kind])
        winners = []
        if kind in (Kind.AWARD, Kind.CONTRACT, Kind.CANDIDATES):
            winners.append(Party(winner, winner_uscc, winner_uscc, "winner", award))
        printed = buyer_uscc if rng.random() < 0.5 else None
        lines = self._body(rng, kind, title, project, code, buyer, agency, winner, budget, award, published)
        body = text.fit(lines, target, lambda i: self._filler(rng, project, i))
        return Notice(
            title=title,
            kind=kind,
            category=category,
            project_code=code,
            project_name=project,
            buyer=Party(buyer, printed, printed, "buyer"),
            agency=Party(agency, agency_uscc, agency_uscc, "agency"),
            winners=winners,
            amount=award if kind in (Kind.AWARD, Kind.CONTRACT) else None,
            budget=budget if kind is Kind.TENDER else None,
            deadline=datetime(published.year, published.month, published.day, 9, 30) + timedelta(days=20)
            if kind is Kind.TENDER
            else None,
            body_text=body,
            body_html=text.html(body),
            **common,
        )

    def _project(self, rng: random.Random, category: Category, buyer: str, city: str, year: int) -> str:
        if category is Category.ENGINEERING:
            return f"{buyer}{rng.choice(text.WORKS)}"
        if category is Category.PROCUREMENT:
            goods = rng.choice(text.GOODS) if rng.random() < 0.55 else rng.choice(text.SERVICES)
            return f"{buyer}{year}年{goods}采购项目"
        if category is Category.LAND:
            return f"{city}{year}-{rng.randint(1, 120)}号地块国有建设用地使用权出让"
        if category is Category.MINING:
            return f"{city}{rng.choice(('建筑用石料矿', '砂石矿', '石灰岩矿', '页岩矿'))}采矿权出让项目"
        return f"{buyer}{rng.choice(('闲置车辆公开处置', '门面房租赁权转让', '国有股权转让', '资产公开拍卖'))}项目"

    def _body(
        self,
        rng: random.Random,
        kind: Kind,
        title: str,
        project: str,
        code: str,
        buyer: str,
        agency: str,
        winner: str,
        budget: Decimal,
        award: Decimal,
        published: date,
    ) -> tuple[list[str], list[str]]:
        """The opening lines of a notice of ``kind`` and its closing (contact) lines."""
        pick, num = _fast(rng)
        head = [title, f"项目编号：{code}", f"项目名称：{project}"]
        if kind is Kind.TENDER:
            head += [
                "一、招标条件",
                f"本招标项目{project}已由{buyer[:3]}发展和改革局批准建设，建设资金来自{pick(text.FUNDING)}，"
                f"招标人为{buyer}。项目已具备招标条件，现对该项目进行{pick(text.METHODS)}。",
                "二、项目概况与招标范围",
                f"建设规模：{pick(text.SCALE).format(a=num(200, 30000), b=num(2, 30))}；"
                f"计划工期：{num(30, 720)}日历天；最高投标限价：{budget}元。",
                "三、投标人资格要求",
                f"本次招标要求投标人须具备{pick(text.QUALIFICATIONS)}资质，并在人员、设备、资金等方面具有相应的能力。",
                "四、技术要求、评分标准及合同条款",
            ]
        elif kind is Kind.AWARD or kind is Kind.CONTRACT:
            head += [
                "一、中标（成交）信息",
                f"供应商名称：{winner}",
                f"中标（成交）金额：{award}元",
                f"二、主要标的信息：{pick(text.GOODS)}、{pick(text.SERVICES)}",
                f"三、评审专家名单：{'、'.join(text.person(pick) for _ in range(num(3, 7)))}",
                f"四、公告期限：自本公告发布之日起{num(1, 5)}个工作日。",
                "五、其他补充事宜",
            ]
        elif kind is Kind.CANDIDATES or kind is Kind.OPENING:
            bidders = [winner] + [f"{buyer[:2]}{''.join(rng.sample(TRADES, 2))}有限公司" for _ in range(num(2, 9))]
            head.append("开标记录：" if kind is Kind.OPENING else "评标结果：")
            for rank, bidder in enumerate(bidders, 1):
                price = budget * Decimal(num(80, 99)) / 100
                head.append(f"第{rank}名：{bidder}，投标报价：{price:.2f}元，工期：{num(30, 720)}日历天，质量：合格")
            head.append(f"公示期：{published:%Y年%m月%d日}至{published + timedelta(days=3):%Y年%m月%d日}")
        else:
            head += [
                f"{pick(text.CN_NUMBERS)}、{'更正' if kind is Kind.CORRECTION else '说明'}事项",
                f"原公告中{pick(text.SCORES)}及{pick(text.CLAUSES).format(a=num(1, 5))[:30]}的内容予以调整，"
                f"投标截止时间顺延至{published + timedelta(days=num(10, 30)):%Y年%m月%d日} 09:30。",
            ]
        tail = [
            "联系方式",
            f"采购人（招标人）：{buyer}  联系人：{text.person(pick)}  电话：{text.phone(num)}",
            f"采购代理机构：{agency}  联系人：{text.person(pick)}  电话：{text.phone(num)}",
            f"发布媒介：{pick(text.MEDIA)}    {published:%Y年%m月%d日}",
        ]
        return head, tail

    def _penalty(
        self,
        rng: random.Random,
        common: dict[str, Any],
        category: Category,
        name: str,
        uscc: str,
        project: str,
        region: str,
        target: int,
    ) -> Notice:
        decided: date = common["published"]
        fine = Decimal(rng.randint(1, 60) * 5000)
        city = REGIONS[region]
        authority = f"{city}{'财政局' if category is Category.PROCUREMENT else '住房和城乡建设局'}"
        decision_no = f"{city[:2]}罚决字〔{decided.year}〕{rng.randint(1, 999)}号"
        facts = f"当事人{name}在参加{project}投标活动中提供虚假材料谋取中标，违反了相关法律规定"
        penalty = Penalty(
            subject=Party(name, uscc, uscc, "subject"),
            legal_representative=text.person(rng.choice),
            decision_no=decision_no,
            authority=Party(authority, role="authority"),
            violation_type="提供虚假材料谋取中标",
            facts=facts,
            basis="《中华人民共和国政府采购法》第七十七条",
            penalty_types=["罚款"],
            content=f"罚款人民币{fine}元",
            fine=fine,
            decided_on=decided,
            valid_until=decided + timedelta(days=364),
            publicity_until=decided + timedelta(days=365 * rng.randint(1, 3)),
        )
        lines = [f"行政处罚决定书（{decision_no}）", f"当事人：{name}", f"统一社会信用代码：{uscc}", facts + "。"]
        tail = [f"处罚依据：{penalty.basis}", f"处罚内容：{penalty.content}", f"{authority}  {decided:%Y年%m月%d日}"]
        body = text.fit((lines, tail), min(target, 1500), lambda i: self._filler(rng, project, i))
        return Notice(
            title=f"{name}行政处罚信息（{decision_no}）",
            kind=Kind.PENALTY,
            category=category,
            penalty=penalty,
            body_text=body,
            body_html=text.html(body),
            **common,
        )
