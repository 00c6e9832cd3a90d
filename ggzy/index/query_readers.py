"""The readers and chip labels of the search parameters declared in ``query_params.TABLE``.

A reader turns a parameter's values (stripped, empty ones dropped; split on commas when the parameter takes
several) into its ``SearchQuery`` field, raising the parameter's ``QueryError`` in Chinese; a chip label says a
filter in force in a reader's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ggzy.index.query_params import QueryError


def _constants() -> ModuleType:
    from ggzy.index import query_params

    return query_params


def _error(name: str, message: str) -> QueryError:
    """The error of parameter ``name`` (its label and URL name) saying ``message``."""
    return _constants().PARAMS[name].error(message)


def one(values: list[str]) -> str | None:
    return values[0] if values else None


def text(limit: int) -> Callable[[list[str]], str | None]:
    return lambda values: values[0][:limit] if values else None


def choices(enum: Any, param: str) -> Callable[[list[str]], tuple[Any, ...]]:
    def read(values: list[str]) -> tuple[Any, ...]:
        found = []
        for value in values:
            try:
                found.append(enum(value))
            except ValueError:
                allowed = "、".join(m.value for m in enum)
                raise _error(param, f"「{value}」不是可选的值，可选：{allowed}。") from None
        return tuple(found)

    return read


def region(values: list[str]) -> str | None:
    value = one(values)
    if value is None:
        return None
    if not re.fullmatch(r"\d{2}(\d{2}){0,2}", value):
        raise _error(
            "region", f"「{value}」不是行政区划代码；请写 2、4 或 6 位数字，如 33（浙江省）或 3301（杭州市）。"
        )
    from ggzy.normalize.regions import region_prefix

    return region_prefix(value)


def codes(values: list[str]) -> tuple[str, ...]:
    from ggzy.normalize.uscc import read_input

    codes = []
    for value in values:
        result = read_input(value)
        if not result.valid:
            raise _error("uscc", f"「{value}」不是有效的统一社会信用代码（{result.reason}）。")
        codes.append(result.code)
    return tuple(codes)


def day(param: str) -> Callable[[list[str]], date | None]:
    def read(values: list[str]) -> date | None:
        value = one(values)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _error(param, f"「{value}」不是日期；请写成 年-月-日，如 2025-03-01。") from None

    return read


def amount(param: str) -> Callable[[list[str]], Decimal | None]:
    def read(values: list[str]) -> Decimal | None:
        value = one(values)
        if value is None:
            return None
        from ggzy.normalize.money import parse_typed_amount

        amount = parse_typed_amount(value)
        if amount is None:
            raise _error(param, f"看不懂「{value}」这个金额；请写成 1000000、1,000,000、100万 或 1.5亿 这样。")
        return amount

    return read


def within(values: list[str]) -> str | None:
    value = one(values)
    if value is not None and value not in _constants().WITHIN:
        allowed = "、".join(f"{key}（{label}）" for key, (_days, label) in _constants().WITHIN.items())
        raise _error("within", f"「{value}」不是可选的时间范围，可选：{allowed}。")
    return value


def yes(values: list[str]) -> bool:
    value = one(values)
    if value is None:
        return False
    if value.lower() not in (*_constants().YES, "0", "false", "no", "off"):
        raise _error("open", f"「{value}」应为 1（只看未截止的）或 0。")
    return value.lower() in _constants().YES


def sort(values: list[str]) -> Any:
    from ggzy.index.query import Sort

    found = choices(Sort, "sort")(values[:1])
    return found[0] if found else Sort.RELEVANCE


def size(values: list[str]) -> int | None:
    value = one(values)
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= _constants().MAX_SIZE:
        raise _error("size", f"「{value}」应为 1 到 {_constants().MAX_SIZE} 之间的整数。")
    return int(value)


def facets(values: list[str]) -> tuple[str, ...]:
    for value in values:
        if value not in _constants().FACETS:
            raise _error("facet", f"「{value}」不是可统计的字段，可选：{'、'.join(_constants().FACETS)}。")
    return tuple(values)


def flag_ids(values: list[str]) -> tuple[str, ...]:
    from ggzy.flags.catalogue import FLAG_IDS

    for value in values:
        if value not in FLAG_IDS:
            raise _error("flag", f"「{value}」不是风险标志编号，可选：{'、'.join(FLAG_IDS)}。")
    return tuple(dict.fromkeys(values))


def flag_label(flags: tuple[str, ...]) -> str:
    from ggzy.flags.catalogue import load_catalogue

    catalogue = load_catalogue()
    return "、".join(catalogue.flags[f].name_zh if f in catalogue.flags else f for f in flags)


def labels(items: tuple[Any, ...]) -> str:
    return "、".join(item.label for item in items)


def region_label(code: str) -> str:
    from ggzy.normalize.regions import describe

    return describe(code) or code


def centre_label(centres: tuple[str, ...]) -> str:
    from ggzy.centres import centre_name

    return "、".join(centre_name(c) for c in centres)


def money_label(amount: Decimal) -> str:
    from ggzy.normalize.money import short_text

    return short_text(amount)


def join(items: tuple[Any, ...]) -> str:
    return ",".join(str(getattr(item, "value", item)) for item in items)


def plain(value: Any) -> str:
    return str(value)
