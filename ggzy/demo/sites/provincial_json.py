"""Family ``provincial_json``: a provincial trade API returning whole notices, modelled on ``hunan-hnsggzy/tmp.json``.

URLs (relative to the centre's base URL, e.g. ``http://127.0.0.1:PORT/hnsggzy``):

``GET|POST /tradeApi/bulletin/noticeList?pageNum=N&pageSize=S``
    (``page`` is accepted for ``pageNum``; ``pageSize`` defaults to 20; POST may send the same as a JSON body
    or form). Optional filters: ``bulletinType`` (e.g. ``ZHAOBIAO_NOTICE``), ``startTime`` / ``endTime``
    (``YYYY-MM-DD``, inclusive, on noticeSendTime). Newest first. Answer::

        {"code": 200, "msg": "操作成功", "time": <ms>, "success": true, "messageEventType": null,
         "channel": null, "data": {"noticeList": [...], "total": N, "pageNum": n, "pageSize": s, "pages": P}}

    A page past the last has an empty ``noticeList``. A notice: ``id`` (the ``source_id``), ``noticeName``
    (the title), ``noticeContent`` (the whole notice as Word-converted HTML: ``<p class=MsoNormal>``, words
    split over ``<span style=…>`` runs, tables nested in a layout table), ``bulletinType`` / ``bulletinName``
    (ZHAOBIAO_NOTICE 招标公告, GENGZHENG_NOTICE 更正公告, ZHONGBIAOHXR_NOTICE 中标候选人公示, ZHONGBIAO_NOTICE
    中标结果公告, ZHONGZHI_NOTICE 终止公告), ``noticeSendTime`` (``YYYY-MM-DD HH:MM:SS``), ``bulletinDuty``
    (the agency), ``constructionTenderId`` (one per project), ``constructionSectionId``, ``docGetStartTime``,
    ``docGetEndTime``, ``bidDocReferEndTime`` (a tender's deadline, a correction's new deadline, else null),
    ``bidOpeningTimeStart`` and the other keys of the capture. All notices are 工程建设.
    With faults on, every page after the first starts with the previous page's last notice.
``GET /tradeApi/bulletin/noticeDetail?id=ID``
    ``{"code": 200, "success": true, "data": {<one notice as above>}}``.
``GET /notice/{id}.html``
    The notice as a page a person opens (UTF-8): the same Word HTML.
``GET /``
    The web app's entry page, as the platform's links ``/#/resources/transactionDetail/…?…&noticeId=ID``
    reach it: its script opens the notice the route names (``notice/ID.html``).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, request

from ggzy.demo.bodies import to_word_html
from ggzy.demo.centres import DemoCentre
from ggzy.demo.generator import Publication, World
from ggzy.demo.sites import int_arg, list_page, respond
from ggzy.model import Kind

BULLETINS = {
    Kind.TENDER: ("ZHAOBIAO_NOTICE", "招标公告"),
    Kind.CORRECTION: ("GENGZHENG_NOTICE", "更正公告"),
    Kind.OPENING: ("KAIBIAO_NOTICE", "开标记录"),
    Kind.CANDIDATES: ("ZHONGBIAOHXR_NOTICE", "中标候选人公示"),
    Kind.AWARD: ("ZHONGBIAO_NOTICE", "中标结果公告"),
    Kind.TERMINATION: ("ZHONGZHI_NOTICE", "终止公告"),
}


#: The web app's entry page: the hash route names the notice, the script shows it.
APP_SHELL = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>湖南省公共资源交易服务平台</title></head>'
    "<body><script>var m = /[?&]noticeId=([^&]+)/.exec(location.hash);"
    "if (m) { location.replace('notice/' + m[1] + '.html'); }</script></body></html>"
)


def _notice(pub: Publication) -> dict[str, Any]:
    project = pub.project
    assert project is not None
    bulletin_type, bulletin_name = BULLETINS[pub.kind]
    tender_id = str(uuid.uuid5(uuid.NAMESPACE_URL, project.code))
    deadline = pub.notice.deadline
    sent = pub.published_at
    return {
        "id": pub.source_id,
        "noticeName": pub.title,
        "noticeContent": to_word_html(pub.title, pub.blocks),
        "bulletinType": bulletin_type,
        "bulletinName": bulletin_name,
        "constructionTenderId": tender_id,
        "constructionSectionId": pub.source_id[36:] or tender_id,
        "noticeSendTime": f"{sent:%Y-%m-%d %H:%M:%S}",
        "bulletinDuty": project.agency.name,
        "docGetStartTime": f"{sent.date() + timedelta(days=1)} 08:00:00" if pub.kind == Kind.TENDER else None,
        "docGetEndTime": f"{project.deadline - timedelta(days=1):%Y-%m-%d} 23:59:00"
        if pub.kind == Kind.TENDER
        else None,
        "tenderDocGetMethod": "在湖南省工程建设招投标交易系统下载数据电文形式的招标文件。"
        if pub.kind == Kind.TENDER
        else None,
        "bidDocReferEndTime": f"{deadline:%Y-%m-%d %H:%M:%S}" if deadline else None,
        "bidOpenTime": None,
        "bidOpenMethod": "线上不见面远程电子开标" if pub.kind == Kind.TENDER else None,
        "qualType": None,
        "bidDocReferMethod": None,
        "syndicatedFlag": None,
        "isPostpone": None,
        "isRemoteEvaluation": None,
        "bidOpeningTimeStart": f"{deadline:%Y-%m-%d %H:%M:%S}" if deadline else None,
        "tenderNotice": None,
    }


def _envelope(data: Any) -> str:
    body = {"code": 200, "msg": "操作成功", "time": 1748395372848, "data": data, "messageEventType": None,
            "channel": None, "success": True}  # fmt: skip
    return json.dumps(body, ensure_ascii=False)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def blueprint(centre: DemoCentre, world: World) -> Blueprint:
    """The trade API (list and detail) and the notice pages."""
    bp = Blueprint(centre.id, __name__)
    pubs = world.at(centre.id)
    by_id = {p.source_id: p for p in pubs}

    @bp.route("/tradeApi/bulletin/noticeList", methods=["GET", "POST"])
    def notice_list() -> Response:
        params: dict[str, Any] = {**request.args.to_dict(), **request.form.to_dict()}
        body = request.get_json(silent=True) if request.is_json else None
        if isinstance(body, dict):
            params.update(body)
        number = int_arg(params.get("pageNum") or params.get("page"), 1)
        size = int_arg(params.get("pageSize"), 20)
        wanted = params.get("bulletinType")
        start, end = _day(params.get("startTime")), _day(params.get("endTime"))
        found = [
            p
            for p in pubs
            if (not wanted or BULLETINS[p.kind][0] == wanted)
            and (start is None or p.published_at.date() >= start)
            and (end is None or p.published_at.date() <= end)
        ]
        rows, pages = list_page(found, number, size, centre.id)
        rows = rows if number <= pages else []
        data = {"noticeList": [_notice(p) for p in rows], "total": len(found), "pageNum": number,
                "pageSize": size, "pages": pages}  # fmt: skip
        newest = rows[0].published_at if rows else None
        return respond(_envelope(data), "application/json;charset=UTF-8", newest)

    @bp.route("/tradeApi/bulletin/noticeDetail")
    def notice_detail() -> Response:
        pub = by_id.get(request.args.get("id", "")) or abort(404)
        return respond(_envelope(_notice(pub)), "application/json;charset=UTF-8", pub.published_at)

    @bp.route("/")
    def web_app() -> Response:
        return respond(APP_SHELL, "text/html; charset=utf-8")

    @bp.route("/notice/<nid>.html")
    def notice_page(nid: str) -> Response:
        pub = by_id.get(nid) or abort(404)
        return respond(to_word_html(pub.title, pub.blocks), "text/html; charset=utf-8", pub.published_at)

    return bp
