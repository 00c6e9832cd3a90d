"""The table of search parameters: each URL parameter declared once, with everything derived from it.

``SearchQuery.from_params`` reads a URL with ``read``, ``SearchQuery.to_params`` writes one with ``write``, the
OpenAPI document lists ``schema`` and ``description``, and the search page shows a removable filter chip from
``chip``. Adding a filter is one entry here plus the engines' translation of the new ``SearchQuery`` field.
Messages a reader sees are in Chinese and name the parameter by its ``label``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ggzy.errors import InvalidInput
from ggzy.model import Category, Kind

MAX_SIZE = 200
#: The facets a search can ask for, each a field every engine counts the same way.
FACETS = ("kind", "category", "province", "centre", "year")
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


def _one(values: list[str]) -> str | None:
    return values[0] if values else None


def _text(limit: int) -> Callable[[list[str]], str | None]:
    return lambda values: values[0][:limit] if values else None


def _enum(enum: Any, param: str) -> Callable[[list[str]], tuple[Any, ...]]:
    def read(values: list[str]) -> tuple[Any, ...]:
        found = []
        for value in values:
            try:
                found.append(enum(value))
            except ValueError:
                allowed = "、".join(m.value for m in enum)
                raise PARAMS[param].error(f"「{value}」不是可选的值，可选：{allowed}。") from None
        return tuple(found)

    return read


def _region(values: list[str]) -> str | None:
    value = _one(values)
    if value is None:
        return None
    if not re.fullmatch(r"\d{2}(\d{2}){0,2}", value):
        raise PARAMS["region"].error(
            f"「{value}」不是行政区划代码；请写 2、4 或 6 位数字，如 33（浙江省）或 3301（杭州市）。"
        )
    from ggzy.normalize.regions import region_prefix

    return region_prefix(value)


def _uscc(values: list[str]) -> tuple[str, ...]:
    from ggzy.normalize.uscc import read_input

    codes = []
    for value in values:
        result = read_input(value)
        if not result.valid:
            raise PARAMS["uscc"].error(f"「{value}」不是有效的统一社会信用代码（{result.reason}）。")
        codes.append(result.code)
    return tuple(codes)


def _date(param: str) -> Callable[[list[str]], date | None]:
    def read(values: list[str]) -> date | None:
        value = _one(values)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PARAMS[param].error(f"「{value}」不是日期；请写成 年-月-日，如 2025-03-01。") from None

    return read


def _amount(param: str) -> Callable[[list[str]], Decimal | None]:
    def read(values: list[str]) -> Decimal | None:
        value = _one(values)
        if value is None:
            return None
        from ggzy.normalize.money import parse_typed_amount

        amount = parse_typed_amount(value)
        if amount is None:
            raise PARAMS[param].error(f"看不懂「{value}」这个金额；请写成 1000000、1,000,000、100万 或 1.5亿 这样。")
        return amount

    return read


def _within(values: list[str]) -> str | None:
    value = _one(values)
    if value is not None and value not in WITHIN:
        allowed = "、".join(f"{key}（{label}）" for key, (_days, label) in WITHIN.items())
        raise PARAMS["within"].error(f"「{value}」不是可选的时间范围，可选：{allowed}。")
    return value


def _flag(values: list[str]) -> bool:
    value = _one(values)
    if value is None:
        return False
    if value.lower() not in (*YES, "0", "false", "no", "off"):
        raise PARAMS["open"].error(f"「{value}」应为 1（只看未截止的）或 0。")
    return value.lower() in YES


def _sort(values: list[str]) -> Any:
    from ggzy.index.query import Sort

    found = _enum(Sort, "sort")(values[:1])
    return found[0] if found else Sort.RELEVANCE


def _size(values: list[str]) -> int | None:
    value = _one(values)
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_SIZE:
        raise PARAMS["size"].error(f"「{value}」应为 1 到 {MAX_SIZE} 之间的整数。")
    return int(value)


def _facets(values: list[str]) -> tuple[str, ...]:
    for value in values:
        if value not in FACETS:
            raise PARAMS["facet"].error(f"「{value}」不是可统计的字段，可选：{'、'.join(FACETS)}。")
    return tuple(values)


def _labels(items: tuple[Any, ...]) -> str:
    return "、".join(item.label for item in items)


def _region_label(code: str) -> str:
    from ggzy.normalize.regions import describe

    return describe(code) or code


def _centre_label(centres: tuple[str, ...]) -> str:
    from ggzy.centres import centre_name

    return "、".join(centre_name(c) for c in centres)


def _money_label(amount: Decimal) -> str:
    from ggzy.normalize.money import short_text

    return short_text(amount)


def _join(items: tuple[Any, ...]) -> str:
    return ",".join(str(getattr(item, "value", item)) for item in items)


def _plain(value: Any) -> str:
    return str(value)


_CSV_OF = "可一个或多个，用逗号分隔或重复参数。"
_AMOUNT = {"type": "string", "examples": ["1000000", "1,000,000", "100万", "1.5亿"]}

TABLE: tuple[SearchParam, ...] = (
    SearchParam(
        "q",
        "关键词",
        "q",
        _text(500),
        _plain,
        {"type": "string", "maxLength": 500},
        '搜索语言：空格分隔的词都要出现；"完整词组"；OR 或 | 表示任一；-词 排除；'
        "标题:/title:、采购人:/buyer:、中标人:/winner:、代理:/agency: 限定字段；繁体字按简体查找。",
        example="监理 -食堂",
    ),
    SearchParam(
        "kind",
        "公告类型",
        "kind",
        _enum(Kind, "kind"),
        _join,
        {"type": "string"},
        f"{_CSV_OF}可选：{', '.join(k.value for k in Kind)}。",
        multiple=True,
        chip=_labels,
        example="award",
    ),
    SearchParam(
        "category",
        "业务类别",
        "category",
        _enum(Category, "category"),
        _join,
        {"type": "string"},
        f"{_CSV_OF}可选：{', '.join(c.value for c in Category)}。",
        multiple=True,
        chip=_labels,
    ),
    SearchParam(
        "region",
        "地区",
        "region",
        _region,
        _plain,
        {"type": "string", "pattern": r"^\d{2}(\d{2}){0,2}$"},
        "GB/T 2260 行政区划代码或其前缀：省 33、市 3301、区县 330106。",
        chip=_region_label,
        example="33",
    ),
    SearchParam(
        "centre",
        "交易中心",
        "centre",
        tuple,
        _join,
        {"type": "string"},
        f"交易中心编号。{_CSV_OF}",
        multiple=True,
        chip=_centre_label,
    ),
    SearchParam(
        "uscc",
        "统一社会信用代码",
        "uscc",
        _uscc,
        _join,
        {"type": "string"},
        f"任一当事人（采购人、代理机构、中标人、处罚对象）的统一社会信用代码。{_CSV_OF}",
        multiple=True,
        chip=lambda codes: "、".join(codes),
    ),
    SearchParam(
        "project_code", "项目编号", "project_code", _one, _plain, {"type": "string"}, "项目编号，照原文。", chip=str
    ),
    SearchParam(
        "from",
        "发布日期起",
        "published_from",
        _date("from"),
        _plain,
        {"type": "string", "format": "date"},
        "发布日期不早于（YYYY-MM-DD）。",
        chip=str,
    ),
    SearchParam(
        "to",
        "发布日期止",
        "published_to",
        _date("to"),
        _plain,
        {"type": "string", "format": "date"},
        "发布日期不晚于（YYYY-MM-DD）。",
        chip=str,
    ),
    SearchParam(
        "within",
        "发布时间",
        "within",
        _within,
        _plain,
        {"type": "string", "enum": list(WITHIN)},
        "快速时间范围，相对于今天：7d 近7天、30d 近30天、1y 近一年。",
        chip=lambda value: WITHIN[value][1],
    ),
    SearchParam(
        "open",
        "投标截止",
        "open_only",
        _flag,
        lambda value: "1",
        {"type": "string", "enum": ["1", "0"]},
        "1：只看未截止的（投标截止时间在今天或以后）。",
        chip=lambda value: "未截止",
    ),
    SearchParam(
        "amount_min",
        "最低金额",
        "amount_min",
        _amount("amount_min"),
        _plain,
        _AMOUNT,
        "金额不低于；可写 1000000、1,000,000、100万、1.5亿。",
        chip=_money_label,
    ),
    SearchParam(
        "amount_max",
        "最高金额",
        "amount_max",
        _amount("amount_max"),
        _plain,
        _AMOUNT,
        "金额不高于；写法同最低金额。",
        chip=_money_label,
    ),
    SearchParam(
        "sort",
        "排序",
        "sort",
        _sort,
        lambda sort: sort.value,
        {"type": "string", "enum": list(SORT_VALUES)},
        "排序：relevance 相关度（需要关键词）、newest 最新、oldest 最早、amount 金额从高到低。",
    ),
    SearchParam(
        "size",
        "每页条数",
        "size",
        _size,
        _plain,
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
        f"每页条数（1–{MAX_SIZE}，默认 20）。",
        in_links=False,
    ),
    SearchParam(
        "cursor",
        "翻页位置",
        "cursor",
        _one,
        _plain,
        {"type": "string"},
        "上一页返回的 next_cursor。",
        in_links=False,
    ),
    SearchParam(
        "facet",
        "分面统计",
        "facets",
        _facets,
        _join,
        {"type": "string"},
        f"要统计的分面。{_CSV_OF}可选：{', '.join(FACETS)}。",
        multiple=True,
        in_links=False,
    ),
)
PARAMS = {param.name: param for param in TABLE}
#: The Chinese name of each search parameter, for the form and messages.
LABELS = {param.name: param.label for param in TABLE}
