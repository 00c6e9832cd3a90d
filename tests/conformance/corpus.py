"""Hand-built notices whose every fact the conformance tests know exactly.

Three projects and their notices in Zhejiang, Shanghai and Jiangsu, a land sale, an undated notice, and
penalties: one public, one past its 公示截止期 and one removed early. Penalty dates are far in the past or far in
the future, so what is public does not depend on the day the suite runs.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ggzy.model import Category, Kind, Notice, Party
from tests import factories
from tests.factories import notice

TODAY = date(2025, 6, 1)

#: 杭州市西湖区教育局 (buyer of project ZJ)
EDUCATION_BUREAU = "11330106002491233K"
#: 浙江某某建设集团有限公司 — wins ZJ and (jointly) JS; one public penalty, one removed early
BUILDER = "91330106MA2B0XK1L8"
#: 上海某某医疗器械有限公司 — wins SH; its only penalty is past its 公示截止期
MEDICAL = "91310115MA1K4PQ7XH"
#: 南京某某安装工程有限公司 — the builder's partner on JS
PARTNER = "91320102MA1ME0JQ23"
#: 某某（北京）信息技术有限公司 — an agency, printed with full-width brackets
AGENCY = "91110108MA01BJ4N77"
#: 浙江某某物业管理有限公司 — named only by a withdrawn penalty
HIDDEN = "91330000MA2JQ8E90E"

BUILDER_NAME = "浙江某某建设集团有限公司"
BUILDER_OTHER_NAME = "浙江某某建设集团股份有限公司"

FAR_PAST = date(2022, 12, 31)
FAR_FUTURE = date(2099, 12, 31)


def _notice(number: int, title: str, **fields: object) -> Notice:
    centre = str(fields.pop("centre", "zhejiang"))
    return notice(centre, f"{number:02d}", title, id=f"conf-{number:02d}", **fields)


def _penalty(number: int, title: str, subject: Party, published: date, **penalty: object) -> Notice:
    return _notice(
        number,
        title,
        kind=Kind.PENALTY,
        category=Category.OTHER,
        published=published,
        region_code="330000",
        body_text=f"行政相对人名称：{subject.name}。违法行为类型：串通投标。处罚内容：罚款。",
        penalty=factories.penalty(subject, decided_on=published, **penalty),
    )


def corpus() -> list[Notice]:
    """The notices, in the order the tests upsert them (that order is the ``changes`` order)."""
    bureau = Party("杭州市西湖区教育局", uscc=EDUCATION_BUREAU)
    agency = Party("某某（北京）信息技术有限公司", uscc=AGENCY)
    zj = {
        "category": Category.ENGINEERING,
        "region_code": "330106",
        "project_code": "ZJ-2024-001",
        "buyer": bureau,
        "agency": agency,
    }
    sh = {"centre": "shanghai", "category": Category.PROCUREMENT, "region_code": "310115", "project_code": "SH-88"}
    return [
        _notice(
            1,
            "杭州市西湖区实验学校教学楼新建工程施工招标公告",
            kind=Kind.TENDER,
            published=date(2024, 3, 5),
            amount=Decimal("12000000"),
            body_text="本工程为实验学校教学楼新建，建筑面积12000平方米。投标人须具备建筑工程施工总承包二级资质。",
            harvested_at=datetime(2024, 3, 6, 9, 0),
            **zj,
        ),
        _notice(
            2,
            "杭州市西湖区实验学校教学楼新建工程施工中标结果公告",
            kind=Kind.AWARD,
            published=date(2024, 4, 20),
            amount=Decimal("11800000"),
            winners=[Party(BUILDER_NAME, uscc=BUILDER, amount=Decimal("11800000"))],
            body_text=f"中标人：{BUILDER_NAME}，中标价：1180万元。",
            **zj,
        ),
        _notice(
            3,
            "杭州市西湖区实验学校教学楼新建工程施工合同公告",
            kind=Kind.CONTRACT,
            published=date(2024, 5, 10),
            amount=Decimal("11800000"),
            winners=[Party(BUILDER_NAME, uscc=BUILDER, amount=Decimal("11800000"))],
            body_text="合同已签订，工期365日历天。",
            **zj,
        ),
        _notice(
            4,
            "上海市浦东新区人民医院医疗设备采购项目招标公告",
            kind=Kind.TENDER,
            published=date(2024, 6, 1),
            amount=Decimal("3600000"),
            body_text="采购内容：医用冰箱、疫苗冷链运输箱等。供应商须具有医疗器械经营许可证。a < b & c",
            **sh,
        ),
        _notice(
            5,
            "上海市浦东新区疫苗冷链设备采购中标结果公告",
            kind=Kind.AWARD,
            published=date(2024, 7, 15),
            amount=Decimal("3450000.50"),
            winners=[Party("上海某某医疗器械有限公司", uscc=MEDICAL, amount=Decimal("3450000.50"))],
            body_text="成交供应商：上海某某医疗器械有限公司。",
            **sh,
        ),
        _notice(
            6,
            "南京市玄武区市政道路改造工程中标结果公告",
            centre="jiangsu",
            kind=Kind.AWARD,
            category=Category.ENGINEERING,
            published=date(2025, 1, 10),
            region_code="320102",
            project_code="JS-2025-003",
            amount=Decimal("7000000"),
            winners=[
                Party(BUILDER_OTHER_NAME, uscc=BUILDER, amount=Decimal("5000000")),
                Party("南京某某安装工程有限公司", uscc=PARTNER, amount=Decimal("2000000")),
            ],
            body_text="联合体中标，牵头人负责道路工程，成员负责管网安装。",
        ),
        _notice(
            7,
            "宁波市国有建设用地使用权挂牌出让公告",
            centre="zhejiang",
            kind=Kind.OTHER,
            category=Category.LAND,
            published=date(2023, 11, 11),
            region_code="330200",
            body_text="出让地块位于宁波市鄞州区，用途为住宅用地。",
        ),
        _penalty(
            8,
            f"关于对{BUILDER_NAME}的行政处罚决定",
            Party(BUILDER_NAME, uscc=BUILDER),
            date(2025, 2, 3),
            publicity_until=FAR_FUTURE,
        ),
        _penalty(
            9,
            "行政处罚决定书（上海某某医疗器械有限公司围标行为）",
            Party("上海某某医疗器械有限公司", uscc=MEDICAL),
            date(2021, 6, 1),
            publicity_until=FAR_PAST,
        ),
        _penalty(
            10,
            f"{BUILDER_NAME}不良行为记录",
            Party(BUILDER_NAME, uscc=BUILDER),
            date(2022, 8, 8),
            publicity_until=FAR_FUTURE,
            removed_on=date(2023, 1, 1),
        ),
        _notice(
            11,
            "杭州市西湖区实验学校教学楼新建工程施工招标更正公告",
            kind=Kind.CORRECTION,
            published=date(2024, 3, 20),
            body_text="原招标文件中开标时间更正为2024年4月10日。",
            **zj,
        ),
        _notice(
            12,
            "关于征集交易服务意见的通知",
            centre="national",
            kind=Kind.OTHER,
            category=Category.OTHER,
            body_text="欢迎社会各界对公共资源交易服务提出意见。",
        ),
        _notice(
            13,
            "ABC2024智慧校园平台采购公告",
            kind=Kind.TENDER,
            category=Category.PROCUREMENT,
            published=date(2024, 3, 5),
            region_code="330102",
            amount=Decimal("980000"),
            body_text="建设智慧校园统一身份认证平台。",
        ),
        _penalty(
            14,
            "浙江某某物业管理有限公司行政处罚决定书",
            Party("浙江某某物业管理有限公司", uscc=HIDDEN),
            date(2020, 5, 5),
            publicity_until=FAR_PAST,
        ),
    ]


#: Ids of the notices every public output must leave out.
WITHDRAWN = {"conf-09", "conf-10", "conf-14"}


def ids(numbers: list[int]) -> list[str]:
    return [f"conf-{n:02d}" for n in numbers]
