"""The search page's facets as links: each counted value of each facet, with the URL that narrows the search to it.

The facets are the index's (``FACETS``); a value's label comes from the one label of its kind (``filters``) and a
link repeats the search on screen with one more parameter (``SearchQuery.to_params``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ggzy.index.query import FACETS, SearchQuery, SearchResult
from ggzy.index.query_readers import flag_label
from ggzy.normalize import regions
from ggzy.site import filters

FACET_LABELS = {
    "kind": "公告类型",
    "category": "业务类别",
    "province": "省份",
    "centre": "交易中心",
    "year": "年份",
    "flag": "风险标志",
}


def facet_links(query: SearchQuery, result: SearchResult) -> list[dict[str, Any]]:
    """Each facet as a list of ``{label, count, url, selected}``; a link refines the search to that value."""
    base = query.to_params()
    groups = []
    for name in FACETS:
        values = []
        pairs = result.facets.get(name, [])
        if name == "year":  # years read in order, newest first, not by how many notices each has
            pairs = sorted(pairs, key=lambda pair: pair[0], reverse=True)
        for value, count in pairs:
            narrowed = refine(name, value)
            if not narrowed:
                continue
            selected = all(base.get(key) == wanted for key, wanted in narrowed.items())
            url = "/search?" + urlencode({**base, **narrowed})
            values.append({"label": facet_label(name, value), "count": count, "url": url, "selected": selected})
        if values:
            groups.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return groups


def refine(facet: str, value: str) -> dict[str, str]:
    """The URL parameters that narrow a search to one facet value (none for a value that cannot)."""
    if facet in ("kind", "category", "centre", "flag"):
        return {facet: value}
    if facet == "province":
        code = value if value.isdigit() else (regions.code_for_name(value) or "")
        return {"region": code[:2]} if len(code) >= 2 else {}
    if facet == "year" and value.isdigit():
        return {"from": f"{value}-01-01", "to": f"{value}-12-31"}
    return {}


def facet_label(facet: str, value: str) -> str:
    if facet == "kind":
        return filters.kind_label(value)
    if facet == "category":
        return filters.category_label(value)
    if facet == "province":
        return filters.region_name(value) if value.isdigit() else value
    if facet == "year":
        return f"{value} 年"
    if facet == "flag":
        return flag_label((value,))
    return filters.centre_name(value)
