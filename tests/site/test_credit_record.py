"""A credit record that is true, dated and provable, as an enterprise checking a supplier meets it: a typed code
gets the canonical code's answer everywhere, a code that cannot be checked never reads as clean, serious
violations stand out, a repaired penalty is gone, as-of answers look back, and receipts verify."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.model import Category, Kind, Notice, Party
from ggzy.normalize.dates import china_today
from tests import factories
from tests.factories import make_app
from tests.feeds.world import notice

CODE = "914308216620XLUA6M"
TYPED = ["914308216620xlua6m", "９１４３０８２１６６２０ＸＬＵＡ６Ｍ", "9143 0821-6620 XLUA6M", " 914308216620xlua6m "]
NAME = "湖南某某建设工程有限公司"
REPAIR_REASON = "信用修复：已履行行政处罚决定并作出信用承诺"
TODAY = china_today()
#: A day when the old penalty was public; it has expired since.
LOOK_BACK = TODAY - timedelta(days=700)


def world() -> list[Notice]:
    company = Party(NAME, CODE)
    award = notice(
        "hunan-hnsggzy",
        "lot-award",
        "某某道路工程中标结果公告",
        TODAY - timedelta(days=30),
        kind=Kind.AWARD,
        category=Category.ENGINEERING,
        project_code="HN-2025-88",
        amount=Decimal("13013100"),
        winners=[
            Party(NAME, CODE, amount=Decimal("8555700"), lot="一标段"),
            Party("湖南另一建设有限公司", None, amount=Decimal("4457400"), lot="二标段"),
        ],
    )

    def penalty(key: str, decided: date, **items: object) -> Notice:
        return notice(
            "hunan-hnsggzy",
            key,
            f"{NAME}行政处罚信息（{key}）",
            decided,
            kind=Kind.PENALTY,
            penalty=factories.penalty(company, decided_on=decided, **items),
        )

    serious_on = TODAY - timedelta(days=100)
    return [
        award,
        penalty(
            "serious",
            serious_on,
            penalty_types=["罚款", "列入不良行为记录名单", "禁止参加政府采购活动"],
            content="罚款人民币11000元，列入不良行为记录名单，1年内禁止参加政府采购活动",
            fine=Decimal("11000"),
            list_name="政府采购严重违法失信行为记录名单",
            banned_until=serious_on + timedelta(days=364),
            publicity_until=serious_on + timedelta(days=364),
        ),
        penalty(
            "old",
            LOOK_BACK - timedelta(days=30),
            penalty_types=["警告"],
            publicity_until=LOOK_BACK + timedelta(days=60),
        ),
        penalty(
            "repaired",
            TODAY - timedelta(days=200),
            penalty_types=["罚款"],
            publicity_until=TODAY + timedelta(days=900),
            removed_on=TODAY - timedelta(days=10),
            removed_reason=REPAIR_REASON,
        ),
    ]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_app(tmp_path_factory.mktemp("credit-record") / "ggzy.db", world())


def check(client, codes: list[str], **extra: object) -> dict:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/credit-check", json={"uscc": codes, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    return dict(response.json)


def test_a_typed_code_gets_the_canonical_answer_on_every_surface(client) -> None:
    canonical_entity = client.get(f"/api/v1/entities/{CODE}").json
    assert canonical_entity["normalized_from"] is None and canonical_entity["known"]
    canonical_row = check(client, [CODE])["results"][0]
    assert canonical_row["active_penalties"] == 1
    feed_entries = client.get(f"/feeds/entity/{CODE}.atom").get_data(as_text=True).count("<entry>")
    search_total = client.get(f"/api/v1/notices?uscc={CODE}").json["total"]
    download = client.get(f"/opendata/entities/{CODE}.json").json["entity"]
    for typed in TYPED:
        path = quote(typed)
        entity = client.get(f"/api/v1/entities/{path}").json
        assert entity["normalized_from"] == typed
        assert {**entity, "normalized_from": None} == canonical_entity
        row = check(client, [typed])["results"][0]
        assert row["normalized_from"] == typed and row["code"] == CODE
        assert {**row, "uscc": CODE, "normalized_from": None} == canonical_row
        page = client.get(f"/entity/{path}")
        assert page.status_code == 301 and page.headers["Location"].startswith(f"/entity/{CODE}?from=")
        body = client.get(page.headers["Location"]).get_data(as_text=True)
        assert "规范为统一社会信用代码" in body and "严重失信" in body
        feed = client.get(f"/feeds/entity/{path}.atom")
        assert feed.status_code == 200 and feed.get_data(as_text=True).count("<entry>") == feed_entries
        assert client.get(f"/api/v1/notices?uscc={quote(typed)}").json["total"] == search_total
        assert {**client.get(f"/opendata/entities/{path}.json").json["entity"], "normalized_from": None} == download


def test_a_code_that_cannot_be_checked_never_reads_as_clean(client) -> None:
    wrong_check = CODE[:17] + "X"
    rows = check(client, [wrong_check, "00000000000000000X", "91430821"])["results"]
    for row in rows:
        assert row["valid"] is False and row["reason"]
        assert row["active_penalties"] is None and row["known"] is None and row["serious_violation"] is None
        assert row["awards_won"] is None
    assert rows[0]["suggestion"] == CODE and "expected 'M'" in rows[0]["reason"]
    assert rows[1]["reason"] == "placeholder"
    problem = client.get(f"/api/v1/entities/{wrong_check}")
    assert problem.status_code == 400 and problem.json["suggestion"] == CODE


def test_a_serious_violation_is_on_the_top_rung_and_marked(client) -> None:
    row = check(client, [CODE])["results"][0]
    assert (row["severity"], row["most_severe_penalty"], row["serious_violation"]) == (5, "严重违法失信", True)
    assert row["banned_until"] == str(TODAY - timedelta(days=100) + timedelta(days=364))
    entity = client.get(f"/api/v1/entities/{CODE}").json
    assert entity["serious_violation"] is True
    [record] = entity["active_penalties"]
    assert record["mark"] == "严重失信" and record["list_name"] == "政府采购严重违法失信行为记录名单"
    assert record["penalty"]["fine"] == "11000" and record["banned_on_day"] is True
    page = client.get(f"/entity/{CODE}").get_data(as_text=True)
    assert '<strong class="tag tag-serious">严重失信</strong>' in page and "禁止参加政府采购活动至" in page
    assert "罚款：" in page and "名单：政府采购严重违法失信行为记录名单" in page


def test_a_company_page_and_api_show_its_own_lot_not_the_notice_total(client) -> None:
    entity = client.get(f"/api/v1/entities/{CODE}").json
    assert entity["awards_total"] == "8555700" and [a["amount"] for a in entity["awards"]] == ["8555700"]
    page = client.get(f"/entity/{CODE}").get_data(as_text=True)
    assert "本企业中标金额 855.57 万元" in page and "公告总金额 1,301.31 万元" in page
    rows = client.get(f"/opendata/entities/{CODE}.csv").get_data(as_text=True).splitlines()
    assert rows[0].endswith(",本企业中标金额（元）")
    award_row = next(r for r in rows if "中标结果" in r)
    assert award_row.endswith(",8555700")


def test_a_repaired_penalty_leaves_every_public_output_and_its_reason_stays_private(client) -> None:
    repaired = next(n for n in world() if n.source_id == "repaired")
    outputs = {
        "entity": client.get(f"/api/v1/entities/{CODE}"),
        "page": client.get(f"/entity/{CODE}"),
        "feed": client.get(f"/feeds/entity/{CODE}.atom"),
        "search": client.get(f"/api/v1/notices?uscc={CODE}&kind=penalty"),
        "download": client.get(f"/opendata/entities/{CODE}.json"),
        "changes": client.get("/api/v1/changes?limit=1000"),
    }
    for name, response in outputs.items():
        text = response.get_data(as_text=True)
        assert REPAIR_REASON not in text, name
        if name != "changes":
            assert repaired.id not in text, name
    assert client.get(f"/api/v1/notices/{repaired.id}").status_code == 404
    assert client.get(f"/notice/{repaired.id}").status_code == 410
    cursor = outputs["changes"].json["next_cursor"].split("@")[0]
    # A mirror that last synced before the repair learns of it as a tombstone; the first sync never sees it.
    since = f"{cursor}@{(TODAY - timedelta(days=11)).isoformat()}"
    items = client.get(f"/api/v1/changes?since={since}").json["items"]
    assert {"id": repaired.id, "withdrawn": True} in items
    assert all(item.get("id") != repaired.id or item == {"id": repaired.id, "withdrawn": True} for item in items)
    entity = outputs["entity"].json
    assert entity["withdrawn_penalties"] == 2 and len(entity["active_penalties"]) == 1


def test_as_of_looks_back_at_what_was_public_that_day(client) -> None:
    then = client.get(f"/api/v1/entities/{CODE}?as_of={LOOK_BACK}").json
    now = client.get(f"/api/v1/entities/{CODE}").json
    assert then["as_of"] == str(LOOK_BACK) and now["as_of"] is None
    assert [p["penalty"]["penalty_types"] for p in then["active_penalties"]] == [["警告"]]  # expired since
    assert then["awards_won"] == 0 and now["awards_won"] == 1
    assert [p["mark"] for p in now["active_penalties"]] == ["严重失信"]
    before = check(client, [CODE], as_of=str(LOOK_BACK))
    assert before["as_of"] == str(LOOK_BACK)
    row = before["results"][0]
    assert (row["active_penalties"], row["severity"], row["serious_violation"], row["banned_until"]) == (
        1,
        2,
        False,
        None,
    )
    page = client.get(f"/entity/{CODE}?as_of={LOOK_BACK}").get_data(as_text=True)
    assert "以下为截至" in page and "严重失信" not in page
    for bad in ("2025-13-01", "yesterday", str(TODAY + timedelta(days=1))):
        assert client.get(f"/api/v1/entities/{CODE}?as_of={bad}").status_code == 400
        response = client.post("/api/v1/credit-check", json={"uscc": [CODE], "as_of": bad})
        assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_a_receipt_verifies_and_one_changed_byte_does_not(app, client, tmp_path: Path) -> None:
    answer = check(client, [CODE, "914308216620xlua6m"], receipt=True)
    receipt = answer["receipt"]
    assert receipt["algorithm"] == "Ed25519" and receipt["question"]["uscc"] == [CODE, "914308216620xlua6m"]
    assert receipt["answer"]["results"] == answer["results"] and receipt["index"]["count"] == len(world())
    keys = client.get("/api/v1/keys").json["keys"]
    assert keys[0]["kid"] == receipt["key_id"] and keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519"
    assert receipt["key_id"] in client.get("/about").get_data(as_text=True)
    data_dir = app.config["DATA_DIR"]
    saved = tmp_path / "receipt.json"
    saved.write_text(json.dumps(receipt, ensure_ascii=False, indent=2), encoding="utf-8")
    runner = CliRunner()
    verified = runner.invoke(main, ["receipt", "verify", str(saved), "--data-dir", data_dir])
    assert verified.exit_code == 0 and receipt["key_id"] in verified.output
    jwks = tmp_path / "keys.json"
    jwks.write_text(json.dumps({"keys": keys}), encoding="utf-8")
    assert runner.invoke(main, ["receipt", "verify", str(saved), "--keys", str(jwks)]).exit_code == 0
    text = saved.read_text(encoding="utf-8")
    position = text.index('"active_penalties": 1') + len('"active_penalties": ')
    tampered = tmp_path / "tampered.json"
    tampered.write_text(text[:position] + "0" + text[position + 1 :], encoding="utf-8")
    refused = runner.invoke(main, ["receipt", "verify", str(tampered), "--data-dir", data_dir])
    assert refused.exit_code == 1 and "NOT VERIFIED" in refused.output
    rotated = runner.invoke(main, ["receipt", "rotate-key", "--data-dir", data_dir])
    assert rotated.exit_code == 0
    new_kid = rotated.output.strip()
    assert [k["kid"] for k in client.get("/api/v1/keys").json["keys"]] == [new_kid, receipt["key_id"]]
    assert check(client, [CODE], receipt=True)["receipt"]["key_id"] == new_kid
    assert runner.invoke(main, ["receipt", "verify", str(saved), "--data-dir", data_dir]).exit_code == 0


def test_any_changed_character_breaks_a_receipt(app, client, tmp_path: Path) -> None:
    receipt = check(client, [CODE], receipt=True)["receipt"]
    compact = json.dumps(receipt, ensure_ascii=False, separators=(",", ":"))
    positions = [i for i, char in enumerate(compact) if char.isalnum()]
    data_dir = app.config["DATA_DIR"]
    runner = CliRunner()
    for position in positions[:: max(1, len(positions) // 40)]:
        replacement = "1" if compact[position] != "1" else "2"
        changed = tmp_path / f"changed-{position}.json"
        changed.write_text(compact[:position] + replacement + compact[position + 1 :], encoding="utf-8")
        result = runner.invoke(main, ["receipt", "verify", str(changed), "--data-dir", data_dir])
        assert result.exit_code != 0, (position, compact[position - 20 : position + 20])


def test_a_receipt_over_real_http_verifies_with_the_command(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import urllib.request

    from tests.site.test_serve import free_port, wait_for

    index_path = tmp_path / "ggzy.db"
    make_app(index_path, world())  # fills the index
    port = free_port()
    env = {**os.environ, "GGZY_INDEX": f"sqlite:///{index_path}", "GGZY_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-c", "from ggzy.cli import main; main()", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v1/health")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/credit-check",
            data=json.dumps({"uscc": ["914308216620xlua6m"], "receipt": True}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read())
        keys = json.loads(wait_for(f"http://127.0.0.1:{port}/api/v1/keys"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert body["results"][0]["code"] == CODE and body["results"][0]["serious_violation"] is True
    saved, jwks = tmp_path / "receipt.json", tmp_path / "keys.json"
    saved.write_text(json.dumps(body["receipt"], ensure_ascii=False), encoding="utf-8")
    jwks.write_text(json.dumps(keys), encoding="utf-8")
    verify = [sys.executable, "-c", "from ggzy.cli import main; main()", "receipt", "verify", str(saved)]
    assert subprocess.run([*verify, "--keys", str(jwks)], env=env, capture_output=True).returncode == 0
    assert subprocess.run(verify, env=env, capture_output=True).returncode == 0  # keys from GGZY_DATA_DIR
    saved.write_bytes(saved.read_bytes().replace(b'"serious_violation": true', b'"serious_violation":false'))
    refused = subprocess.run([*verify, "--keys", str(jwks)], env=env, capture_output=True, text=True)
    assert refused.returncode == 1 and "NOT VERIFIED" in refused.stderr


def test_the_company_feed_shows_its_own_lot(client) -> None:
    feed = client.get(f"/feeds/entity/{quote(TYPED[0])}.atom").get_data(as_text=True)
    assert "该企业中标金额：8,555,700.00元" in feed and "公告总金额：13,013,100.00元" in feed
    general = client.get("/feeds/search.atom?kind=award").get_data(as_text=True)
    assert "该企业中标金额" not in general and "金额：13,013,100.00元" in general


def test_a_search_for_a_code_that_cannot_be_checked_says_so(client) -> None:
    page = client.get(f"/search?uscc={CODE[:17]}X")
    assert page.status_code == 400 and "「统一社会信用代码」填写有误" in page.get_data(as_text=True)
    assert client.get(f"/search?uscc={quote(TYPED[1])}").status_code == 200
