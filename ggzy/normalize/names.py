"""Names of organisations and people: a display form and a matching key.

``clean_name`` is what a page shows: trimmed, whitespace collapsed, a line break inside a Chinese name removed.
``name_key`` is only for matching two printings of the same name: full-width and half-width brackets,
letters and digits folded, every space removed. The key never replaces the displayed name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}()（）])\s+|\s+(?=[{_CJK}()（）])")
_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]", "﹙": "(", "﹚": ")"})


def clean_name(name: str | None) -> str:
    """The display form: trimmed, runs of whitespace collapsed to one space, none beside a Chinese character."""
    if not name:
        return ""
    text = _INVISIBLE.sub("", name).replace("\u3000", " ")
    text = _SPACE_BETWEEN_CJK.sub("", text.strip())
    return _SPACE.sub(" ", text)


def name_key(name: str | None) -> str:
    """The matching key: full-width folded (（）→(), Ａ→A, ９→9), brackets unified, every space removed."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name)).translate(_BRACKETS)
    return _SPACE.sub("", folded)


# An organisation's name holds one of these words (公司, 集团, 中心 …) or ends in one of these characters (局, 院,
# 校 …, perhaps followed by a bracketed note or 本级); a person's name, a column heading (供应商地址, 人员类别), a
# field label or a role word (中标人, 采购人) does neither.
_ORGANISATION_WORD = re.compile(
    r"公司|集团|有限|股份|合伙|企业|中心|学校|大学|学院|中学|小学|幼儿园|医院|委员会|事务所|合作社|联合体|办公室|办事处|"
    r"政府|银行|分行|支行|协会|学会|商会|基金会|研究所|研究院|设计院|管理处|管理局|管理站|工作站|服务站|门市部|经营部|"
    r"工作室|个体|诊所|药房|农场|林场|监狱|基地|(?i:\bco\b|\bltd|\bllc|\binc\b|gmbh|\bcorp)"
)
_ORGANISATION_END = re.compile(
    r"[局院委厅所站馆社队处部园场厂店行会室团台署科校庭司组坊铺庄军]"
    r"(?:本级|本部|机关|行政|本级行政)?(?:[（(][^（）()]{1,30}[）)])?$"
)
_ROLE_START = re.compile(r"^(?:第[一二三四五六七八九十\d]+名?)?(?:中标|成交)?(?:候选人|供应商|投标人|中标人)")
# Words a table or a form prints where a name belongs, and role words: never a party, even with a suffix.
_NOT_ORGANISATION = re.compile(
    r"^(?:联合体|本公司|该公司|我公司|贵公司|公司|单位|本单位|中心|采购中心|代理公司|招标代理公司|有限公司|"
    r"(?:中标|成交|拟中标|投标|响应)?(?:供应商|人|单位|企业|公司)(?:名称|地址)?|"
    r"(?:采购|招标|代理|建设|项目|业主)(?:人|单位|机构|方)(?:名称|信息|代表|盖章)?|"
    r"联合体(?:牵头人|成员|各方|协议)|(?:牵头人|成员)(?:单位)?|项目经理部?|法定代表人|委托代理人)$"
)
_SENTENCE_PUNCTUATION = re.compile(r"[。；;！？:：]")
_LONGEST_NAME = 80
#: Members of a joint venture (联合体) in one cell: ``甲公司、乙公司联合体``, ``联合体：甲公司（牵头人）、乙公司``.
_MEMBER_SEPARATOR = re.compile(r"\s*(?:、|；|;|/|，|,|\s和\s?|(?<=[司院所心局）)])和|(?<=[司院所心局）)])与)\s*")
_JOINT_VENTURE = re.compile(
    r"^(?:联合体\s*[：:]?\s*)|(?:组成)?的?联合体$|[（(]联合体[）)]|"
    r"[（(]?(?:联合体)?(?:牵头人|牵头方|成员|主办方|成员方)[）)]?"
)


@functools.lru_cache(maxsize=8192)
def organisation_name(text: str | None) -> str | None:
    """``text`` as an organisation's name (display form), or None when it reads as something else: a column
    heading, a field label, a role word, a sentence. Rejects rather than guesses: a name without any of the
    words an organisation's name is built from (公司, 局, 院, 中心, 学校, 委员会, 事务所, 合作社 …) is None."""
    name = clean_name(text)
    if not 2 <= len(name) <= _LONGEST_NAME or _SENTENCE_PUNCTUATION.search(name):
        return None
    if _NOT_ORGANISATION.match(name) or _ROLE_START.match(name):
        return None
    if not _ORGANISATION_WORD.search(name) and not _ORGANISATION_END.search(name):
        return None
    return name


def joint_venture_members(text: str | None) -> list[str]:
    """The members of a joint venture printed as one name (``甲公司、乙公司联合体`` → both), each a valid
    organisation name; ``[text]`` when it names one organisation; ``[]`` when it names none."""
    name = clean_name(text)
    if not name:
        return []
    if "联合体" not in name and not _MEMBER_SEPARATOR.search(name):
        single = organisation_name(name)
        return [single] if single else []
    parts = [p for p in _MEMBER_SEPARATOR.split(_JOINT_VENTURE.sub("", name)) if p]
    members = [organisation_name(_JOINT_VENTURE.sub("", part)) for part in parts]
    if all(members):
        return [m for m in members if m]
    single = organisation_name(name)
    return [single] if single else []
