"""Regions of China by GB/T 2260 code: provinces, prefecture-level cities, 自治州, 地区 and 盟.

The table ships as ``data/regions.tsv`` (code<TAB>name). A code is six digits; its first two are the province,
the next two the prefecture; a region is also named by its code with trailing ``00`` pairs removed, so the prefix
``31`` is all of Shanghai and ``3301`` all of Hangzhou. Names are matched in full (``浙江省``, ``湘西土家族苗族自治州``)
and short (``浙江``, ``内蒙古``, ``广西``, ``湘西``, ``湘西州``, ``杭州``); a province keeps a short
name it shares with a city (``吉林`` is the province, ``吉林市`` the city).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "林区",
    "省",
    "市",
    "县",
)
_ETHNIC = (
    "土家族",
    "苗族",
    "朝鲜族",
    "藏族",
    "羌族",
    "彝族",
    "布依族",
    "侗族",
    "哈尼族",
    "壮族",
    "傣族",
    "白族",
    "景颇族",
    "傈僳族",
    "回族",
    "蒙古族",
    "蒙古",
    "柯尔克孜",
    "哈萨克",
    "黎族",
)
# A short city name counts in free text only before one of these words: 中山 is a city in 中山公共资源交易中心
# but a street in 中山路.
_AFTER_SHORT_CITY = (
    "公共资源",
    "交易",
    "政府",
    "招标",
    "采购",
    "人民",
    "市场",
    "住房",
    "财政",
    "发展",
    "自然资源",
    "中心",
)


def _load() -> dict[str, str]:
    text = resources.files("ggzy.normalize").joinpath("data/regions.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            table[code] = name
    return table


#: Every region in the table, code → full name.
REGIONS: dict[str, str] = _load()
#: The provinces (and municipalities, autonomous regions, SARs), code → full name.
PROVINCES: dict[str, str] = {code: name for code, name in REGIONS.items() if code.endswith("0000")}


def short_name(name: str) -> str:
    """The name without its administrative suffix: 浙江省 → 浙江, 湘西土家族苗族自治州 → 湘西, 兴安盟 → 兴安."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    else:
        if name.endswith("盟") and len(name) > 2:
            name = name[:-1]
    stripped = True
    while stripped:
        stripped = False
        for ethnic in _ETHNIC:
            if name.endswith(ethnic) and len(name) - len(ethnic) >= 2:
                name, stripped = name[: -len(ethnic)], True
    return name


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(full name → code, short name → code); provinces claim a shared short name first."""
    full = {name: code for code, name in REGIONS.items()}
    # An autonomous prefecture is usually called by its place name + 州: 恩施州, 湘西州, 黔东南州.
    full |= {short_name(name) + "州": code for code, name in REGIONS.items() if name.endswith("自治州")}
    short: dict[str, str] = {}
    for code, name in sorted(REGIONS.items(), key=lambda item: (not item[0].endswith("0000"), item[0])):
        short.setdefault(short_name(name), code)
    short["兵团"] = "660000"
    return full, short


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def code_for_name(name: str | None) -> str | None:
    """The code of a full or short name: 浙江省/浙江 → 330000, 杭州市/杭州 → 330100; None when unknown."""
    key = _fold(name or "")
    full, short = _names()
    return full.get(key) or short.get(key)


def name_for_code(code: str | None) -> str | None:
    """The full name of a code in the table (330100 → 杭州市), or None."""
    return REGIONS.get(code or "")


def province_code(code: str) -> str:
    """The province of any code: its first two digits + ``0000``."""
    return code[:2] + "0000"


def region_prefix(code: str) -> str:
    """The code without trailing ``00`` pairs: 310000 → 31, 330100 → 3301, 330102 → 330102."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def in_region(code: str | None, prefix: str) -> bool:
    """True when ``code`` lies in the region ``prefix`` names (``31``, ``310000``, ``3301`` or ``330100``)."""
    return bool(code) and str(code).startswith(region_prefix(prefix))


@cache
def counties() -> dict[str, str]:
    """County-level divisions (``data/counties.tsv``), code → name: only for listing and naming, never for
    reading names in text (``find_region``)."""
    text = resources.files("ggzy.normalize").joinpath("data/counties.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))


def subdivisions(prefix: str) -> list[tuple[str, str]]:
    """The regions one level inside ``prefix``, as ``(prefix, name)`` sorted by code: a province's cities (and
    the county-level divisions it governs directly), a city's counties. A municipality lists its districts."""
    prefix = region_prefix(prefix.ljust(6, "0")) if prefix.isdigit() else ""
    if len(prefix) == 2:
        found = [
            (code[:4], name)
            for code, name in REGIONS.items()
            if code.startswith(prefix) and code[2:4] not in ("00", "90") and code.endswith("00")
        ]
        direct = {**counties(), **REGIONS}
        found += [(code, name) for code, name in direct.items() if code.startswith(prefix + "90")]
        if not found:
            found = [(code, name) for code, name in counties().items() if code.startswith(prefix)]
        return sorted(set(found))
    if len(prefix) == 4:
        return sorted((code, name) for code, name in counties().items() if code.startswith(prefix))
    return []


@lru_cache(maxsize=4096)  # a few thousand regions, asked for once per notice by the exports
def describe(code: str | None) -> str | None:
    """The one way a region is labelled for readers: its province, city and county names as far as the table
    knows them, for a code or a prefix (``33`` → 浙江省, ``370783`` → 山东省潍坊市, ``429004`` → 湖北省仙桃市);
    None when the code is not a region."""
    if not code or not code.isdigit() or len(code) > 6 or len(code) % 2:
        return None
    code = code.ljust(6, "0")
    province = REGIONS.get(province_code(code))
    if province is None:
        return None
    names = [province]
    for part in (code[:4] + "00", code):
        name = REGIONS.get(part) or (counties().get(part) if part[4:] != "00" else None)
        if name and name not in names:
            names.append(name)
    return "".join(names)


@cache
def _pattern() -> re.Pattern[str]:
    full, short = _names()
    words = set(full) | set(short)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def find_region(text: str | None) -> str | None:
    """The region a text names, the most specific found: 湖州市公共资源交易网 → 330500, 湖南省… → 430000.

    Names are read left to right, longest first; a city inside a province named in the same text is preferred,
    then any city, then the first province.
    """
    folded = _fold(text or "")
    full, short = _names()
    provinces: list[str] = []
    cities: list[str] = []
    for match in _pattern().finditer(folded):
        word = match.group(0)
        code = full.get(word) or short[word]
        is_province = code.endswith("0000")
        alone = match.start() == 0 and match.end() == len(folded)
        if word not in full and not is_province and not alone and not folded.startswith(_AFTER_SHORT_CITY, match.end()):
            continue
        (provinces if is_province else cities).append(code)
    for city in cities:
        if province_code(city) in provinces:
            return city
    if cities:
        return cities[0]
    return provinces[0] if provinces else None
