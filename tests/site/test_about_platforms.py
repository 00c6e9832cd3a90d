"""The about page shows every provincial platform with its coverage status, in Chinese."""

from __future__ import annotations


def test_the_about_page_lists_the_32_platforms_with_honest_statuses(get_page):  # type: ignore[no-untyped-def]
    page = get_page("/about")
    rows = page.texts("//table[caption[contains(., '省级公共资源交易平台')]]//tbody/tr")
    assert len(rows) == 32
    assert any(r.startswith("江苏省 江苏省公共资源交易网") and "已用真实样本验证" in r for r in rows)
    assert any(r.startswith("陕西省") and "无法公开读取" in r for r in rows)
    assert sum("仅有文档记录" in r for r in rows) == 28
    assert "bid-collect-skill" in page.body and "MIT" in page.body
