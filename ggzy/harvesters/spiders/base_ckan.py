"""``CkanSpider``: a CKAN open-data portal whose datasets hold credit records as CSV resources.

Recipe:

1. Subclass it in ``spiders/<name>.py``; set ``name`` (the snake_case of the class name).
2. Set ``query`` (the ``fq`` of ``package_search`` that finds the datasets, e.g. ``tags:行政处罚``) and
   ``list_name`` (which kind of record the CSVs hold: ``xzcf`` or ``sxmd``, see ``base_table``).
3. Optionally override ``wanted_resource(resource)`` (default: every CSV resource).

The spider pages through ``package_search`` (``rows``/``start``), downloads each CSV resource modified since
the last complete harvest, and turns each row into a notice with ``base_table.penalty_notice``. A row has no
page of its own: its link is the CSV with an RFC 7111 fragment naming its row (``…/file.csv#row=7``), never
the bare file every row shares.

Minimal example::

    class ExampleOpendata(CkanSpider):
        \"\"\"
        Domain
          示例市政府数据开放平台
        Caveats
          None.
        Spider arguments
          from_date, until_date, sample: see BaseSpider.
        \"\"\"

        name = "example_opendata"
        query = "tags:行政处罚"
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response

from ggzy.harvesters.extract import decode_page
from ggzy.harvesters.spiders.base import BaseSpider
from ggzy.harvesters.spiders.base_table import XZCF, penalty_notice, record_date, record_key
from ggzy.normalize.dates import parse_date


class CkanSpider(BaseSpider):
    """CSV resources of a CKAN portal's datasets (see the module docstring)."""

    family: ClassVar[str] = "ckan"
    query: ClassVar[str] = ""
    list_name: ClassVar[str] = XZCF
    rows: ClassVar[int] = 100

    async def start(self) -> AsyncIterator[Any]:
        yield self.search_request(0)

    def search_request(self, start: int) -> Request:
        params = {"fq": self.query, "rows": self.rows, "start": start}
        return Request(
            self.url(f"/api/3/action/package_search?{urlencode(params)}"),
            errback=self.request_failed,
            callback=self.parse_search,
            cb_kwargs={"start": start},
        )

    def wanted_resource(self, resource: dict[str, Any]) -> bool:
        return str(resource.get("format", "")).upper() == "CSV"

    def parse_search(self, response: Response, start: int) -> Iterator[Any]:
        result = json.loads(response.text)["result"]
        datasets = result.get("results") or []
        for dataset in datasets:
            for resource in dataset.get("resources") or []:
                modified = parse_date(resource.get("last_modified") or dataset.get("metadata_modified"))
                if not self.wanted_resource(resource):
                    continue
                if not self.from_date and self.state.is_old(modified):
                    continue  # unchanged since the last complete harvest
                yield Request(response.urljoin(resource["url"]), errback=self.request_failed, callback=self.parse_csv)
        if datasets and start + len(datasets) < int(result.get("count") or 0):
            yield self.search_request(start + len(datasets))

    def parse_csv(self, response: Response) -> Iterator[Any]:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        text = decode_page(response.body, content_type).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        self.prefetch_committed(k for k in (record_key(self.list_name, row) for row in rows) if k)
        for number, row in enumerate(rows, start=2):  # RFC 7111 counts the header as row 1
            key = record_key(self.list_name, row)
            if not key:
                self.record_error(response.url, f"a row without its id: {row}")
                continue
            if self.wants(key, record_date(self.list_name, row)):
                yield penalty_notice(
                    centre=self.source.id,
                    region_code=self.source.region_code or None,
                    spider=self.name,
                    list_name=self.list_name,
                    row=row,
                    url=f"{response.url}#row={number}",
                )
