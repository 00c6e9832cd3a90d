"""Family ``credit``: a 信用 site publishing 行政处罚 双公示 records and the 严重违法失信 list.

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/credit-huzhou``); pages are UTF-8 with
``<meta charset="utf-8">``; lists are newest first (by 处罚决定日期 / 公布日期), 10 rows a page.

``GET /xzcf/list?page=N``
    行政处罚 双公示 as an HTML table ``table.xzcf``: a header row of the standard items (``th``: 序号 then
    行政相对人名称, 行政相对人类别, 统一社会信用代码, 法定代表人, 证件类型, 证件号码, 行政处罚决定书文号, 违法行为类型,
    违法事实, 处罚依据, 处罚类别, 处罚内容, 罚款金额（万元）, 没收违法所得金额（万元）, 处罚决定日期, 处罚有效期,
    公示截止期, 处罚机关, 处罚机关统一社会信用代码, 数据来源单位), one ``tr`` per record whose name cell links to
    the detail page. Natural persons' 证件号码 are printed in full. Pager ``div.pagination`` with numbered
    links ``?page=K`` and ``<a rel="next">下一页</a>``; ``共N条``.
``GET /xzcf/{n}.html``
    One record as a two-column table ``table.detail`` (``th`` label, ``td`` value).
``GET /xzcf/download.csv``
    Every record, the same columns (no 序号), UTF-8 with a byte-order mark, CRLF line ends.
``GET /sxmd/list?page=N``, ``/sxmd/{n}.html``, ``/sxmd/download.csv``
    The 政府采购严重违法失信行为记录名单 the same way, columns 企业名称, 统一社会信用代码, 企业地址,
    严重违法失信行为的具体情形, 处罚结果, 处罚依据, 处罚日期, 公布日期, 公布截止日期, 执法单位.

``source_id`` and the other ground-truth rules: see ``ggzy.demo.penalties``. Every record stays listed after
its 公示截止期; the portal, not the source, withdraws it.
"""

from __future__ import annotations

import csv
import io
from html import escape

from flask import Blueprint, Response, abort, request

from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import Publication, World
from ggzy.demo.penalties import SXMD_COLUMNS, XZCF_COLUMNS
from ggzy.demo.sites import int_arg, page_of, respond

PAGE_SIZE = 10
LISTS = {"xzcf": ("行政处罚信息公示", XZCF_COLUMNS), "sxmd": ("政府采购严重违法失信行为记录名单", SXMD_COLUMNS)}


def records_csv(pubs: list[Publication], columns: tuple[str, ...]) -> bytes:
    """The records of ``pubs`` as a CSV (UTF-8 with BOM, CRLF) with ``columns``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for pub in pubs:
        assert pub.record is not None
        writer.writerow([pub.record.columns[c] for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _page(centre: DemoCentre, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}-'
        f"{escape(centre.name)}</title>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The two credit lists of one credit site: HTML tables, detail pages and CSV downloads."""
    bp = Blueprint(centre.id, __name__)
    by_list = {name: [p for p in world.at(centre.id) if p.info.get("list") == name] for name in LISTS}
    by_path = {p.path.removeprefix(f"/{centre.prefix}"): p for pubs in by_list.values() for p in pubs}

    @bp.route("/<name>/list")
    def listing(name: str) -> Response:
        if name not in LISTS:
            abort(404)
        title, columns = LISTS[name]
        pubs = by_list[name]
        number = int_arg(request.args.get("page"), 1)
        rows, pages = page_of(pubs, number, PAGE_SIZE)
        if number > pages:
            abort(404)
        header = "<tr><th>序号</th>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr>"
        lines = []
        for index, pub in enumerate(rows, (number - 1) * PAGE_SIZE + 1):
            assert pub.record is not None
            cells = [escape(pub.record.columns[c]) for c in columns]
            cells[0] = f'<a href="{pub.path}">{cells[0]}</a>'
            lines.append(f"<tr><td>{index}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        pager = [f'<a href="?page={k}">{k}</a>' if k != number else f"<span>{k}</span>" for k in range(1, pages + 1)]
        if number < pages:
            pager.append(f'<a rel="next" href="?page={number + 1}">下一页</a>')
        pager.append(f"<em>共{len(pubs)}条</em>")
        body = (
            f'<p><a href="download.csv">下载CSV</a></p>\n<table class="{name}" border="1">\n{header}\n'
            + "\n".join(lines)
            + f'\n</table>\n<div class="pagination">{" ".join(pager)}</div>'
        )
        newest = rows[0].published_at if rows else None
        return respond(_page(centre, title, body), "text/html; charset=utf-8", newest)

    @bp.route("/<name>/<int:n>.html")
    def detail(name: str, n: int) -> Response:
        pub = by_path.get(f"/{name}/{n}.html") or abort(404)
        assert pub.record is not None
        rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in pub.record.columns.items())
        body = f'<h2>{escape(pub.title)}</h2>\n<table class="detail" border="1">{rows}</table>'
        return respond(_page(centre, pub.title, body), "text/html; charset=utf-8", pub.published_at)

    @bp.route("/<name>/download.csv")
    def download(name: str) -> Response:
        if name not in LISTS:
            abort(404)
        pubs = by_list[name]
        newest = pubs[0].published_at if pubs else None
        response = respond(records_csv(pubs, LISTS[name][1]), "text/csv; charset=utf-8", newest)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    return bp
