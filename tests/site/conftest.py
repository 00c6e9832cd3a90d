"""Fixtures for the website, in layers: notices → index → app → client → page helpers, and a real server with
headless Chromium for the end-to-end tests.

The notices are hand-built so every test knows exactly what a page must show: one road project in Huzhou
(tender, correction, award, contract), a company with an active and a withdrawn penalty, thirty office
procurements in Hunan (enough for a second page), and a notice whose harvested HTML tries to run a script.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from werkzeug.serving import make_server

from ggzy.index import open_index
from ggzy.model import Attachment, Bid, BidStatus, Category, Kind, Notice, Party, SourceRef
from ggzy.normalize.dates import china_today
from ggzy.site import create_app
from tests import factories
from tests.conftest import missing_service
from tests.factories import SITE_URL, harvested, make_uscc

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
HARVESTED = datetime(2026, 3, 1, 8, 30)


WINNER = Party("浙江交工建设集团有限公司", make_uscc("91330100MA27Y0001"), role="winner")
BUYER = Party("湖州市交通运输局", make_uscc("11330500MB1955001"), role="buyer")
AGENCY = Party("浙江中诚工程管理有限公司", make_uscc("91330500MA2B00001"), role="agency")
PENALIZED = Party("湖州恒达建材有限公司", make_uscc("91330502MA2D00001"), role="subject")
AUTHORITY = Party("湖州市住房和城乡建设局", make_uscc("11330500MB1955002"), role="authority")
UNKNOWN_VALID = make_uscc("91110000MA01ABCD1")
#: The award reprints the ranked candidates and the bid list; one bidder was disqualified.
CANDIDATES = [
    Bid(WINNER.name, WINNER.uscc, WINNER.uscc, 1, "1234.567890", Decimal("12345678.90"), Decimal("95.5")),
    Bid("湖州路桥建设有限公司、浙江交通设计院", rank=2, price_as_printed="下浮率3%", score=Decimal("91")),
]
REJECTED = Bid("湖州某某市政工程有限公司", uscc_as_printed="91330500MA2B0000X1", price_as_printed="13000000元",
               price=Decimal("13000000"), status=BidStatus.DISQUALIFIED, reason="投标保证金未按时到账")  # fmt: skip
PROJECT_CODE = "HZJT-2026-001"


@dataclass
class World:
    """The notices in the test index, by what each test needs."""

    tender: Notice
    correction: Notice
    award: Notice
    contract: Notice
    active_penalty: Notice
    withdrawn_penalty: Notice
    hostile: Notice
    procurements: list[Notice]

    @property
    def notices(self) -> list[Notice]:
        project = [self.tender, self.correction, self.award, self.contract]
        penalties = [self.active_penalty, self.withdrawn_penalty]
        return [*project, *penalties, self.hostile, *self.procurements]


def _notice(centre: str, key: str, title: str, **fields: object) -> Notice:
    """A notice of the site's world, harvested by its centre's spider."""
    return harvested(centre, key, title, harvested_at=HARVESTED, spider=centre.replace("-", "_"), **fields)


def build_world(today: date) -> World:
    road = dict(
        category=Category.ENGINEERING,
        region_code="330500",
        project_code=PROJECT_CODE,
        project_name="湖州市南太湖大道道路改造工程",
        buyer=BUYER,
        agency=AGENCY,
    )
    tender = _notice(
        "huzhou-ggzy",
        "t1",
        "湖州市南太湖大道道路改造工程招标公告",
        kind=Kind.TENDER,
        published=date(2026, 1, 5),
        budget=Decimal("15000000"),
        deadline=datetime(2026, 1, 26, 9, 30),
        body_text="湖州市南太湖大道道路改造工程已批准建设，现进行公开招标。",
        body_html="<p>湖州市南太湖大道<strong>道路改造</strong>工程已批准建设，现进行公开招标。</p>",
        attachments=[Attachment("招标文件.pdf", "https://huzhou-ggzy.example.cn/files/t1.pdf")],
        also_published=[SourceRef("ggzy-gov-cn", "https://www.ggzy.gov.cn/information/t1.html")],
        **road,
    )
    correction = _notice(
        "huzhou-ggzy",
        "c1",
        "湖州市南太湖大道道路改造工程更正公告",
        kind=Kind.CORRECTION,
        published=date(2026, 1, 12),
        body_text="开标时间顺延至2026年2月2日。",
        **road,
    )
    award = _notice(
        "huzhou-ggzy",
        "a1",
        "湖州市南太湖大道道路改造工程中标结果公告",
        kind=Kind.AWARD,
        published=date(2026, 2, 10),
        amount=Decimal("12345678.90"),
        winners=[Party(WINNER.name, WINNER.uscc, role="winner", amount=Decimal("12345678.90"), lot="标段一")],
        candidates=CANDIDATES,
        bids=[*CANDIDATES, REJECTED],
        body_text="中标人：浙江交工建设集团有限公司，中标价：1234.567890万元。",
        **road,
    )
    contract = _notice(
        "huzhou-ggzy",
        "k1",
        "湖州市南太湖大道道路改造工程合同公告",
        kind=Kind.CONTRACT,
        published=date(2026, 2, 28),
        amount=Decimal("12345678.90"),
        winners=[Party(WINNER.name, WINNER.uscc, role="winner", amount=Decimal("12345678.90"))],
        body_text="合同已签订。",
        **road,
    )

    def penalty_notice(key: str, decision: str, publicity_until: date) -> Notice:
        return factories.penalty_notice(
            "huzhou-credit",
            key,
            PENALIZED,
            publicity_until - timedelta(days=365),
            title=f"湖州恒达建材有限公司行政处罚决定书（{decision}）",
            category=Category.OTHER,
            region_code="330502",
            body_text="未按规定办理施工许可。",
            harvested_at=HARVESTED,
            spider="huzhou_credit",
            decision_no=decision,
            authority=AUTHORITY,
            violation_type="未取得施工许可证擅自施工",
            content="罚款人民币伍万元",
            fine=Decimal("50000"),
            decided_on=publicity_until - timedelta(days=366),
            publicity_until=publicity_until,
        )

    active_penalty = penalty_notice("p1", "湖建罚字〔2026〕12号", today + timedelta(days=200))
    withdrawn_penalty = penalty_notice("p2", "湖建罚字〔2023〕7号", today - timedelta(days=1))
    hostile = _notice(
        "chengdu-ggzy",
        "x1",
        "成都市<b>学校</b>食堂设备采购公告",
        kind=Kind.TENDER,
        category=Category.PROCUREMENT,
        published=date(2026, 3, 3),
        region_code="510100",
        body_text="学校食堂设备采购。",
        body_html='<p onclick="steal()">学校食堂设备采购。</p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">链接</a><img src="x" onerror="alert(2)">',
    )
    procurements = [
        _notice(
            "hunan-hnsggzy",
            f"bg{number}",
            f"长沙市第{number}中学办公设备采购项目{'中标结果' if number % 3 == 0 else '采购'}公告",
            kind=Kind.AWARD if number % 3 == 0 else Kind.TENDER,
            category=Category.PROCUREMENT,
            published=date(2025, 1 + number % 12, 1 + number % 27),
            region_code="430100",
            budget=Decimal(100000 + number * 1000),
            amount=Decimal(90000 + number * 1000) if number % 3 == 0 else None,
            buyer=Party(f"长沙市第{number}中学", None, role="buyer"),
            body_text=f"长沙市第{number}中学办公设备采购，包括计算机和打印机。",
        )
        for number in range(1, 31)
    ]
    return World(tender, correction, award, contract, active_penalty, withdrawn_penalty, hostile, procurements)


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(china_today())


@pytest.fixture(scope="session")
def index_url(world: World, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite index holding the world's notices."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("site-index") / "ggzy.db")
    with open_index(url) as index:
        index.upsert(world.notices)
    return url


@pytest.fixture(scope="session")
def app(index_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data_dir = str(tmp_path_factory.mktemp("site-data"))
    return create_app({"INDEX": index_url, "SITE_URL": SITE_URL, "TESTING": True, "DATA_DIR": data_dir})


@dataclass
class Page:
    """A fetched page: the response and its parsed HTML."""

    status: int
    headers: dict[str, str]
    text: str
    tree: lxml_html.HtmlElement

    def texts(self, xpath: str) -> list[str]:
        return [" ".join(" ".join(e.itertext()).split()) for e in self.tree.xpath(xpath)]

    def links(self, xpath: str = "//a") -> list[str]:
        return [e.get("href") for e in self.tree.xpath(xpath)]

    @property
    def body(self) -> str:
        return " ".join(self.tree.text_content().split())


@pytest.fixture
def get_page(client) -> Callable[..., Page]:  # type: ignore[no-untyped-def]
    """Fetch ``path`` as a browser would and parse it; assert the status when one is given."""

    def fetch(path: str, status: int | None = 200) -> Page:
        response = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        if status is not None:
            assert response.status_code == status, response.get_data(as_text=True)[:2000]
        text = response.get_data(as_text=True)
        is_html = response.mimetype == "text/html" and text.strip()
        tree = lxml_html.fromstring(response.get_data()) if is_html else lxml_html.fromstring("<html></html>")
        return Page(response.status_code, dict(response.headers), text, tree)

    return fetch


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The site served over real HTTP on 127.0.0.1 (a free port), for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe-core's browser bundle, installed by ``scripts/browser.sh``; missing fails under CI."""
    path = Path(os.environ.get("GGZY_AXE", AXE_PATH))
    if not path.is_file():
        missing_service(f"axe-core is not installed at {path} (make install-browser)")
    return path


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = ROOT / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page: Any, axe_path: Path) -> list[dict[str, Any]]:
    """What axe-core finds serious or critical on an open Playwright ``page`` (every ``<details>`` opened first)."""
    page.add_script_tag(path=str(axe_path))
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
