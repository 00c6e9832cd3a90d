"""纠错 / 异议: a reader reports an error in a notice or a company record; the report is stored for review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from lxml import html

from ggzy.cli import main
from ggzy.site import create_app


def test_a_reader_reports_an_error_in_a_notice_and_it_is_kept_for_review(
    index_url: str, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    store = f"sqlite:///{tmp_path / 'corrections.db'}"
    client = create_app({"INDEX": index_url, "CORRECTIONS_STORE": store, "TESTING": True}).test_client()
    page = html.fromstring(client.get(f"/notice/{world.award.id}").data)
    [link] = page.xpath("//a[contains(., '纠错')]/@href")
    form = client.get(link)
    assert form.status_code == 200 and world.award.title in form.get_data(as_text=True)

    empty = client.post("/report", data={"notice": world.award.id, "reason": "fact", "message": "", "contact": "x"})
    assert empty.status_code == 400 and "请写明哪里有误" in empty.get_data(as_text=True)
    sent = client.post(
        "/report",
        data={"notice": world.award.id, "reason": "fact", "message": "中标金额应为 1180 万元。", "contact": "a@b.cn"},
    )
    assert sent.status_code == 201 and "受理编号 1" in sent.get_data(as_text=True)

    entity = world.active_penalty.penalty.subject.uscc
    entity_page = html.fromstring(client.get(f"/entity/{entity}", headers={"Accept": "text/html"}).data)
    assert entity_page.xpath(f"//a[@href='/report?entity={entity}']")
    repaired = {"entity": entity, "reason": "repaired", "message": "已于2026年完成信用修复。", "contact": "13800000000"}
    assert client.post("/report", data=repaired).status_code == 201
    assert client.get("/report?notice=no-such-notice").status_code == 404

    monkeypatch.setenv("GGZY_CORRECTIONS_STORE", store)
    listed = [json.loads(line) for line in CliRunner().invoke(main, ["corrections", "list"]).output.splitlines()]
    assert [(r["subject"], r["subject_id"], r["reason"]) for r in listed] == [
        ("notice", world.award.id, "fact"),
        ("entity", entity, "repaired"),
    ]
