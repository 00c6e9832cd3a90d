"""Pages as the centres serve them: decoding, one lxml parse, sanitized HTML for display, and plain text.

The text keeps the page's structure the field rules need: every paragraph, heading, list item or ``<br>``
starts a line, every table row is one line whose cells are separated by a tab. The whole conversion is one
lxml parse plus C-speed string work (markers are put in front of block tags before parsing, and the text is
serialized by lxml), so it stays within a small multiple of a bare parse.
"""

from __future__ import annotations

import codecs
import html as html_module
import logging
import re
from dataclasses import dataclass

import lxml.etree as etree
import lxml.html
import nh3

logger = logging.getLogger(__name__)

#: Tags whose text starts a new line.
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|hr|section|article|header|footer|"
    r"center|address|caption|thead|tbody|tfoot)\b)",
    re.IGNORECASE,
)
_ROW_TAG = re.compile(r"<(?=/?(?:tr|table)\b)", re.IGNORECASE)
_CELL_TAG = re.compile(r"<(?=(?:td|th)\b)", re.IGNORECASE)
_ROW = "\ue001"
_CELL = "\ue002"
_MARKERS = re.compile("[\ue001\ue002]")
_SPACES = re.compile(r"[ \xa0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_TEXT_LINE_BREAKS = re.compile(r"\s*\n\s*")
_ESCAPED_DOCUMENT = re.compile(r"<(?:html|head|style|script|body)\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)

#: Elements whose content is never notice text.
_NOT_TEXT = ("script", "style", "head", "noscript", "template", "iframe", "select", "button", "textarea")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: GB2312 and GBK are subsets of GB18030; pages that declare the former often use characters of the latter.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
#: A server's default that says nothing about a Chinese page's real encoding.
_WEAK_HEADER_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}

_SANITIZE_TAGS = {
    "p", "br", "div", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup",
    "col", "ul", "ol", "li", "dl", "dt", "dd", "a", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "center",
}  # fmt: skip
_SANITIZE_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "form", "noscript", "template", "title", "object", "embed"}
_LINK_REL = "noopener noreferrer nofollow"
_CLEANER = nh3.Cleaner(
    tags=_SANITIZE_TAGS,
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=_SANITIZE_ATTRIBUTES,
    url_schemes={"http", "https"},
    link_rel=_LINK_REL,
    url_relative="deny",
)
# Word's markup repeats long style attributes and spans on every run of text. Neither changes the text nor
# survives sanitizing, and dropping them first makes the page several times smaller for lxml and nh3. The
# patterns start with a literal so the regex engine can skip ahead; markup they miss (upper-case tags) is
# still removed by nh3, only more slowly.
_NOISE_ATTRIBUTES = re.compile(r""" (?:style|class|lang)=(?:"[^"]*"|'[^']*'|[^\s>]*)""")
_NOISE_TAGS = re.compile(r"""<(?:/?(?:span|font|o:p)(?=[\s>])[^>]*>)""")
_EMPTY_PARAGRAPHS = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")
_BLANK_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


def decode_page(body: bytes, http_content_type: str | None = None) -> str:
    """Decode a page by what it declares, never by assumption.

    Order: a byte-order mark (it cannot be wrong), the HTTP header's charset, the page's own ``<meta charset>``
    or ``http-equiv`` declaration, then sniffing (strict UTF-8, then GB18030, which reads GBK and GB2312).
    A declaration that does not decode the bytes strictly falls through to the next step. One exception: a page
    declared in a GB charset whose non-ASCII bytes are all valid UTF-8 is UTF-8 (GB18030 reads almost any
    bytes, so a wrong GB declaration never fails; Chinese GBK text is practically never valid UTF-8).
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared: list[str] = []
    header = _charset_name(_HEADER_CHARSET.search(http_content_type or ""))
    meta = _META_CHARSET.search(body[:4096])
    meta_charset = _charset_name(meta, raw=True)
    if header and not (header in _WEAK_HEADER_CHARSETS and meta_charset):
        declared.append(header)
    if meta_charset:
        declared.append(meta_charset)
    if declared and declared[0] == "gb18030" and not body.isascii() and _is_utf8(body):
        logger.info("page declared %s is UTF-8", declared[0])
        return body.decode("utf-8")
    for encoding in [*declared, "utf-8", "gb18030"]:
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode(declared[0] if declared else "gb18030", errors="replace")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _charset_name(match: re.Match | None, raw: bool = False) -> str | None:
    if match is None:
        return None
    name = match.group(1)
    text = name.decode("ascii", "ignore") if raw else name
    text = text.strip().lower()
    text = _CHARSET_ALIASES.get(text, text)
    try:
        codecs.lookup(text)
    except LookupError:
        return None
    return text


@dataclass
class ParsedPage:
    """A page after its one parse: the lxml root, its plain text and its title (or None)."""

    root: lxml.html.HtmlElement
    text: str
    title: str | None


def lighten(html: str) -> str:
    """``html`` without the inline styles, classes and ``<span>``/``<font>`` runs that carry no text."""
    return _NOISE_TAGS.sub("", _NOISE_ATTRIBUTES.sub("", html))


def parse_page(html: str, *, light: bool = False) -> ParsedPage:
    """Parse ``html`` once with lxml and take its text and title from that parse.

    ``light=True`` says ``html`` has been through :func:`lighten` already.
    """
    marked = _XML_DECLARATION.sub("", html if light else lighten(html))
    # Source line breaks are spaces in HTML; str.replace is far faster than a regex or translate here.
    marked = marked.replace("\r", " ").replace("\n", " ").replace("\t", " ").replace("\f", " ")
    marked = _BLOCK_TAG.sub("\n<", marked)
    marked = _ROW_TAG.sub(_ROW + "<", marked)
    marked = _CELL_TAG.sub(_CELL + "<", marked)
    if not marked.strip():
        marked = "<p></p>"
    root = lxml.html.document_fromstring(marked)
    title = _page_title(root)
    # A content area that is itself a whole document (Epoint sites) brings its own <title>, <style> and
    # <script> into the body: none of their text is notice text.
    etree.strip_elements(root, *_NOT_TEXT, "title", with_tail=False)
    raw = etree.tostring(root, method="text", encoding="unicode")
    if _ESCAPED_DOCUMENT.search(raw):
        # The content area arrived HTML-escaped (&lt;html&gt;…): its markup is in the text; read that instead.
        return parse_page(html_module.unescape(html), light=light) if "&lt;" in html else _as_text(raw, root, title)
    return ParsedPage(root=root, text=_structure_text(raw), title=title)


def _as_text(raw: str, root: lxml.html.HtmlElement, title: str | None) -> ParsedPage:
    inner = parse_page(raw)
    return ParsedPage(root=root, text=inner.text, title=title or inner.title)


def html_to_text(html: str) -> str:
    """The plain text of an HTML page or fragment: paragraphs as lines, table rows as tab-separated lines."""
    return parse_page(html).text


def _structure_text(raw: str) -> str:
    lines: list[str] = []
    for segment in _SPACES.sub(" ", raw).split(_ROW):
        if _CELL in segment:
            head, *cells = segment.split(_CELL)
            _add_lines(lines, head)
            row = [" ".join(part for part in (p.strip() for p in cell.split("\n")) if part) for cell in cells]
            if any(row):
                lines.append("\t".join(row))
        else:
            _add_lines(lines, segment)
    return "\n".join(lines)


def _add_lines(lines: list[str], text: str) -> None:
    lines.extend(line for line in (part.strip() for part in text.split("\n")) if line)


def plain_text_lines(text: str) -> str:
    """Tidy plain text the way :func:`html_to_text` tidies HTML: trimmed lines, no empty ones."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = [_SPACES.sub(" ", cell).strip() for cell in line.split("\t")]
        if any(cells):
            lines.append("\t".join(cells) if len(cells) > 1 else cells[0])
    return "\n".join(lines)


_TITLE_WORDS = re.compile(r"公告|公示|合同|结果|项目|采购|招标|中标|成交|处罚|通知|更正|澄清|变更|终止|记录")
_TITLE_SUFFIX = re.compile(
    r"\s*[_|｜\-—–]+\s*(?:交易公开|国家公共资源交易平台|全国公共资源交易平台|[^_|｜]*(?:网|平台|中心))\s*.*$"
)


def _page_title(root: lxml.html.HtmlElement) -> str | None:
    """The notice's own title: a heading that reads like one, else the ``<title>`` minus the site's name."""
    for heading in root.iter("h1", "h2", "h3", "h4"):
        text = _clean_inline(heading.text_content())
        if 6 <= len(text) <= 200 and _TITLE_WORDS.search(text):
            return text
    title = root.find(".//title")
    if title is not None:
        text = _TITLE_SUFFIX.sub("", _clean_inline(title.text_content()))
        if len(text) >= 4:
            return text
    return None


def _clean_inline(text: str) -> str:
    return _SPACES.sub(" ", _MARKERS.sub("", text).replace("\n", " ")).strip()


def sanitize_html(html: str, base_url: str | None = None, *, light: bool = False) -> str:
    """Harvested markup made safe to display: tables, paragraphs, lists and http(s) links survive.

    Scripts, styles, iframes, forms, event handlers, classes (Word's ``MsoNormal``) and inline styles go;
    links get ``rel="noopener noreferrer nofollow"``; relative links resolve against ``base_url`` or go.
    ``light=True`` says ``html`` has been through :func:`lighten` already.
    """
    markup = html if light else lighten(html)
    if base_url and base_url.startswith(("http://", "https://")):
        cleaned = nh3.clean(
            markup,
            tags=_SANITIZE_TAGS,
            clean_content_tags=_DROPPED_WITH_CONTENT,
            attributes=_SANITIZE_ATTRIBUTES,
            url_schemes={"http", "https"},
            link_rel=_LINK_REL,
            url_relative=("rewrite_with_base", base_url),
        )
    else:
        cleaned = _CLEANER.clean(markup)
    return _BLANK_BETWEEN_TAGS.sub(">\n<", _EMPTY_PARAGRAPHS.sub("", cleaned)).strip()
