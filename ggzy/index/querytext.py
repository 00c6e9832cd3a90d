"""The search language: what a reader types in the search box, parsed once into ``ParsedQuery``.

Syntax (documented in Chinese on the search page's help)::

    教学楼 施工            every word must occur (AND)
    "教学楼新建工程"        an exact phrase (ASCII or Chinese quotes)
    教学楼 OR 医院          either word (also written 教学楼 | 医院)
    -食堂                  leave out notices with the word
    标题:监理 / title:监理   the word in the title; 采购人:/buyer:, 中标人:/winner:, 代理:/agency: in that party's name

Traditional characters fold to simplified (``fold_text``: NFKC, then OpenCC ``t2s``) on the query here and on the
indexed text in both engines, so ``處罰`` finds ``处罚``. A query that cannot be read raises ``QuerySyntaxError``
with a Chinese message saying what to change; it never silently matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ggzy.index.codepoints import nfkc
from ggzy.index.query_params import QueryError

#: The fields a term can be limited to, by every name a reader may type before the colon.
FIELD_NAMES = {
    "标题": "title",
    "title": "title",
    "采购人": "buyer",
    "招标人": "buyer",
    "buyer": "buyer",
    "中标人": "winner",
    "winner": "winner",
    "代理": "agency",
    "代理机构": "agency",
    "agency": "agency",
}
#: Chinese names of the fields, for messages and the help.
FIELD_LABELS = {"title": "标题", "buyer": "采购人", "winner": "中标人", "agency": "代理机构"}
MAX_TERMS = 32
QUOTES = {'"': '"', "“": "”", "”": "”"}
_PREFIX = re.compile(r"([^\s:\"“”|]{1,8}):")
_HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


class QuerySyntaxError(QueryError):
    """Raised when the words of a search cannot be read (an unclosed quote, a dangling OR, an unknown field);
    the message, in Chinese, says what to change."""

    def __init__(self, message: str) -> None:
        super().__init__(f"「关键词」填写有误：{message}", param="q")


@dataclass(frozen=True)
class Term:
    """One word or phrase, already folded; ``field`` is None for the title and text, else a ``FIELD_LABELS`` key."""

    text: str
    field: str | None = None
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """``required``: every group must match, a group by any one of its terms. ``excluded``: none may match."""

    source: str
    required: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.required or self.excluded)

    @property
    def ranks(self) -> bool:
        """True when there are words to rank by relevance (exclusions alone only filter)."""
        return bool(self.required)

    def shown_terms(self) -> list[Term]:
        """The terms a highlight marks: every required one (excluded words never appear in a match)."""
        return [term for group in self.required for term in group]


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold_text(text: str) -> str:
    """Full-width to ASCII (NFKC) and traditional to simplified characters: what both engines index and match."""
    if not text:
        return ""
    folded = nfkc(text)
    return str(_converter().convert(folded)) if _HAN_ONLY.search(folded) else folded


def fold_same_length(text: str) -> str:
    """``fold_text`` when it keeps every character in place (for highlights on the original text), else only the
    character-for-character folds."""
    converted = str(_converter().convert(text)) if _HAN_ONLY.search(text) else text
    return converted if len(converted) == len(text) else text


def parse_query(q: str) -> ParsedQuery:
    """Read the search language; raise ``QuerySyntaxError`` saying what to change."""
    text = fold_text(q)
    items: list[Term | str] = []  # terms, and "OR" between them
    negated: list[bool] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char == "|":
            items.append("OR")
            negated.append(False)
            position += 1
            continue
        term, is_negated, position = _read_term(text, position)
        if term == "OR":
            items.append("OR")
            negated.append(False)
        elif term is not None:
            items.append(term)
            negated.append(is_negated)
    return _group(q, items, negated)


def _read_term(text: str, start: int) -> tuple[Term | str | None, bool, int]:
    """The term at ``start`` (``"OR"``, or None for punctuation alone), whether it is negated, and where it ends."""
    position = start
    is_negated = text[position] == "-"
    if is_negated:
        position += 1
    field = None
    prefix = _PREFIX.match(text, position)
    if prefix is not None:
        name = prefix.group(1)
        field = FIELD_NAMES.get(name.casefold())
        if field is None and _HAN_ONLY.fullmatch(name):
            known = "标题:、采购人:、中标人:、代理:"
            raise QuerySyntaxError(f"不认识「{name}:」这个字段。可以限定的字段有 {known}；如果是要找的词，请去掉冒号。")
        if field is not None:
            position = prefix.end()
    phrase = position < len(text) and text[position] in QUOTES
    if phrase:
        close = text.find(QUOTES[text[position]], position + 1)
        if close < 0:
            raise QuerySyntaxError(f"引号没有配对：{text[start:]} 缺少结尾的引号。请补上引号，或把引号删掉。")
        words, end = text[position + 1 : close].strip(), close + 1
        if not words:
            raise QuerySyntaxError("一对引号中间是空的：请在引号里写上要找的词组，或把引号删掉。")
    else:
        end = position
        while end < len(text) and not text[end].isspace() and text[end] not in '|"“”':
            end += 1
        words = text[position:end]
    if not re.search(r"\w", words):
        if field is not None:
            raise QuerySyntaxError(f"「{text[start:position]}」后面缺少要找的词，例如 {text[start:position]}监理。")
        if is_negated and words:
            raise QuerySyntaxError(f"「-{words}」里没有可排除的词：减号后面请紧跟要排除的词，例如 -食堂。")
        return None, False, end
    if words == "OR" and not phrase and field is None and not is_negated:
        return "OR", False, end
    return Term(words, field, phrase), is_negated, end


def _group(source: str, items: list[Term | str], negated: list[bool]) -> ParsedQuery:
    required: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    group: list[Term] = []
    joining = False
    example = "请在 OR 的两边都写上词，例如：教学楼 OR 医院。"
    for index, item in enumerate(items):
        if item == "OR":
            if not group or joining:
                raise QuerySyntaxError(f"「OR」前面缺少词。{example}")
            joining = True
            continue
        assert isinstance(item, Term)
        if negated[index]:
            if joining:
                raise QuerySyntaxError(f"排除词「-{item.text}」不能放在 OR 的一边：请把它移出 OR 组合。")
            excluded.append(item)
            continue
        if group and not joining:
            required.append(tuple(group))
            group = []
        group.append(item)
        joining = False
    if joining:
        raise QuerySyntaxError(f"「OR」后面缺少词。{example}")
    if group:
        required.append(tuple(group))
    if sum(len(g) for g in required) + len(excluded) > MAX_TERMS:
        raise QuerySyntaxError(f"关键词太多：一次最多 {MAX_TERMS} 个词，请删去一些。")
    return ParsedQuery(source, tuple(required), tuple(excluded))


#: The help shown on the search page: (syntax, example, what it finds), one example each.
SYNTAX_HELP = (
    ("空格分隔多个词", "教学楼 施工", "同时含有「教学楼」和「施工」"),
    ('"完整词组"', '"教学楼新建工程"', "含有完整的词组（中文引号“”也可以）"),
    ("OR 或 |", "教学楼 OR 医院", "含有「教学楼」或「医院」之一"),
    ("-排除词", "食堂 -承包", "含有「食堂」但不含「承包」"),
    ("标题: / title:", "标题:监理", "标题里含有「监理」"),
    ("采购人: / buyer:", "采购人:教育局", "采购人（招标人）名称含有「教育局」"),
    ("中标人: / winner:", "中标人:建设集团", "中标人名称含有「建设集团」"),
    ("代理: / agency:", "代理:招标代理", "代理机构名称含有「招标代理」"),
    ("繁体字", "處罰", "自动按简体查找，等同于「处罚」"),
)
