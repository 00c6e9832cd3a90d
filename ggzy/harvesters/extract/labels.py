"""Labelled values in a notice's text: ``标签：值``, ``1、项目名称：…``, ``（一）采购人：…``, ``招标人为…``.

Every label a centre prints for a field is a synonym here; :func:`label_field` maps one to the field name.
A parenthesised note after a label (``中标价（万元）：``) is kept as the value's unit hint. Text taken out of
HTML often breaks a line inside a label, a date or a number; :func:`join_broken_lines` mends those first.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ggzy.harvesters.extract.penalty import PENALTY_LABELS

#: Field name → the labels centres print for it, most specific first.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    # Only these labels name the project's code; a 项目代码 (the investment approval code), a 采购计划编号 or a
    # notice's own number is not it, and a 标段（包）编号 is the lot's code.
    "project_code": ("采购项目编号", "招标项目编号", "项目编号", "招标编号", "项目号", "项目编码", "招标项目编码"),
    "lot_code": (
        "标段（包）编号", "标段编号", "标包编号", "包编号", "分包编号", "合同包编号", "标段（包）号", "标项编号",
    ),
    "project_name": (
        "采购项目名称", "招标项目名称", "项目名称", "工程名称", "招标工程项目", "工程项目名称", "招标项目或标段名称",
    ),
    "buyer": (
        "采购人名称", "招标人名称", "采购单位名称", "建设单位名称", "采购人", "招标人", "建设单位", "采购单位",
        "项目业主", "业主单位", "招标单位", "采购人（甲方）", "甲方", "出让人", "出让方", "转让方",
    ),
    "agency": (
        "采购代理机构名称", "招标代理机构名称", "代理机构名称", "采购代理机构", "招标代理机构", "代理机构",
        "招标代理单位", "采购代理单位", "招标代理", "采购代理",
    ),
    "winner": (
        "中标（成交）供应商名称", "中标（成交）供应商", "中标（成交）人名称", "中标（成交）人", "中标供应商名称",
        "成交供应商名称", "中标人名称", "中标单位名称", "成交人名称", "中标供应商", "成交供应商", "中标人",
        "中标单位", "成交单位", "成交人", "中选人", "中选单位", "第一中标候选人", "第一成交候选人",
        "第一名中标候选人", "中标候选人名称", "供应商名称", "乙方", "受让方", "竞得人", "竞得单位", "买受人",
        "第一中标（选）候选人", "第1名中标候选人", "第1中标候选人", "第一候选人", "拟确定中标人", "拟中标人",
        "中标企业", "中标方", "成交商", "中标（成交）单位名称", "成交单位名称", "供应商（乙方）", "中标（成交）单位",
    ),
    "amount": (
        "中标（成交）金额", "中标（成交）价", "中标金额", "中标价格", "中标价", "中标总价", "成交金额", "成交价格",
        "成交价", "成交总价", "合同金额", "合同总价", "合同价", "签约合同价", "合同总金额", "投标报价", "投标总价",
        "成交总金额", "中标总金额", "成交价款", "竞得价", "竞得价格", "预中标金额", "投标价", "中标标价", "中标造价",
        "中标（成交）金额人民币", "交易价格", "成交价（元）",
    ),
    "budget": (
        "预算金额", "采购预算金额", "项目预算金额", "最高限价", "最高投标限价", "招标控制价", "项目预算", "采购预算",
        "控制价", "预算价", "拦标价", "最高限价金额", "估算价", "合同估算价", "采购控制价", "投标最高限价",
        "投资额或合同估算价", "最高投标限价金额", "招标控制价金额",
    ),
    "deadline": (
        "投标截止时间", "递交截止时间", "响应文件提交截止时间", "提交投标文件截止时间", "投标文件递交截止时间",
        "投标文件提交截止时间", "递交投标文件截止时间", "响应文件递交截止时间", "提交响应文件截止时间",
        "首次响应文件提交截止时间", "投标文件递交截止时间及开标时间", "开标时间", "开启时间", "竞价截止时间",
        "挂牌截止时间", "竞买截止时间",
    ),
    "published": (
        "发布时间", "发布日期", "公告日期", "公告时间", "公示时间", "公示日期", "信息发布时间", "公告发布时间",
    ),
    "source": ("信息来源", "数据来源"),
    "region": (
        "项目所在地区", "项目所在地", "项目所属地区", "建设地点", "项目地点", "行政区域", "所属地区", "所属区域",
    ),
    "lot": (
        "标段（包）名称", "标段（包）", "标段名称", "标段号", "标段", "包号", "包件号", "包件",
        "分包号", "分包", "标包", "包组", "标项名称", "标项", "合同包", "分标",
    ),
    # A column (or a line) that gives the unit of the amounts beside it: 单位 | 元.
    "money_unit": ("金额单位", "单位（元/万元）", "货币单位"),
    "uscc": ("统一社会信用代码", "社会信用代码", "统一信用代码", "信用代码"),
    "rank": ("中标候选人排序", "候选人排名", "排名", "名次", "排序"),
}  # fmt: skip

_PENALTY_FIELD = "penalty"


@functools.lru_cache(maxsize=8192)
def fold_label(text: str) -> str:
    """The comparable form of a label: no spaces, no trailing colon, half-width brackets made full-width."""
    return re.sub(r"[\s:：]+", "", text).replace("(", "（").replace(")", "）")


_LABEL_FIELD: dict[str, str] = {}
for _field, _labels in FIELD_LABELS.items():
    for _label in _labels:
        _LABEL_FIELD.setdefault(fold_label(_label), _field)
for _label in PENALTY_LABELS:
    _LABEL_FIELD.setdefault(fold_label(_label), _PENALTY_FIELD)

#: Field name → folded label → its rank among that field's labels (lower is more specific).
LABEL_RANK: dict[str, int] = {
    fold_label(label): i for labels in FIELD_LABELS.values() for i, label in enumerate(labels)
}


def _character(char: str) -> str:
    return {"（": "[（(]", "）": "[）)]"}.get(char, re.escape(char))


def _trie_pattern(words: list[str]) -> str:
    """One regex matching any of ``words``, longest first, built as a trie: the engine rejects a position
    on its first character instead of trying hundreds of alternatives there."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [_character(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_ALTERNATION = _trie_pattern(list(_LABEL_FIELD))
_NOTE = r"(?:\s*[（(](?P<note>[^（）()\n\t]{1,16})[）)])?"
#: 变更后投标截止时间 is the revised value and wins; 原投标截止时间 (or 首次公告日期) is superseded and dropped.
_PRE = r"(?P<pre>(?:变更|更正|调整|修改|延期)后的?|新的|原|首次)?"
#: 招标人统一社会信用代码: the code of the party the label names.
_CODE = r"(?P<code>统一社会信用代码|社会信用代码|信用代码)?"
LABELLED = re.compile(rf"{_PRE}(?P<label>{_ALTERNATION}){_CODE}{_NOTE}\s*[：:]\s*")
_COLON = re.compile("[：:]")
#: "… 二、 采购项目编号：…" on one line: a value ends where the next numbered item begins.
_INLINE_NUMBER = re.compile(
    r"(?<=\s)(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、．])"
)
_LABEL_CHARACTER = re.compile(r"[\u4e00-\u9fff（）()]")
_BEFORE_LABEL = frozenset(" \u3000\t，,；;。")
_ENUMERATOR = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*|\d+(?:\.\d+)+\s*)*"
_SPACED_PAIR = re.compile(
    rf"(?:^|(?<=\s))(?P<label>{_ALTERNATION})(?:[（(](?P<note>[^（）()\s]{{1,8}})[）)])?\s+(?P<value>[^\s：:]{{2,60}})(?=\s|$)"
)
_CELL_LABEL = re.compile(rf"{_ENUMERATOR}{_PRE}(?P<label>{_ALTERNATION}){_CODE}{_NOTE}\s*[：:]?")
_PARTY_FIELDS = ("buyer", "agency", "winner")
_SENTENCE = re.compile(
    r"(?:^|(?<=[，,。；;\s]))(?P<label>招标人|采购人|项目业主|建设单位|招标代理机构|采购代理机构|代理机构)为"
    r"(?P<value>[^，,。；;\n\t（(]{2,60})"
)
#: ``甲公司受乙局委托，…``: the agency and the buyer said in a sentence.
_ENTRUSTED = re.compile(
    r"(?:^|[，,。；;\s])(?P<agency>[^，,。；;\s（(]{4,40}?(?:公司|中心|事务所|研究院))(?:（[^）]{0,20}）)?"
    r"受(?P<buyer>[^，,。；;\s]{2,40}?)(?:的)?委托"
)
#: ``…工程招标控制价为6365700.00元``: a budget said in a sentence.
_BUDGET_SENTENCE = re.compile(
    r"(?P<label>预算金额|采购预算|项目预算|最高投标限价|最高限价|招标控制价|控制价)(?:为|是)"
    r"(?P<value>(?:人民币)?[\d,]+(?:\.\d+)?\s*(?:亿元|万元|元))"
)
# Word templates print the label after the value: "某某项目（招标项目名称）" and asides "（以下简称：招标项目）".
_VALUE_THEN_LABEL = re.compile(r"^(?:本招标项目|本项目)?(?P<value>[^（\t]{2,80}?)（(?P<label>招标项目名称|项目名称)）")
_ASIDE = re.compile(r"[（(]以下简称[：:][^）)]{0,20}[）)]")
_SPACED_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff]{1,3}[ \u3000]+){1,5}[\u4e00-\u9fff]{1,3})(?=[ \u3000]*[：:])"
)
_VALUE_TRIM = " \t，,；;。、：:（(【["
_SPACED_FIELDS = frozenset({"buyer", "agency", "winner", "budget", "amount"})
#: A value keeps its opening bracket: a code is printed as ``[330100]ZJCG[GK]2026011``.
_VALUE_TRIM_START = " \t，,；;。、：:"


@dataclass
class LabelledValue:
    """One labelled value found in the text, in reading order."""

    field: str
    label: str
    value: str
    unit: str | None  # the label's parenthesised note, a unit hint for money (万元)
    line: int
    revised: bool = False  # printed as 变更后… (it supersedes the original value)


@functools.lru_cache(maxsize=4096)
def label_field(text: str) -> str | None:
    """The field a printed label stands for (``中标（成交）供应商名称`` → ``winner``), or None."""
    match = _CELL_LABEL.fullmatch(text.strip())
    return _field_of(match) if match else None


def _field_of(match: re.Match[str]) -> str:
    field = _LABEL_FIELD[fold_label(match.group("label"))]
    if match.group("code") and field in _PARTY_FIELDS:
        return f"{field}_uscc"
    return field


def _labelled(match: re.Match[str], value: str, number: int) -> LabelledValue | None:
    if match.group("pre") in ("原", "首次"):
        return None
    label = fold_label(match.group("label"))
    return LabelledValue(_field_of(match), label, value, match.group("note"), number, bool(match.group("pre")))


def unspace_labels(line: str) -> str:
    """``招 标 人：`` → ``招标人：``, ``地    址：`` → ``地址：`` (labels spaced out to fill a column)."""
    if (" " not in line and "\u3000" not in line) or ("：" not in line and ":" not in line):
        return line
    pieces, start = [], 0
    for colon in _COLON.finditer(line):
        window_start = max(start, colon.start() - 30)
        window = line[window_start : colon.end()]
        pieces.append(line[start:window_start])
        pieces.append(_SPACED_LABEL.sub(_unspace, window) if " " in window or "\u3000" in window else window)
        start = colon.end()
    pieces.append(line[start:])
    return "".join(pieces)


def _unspace(match: re.Match[str]) -> str:
    spaced = match.group(1)
    joined = re.sub(r"[ \u3000]+", "", spaced)
    single_characters = all(len(part) == 1 for part in spaced.split())
    return joined if single_characters or joined in _LABEL_FIELD else spaced


def find_labelled_values(lines: list[str]) -> list[LabelledValue]:
    """Every known label with its value, line by line; table rows are read cell by cell."""
    found: list[LabelledValue] = []
    for number, line in enumerate(lines):
        cells = line.split("\t")
        skip_next = False
        for position, cell in enumerate(cells):
            if skip_next:
                skip_next = False
                continue
            whole = _CELL_LABEL.fullmatch(cell.strip()) if len(cell) <= 60 else None
            if whole and len(cells) > position + 1:
                value = cells[position + 1].strip()
                if value and label_field(value) is None:
                    item = _labelled(whole, value, number)
                    found.extend([item] if item else [])
                    skip_next = True
                continue
            cell = unspace_labels(cell)
            found.extend(_in_cell(_ASIDE.sub("", cell) if "简称" in cell else cell, number))
    return found


def _in_cell(text: str, number: int) -> list[LabelledValue]:
    spaced = _spaced_pairs(text, number) if " " in text else []
    if "：" not in text and ":" not in text:
        return [v for _, v in spaced] + _sentences(text, number)
    matches = list(LABELLED.finditer(text))
    if not matches:
        return [v for _, v in spaced] + _sentences(text, number)
    stops = sorted(
        {m.start() for m in matches} | set(_other_labels(text)) | {m.start() for m in _INLINE_NUMBER.finditer(text)}
    )
    found: list[tuple[int, LabelledValue]] = []
    for match in matches:
        following = bisect.bisect_left(stops, match.end())
        end = stops[following] if following < len(stops) else len(text)
        value = text[match.end() : end].lstrip(_VALUE_TRIM_START).rstrip(_VALUE_TRIM)
        if not value:
            continue
        item = _labelled(match, value, number)
        found.extend([(match.start(), item)] if item else [])
    # Reading order decides among equals: a grid's 预算金额 before the items' own printed below it.
    ordered = sorted([*found, *spaced], key=lambda pair: pair[0])
    return [v for _, v in ordered] + _sentences(text, number)


def _spaced_pairs(text: str, number: int) -> list[tuple[int, LabelledValue]]:
    """A grid flattened into one line with spaces (``采购单位 浙江省体育局(本级) 采购项目名称 …``): a known label of
    a party or an amount, standing alone between spaces, and the word after it; with where it starts."""
    found = []
    for match in _SPACED_PAIR.finditer(text):
        label = fold_label(match.group("label"))
        field = _LABEL_FIELD.get(label)
        if field not in _SPACED_FIELDS or label_field(match.group("value")) is not None:
            continue
        found.append((match.start(), LabelledValue(field, label, match.group("value"), match.group("note"), number)))
    return found


def _other_labels(text: str) -> list[int]:
    """Where labels this module does not know start (``地址：`` after a space): a value ends there."""
    starts = []
    for colon in _COLON.finditer(text):
        end = colon.start()
        if text.startswith("//", colon.end()):
            continue
        while end > 0 and text[end - 1] in " \u3000":
            end -= 1
        begin = end
        while begin > 0 and end - begin < 12 and _LABEL_CHARACTER.match(text[begin - 1]):
            begin -= 1
        if end - begin >= 2 and (begin == 0 or text[begin - 1] in _BEFORE_LABEL):
            starts.append(begin)
    return starts


def _sentences(text: str, number: int) -> list[LabelledValue]:
    found = []
    if "名称）" in text and (first := _VALUE_THEN_LABEL.match(text)) is not None:
        found.append(LabelledValue("project_name", first.group("label"), first.group("value").strip(), None, number))
    if "为" not in text and "委托" not in text:
        return found
    found += [
        LabelledValue(_LABEL_FIELD[m.group("label")], m.group("label"), m.group("value").strip(), None, number)
        for m in _SENTENCE.finditer(text)
    ]
    if "委托" in text and (entrusted := _ENTRUSTED.search(text)) is not None:
        # The party a label names wins over these (their label ranks last).
        found += [
            LabelledValue("agency", "受托", entrusted.group("agency"), None, number),
            LabelledValue("buyer", "委托", entrusted.group("buyer"), None, number),
        ]
    return found + [
        LabelledValue("budget", m.group("label"), m.group("value"), None, number)
        for m in _BUDGET_SENTENCE.finditer(text)
    ]


_STARTS_WITH_CLOSER = re.compile(r"^(?:[、：:，,）)。；;]|/[^/\s]{2})")
#: ``中标金额：人民币`` or ``（￥`` at a line's end: the amount is on the next line.
_OPEN_MONEY = re.compile(r"(?:人民币|[￥¥]|RMB|小写|大写)[：:]?$")
_LABEL_PIECE = 12
_DECIMALS = re.compile(r"^[.．]\d")
_NUMBER_ONLY = re.compile(r"(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．])")
_PARTY_WORD_END = re.compile(r"(?:采购人|招标人|征集人|采购单位|建设单位|代理机构)$")
_SECTION_WORD = re.compile(r"^(?:信息|联系方式)(?:[（(]如有[）)])?[：:]?$")
#: ``建设单位`` then ``（或招标人）``, ``投标报价`` then ``(元）``: a heading's note on the next line.
_BRACKET_NOTE = re.compile(r"^[（(][^（）()]{1,10}[）)]$")
#: ``（项目编号：2023ACCGZ002`` broken before ``60）``: the code's rest on the next line, its bracket still open.
_OPEN_CODE = re.compile(r"[：:]\s*[0-9A-Za-z\-]{4,}$")
_CODE_REST = re.compile(r"^[0-9A-Za-z\-]{1,8}(?:$|[）)])")
_ENDS_WITH_DIGIT = re.compile(r"\d$")
_STARTS_WITH_UNIT = re.compile(r"^(?:[年月日时分秒号元%]|[（(]?(?:万元|亿元|元)[）)]?|万|亿)")
_ENDS_WITH_DATE_UNIT = re.compile(r"\d\s*[年月日时点]$")
_DATE_NUMBER = re.compile(r"^\d{1,4}(?:[年月日号时点分秒:：]|$)")
_ENDS_WITH_DATE = re.compile(r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d日|\d号)$")
_TIME_OF_DAY = re.compile(r"^(?:上午|下午)?\d{1,2}\s*[:：时点]")
_LABEL_AT_START = re.compile(rf"{_ENUMERATOR}(?:{_ALTERNATION}){_NOTE}\s*[：:]")


_LABEL_PREFIXES = {label[:n] for label in _LABEL_FIELD for n in range(2, len(label) + 1)}
_LEADING_ENUMERATOR = re.compile(_ENUMERATOR)


def _is_label_prefix(text: str) -> bool:
    return fold_label(_LEADING_ENUMERATOR.sub("", text, count=1)) in _LABEL_PREFIXES


def _is_label_fragment(text: str) -> bool:
    return len(text) <= 12 and "：" not in text and ":" not in text


def join_broken_lines(lines: list[str]) -> list[str]:
    """Mend lines broken inside a label, a date or a number (``1\\n、项目名称``, ``2026\\n年\\n3\\n月``)."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        joiner = _joiner(out[-1], line) if out and "\t" not in line and "\t" not in out[-1] else None
        if joiner is None:
            out.append(line)
        else:
            out[-1] = out[-1] + joiner + line
    return out


def _joiner(prev: str, line: str) -> str | None:
    """How ``line`` continues ``prev`` ("" or a space or a colon), or None when it starts a new line."""
    tail = prev[-16:]
    if _STARTS_WITH_CLOSER.match(line) or _OPEN_MONEY.search(tail):
        return ""
    if prev.endswith(("：", ":")) and not (len(line) <= _LABEL_PIECE and _is_label_prefix(line)):
        return ""  # the value under its label; a label broken over lines (中标人名 ⏎ 称) starts a line of its own
    if _ENDS_WITH_DIGIT.search(tail) and _DECIMALS.match(line):
        return ""
    if (
        _OPEN_CODE.search(tail)
        and _CODE_REST.match(line)
        and prev.count("（") + prev.count("(") > prev.count("）") + prev.count(")")
    ):
        return ""
    if _ENDS_WITH_DIGIT.search(tail) and _STARTS_WITH_UNIT.match(line):
        return ""
    if _ENDS_WITH_DATE.search(tail) and _TIME_OF_DAY.match(line):
        return " "
    if _ENDS_WITH_DATE_UNIT.search(tail) and _DATE_NUMBER.match(line):
        return ""
    if _NUMBER_ONLY.fullmatch(prev) or (_PARTY_WORD_END.search(tail) and _SECTION_WORD.match(line)):
        return ""  # 1. ⏎ 征集人 ⏎ 信息: one heading
    if not _is_label_fragment(prev):
        return None
    if _BRACKET_NOTE.match(line):
        return ""
    line_has_colon = ":" in line or "：" in line
    if not line_has_colon and _is_label_prefix(prev + line):
        return ""
    if not _LABEL_AT_START.match(line) and _LABEL_AT_START.match(unspace_labels(prev + line)):
        return ""
    if _CELL_LABEL.fullmatch(prev) and label_field(line) is None and not _LABEL_AT_START.match(line):
        return "："
    return None
