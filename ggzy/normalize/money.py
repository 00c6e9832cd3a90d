"""Amounts of money as printed by trading centres, to yuan as an exact ``Decimal``.

Handles ``480.000000（万元）``, ``￥1,234.50元``, ``12.5万元``, ``3亿元``,
``人民币壹佰贰拾万元整`` (大写, with 角 and 分), a bare ``1234.5`` with a unit hint
taken from a table heading (``投标报价（万元）``), and line breaks inside labels and
numbers (``中标价\\n：\\n18791886.00元``). Rates and discounts (``下浮率5%``,
``费率0.8%``, ``95折``) are not amounts: None, and neither is a unit price (``350元/工日``, ``438元/吨``; a
price per year, ``12万元/年``, is kept). A printed zero (``0元 人民币``) is None
too: centres print 0 when the figure is omitted, so it is an unknown amount, not a
free contract. Amounts in a foreign currency (``万美元``) are None: they are not yuan.
All arithmetic is ``Decimal``; no float is ever involved.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation, localcontext

from ggzy.normalize import NormalizeError

#: Multipliers of the units a centre prints, to yuan.
UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# Wide enough that no printed number is rounded; a sum of 10^15 yuan or more is not money but a code.
_EXACT = Context(prec=60)
_TOO_LARGE = Decimal(10) ** 15
_FOREIGN = ("美元", "美金", "港元", "港币", "欧元", "日元", "英镑", "澳门元", "澳元")
_RATE_LABELS = ("费率", "下浮率", "下浮", "折扣", "优惠率", "让利", "上浮率", "比例", "百分比")
_SPACE = re.compile(r"\s+")
_FOREIGN_AFTER = "|".join(_FOREIGN)
_NUMBER = re.compile(
    r"(?P<sign>[¥￥]|RMB|CNY)?:?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"\(?(?P<unit>(?:亿|万|千)?(?:{_FOREIGN_AFTER})|(?:亿|万|千)元?|元|%|‰|折|倍|年|月|日|个|天|人|号|期|标段|包)?"
)
_PER_UNIT = re.compile(r"\)?/(?!年|每年)")
_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖〇一二三四五六七八九两"
_CAPITAL = re.compile(
    rf"[{_CAPITAL_DIGITS}拾佰仟万亿十百千]+[元圆](?:[零〇]?[{_CAPITAL_DIGITS}]角)?(?:[零〇]?[{_CAPITAL_DIGITS}]分)?"
)
_CAPITAL_CENTS = re.compile(rf"(?=.)(?:[零〇]?[{_CAPITAL_DIGITS}]角)?(?:[零〇]?[{_CAPITAL_DIGITS}]分)?")
_UNIT_IN_HEADING = re.compile(r"(?:\(|单位[:：]?|/)(?:人民币)?(亿元|万元|千元|元)")
_ANY_UNIT = re.compile(r"(亿元|万元|千元|元)")


def _fold(text: str) -> str:
    """Full-width folded (NFKC: ￥→¥, （→(, ：→:) and every whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def amount_unit(text: str | None) -> str | None:
    """The unit a heading or label announces: ``投标报价（万元）`` → ``"万元"``, ``金额(元)`` → ``"元"``, else None."""
    if not text:
        return None
    folded = _fold(text)
    match = _UNIT_IN_HEADING.search(folded) or _ANY_UNIT.search(folded)
    return match.group(1) if match else None


def parse_amount(text: str | None, unit: str | None = None) -> Decimal | None:
    """The amount in yuan, or None when the text holds no amount (a rate, a discount, a zero, nothing).

    ``unit`` is a hint for a bare number: ``"万元"``, ``"元"``, ``"亿元"``, or a whole heading such as
    ``"投标报价（万元）"``. A unit printed beside the number wins over the hint, and so does a unit in the
    number's own label (``投标报价（万元）：123.4``).
    """
    if not text:
        return None
    folded = _fold(text)
    hint = UNITS.get(amount_unit(unit) or "元", Decimal(1)) if unit else Decimal(1)
    bare: tuple[str, Decimal] | None = None
    rate_label = any(label in folded for label in _RATE_LABELS)
    for match in _NUMBER.finditer(folded):
        number = match.group("number").replace(",", "")
        suffix = match.group("unit") or ""
        if suffix in ("%", "‰", "折", "倍") or suffix.endswith(_FOREIGN):
            if match.start() == _first_number_start(folded):
                return None
            continue
        if suffix in ("年", "月", "日", "个", "天", "人", "号", "期", "标段", "包"):
            continue
        if suffix and _PER_UNIT.match(folded, match.end()):
            # A unit price (元/工日, 元/吨, 元/人/月) is not an amount; a per-year price is kept as printed.
            return None
        if suffix:
            return _yuan(_times(number, _unit_multiplier(suffix)))
        labels = _UNIT_IN_HEADING.findall(folded[: match.start()])
        multiplier = UNITS[labels[-1]] if labels else hint
        if match.group("sign"):
            return _yuan(_times(number, multiplier))
        if bare is None and not _is_part_of_code(folded, match):
            bare = (number, multiplier)
    capital = _parse_capital(folded)
    if capital is not None:
        return _yuan(capital)
    if bare is None or rate_label:
        return None
    return _yuan(_times(*bare))


def _times(number: str, multiplier: Decimal) -> Decimal:
    """The product, exact: the context is wide enough for any printed number."""
    with localcontext(_EXACT):
        return Decimal(number) * multiplier


def _first_number_start(folded: str) -> int:
    match = re.search(r"\d", folded)
    return match.start() if match else -1


def _is_part_of_code(folded: str, match: re.Match[str]) -> bool:
    """A number glued to letters or a hyphen (a project code, a date) is not an amount."""
    before = folded[match.start() - 1] if match.start() > 0 else ""
    after = folded[match.end()] if match.end() < len(folded) else ""
    return bool(re.match(r"[A-Za-z\-/_]", before) or re.match(r"[A-Za-z\-/_]", after))


def _unit_multiplier(suffix: str) -> Decimal:
    unit = suffix if suffix.endswith("元") else suffix + "元"
    return UNITS[unit]


def _yuan(amount: Decimal) -> Decimal | None:
    """Zero is an omitted figure (None), and so is a sum too large to be money (a code printed bare);
    otherwise the amount without trailing zeros or exponent."""
    if amount == 0 or amount >= _TOO_LARGE:
        return None
    with localcontext(_EXACT):
        if amount == amount.to_integral_value():
            return amount.quantize(Decimal(1))
        return amount.normalize()


def _parse_capital(folded: str) -> Decimal | None:
    """A 大写 amount such as ``壹佰贰拾万元整`` or ``壹仟贰佰叁拾肆元伍角陆分``; cn2an reads the whole yuan."""
    match = _CAPITAL.search(folded)
    if match is None:
        cents = _CAPITAL_CENTS.fullmatch(folded.removeprefix("人民币").removesuffix("整"))
        return _capital_cents(cents.group(0)) if cents else None
    printed = match.group(0)
    yuan_part, _, fraction = re.split(r"([元圆])", printed, maxsplit=1)
    import cn2an  # imported here: loading it takes a quarter of a second, and most amounts are in digits

    try:
        whole = cn2an.cn2an(yuan_part, "smart")
    except (ValueError, KeyError):
        return None
    if not isinstance(whole, int):
        return None
    return Decimal(whole) + _capital_cents(fraction)


def _capital_cents(fraction: str) -> Decimal:
    total = Decimal(0)
    for digit, place in re.findall(rf"([{_CAPITAL_DIGITS}])([角分])", fraction):
        value = Decimal(_digit_value(digit))
        total += value / 10 if place == "角" else value / 100
    return total


def _digit_value(char: str) -> int:
    for digits in ("零壹贰叁肆伍陆柒捌玖", "〇一二三四五六七八九"):
        if char in digits:
            return digits.index(char)
    return 2 if char == "两" else 0


def format_capital(amount: Decimal) -> str:
    """An amount in yuan written in 大写, as on a contract: ``Decimal("1234.5")`` → ``壹仟贰佰叁拾肆元伍角``."""
    import cn2an

    try:
        text: str = cn2an.an2cn(str(amount.quantize(Decimal("0.01"))), "rmb")
    except (ValueError, InvalidOperation) as error:
        raise NormalizeError(f"cannot write {amount} in 大写") from error
    return text


_TYPED = re.compile(r"[¥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:千|万|亿)?元?")


def parse_typed_amount(text: str) -> Decimal | None:
    """An amount a reader typed in a search form (``1000000``, ``1,000,000``, ``100万``, ``1.5亿``, ``￥2,000元``,
    ``0``), in yuan; None for anything else (``1.000.000``, ``5%``, ``abc``), which is refused rather than misread.
    The whole text must be one amount; ``parse_amount`` does the reading."""
    folded = _fold(text)
    if not _TYPED.fullmatch(folded):
        return None
    if re.fullmatch(r"[¥]?0+(?:\.0+)?(?:千|万|亿)?元?", folded):
        return Decimal(0)
    return parse_amount(folded)


_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


def short_text(amount: Decimal | None) -> str:
    """An amount as lists show it: ``1.50 亿元``, ``123.46 万元`` or ``980.00 元``; ``—`` when unknown."""
    if amount is None:
        return "—"
    if abs(amount) >= _YI:
        return f"{amount / _YI:,.2f} 亿元"
    if abs(amount) >= _WAN:
        return f"{amount / _WAN:,.2f} 万元"
    return f"{amount:,.2f} 元"
