"""What a notice announces (Kind) and which trading business it belongs to (Category).

From a title's words, from the national platform's ``informationType`` codes and labels, from Hunan's
``bulletinType`` names, and from ``businessType`` labels. A title's words are specific ("中标候选人公示" inside a
"交易结果公示" listing); ``kind_for_notice`` lets them refine the centre's own type field.
"""

from __future__ import annotations

import re
import unicodedata

from ggzy.model import Category, Kind

# Checked in order: the first rule with a matching word decides. Specific before general: a correction of a
# tender is a correction, a candidates notice mentions 中标, an award notice is often published by a 招标 agency.
_TITLE_RULES: list[tuple[Kind, tuple[str, ...]]] = [
    (Kind.PENALTY, ("行政处罚", "处罚决定", "不良行为", "失信", "违法违规", "黑名单", "信用惩戒")),
    # 变更, 延期 and 修改 alone are often part of a project's name (国土变更调查): only as a notice's own words.
    (
        Kind.CORRECTION,
        (
            "更正",
            "澄清",
            "补遗",
            "补充公告",
            "补充通知",
            "答疑",
            "变更公告",
            "变更通知",
            "变更事项",
            "变更说明",
            "变更的公告",
            "变更公示",
            "延期公告",
            "延期通知",
            "延期开标",
            "延期的公告",
            "修改公告",
            "修改通知",
            "修改招标",
            "修改采购",
            "修改磋商",
        ),
    ),
    (Kind.TERMINATION, ("终止", "废标", "流标", "失败", "中止", "暂停", "取消")),
    # The list of applicants who passed prequalification announces neither candidates nor an award.
    (Kind.OTHER, ("资格预审结果", "资格审查结果", "预审结果", "资审结果")),
    # A plan or an intention announces a procurement to come, not a tender.
    (Kind.OTHER, ("招标计划", "采购意向", "招标意向", "采购计划公告", "需求公示", "意见征询")),
    (Kind.OPENING, ("开标记录", "开标结果", "开标情况", "开标一览")),
    (Kind.CANDIDATES, ("候选人", "候选供应商", "评标结果", "评审结果", "比选结果公示", "入围公示")),
    # 合同能源管理 and 合同段 are not contracts: only a contract notice's own words, or 合同 ending the title.
    (Kind.CONTRACT, ("合同公告", "合同公示", "采购合同", "合同签订", "签约公告", "合同备案", "合同信息")),
    (
        Kind.AWARD,
        (
            "中标公告",
            "中标结果",
            "中标(成交)",
            "成交公告",
            "成交结果",
            "结果公示",
            "结果公告",
            "交易结果",
            "成交公示",
            "中选",
            "出让结果",
            "成交宗地",
            "成交确认",
            "中标通知",
            "入围结果",
        ),
    ),
    (
        Kind.TENDER,
        (
            "招标公告",
            "采购公告",
            "资格预审",
            "竞争性磋商",
            "竞争性谈判",
            "磋商公告",
            "谈判公告",
            "询价",
            "单一来源",
            "公开招标",
            "邀请招标",
            "招标",
            "比选",
            "遴选",
            "出让公告",
            "挂牌",
            "拍卖",
            "交易公告",
            "招租",
            "转让公告",
            "出让公示",
        ),
    ),
]
# 合同包 and 合同段 name a lot (标段) of a tender, not a contract.
_LOT_WORDS = re.compile(r"合同[包段]")
_CONTRACT_TITLE = re.compile(r"合同(?:[（(][^）)]*[）)])?$")

#: The national platform's informationType codes (全国公共资源交易平台 交易公开 list) and their labels.
INFORMATION_TYPES: dict[str, tuple[str, Kind]] = {
    "0001": ("交易公告", Kind.TENDER),
    "0002": ("成交公示", Kind.AWARD),
    "0101": ("招标/资审公告", Kind.TENDER),
    "0102": ("开标记录", Kind.OPENING),
    "0104": ("交易结果公示", Kind.AWARD),
    "0105": ("招标/资审文件澄清", Kind.CORRECTION),
    "0201": ("采购/资审公告", Kind.TENDER),
    "0202": ("中标公告", Kind.AWARD),
    "0203": ("采购合同", Kind.CONTRACT),
    "0204": ("更正事项", Kind.CORRECTION),
    "0301": ("出让公示", Kind.TENDER),
    "0302": ("成交宗地", Kind.AWARD),
    "0401": ("出让公告", Kind.TENDER),
    "0402": ("出让结果", Kind.AWARD),
    "0403": ("公开信息", Kind.OTHER),
    "0404": ("登记公告信息", Kind.OTHER),
    "0501": ("挂牌披露", Kind.TENDER),
    "0502": ("交易结果", Kind.AWARD),
    "2101": ("出售公告", Kind.TENDER),
    "2102": ("结果公示", Kind.AWARD),
    "2201": ("交易公告", Kind.TENDER),
    "2202": ("结果公示", Kind.AWARD),
    "2302": ("交易公告", Kind.TENDER),
    "2303": ("交易目录", Kind.OTHER),
    "2304": ("变更公告", Kind.CORRECTION),
    "2402": ("交易公告", Kind.TENDER),
    "2403": ("交易目录", Kind.OTHER),
    "2404": ("变更公告", Kind.CORRECTION),
    "2501": ("信息披露", Kind.TENDER),
    "2502": ("成交公告", Kind.AWARD),
    "9001": ("交易公告", Kind.TENDER),
    "9002": ("成交公示", Kind.AWARD),
}

# Hunan's bulletinType names are pinyin words joined by "_" (ZHAOBIAO_NOTICE); each word's meaning, in the
# same order of precedence as the title rules.
_BULLETIN_WORDS: list[tuple[Kind, tuple[str, ...]]] = [
    (Kind.PENALTY, ("CHUFA", "BULIANG", "SHIXIN")),
    (Kind.CORRECTION, ("BIANGENG", "GENGZHENG", "CHENGQING", "BUYI", "DAYI", "BUCHONG", "CORRECTION", "CHANGE")),
    (Kind.TERMINATION, ("ZHONGZHI", "FEIBIAO", "LIUBIAO", "SHIBAI", "TERMINATION")),
    (Kind.OPENING, ("KAIBIAO", "OPENING")),
    (Kind.CANDIDATES, ("HOUXUANREN", "HXR", "HOUXUAN", "PINGBIAO", "CANDIDATE")),
    (Kind.CONTRACT, ("HETONG", "CONTRACT")),
    (Kind.AWARD, ("ZHONGBIAO", "CHENGJIAO", "JIEGUO", "RESULT", "AWARD")),
    (Kind.TENDER, ("ZHAOBIAO", "ZIGEYUSHEN", "ZIGE", "YUSHEN", "CAIGOU", "TENDER")),
]

#: businessType labels and codes of the national platform (and the usual wording of provincial centres).
BUSINESS_TYPES: dict[str, Category] = {
    "工程建设": Category.ENGINEERING,
    "建设工程": Category.ENGINEERING,
    "政府采购": Category.PROCUREMENT,
    "土地使用权": Category.LAND,
    "土地矿业": Category.LAND,
    "土地出让": Category.LAND,
    "矿业权": Category.MINING,
    "国有产权": Category.PROPERTY,
    "产权交易": Category.PROPERTY,
    "其他": Category.OTHER,
    "01": Category.ENGINEERING,
    "02": Category.PROCUREMENT,
    "03": Category.LAND,
    "04": Category.MINING,
    "05": Category.PROPERTY,
    "90": Category.OTHER,
}

_CATEGORY_WORDS: list[tuple[Category, tuple[str, ...]]] = [
    (Category.MINING, ("采矿权", "探矿权", "矿业权")),
    (Category.LAND, ("国有建设用地", "土地使用权", "宗地", "土地出让", "地块")),
    (Category.PROPERTY, ("产权", "股权", "转让", "招租", "拍卖")),
    (Category.ENGINEERING, ("施工", "监理", "勘察", "EPC", "总承包", "工程建设", "建设工程", "招标投标")),
    (Category.PROCUREMENT, ("政府采购", "采购", "磋商", "询价", "谈判", "单一来源", "供应商")),
    (Category.ENGINEERING, ("工程", "设计")),
]


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def kind_from_title(title: str) -> Kind:
    """The kind a title's words name: 中标候选人公示 → candidates, 更正公告 → correction, …; OTHER when none."""
    return _title_rule(title) or Kind.OTHER


def _title_rule(title: str) -> Kind | None:
    """The kind of the first rule whose words the title has, or None when no rule matches."""
    # 维修改造 and 装修改造 (renovation) hold 修改 (amend) by accident: read them as 改造.
    folded = _LOT_WORDS.sub("", _fold(title)).replace("修改造", "改造")
    for kind, words in _TITLE_RULES:
        if kind is Kind.AWARD and _CONTRACT_TITLE.search(folded):
            return Kind.CONTRACT
        if any(word in folded for word in words):
            return kind
    return None


def kind_from_information_type(code_or_label: str | None) -> Kind:
    """The kind of a centre's own type field: a platform code (``0202``), its label (``中标公告``) or a Hunan
    bulletinType (``ZHAOBIAO_NOTICE``); OTHER when unknown."""
    value = _fold(code_or_label or "")
    if not value:
        return Kind.OTHER
    if value in INFORMATION_TYPES:
        return INFORMATION_TYPES[value][1]
    for label, kind in INFORMATION_TYPES.values():
        if value == label:
            return kind
    if re.fullmatch(r"[A-Za-z_]+", value):
        return _kind_from_bulletin_type(value)
    return kind_from_title(value)


def _kind_from_bulletin_type(name: str) -> Kind:
    words = name.upper().split("_")
    for kind, known in _BULLETIN_WORDS:
        if any(word in known for word in words):
            return kind
    return Kind.OTHER


def kind_for_notice(title: str, information_type: str | None = None) -> Kind:
    """The kind of a notice: the title's words when a rule matches them, else the centre's type field."""
    from_title = _title_rule(title)
    return from_title if from_title is not None else kind_from_information_type(information_type)


def category_from_business_type(text: str | None) -> Category:
    """The category of a businessType label or code (工程建设 → engineering, 土地矿业 → land); OTHER when unknown."""
    value = _fold(text or "")
    if value in BUSINESS_TYPES:
        return BUSINESS_TYPES[value]
    for label, category in BUSINESS_TYPES.items():
        if not label.isdigit() and label in value:
            return category
    return Category.OTHER


def category_from_text(text: str | None) -> Category:
    """A best guess at the category from a title or body: 施工 → engineering, 采购 → procurement, …"""
    folded = _fold(text or "")
    for category, words in _CATEGORY_WORDS:
        if any(word in folded for word in words):
            return category
    return Category.OTHER


#: How much of a body's beginning says what it is (its heading and first sentences).
_HEAD = 300
#: A body that says the procedure failed or ended: 流标, 废标, 终止, 采购失败 as a statement or a heading, not the
#: empty 废标结果 section of an award notice.
_TERMINATED = re.compile(
    r"(?:终止|废标|流标|失败|中止)(?:公告|公示|的原因|原因|理由)|"
    r"(?:本项目|本次|该项目|本标段|本包|项目|采购|招标|本次招标|本次采购)[^。；;\n]{0,8}"
    r"(?:予以废标|作废标处理|作流标处理|流标|废标|终止|失败)(?:[。，,；;\n]|$)|"
    r"(?:终止|中止|取消)(?:本次|本项目|该项目)?的?(?:招标|采购|交易)(?:活动|程序)?(?:[。，,；;\n]|$)"
)
#: A body that announces ranked candidates rather than a decided winner.
_CANDIDATES_HEAD = re.compile(r"候选人(?:的)?公示|评标结果公示|评审结果公示|中标候选人排序|候选人名单")
_RANKED = re.compile(r"第[一1](?:名|中标候选人|成交候选人|候选人)")
_DECIDED = re.compile(
    r"(?:确定|确认|定为|推荐)[^。；\n]{0,20}(?:中标人|成交人|中标供应商|成交供应商)|中标人[：:为]|成交供应商[：:]"
)
#: What only a tender asks of bidders: a body whose beginning names no kind and says this is a tender.
_TENDER_ONLY = re.compile(
    r"投标截止时间|递交投标文件|投标文件递交|获取招标文件|招标文件的获取|投标人资格要求|投标人须知"
)
#: Words of a body's beginning, in the same order of precedence as the title rules.
_BODY_RULES: list[tuple[Kind, tuple[str, ...]]] = [
    (Kind.OTHER, ("招标计划", "采购意向", "招标意向", "预计招标时间", "预计采购时间")),
    (
        Kind.CORRECTION,
        (
            "更正公告",
            "澄清公告",
            "变更公告",
            "答疑",
            "补遗",
            "更正事项",
            "更正内容",
            "澄清内容",
            "澄清文件",
            "变更内容",
        ),
    ),
    (Kind.CANDIDATES, ("候选人公示", "中标候选人", "评标结果公示", "评审结果公示")),
    (Kind.CONTRACT, ("合同公告", "合同金额", "合同签署", "合同签订")),
    (
        Kind.AWARD,
        (
            "中标结果",
            "成交结果",
            "中标公告",
            "成交公告",
            "中标(成交)信息",
            "中标人",
            "中标供应商",
            "成交供应商",
            "成交日期",
            "交易价格",
        ),
    ),
    (Kind.TENDER, ("招标公告", "采购公告", "磋商公告", "询价公告", "投标截止", "获取招标文件", "获取采购文件")),
]


def kind_from_text(title: str, text: str, stated: Kind | None = None, *, has_winners: bool = False) -> Kind:
    """The kind of a notice from its title, the centre's stated kind and its body.

    The title's words decide first, then the centre's stated kind; the body decides where both are silent
    (a title without a kind word) and corrects a result notice's: a 结果公告 whose body says 流标/废标/终止 and
    names no winner is a termination; a 结果公示 whose body announces 中标候选人 without a decided winner is
    candidates.
    """
    kind = _title_rule(title)
    if kind is None and stated is not None and stated is not Kind.OTHER:
        kind = stated
    if kind in (Kind.PENALTY, Kind.CORRECTION, Kind.TERMINATION, Kind.CONTRACT, Kind.OPENING, Kind.CANDIDATES):
        return kind
    if kind not in (None, Kind.AWARD, Kind.OTHER):
        return kind
    head = _fold(text[: _HEAD * 2].replace("&nbsp;", ""))[:_HEAD]
    if kind is Kind.AWARD:
        # The whole body is searched as printed: folding all of it would cost more than the rest of extraction.
        if not has_winners and _TERMINATED.search(text):
            return Kind.TERMINATION
        ranked = not has_winners and _RANKED.search(text) is not None and not _DECIDED.search(text)
        if _CANDIDATES_HEAD.search(head) or ranked:
            return Kind.CANDIDATES
    if kind is None:
        # The first kind word the body's beginning prints decides (a page's tabs list every kind after it).
        if not has_winners and _TERMINATED.search(head):
            return Kind.TERMINATION
        found = [(head.find(word), rule_kind) for rule_kind, words in _BODY_RULES for word in words if word in head]
        if found:
            return min(found, key=lambda item: item[0])[1]
        if _TENDER_ONLY.search(text):
            return Kind.TENDER
    return kind or Kind.OTHER
