"""The table of search parameters: each URL parameter declared once, with everything derived from it.

``SearchQuery.from_params`` reads a URL with ``read``, ``SearchQuery.to_params`` writes one with ``write``, the
OpenAPI document lists ``schema`` and ``description``, and the search page shows a removable filter chip from
``chip``. Adding a filter is one entry here plus the engines' translation of the new ``SearchQuery`` field.
Messages a reader sees are in Chinese and name the parameter by its ``label``; the readers and chip labels
are in ``query_readers``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ggzy.errors import InvalidInput
from ggzy.index import query_readers as readers
from ggzy.model import Category, Kind

MAX_SIZE = 200
#: The facets a search can ask for, each a field every engine counts the same way.
FACETS = ("kind", "category", "province", "centre", "year", "flag")
#: Quick date ranges: ``within`` value → (days back from today, label).
WITHIN = {"7d": (7, "近7天"), "30d": (30, "近30天"), "1y": (365, "近一年")}
SORT_VALUES = ("relevance", "newest", "oldest", "amount")
YES = ("1", "true", "yes", "on")


class QueryError(InvalidInput):
    """Raised when a search parameter is malformed; the Chinese message names the parameter and what it expects.
    ``param`` (also in the problem+json answer) is the parameter's URL name."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message, **({"param": param} if param else {}))
        self.param = param


@dataclass(frozen=True)
class SearchParam:
    """One URL parameter of a search.

    ``attribute`` is the ``SearchQuery`` field it fills; ``read`` turns the parameter's values (stripped, empty
    ones dropped; split on commas when ``multiple``) into that field's value; ``write`` gives the URL text back
    (``to_params`` leaves out a field at its default); ``chip`` labels the filter chip (None: no chip).
    """

    name: str
    label: str
    attribute: str
    read: Callable[[list[str]], Any]
    write: Callable[[Any], str]
    schema: dict[str, Any]
    description: str
    multiple: bool = False
    chip: Callable[[Any], str] | None = None
    example: Any = None
    in_links: bool = True

    def error(self, message: str) -> QueryError:
        return QueryError(f"「{self.label}」填写有误：{message}", param=self.name)


_CSV_OF = "可一个或多个，用逗号分隔或重复参数。"
_AMOUNT = {"type": "string", "examples": ["1000000", "1,000,000", "100万", "1.5亿"]}

TABLE: tuple[SearchParam, ...] = (
    SearchParam(
        "q",
        "关键词",
        "q",
        readers.text(500),
        readers.plain,
        {"type": "string", "maxLength": 500},
        '搜索语言：空格分隔的词都要出现；"完整词组"；OR 或 | 表示任一；-词 排除；'
        "标题:/title:、采购人:/buyer:、中标人:/winner:、代理:/agency: 限定字段；繁体字按简体查找。",
        example="监理 -食堂",
    ),
    SearchParam(
        "kind",
        "公告类型",
        "kind",
        readers.choices(Kind, "kind"),
        readers.join,
        {"type": "string"},
        f"{_CSV_OF}可选：{', '.join(k.value for k in Kind)}。",
        multiple=True,
        chip=readers.labels,
        example="award",
    ),
    SearchParam(
        "category",
        "业务类别",
        "category",
        readers.choices(Category, "category"),
        readers.join,
        {"type": "string"},
        f"{_CSV_OF}可选：{', '.join(c.value for c in Category)}。",
        multiple=True,
        chip=readers.labels,
    ),
    SearchParam(
        "region",
        "地区",
        "region",
        readers.region,
        readers.plain,
        {"type": "string", "pattern": r"^\d{2}(\d{2}){0,2}$"},
        "GB/T 2260 行政区划代码或其前缀：省 33、市 3301、区县 330106。",
        chip=readers.region_label,
        example="33",
    ),
    SearchParam(
        "centre",
        "交易中心",
        "centre",
        tuple,
        readers.join,
        {"type": "string"},
        f"交易中心编号。{_CSV_OF}",
        multiple=True,
        chip=readers.centre_label,
    ),
    SearchParam(
        "uscc",
        "统一社会信用代码",
        "uscc",
        readers.codes,
        readers.join,
        {"type": "string"},
        f"任一当事人（采购人、代理机构、中标人、处罚对象）的统一社会信用代码。{_CSV_OF}",
        multiple=True,
        chip=lambda codes: "、".join(codes),
    ),
    SearchParam(
        "project_code",
        "项目编号",
        "project_code",
        readers.one,
        readers.plain,
        {"type": "string"},
        "项目编号，照原文。",
        chip=str,
    ),
    SearchParam(
        "from",
        "发布日期起",
        "published_from",
        readers.day("from"),
        readers.plain,
        {"type": "string", "format": "date"},
        "发布日期不早于（YYYY-MM-DD）。",
        chip=str,
    ),
    SearchParam(
        "to",
        "发布日期止",
        "published_to",
        readers.day("to"),
        readers.plain,
        {"type": "string", "format": "date"},
        "发布日期不晚于（YYYY-MM-DD）。",
        chip=str,
    ),
    SearchParam(
        "within",
        "发布时间",
        "within",
        readers.within,
        readers.plain,
        {"type": "string", "enum": list(WITHIN)},
        "快速时间范围，相对于今天：7d 近7天、30d 近30天、1y 近一年。",
        chip=lambda value: WITHIN[value][1],
    ),
    SearchParam(
        "open",
        "投标截止",
        "open_only",
        readers.yes,
        lambda value: "1",
        {"type": "string", "enum": ["1", "0"]},
        "1：只看未截止的（投标截止时间在今天或以后）。",
        chip=lambda value: "未截止",
    ),
    SearchParam(
        "amount_min",
        "最低金额",
        "amount_min",
        readers.amount("amount_min"),
        readers.plain,
        _AMOUNT,
        "金额不低于；可写 1000000、1,000,000、100万、1.5亿。",
        chip=readers.money_label,
    ),
    SearchParam(
        "amount_max",
        "最高金额",
        "amount_max",
        readers.amount("amount_max"),
        readers.plain,
        _AMOUNT,
        "金额不高于；写法同最低金额。",
        chip=readers.money_label,
    ),
    SearchParam(
        "flag",
        "风险标志",
        "flag",
        readers.flag_ids,
        readers.join,
        {"type": "string"},
        f"触发了该风险标志的公告（标志编号见 /methodology）。{_CSV_OF}",
        multiple=True,
        chip=readers.flag_label,
        example="single_bid",
    ),
    SearchParam(
        "sort",
        "排序",
        "sort",
        readers.sort,
        lambda sort: sort.value,
        {"type": "string", "enum": list(SORT_VALUES)},
        "排序：relevance 相关度（需要关键词）、newest 最新、oldest 最早、amount 金额从高到低。",
    ),
    SearchParam(
        "size",
        "每页条数",
        "size",
        readers.size,
        readers.plain,
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
        f"每页条数（1–{MAX_SIZE}，默认 20）。",
        in_links=False,
    ),
    SearchParam(
        "cursor",
        "翻页位置",
        "cursor",
        readers.one,
        readers.plain,
        {"type": "string"},
        "上一页返回的 next_cursor。",
        in_links=False,
    ),
    SearchParam(
        "facet",
        "分面统计",
        "facets",
        readers.facets,
        readers.join,
        {"type": "string"},
        f"要统计的分面。{_CSV_OF}可选：{', '.join(FACETS)}。",
        multiple=True,
        in_links=False,
    ),
)
PARAMS = {param.name: param for param in TABLE}
#: The Chinese name of each search parameter, for the form and messages.
LABELS = {param.name: param.label for param in TABLE}
