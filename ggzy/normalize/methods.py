"""The procurement method (采购方式/招标方式) a notice's procurement uses, read from its title, then its body.

One home for the method: the flag rules pick the legal minimum submission period by it, and the buyer page
counts its method mix with it. ``method_evidence`` reads, in order:

1. the title's method words (``竞争性磋商公告``, ``单一来源采购公示``, ``邀请招标``, ``询价公告``, ``公开招标`` …);
2. the body's label (``采购方式：公开招标``, ``招标方式：邀请招标``);
3. the body's phrases that state the method (``采用竞争性谈判方式``, ``拟采用单一来源采购方式``,
   ``进行竞争性磋商``);
4. a title's generic ``招标`` (``招标公告``, ``招标文件``, ``资格预审``): many centres title every procurement
   notice 招标公告, so a method the body states explicitly beats it (a 招标公告 whose body says 进行竞争性磋商 is a
   consultation, with a 10-day period, not a 20-day tender);
5. the procurement document the body names, each method having its own (财政部's result notice template prints
   no method, only ``响应磋商文件要求``): 磋商文件, 谈判文件, 询价通知书, and 招标文件 (or the tender words
   投标人, 评标委员会: 磋商 and 谈判 have 供应商 and 评审) — a tender that is public
   unless the body speaks of 邀请招标 or 投标邀请 (an invited tender names itself).

Steps 1–3 name the method **explicitly**; 4 and 5 only imply it. ``detect_method`` answers the method alone;
a procurement's several notices prefer any explicit one over an implied one (``ggzy.flags.procurement``).

Rejects rather than guesses: a title or body that names no method answers None (a bare ``招标`` in a body is the
招标代理机构 of almost every notice, and 评审专家（单一来源采购人员）名单 is a template heading, so neither counts).

>>> detect_method("某学校食堂设备采购项目竞争性磋商公告").label
'竞争性磋商'
>>> detect_method("某路面改造工程中标结果公示", "招标方式：邀请招标") is Method.INVITED_TENDER
True
>>> detect_method("某项目中标结果公告", "招标代理机构：某公司") is None
True
>>> detect_method("某单位物业服务项目招标公告", "受某单位委托，对该项目进行竞争性磋商").label
'竞争性磋商'
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Method(StrEnum):
    """The methods of 《政府采购法》第二十六条 and 《招标投标法》, and those added since (框架协议, 合作创新采购)."""

    PUBLIC_TENDER = "public_tender"
    INVITED_TENDER = "invited_tender"
    COMPETITIVE_NEGOTIATION = "competitive_negotiation"
    COMPETITIVE_CONSULTATION = "competitive_consultation"
    REQUEST_FOR_QUOTATION = "request_for_quotation"
    SINGLE_SOURCE = "single_source"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    COOPERATIVE_INNOVATION = "cooperative_innovation"
    #: 比选, 竞价 and other methods an entity's own rules set (国有企业 非依法必须招标 purchases).
    OTHER = "other"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS = {
    Method.PUBLIC_TENDER: "公开招标",
    Method.INVITED_TENDER: "邀请招标",
    Method.COMPETITIVE_NEGOTIATION: "竞争性谈判",
    Method.COMPETITIVE_CONSULTATION: "竞争性磋商",
    Method.REQUEST_FOR_QUOTATION: "询价",
    Method.SINGLE_SOURCE: "单一来源",
    Method.FRAMEWORK_AGREEMENT: "框架协议",
    Method.COOPERATIVE_INNOVATION: "合作创新采购",
    Method.OTHER: "其他方式",
}

# The words naming each method, most specific first: 邀请招标 before 招标, 竞争性磋商 before 磋商.
_WORDS: tuple[tuple[Method, str], ...] = (
    (Method.SINGLE_SOURCE, r"单一来源"),
    (Method.FRAMEWORK_AGREEMENT, r"框架协议"),
    (Method.COOPERATIVE_INNOVATION, r"合作创新采购"),
    (Method.COMPETITIVE_CONSULTATION, r"(?:竞争性)?磋商"),
    (Method.COMPETITIVE_NEGOTIATION, r"(?:竞争性)?谈判"),
    (Method.REQUEST_FOR_QUOTATION, r"询价"),
    (Method.INVITED_TENDER, r"邀请招标|投标邀请|招标邀请"),
    (Method.PUBLIC_TENDER, r"公开招标"),
    (Method.OTHER, r"比选|竞价|遴选|询比"),
)
_TITLE = tuple((method, re.compile(words)) for method, words in _WORDS)
# A title's 招标 (招标公告, 招标文件, 资格预审) is a tender, and an uninvited one is public; 招标代理 is not.
_TITLE_TENDER = re.compile(r"招标(?!代理)|资格预审")
_LABEL = re.compile(r"(?:采购|招标|交易|采购组织)方式\s*[:：]\s*(?P<value>[^\s，,。；;]{2,12})")
_PHRASE = re.compile(
    r"(?:采用|采取|以|按|拟采用|经批准采用|拟以)(?P<value>[^\s，,。；;：:]{2,10}?)(?:采购)?方式|"
    r"(?P<notice>公开招标|邀请招标|竞争性谈判|竞争性磋商|询价|单一来源)(?:采购)?(?:公告|公示)|"
    r"(?:进行|组织|开展)(?P<act>公开招标|邀请招标|竞争性谈判|竞争性磋商|询价|单一来源)"
)
_BODY_WORDS = tuple((method, re.compile(words)) for method, words in _WORDS)
_DOCUMENTS = (
    (Method.COMPETITIVE_CONSULTATION, re.compile(r"磋商文件|磋商响应文件")),
    (Method.COMPETITIVE_NEGOTIATION, re.compile(r"谈判文件|谈判响应文件")),
    (Method.REQUEST_FOR_QUOTATION, re.compile(r"询价通知书|询价文件")),
    (Method.INVITED_TENDER, re.compile(r"邀请招标|投标邀请书")),
    (Method.PUBLIC_TENDER, re.compile(r"招标文件|投标文件|投标人|评标委员会|评标工作")),
)


def detect_method(title: str | None, body: str | None = None) -> Method | None:
    """The method named by the title, else by the body's label or phrase, else implied; None when nothing does."""
    found = method_evidence(title, body)
    return found[0] if found is not None else None


def method_evidence(title: str | None, body: str | None = None) -> tuple[Method, bool] | None:
    """The method a notice names and whether it names it explicitly (steps 1–3 of the module docstring) or only
    implies it (a generic 招标 title, the documents the body names); None when neither."""
    heading = _fold(title)
    found = _in_title(heading)
    if found is not None:
        return found, True
    text = _fold(body)
    for match in _LABEL.finditer(text):
        found = _named(match["value"])
        if found is not None:
            return found, True
    for match in _PHRASE.finditer(text):
        found = _named(match["value"] or match["notice"] or match["act"])
        if found is not None:
            return found, True
    if _TITLE_TENDER.search(heading):
        return Method.PUBLIC_TENDER, False
    for method, pattern in _DOCUMENTS:
        if pattern.search(text):
            return method, False
    return None


def _in_title(title: str) -> Method | None:
    for method, pattern in _TITLE:
        if pattern.search(title):
            return method
    return None


def _named(value: str) -> Method | None:
    """The method a label's value or a phrase names (``公开招标``, ``竞争性磋商采购``), None for other words."""
    for method, pattern in _BODY_WORDS:
        if pattern.search(value):
            return method
    return None


def _fold(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")
