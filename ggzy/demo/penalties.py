"""Credit records: 行政处罚 双公示 rows and 政府采购严重违法失信行为记录名单 rows, printed and as ground truth.

A ``PenaltyRecord`` holds the columns exactly as a credit site prints them (ID numbers of natural persons in
full) and the ``Penalty`` a harvest must produce from them (ID numbers masked).

Ground-truth rules a harvest follows for these records:

* 双公示 (``xzcf``): ``source_id`` = 行政处罚决定书文号; title = ``{行政相对人名称}行政处罚信息（{文号}）``;
  published = 处罚决定日期; category = engineering when 处罚依据 cites 招标投标法 or 建设工程, procurement when
  it cites 政府采购; fine/confiscated = the 万元 columns in yuan, a printed ``0`` is no amount (None);
  penalty_types = 处罚类别 split at ``；``; subject uscc = 统一社会信用代码 (empty for a natural person);
  legal_representative = 法定代表人 (None when empty); authority = 处罚机关 with 处罚机关统一社会信用代码.
* 严重违法失信 (``sxmd``): ``source_id`` = ``{统一社会信用代码}-{处罚日期 as YYYYMMDD}``; title =
  ``{企业名称}严重违法失信行为记录``; category procurement; published = 公布日期; facts = 具体情形;
  content = 处罚结果; basis = 处罚依据; decided_on = 处罚日期; publicity_until = 公布截止日期; authority =
  执法单位 (no code); from 处罚结果: fine = the 罚款, penalty_types = the types it names, banned_until = the last
  day of the N-year ban from the decision date; list_name = 政府采购严重违法失信行为记录名单; violation_type stays
  empty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ggzy.demo import names
from ggzy.demo.identity import mask_id_numbers, wan
from ggzy.demo.organisations import Directory, Organisation, Person
from ggzy.demo.projects import Project
from ggzy.model import Category, Kind, Notice, Party, Penalty, SubjectCategory, make_notice_id
from ggzy.normalize.credit import add_months

XZCF_COLUMNS = (
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码", "行政处罚决定书文号",
    "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "没收违法所得金额（万元）",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
)  # fmt: skip
SXMD_COLUMNS = (
    "企业名称", "统一社会信用代码", "企业地址", "严重违法失信行为的具体情形", "处罚结果", "处罚依据", "处罚日期",
    "公布日期", "公布截止日期", "执法单位",
)  # fmt: skip
_SUBJECT_LABELS = {
    SubjectCategory.LEGAL_PERSON: "法人及非法人组织",
    SubjectCategory.NATURAL_PERSON: "自然人",
    SubjectCategory.INDIVIDUAL_BUSINESS: "个体工商户",
}
_AUTHORITY_ABBR = {
    "住房和城乡建设局": "建",
    "市场监督管理局": "市监",
    "财政局": "财",
    "交通运输局": "交",
    "水利局": "水",
}


@dataclass
class PenaltyRecord:
    """One printed credit record (``list`` is ``xzcf`` or ``sxmd``) and its ground truth."""

    list: str
    columns: dict[str, str]
    penalty: Penalty
    title: str
    published: date
    category: Category
    source_id: str

    def notice(self, centre: str, source_url: str, region_code: str) -> Notice:
        """The notice a harvest of ``centre`` reads from this record: its printed columns as the body, identity
        numbers masked."""
        return Notice(
            id=make_notice_id(centre, self.source_id),
            centre=centre,
            title=self.title,
            kind=Kind.PENALTY,
            category=self.category,
            source_url=source_url,
            source_id=self.source_id,
            published=self.published,
            region_code=region_code,
            penalty=self.penalty,
            body_text=mask_id_numbers("\n".join(f"{k}：{v}" for k, v in self.columns.items() if v)),
        )


def _category_of(basis: str) -> Category:
    return Category.PROCUREMENT if "政府采购" in basis else Category.ENGINEERING


def make_xzcf(
    rng: random.Random,
    directory: Directory,
    place: names.Place,
    subject: Organisation | Person,
    project: Project,
    number: int,
    today: date,
    active: bool | None = None,
    decided: date | None = None,
) -> PenaltyRecord:
    """A 双公示 行政处罚 record of an authority of ``place`` against ``subject`` for what it did in ``project``.

    ``active`` forces the 公示截止期 to fall after (True) or before (False) ``today``; ``decided`` sets the
    处罚决定日期 (drawn otherwise).
    """
    violation, facts_template, basis, types = rng.choice(names.VIOLATIONS[project.category])
    authority_name = rng.choice(names.AUTHORITIES[project.category]).format(city=place.name)
    authority = directory.organisation(authority_name, place.code, "authority")
    if active is None:
        active = rng.random() < 0.6
    if decided is None:
        decided = today - timedelta(days=rng.randint(20, 300) if active else rng.randint(400, 1400))
    fine = Decimal(rng.randint(1, 60) * 5000) if "罚款" in types else None
    confiscated = Decimal(rng.randint(1, 40) * 1000) if fine is not None and rng.random() < 0.3 else None
    penalty_types = types.split("；") + (["没收违法所得"] if confiscated else [])
    publicity = timedelta(days=365 * 3) if fine is not None else timedelta(days=365)
    if not active:
        publicity = timedelta(days=365)
    publicity_until = decided + publicity - timedelta(days=1)
    valid_until = decided + timedelta(days=364) if fine is not None else publicity_until
    abbr = next((v for k, v in _AUTHORITY_ABBR.items() if authority_name.endswith(k)), "")
    decision_no = f"{place.name[0]}{abbr}罚〔{decided.year}〕{number}号"
    facts = facts_template.format(project=project.name)
    content_parts = [f"罚款人民币{fine}元" if fine else "警告"]
    if confiscated:
        content_parts.append(f"没收违法所得{confiscated}元")
    content = "，".join(content_parts) + "。"
    if isinstance(subject, Person):
        category = SubjectCategory.NATURAL_PERSON
        facts = f"当事人{subject.name}（身份证号码：{subject.id_number}）作为项目负责人，{facts}"
        name, uscc, representative, id_type, id_number = subject.name, "", "", "身份证", subject.id_number
    else:
        category = (
            SubjectCategory.INDIVIDUAL_BUSINESS if subject.uscc.startswith("92") else SubjectCategory.LEGAL_PERSON
        )
        name, uscc, representative, id_type, id_number = (
            subject.name,
            subject.uscc,
            subject.legal_representative,
            "",
            "",
        )
        facts = f"当事人{facts}"
    columns = {
        "行政相对人名称": name,
        "行政相对人类别": _SUBJECT_LABELS[category],
        "统一社会信用代码": uscc,
        "法定代表人": representative,
        "证件类型": id_type,
        "证件号码": id_number,
        "行政处罚决定书文号": decision_no,
        "违法行为类型": violation,
        "违法事实": facts,
        "处罚依据": basis,
        "处罚类别": "；".join(penalty_types),
        "处罚内容": content,
        "罚款金额（万元）": wan(fine) if fine else "0",
        "没收违法所得金额（万元）": wan(confiscated) if confiscated else "0",
        "处罚决定日期": decided.isoformat(),
        "处罚有效期": valid_until.isoformat(),
        "公示截止期": publicity_until.isoformat(),
        "处罚机关": authority.name,
        "处罚机关统一社会信用代码": authority.uscc,
        "数据来源单位": authority.name,
    }
    penalty = Penalty(
        subject=Party(name, uscc or None, uscc or None, "subject"),
        subject_category=category,
        legal_representative=representative or None,
        decision_no=decision_no,
        authority=Party(authority.name, authority.uscc, authority.uscc, "authority"),
        violation_type=violation,
        facts=mask_id_numbers(facts),
        basis=basis,
        penalty_types=penalty_types,
        content=content,
        fine=fine,
        confiscated=confiscated,
        decided_on=decided,
        valid_until=valid_until,
        publicity_until=publicity_until,
        data_source=authority.name,
    )
    title = f"{name}行政处罚信息（{decision_no}）"
    return PenaltyRecord("xzcf", columns, penalty, title, decided, _category_of(basis), decision_no)


def make_sxmd(
    rng: random.Random,
    place: names.Place,
    company: Organisation,
    project_name: str,
    today: date,
    active: bool | None = None,
    decided: date | None = None,
    years: int | None = None,
) -> PenaltyRecord:
    """A 政府采购严重违法失信行为记录名单 row for ``company``, listed by the finance bureau of ``place``; ``decided``
    and ``years`` (of the ban) are drawn unless given."""
    if active is None:
        active = rng.random() < 0.6
    if decided is None:
        decided = today - timedelta(days=rng.randint(20, 300) if active else rng.randint(500, 1400))
    published = decided + timedelta(days=rng.randint(3, 12))
    if years is None:
        years = rng.choice((1, 2, 3)) if active else 1
    until = add_months(decided, 12 * years) - timedelta(days=1)
    situation = f"参加{project_name}政府采购活动时提供虚假材料谋取中标、成交"
    fine = Decimal(rng.randint(1, 20) * 1000)
    result = f"罚款人民币{fine}元，列入不良行为记录名单，{years}年内禁止参加政府采购活动"
    basis = "《中华人民共和国政府采购法》第七十七条第一款第（一）项"
    authority = f"{place.name}财政局"
    columns = {
        "企业名称": company.name,
        "统一社会信用代码": company.uscc,
        "企业地址": company.address,
        "严重违法失信行为的具体情形": situation,
        "处罚结果": result,
        "处罚依据": basis,
        "处罚日期": decided.isoformat(),
        "公布日期": published.isoformat(),
        "公布截止日期": until.isoformat(),
        "执法单位": authority,
    }
    penalty = Penalty(
        subject=Party(company.name, company.uscc, company.uscc, "subject"),
        subject_category=SubjectCategory.LEGAL_PERSON,
        authority=Party(authority, role="authority"),
        facts=situation,
        basis=basis,
        penalty_types=["罚款", "列入不良行为记录名单", "禁止参加政府采购活动"],
        content=result,
        fine=fine,
        decided_on=decided,
        publicity_until=until,
        list_name="政府采购严重违法失信行为记录名单",
        banned_until=until,
    )
    title = f"{company.name}严重违法失信行为记录"
    source_id = f"{company.uscc}-{decided:%Y%m%d}"
    return PenaltyRecord("sxmd", columns, penalty, title, published, Category.PROCUREMENT, source_id)
