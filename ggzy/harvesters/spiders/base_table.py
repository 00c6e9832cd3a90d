"""``TableSpider``: a centre that publishes records as rows of paged HTML tables (credit lists).

Each row is a whole record: no detail page is fetched. ``penalty_notice`` turns a 行政处罚 双公示 row or a
严重违法失信 row (keyed by the printed column names) into a notice; the CKAN spider uses it too.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name).
2. Set ``lists``: pairs of list name and path of page 1 (``xzcf`` for 双公示 行政处罚, ``sxmd`` for 严重违法失信).
3. Set ``table`` (the CSS selector of the table, ``{list}`` stands for the list name) and ``pager`` (its
   numbered page links).

Minimal example::

    class ExampleCredit(TableSpider):
        \"\"\"
        Domain
          信用示例
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_credit"
        lists = (("xzcf", "/xzcf/list"),)
        table = "table.{list}"
        pager = "div.pagination a"
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import date
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Response

from ggzy.harvesters.extract import record_notice
from ggzy.harvesters.spiders.base import BaseSpider
from ggzy.model import Category, Notice
from ggzy.normalize.dates import parse_date
from ggzy.normalize.kinds import category_from_text

#: Per list: the column of the centre's own id, of the publication date, and how the title reads.
XZCF = "xzcf"
SXMD = "sxmd"


def record_key(list_name: str, row: Mapping[str, str]) -> str:
    """The record's own id: the 决定书文号 of a 双公示 row; USCC and 处罚日期 of a 失信 row."""
    if list_name == SXMD:
        decided = parse_date(row.get("处罚日期"))
        return f"{row.get('统一社会信用代码', '').strip()}-{decided:%Y%m%d}" if decided else ""
    return (row.get("行政处罚决定书文号") or "").strip()


def record_date(list_name: str, row: Mapping[str, str]) -> date | None:
    """The publication date: 处罚决定日期 of a 双公示 row, 公布日期 of a 失信 row."""
    return parse_date(row.get("公布日期") if list_name == SXMD else row.get("处罚决定日期"))


def penalty_category(basis: str) -> Category:
    """政府采购法 → procurement; 招标投标法 or 建设工程 → engineering; else a guess from the words."""
    if "政府采购" in basis:
        return Category.PROCUREMENT
    if "招标投标" in basis or "建设工程" in basis:
        return Category.ENGINEERING
    return category_from_text(basis)


def penalty_notice(
    *, centre: str, region_code: str | None, spider: str, list_name: str, row: Mapping[str, str], url: str
) -> Notice:
    """The notice of one credit record; identity numbers are masked by extraction."""
    row = {k.strip(): (v or "").strip() for k, v in row.items() if k and k.strip() != "序号"}
    key = record_key(list_name, row)
    if list_name == SXMD:
        title = f"{row.get('企业名称', '')}严重违法失信行为记录"
        category = Category.PROCUREMENT
    else:
        title = f"{row.get('行政相对人名称', '')}行政处罚信息（{key}）"
        category = penalty_category(row.get("处罚依据", ""))
    return record_notice(
        centre=centre,
        key=key,
        source_url=url,
        title=title,
        row=row,
        published=record_date(list_name, row),
        category=category,
        region_code=region_code,
        spider=spider,
    )


class TableSpider(BaseSpider):
    """Paged HTML tables of whole records (see the module docstring)."""

    family: ClassVar[str] = "table"
    lists: ClassVar[tuple[tuple[str, str], ...]] = ()
    table: ClassVar[str] = "table.{list}"
    pager: ClassVar[str] = ""

    async def start(self) -> AsyncIterator[Any]:
        for list_name, path in self.lists:
            yield Request(
                self.url(path),
                errback=self.request_failed,
                callback=self.parse_list,
                cb_kwargs={"list_name": list_name, "page": 1},
            )

    def parse_list(self, response: Response, list_name: str, page: int) -> Iterator[Any]:
        table = response.css(self.table.format(list=list_name))
        headings = [" ".join(th.css("::text").getall()).strip() for th in table.css("tr th")]
        dates = []
        for tr in table.css("tr"):
            cells = tr.css("td")
            if not cells:
                continue
            row = dict(zip(headings, (" ".join(td.css("::text").getall()).strip() for td in cells), strict=False))
            published = record_date(list_name, row)
            dates.append(published)
            key = record_key(list_name, row)
            if not key:
                self.record_error(response.url, f"a {list_name} row without its id")
                continue
            if self.wants(key, published):
                link = tr.css("a::attr(href)").get()
                url = response.urljoin(link) if link else response.url
                yield penalty_notice(
                    centre=self.source.id,
                    region_code=self.source.region_code or None,
                    spider=self.name,
                    list_name=list_name,
                    row=row,
                    url=url,
                )
        if dates and self.keep_paging(dates):
            for pager_link in response.css(self.pager):
                if "".join(pager_link.css("::text").getall()).strip() == str(page + 1):
                    yield Request(
                        response.urljoin(pager_link.attrib.get("href", "")),
                        errback=self.request_failed,
                        callback=self.parse_list,
                        cb_kwargs={"list_name": list_name, "page": page + 1},
                    )
                    break
