"""A notice as the rules read it: no body, the method its body names read once, and the same results."""

from __future__ import annotations

from datetime import date, datetime

from ggzy.flags.procurement import procurements
from ggzy.flags.reading import read_notice
from ggzy.flags.rules import evaluate
from ggzy.model import Kind
from ggzy.normalize.methods import Method
from tests.factories import notice
from tests.flags.conftest import TODAY

BODY = "某公司受某单位委托，对某单位物业服务项目进行竞争性磋商，欢迎合格的供应商参加。"


def test_a_read_notice_keeps_the_method_its_body_names_and_drops_the_body() -> None:
    opens = datetime(2026, 3, 14, 9, 30)
    tender = notice("c", "t1", "某单位物业服务项目招标公告", kind=Kind.TENDER, project_code="P-1", body_text=BODY,
                    body_html=f"<p>{BODY}</p>", published=date(2026, 3, 2), deadline=opens)  # fmt: skip
    read = read_notice(tender)
    assert read.body_text == read.body_html == ""
    assert (read.id, read.title, read.deadline) == (tender.id, tender.title, tender.deadline)
    assert procurements([read])[0].method is Method.COMPETITIVE_CONSULTATION
    assert read_notice(read) is read
    assert evaluate([read], today=TODAY) == evaluate([tender], today=TODAY) != []
