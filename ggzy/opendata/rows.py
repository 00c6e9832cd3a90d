"""The flat rows of the bulk files: one definition of each table's columns, used by the CSV writers, the Parquet
copy, the datapackage table schemas and the per-company downloads alike.

A column is its English ``key`` (the Parquet column name), its Chinese ``title`` (the CSV header people read in
Excel, and the Data Package field name), its frictionless type, a description, and the getter that reads its value
from a record. Adding a column is one entry. Codes a script filters on (``kind``, ``category``, ``region``) keep
their own columns beside the Chinese labels people read.

Rows never carry a natural person's identity number: those are masked at extraction, and a penalty subject that
is a natural person has no code column value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from ggzy.flags.catalogue import load_catalogue
from ggzy.flags.model import StoredFlag
from ggzy.index.profile import ProfileTally
from ggzy.model import Notice, Party, Penalty, SubjectCategory
from ggzy.normalize.dates import CHINA_TZ
from ggzy.normalize.regions import describe

Record = TypeVar("Record")


@dataclass(frozen=True)
class Column(Generic[Record]):
    key: str
    title: str
    type: str
    description: str
    get: Callable[[Record], Any]


def _name(party: Party | None) -> str:
    return "" if party is None else party.name


def _code(party: Party | None) -> str:
    return "" if party is None or party.uscc is None else party.uscc


def _winner_codes(notice: Notice) -> str:
    return "|".join(w.uscc or "" for w in notice.winners) if any(w.uscc for w in notice.winners) else ""


def _penalty(notice: Notice) -> Penalty:
    assert notice.penalty is not None, f"{notice.id} is not a penalty"
    return notice.penalty


def _subject_code(notice: Notice) -> str:
    penalty = _penalty(notice)
    return "" if penalty.subject_category is SubjectCategory.NATURAL_PERSON else _code(penalty.subject)


NOTICE_COLUMNS: list[Column[Notice]] = [
    Column("id", "公告编号", "string", "Stable notice id (centre + the centre's own id)", lambda n: n.id),
    Column("centre", "交易中心", "string", "Trading centre that published the notice", lambda n: n.centre),
    Column("kind_label", "公告类型", "string", "公告类型 as the site labels it", lambda n: n.kind.label),
    Column(
        "kind",
        "公告类型代码",
        "string",
        "tender, correction, candidates, award, contract, opening, termination, penalty, other",
        lambda n: n.kind.value,
    ),
    Column("category_label", "交易类别", "string", "交易类别 as the site labels it", lambda n: n.category.label),
    Column(
        "category",
        "交易类别代码",
        "string",
        "engineering, procurement, land, mining, property, other",
        lambda n: n.category.value,
    ),
    Column("title", "标题", "string", "标题", lambda n: n.title),
    Column("published", "发布日期", "date", "发布日期", lambda n: n.published),
    Column("region_code", "地区代码", "string", "GB/T 2260 region code", lambda n: n.region_code),
    Column(
        "region",
        "地区",
        "string",
        "Province, city and county names of the region code",
        lambda n: describe(n.region_code),
    ),
    Column("project_code", "项目编号", "string", "项目编号 as printed", lambda n: n.project_code),
    Column("project_name", "项目名称", "string", "项目名称", lambda n: n.project_name),
    Column("buyer_name", "采购人/招标人", "string", "采购人/招标人", lambda n: _name(n.buyer)),
    Column("buyer_uscc", "采购人统一社会信用代码", "string", "采购人统一社会信用代码", lambda n: _code(n.buyer)),
    Column("agency_name", "代理机构", "string", "代理机构", lambda n: _name(n.agency)),
    Column("agency_uscc", "代理机构统一社会信用代码", "string", "代理机构统一社会信用代码", lambda n: _code(n.agency)),
    Column("winner_names", "中标人", "string", "中标人, separated by |", lambda n: "|".join(w.name for w in n.winners)),
    Column(
        "winner_usccs",
        "中标人统一社会信用代码",
        "string",
        "中标人统一社会信用代码, separated by | (empty where none)",
        _winner_codes,
    ),
    Column("amount", "中标金额（元）", "number", "中标/成交/合同金额, yuan", lambda n: n.amount),
    Column("budget", "预算金额（元）", "number", "预算/最高限价, yuan", lambda n: n.budget),
    Column("deadline", "投标截止时间", "datetime", "投标截止时间 (Beijing time)", lambda n: n.deadline),
    Column("source_url", "原文链接", "string", "Where the centre published it", lambda n: n.source_url),
    Column("harvested_at", "采集时间", "datetime", "When ggzy fetched it (Beijing time)", lambda n: n.harvested_at),
]

PENALTY_COLUMNS: list[Column[Notice]] = [
    Column("notice_id", "公告编号", "string", "Notice id", lambda n: n.id),
    Column("subject_name", "行政相对人名称", "string", "行政相对人名称", lambda n: _penalty(n).subject.name),
    Column(
        "subject_category",
        "行政相对人类别",
        "string",
        "行政相对人类别",
        lambda n: _penalty(n).subject_category.label,
    ),
    Column(
        "subject_uscc",
        "统一社会信用代码",
        "string",
        "统一社会信用代码 (never a personal identity number)",
        _subject_code,
    ),
    Column("legal_representative", "法定代表人", "string", "法定代表人", lambda n: _penalty(n).legal_representative),
    Column("decision_no", "行政处罚决定书文号", "string", "行政处罚决定书文号", lambda n: _penalty(n).decision_no),
    Column("violation_type", "违法行为类型", "string", "违法行为类型", lambda n: _penalty(n).violation_type),
    Column("facts", "违法事实", "string", "违法事实", lambda n: _penalty(n).facts),
    Column("basis", "处罚依据", "string", "处罚依据", lambda n: _penalty(n).basis),
    Column(
        "penalty_types", "处罚类别", "string", "处罚类别, separated by |", lambda n: "|".join(_penalty(n).penalty_types)
    ),
    Column("content", "处罚内容", "string", "处罚内容", lambda n: _penalty(n).content),
    Column("fine", "罚款金额（元）", "number", "罚款金额, yuan", lambda n: _penalty(n).fine),
    Column("confiscated", "没收违法所得（元）", "number", "没收违法所得金额, yuan", lambda n: _penalty(n).confiscated),
    Column("decided_on", "处罚决定日期", "date", "处罚决定日期", lambda n: _penalty(n).decided_on),
    Column("valid_until", "处罚有效期", "date", "处罚有效期", lambda n: _penalty(n).valid_until),
    Column("publicity_until", "公示截止期", "date", "公示截止期", lambda n: _penalty(n).public_until()),
    Column("authority_name", "处罚机关", "string", "处罚机关", lambda n: _name(_penalty(n).authority)),
    Column(
        "authority_uscc",
        "处罚机关统一社会信用代码",
        "string",
        "处罚机关统一社会信用代码",
        lambda n: _code(_penalty(n).authority),
    ),
    Column("data_source", "数据来源单位", "string", "数据来源单位", lambda n: _penalty(n).data_source),
    Column("centre", "发布网站", "string", "Publishing site", lambda n: n.centre),
    Column("source_url", "原文链接", "string", "Where it was published", lambda n: n.source_url),
]

WITHDRAWN_COLUMNS: list[Column[str]] = [
    Column(
        "id",
        "公告编号",
        "string",
        "Notice id of a penalty no longer public (公示截止期 passed or removed): delete it",
        lambda notice_id: notice_id,
    ),
]

ENTITY_COLUMNS: list[Column[ProfileTally]] = [
    Column("uscc", "统一社会信用代码", "string", "统一社会信用代码", lambda c: c.uscc),
    Column(
        "names",
        "企业名称",
        "string",
        "Names seen, most printed first, separated by |",
        lambda c: "|".join(c.sorted_names()),
    ),
    Column(
        "region_code",
        "地区代码",
        "string",
        "Region of registration (characters 3–8 of the code)",
        lambda c: c.region_code(),
    ),
    Column(
        "region",
        "地区",
        "string",
        "Province, city and county names of the region code",
        lambda c: describe(c.region_code()),
    ),
    Column("notices", "公告数", "integer", "Public notices naming the company", lambda c: c.notices),
    Column("awards", "中标次数", "integer", "Awards and contracts won", lambda c: len(c.projects)),
    Column("awards_total", "中标总金额（元）", "number", "Sum of the amounts won, yuan", lambda c: c.awards_total()),
    Column(
        "active_penalties",
        "公示中的处罚",
        "integer",
        "Penalties still within their 公示截止期",
        lambda c: len(c.penalties),
    ),
    Column("first_seen", "最早公告日期", "date", "Earliest notice date", lambda c: c.first_seen),
    Column("last_seen", "最近公告日期", "date", "Latest notice date", lambda c: c.last_seen),
]


def _flag_name(stored: StoredFlag) -> str:
    spec = load_catalogue().flags.get(stored.flag)
    return spec.name_zh if spec else stored.flag


FLAG_COLUMNS: list[Column[StoredFlag]] = [
    Column("notice_id", "公告编号", "string", "The notice the flag is about", lambda f: f.notice_id),
    Column("flag", "标志编号", "string", "Flag id in the catalogue (/methodology)", lambda f: f.flag),
    Column("flag_name", "标志名称", "string", "The flag's Chinese name", _flag_name),
    Column("state", "状态", "string", "triggered, not_triggered or insufficient_data", lambda f: f.state.value),
    Column("state_label", "状态（中文）", "string", "触发、未触发或数据不足", lambda f: f.state.label),
    Column("detail", "说明", "string", "The result in one sentence", lambda f: f.detail),
    Column("missing", "缺少的数据", "string", "What was missing, separated by |", lambda f: "|".join(f.missing)),
    Column("inputs", "读取的公告", "string", "Ids of every notice read, separated by |", lambda f: "|".join(f.inputs)),
    Column(
        "thresholds",
        "界限值",
        "string",
        "The threshold values used, as a JSON object",
        lambda f: json.dumps(f.to_dict()["thresholds"], ensure_ascii=False, sort_keys=True),
    ),
    Column(
        "catalogue_version", "标志目录版本", "string", "Catalogue version computed on", lambda f: f.catalogue_version
    ),
    Column("parties", "当事人", "string", "USCCs (or names) concerned, separated by |", lambda f: "|".join(f.parties)),
    Column("buyer", "采购人", "string", "The buyer's USCC (or name)", lambda f: f.buyer),
    Column("region_code", "地区代码", "string", "Region code of the notice", lambda f: f.region_code),
    Column("published", "公告日期", "date", "Publication date of the notice", lambda f: f.published),
    Column("triggered_since", "首次触发日期", "date", "Day first seen triggered", lambda f: f.triggered_since),
]


def cell_text(value: Any) -> str:
    """A value as CSV text: amounts in plain yuan (``1280000``, ``3450000.5``), dates ISO, times in Beijing time
    with their offset (``2026-03-01T16:30:00+08:00``) whatever zone they were stored in; a naive time is already
    Beijing time (``ggzy.normalize.dates``)."""
    if type(value) is str:  # most cells: nothing to format
        return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CHINA_TZ) if value.tzinfo is not None else value.replace(tzinfo=CHINA_TZ)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def row(columns: list[Column[Record]], record: Record) -> list[str]:
    """The cells of one record in ``columns``, as text."""
    return [cell_text(column.get(record)) for column in columns]


def notice_row(notice: Notice) -> list[str]:
    """The NOTICE_COLUMNS cells of one notice."""
    return row(NOTICE_COLUMNS, notice)


def penalty_row(notice: Notice) -> list[str]:
    """The PENALTY_COLUMNS cells of a penalty notice; a natural person never has a code here."""
    return row(PENALTY_COLUMNS, notice)


def header(columns: list[Column[Any]]) -> list[str]:
    """The CSV header: each column's Chinese title."""
    return [c.title for c in columns]
