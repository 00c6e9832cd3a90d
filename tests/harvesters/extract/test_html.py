"""Decoding, sanitizing and text of pages as centres serve them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ggzy.harvesters.extract import build_notice, decode_page, html_to_text, sanitize_html

GBK_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>湖州市政府采购中标公告</title></head><body><p>采购人：德清县体育中心</p>"
    "<p>中标金额：壹佰贰拾万元整（￥1,200,000.00元）</p></body></html>"
)


def test_gbk_page_declared_only_in_its_meta_is_decoded_right():
    body = GBK_PAGE.encode("gbk")
    assert decode_page(body, "text/html") == GBK_PAGE
    assert decode_page(body, None) == GBK_PAGE


def test_gb18030_characters_in_a_page_declared_gb2312_survive():
    page = '<meta charset="gb2312"><p>供应商：䶮石科技有限公司 镕</p>'
    assert decode_page(page.encode("gb18030")) == page


def test_http_header_charset_wins_over_sniffing():
    text = "<p>招标人：湖南省某局</p>"
    assert decode_page(text.encode("gbk"), "text/html; charset=GBK") == text
    assert decode_page(text.encode("utf-8"), "text/html; charset=utf-8") == text


def test_a_server_default_latin1_header_does_not_override_the_page_meta():
    page = '<meta charset="utf-8"><p>中标人：湖州新国旅外事旅游汽车服务有限公司</p>'
    assert decode_page(page.encode("utf-8"), "text/html; charset=ISO-8859-1") == page


def test_undeclared_pages_are_sniffed_utf8_then_gb18030():
    text = "<p>成交供应商：宁波乙贸易有限公司</p>"
    assert decode_page(text.encode("utf-8")) == text
    assert decode_page(text.encode("gbk")) == text


def test_a_byte_order_mark_is_honoured_and_dropped():
    text = "<p>项目编号：ZJ-2026-01</p>"
    assert decode_page(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=gbk") == text


def test_a_wrong_declaration_falls_through_to_what_decodes():
    page = '<meta charset="utf-8"><p>采购人：杭州市财政局</p>'
    assert decode_page(page.encode("gbk")) == page


def test_sanitize_drops_scripts_handlers_and_javascript_links_but_keeps_tables():
    dirty = (
        '<p class="MsoNormal" style="mso-line-height:150%"><span lang="EN-US">项目</span></p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">点我</a>'
        '<iframe src="http://evil.example"></iframe><form action="/x"><input name="q"></form>'
        '<table border="1" onclick="x()"><tr><th>标段</th><td colspan="2">一标段</td></tr></table>'
        '<a href="http://www.ggzy.gov.cn/a.html" target="_blank">原文</a>'
    )
    clean = sanitize_html(dirty)
    for gone in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "<form", "MsoNormal", "mso-"):
        assert gone not in clean
    assert "<table>" in clean and '<td colspan="2">一标段</td>' in clean and "<th>标段</th>" in clean
    assert '<a href="http://www.ggzy.gov.cn/a.html" rel="noopener noreferrer nofollow">原文</a>' in clean
    assert "<p>项目</p>" in clean


def test_relative_links_resolve_against_the_page_or_go():
    fragment = '<a href="/files/招标文件.pdf">招标文件</a>'
    assert 'href="https://www.hnsggzy.com/files/' in sanitize_html(fragment, base_url="https://www.hnsggzy.com/a/b")
    assert "href" not in sanitize_html(fragment)


def test_text_keeps_rows_as_tab_separated_lines_and_paragraphs_as_lines(shared_data):
    page = (shared_data / "ggzy-gov-cn" / "detail_b_sample.html").read_bytes()
    text = html_to_text(decode_page(page))
    lines = text.split("\n")
    assert "采购人名称\t德清县体育中心（德清县少年儿童体育学校）" in lines
    assert "合同金额\t0元 人民币" in lines
    assert "签署时间：2026-03-17 00:32信息来源：湖州市公共资源交易网" in lines
    assert "recordTime" not in text and "dealdetail.css" not in text


def test_text_of_cells_with_paragraphs_stays_on_the_row():
    html = "<table><tr><td><p>中标人</p></td><td><p>甲公司</p><p>乙公司</p></td></tr></table><p>完</p>"
    assert html_to_text(html) == "中标人\t甲公司 乙公司\n完"


_FRAGMENTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">链接</a>',
    '<a href="JaVaScRiPt:alert(1)">链接</a>',
    '<a href="  javascript:alert(1)">链接</a>',
    '<div onclick="x()" style="background:url(javascript:alert(1))">正文</div>',
    '<iframe src="http://evil.example/"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    "<style>body{display:none}</style>",
    '<p class="MsoNormal" style="mso-bidi-font-family:宋体">采购人：某某局</p>',
    "<table><tr><th>标段</th><td>一标段</td></tr></table>",
    '<form action="http://evil.example/"><input name="q"></form>',
    "<p>中标金额：123.45万元</p>",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">数据</a>',
    "<!-- <script>alert(1)</script> -->",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_sanitized_markup_never_carries_script(pieces):
    clean = sanitize_html("".join(pieces)).lower()
    for unsafe in ("<script", "javascript:", "onerror", "onclick", "onload", "<iframe", "<svg", "<style", "data:"):
        assert unsafe not in clean
    if "<table><tr><th>标段</th><td>一标段</td></tr></table>" in pieces:
        assert "<th>标段</th>" in clean


def test_a_utf8_page_mislabelled_as_gbk_is_read_as_utf8():
    page = '<meta charset="gbk"><p>中标人：湖州新国旅外事旅游汽车服务有限公司</p>'
    assert decode_page(page.encode("utf-8"), "text/html; charset=GB2312") == page


def test_linked_documents_become_attachments_with_absolute_urls():
    html = (
        '<p>附件：<a href="/files/招标文件.pdf">招标文件.pdf</a> <a href="/download.do?id=7">中标通知书.docx</a> '
        '<a href="javascript:void(0)">假.pdf</a> <a href="https://www.hnsggzy.com/list.html">列表</a></p>'
    )
    notice = build_notice(
        centre="hunan-hnsggzy",
        source_id="1",
        source_url="https://www.hnsggzy.com/a/b.html",
        title="某某项目招标公告",
        html_or_text=html,
    )
    assert [(a.name, a.url) for a in notice.attachments] == [
        ("招标文件.pdf", "https://www.hnsggzy.com/files/%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6.pdf"),
        ("中标通知书.docx", "https://www.hnsggzy.com/download.do?id=7"),
    ]
