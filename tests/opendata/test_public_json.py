"""Every JSON output publishes a notice the same way: the API, the bulk JSON Lines file and the per-company
JSON give the same object, and none of them carries a natural person's code or a removal's private reason."""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ggzy.index import open_index
from ggzy.model import Kind, Notice, Party, Penalty, SubjectCategory
from ggzy.opendata.exports import Exporter
from ggzy.site import create_app
from tests.opendata.samples import BUYER, PERSON_ID, TODAY, notice, sample_notices

SITE = "http://data.example"


def _person_penalty() -> Notice:
    penalty = Penalty(
        subject=Party("李四", uscc_as_printed=PERSON_ID, role="subject"),
        subject_category=SubjectCategory.NATURAL_PERSON,
        authority=Party("德清县交通运输局", uscc=BUYER, role="authority"),
        decision_no="德交罚〔2026〕31号",
        penalty_types=["罚款"],
        facts=f"当事人李四（身份证号 {PERSON_ID}）未按规定签订书面合同。",
        fine=Decimal("1E+3"),
        decided_on=date(2026, 3, 1),
        publicity_until=TODAY + timedelta(days=90),
        removed_reason="内部记录：申请信用修复中",
    )
    return notice("p3", Kind.PENALTY, date(2026, 3, 2), title="德清县交通运输局行政处罚决定书", penalty=penalty)


def _world(tmp_path: Path) -> tuple[Any, Path]:
    person = _person_penalty()
    with open_index(f"sqlite:///{tmp_path / 'ggzy.db'}") as index:
        index.upsert([*sample_notices(), person])
        Exporter(index, tmp_path / "opendata", site_url=SITE, today=TODAY).run()
    app = create_app(
        {"TESTING": True, "INDEX": f"sqlite:///{tmp_path / 'ggzy.db'}", "EXPORT_DIR": str(tmp_path / "opendata")}
    )
    app.config["SITE_URL"] = SITE
    return app.test_client(), tmp_path / "opendata"


def _jsonl(folder: Path) -> dict[str, dict[str, Any]]:
    lines = gzip.decompress((folder / "notices-all.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def test_the_api_the_jsonl_file_and_the_company_json_publish_a_notice_alike(tmp_path: Path) -> None:
    client, folder = _world(tmp_path)
    bulk = _jsonl(folder)
    company = client.get(f"/opendata/entities/{BUYER}.json").get_json()
    assert len(company["notices"]) >= 3  # the tender, the award, the contract and the penalty it decided
    for from_company in company["notices"]:
        from_api = client.get(f"/api/v1/notices/{from_company['id']}").get_json()
        assert from_api.pop("url") == f"{SITE}/notice/{from_company['id']}"
        assert from_api.pop("flags") == []  # the flags were not computed on this index
        assert from_api == bulk[from_company["id"]] == from_company


def test_a_natural_persons_code_and_a_removal_reason_are_in_no_json(tmp_path: Path) -> None:
    client, folder = _world(tmp_path)
    person = _person_penalty()
    outputs = {
        "api": client.get(f"/api/v1/notices/{person.id}").get_data(as_text=True),
        "jsonl": json.dumps(_jsonl(folder)[person.id], ensure_ascii=False),
        "company": client.get(f"/opendata/entities/{BUYER}.json").get_data(as_text=True),
    }
    for name, text in outputs.items():
        published = json.loads(text)
        record = published["notices"] if name == "company" else [published]
        (penalty,) = [n["penalty"] for n in record if n["id"] == person.id]
        assert penalty["subject"]["name"] == "李四", name
        assert penalty["subject"]["uscc_as_printed"] is None, name
        assert penalty["subject"]["uscc"] is None, name
        assert penalty["removed_reason"] is None, name
        assert penalty["fine"] == "1000", name
        assert PERSON_ID not in text and PERSON_ID[6:14] not in text, name
        assert "信用修复中" not in text, name
        assert "330102********1234" in penalty["facts"], name


def test_the_bulk_line_is_public_dict_whether_or_not_there_is_anything_to_mask() -> None:
    from ggzy.public import public_dict, public_json

    with_number = notice("p9", Kind.TENDER, date(2026, 3, 3), body_text=f"联系人身份证号 {PERSON_ID}。")
    for item in [*sample_notices(), _person_penalty(), with_number]:
        line = public_json(item)
        assert json.loads(line) == public_dict(item)
        assert line == json.dumps(public_dict(item), ensure_ascii=False, separators=(",", ":"))
    assert PERSON_ID not in public_json(with_number) and PERSON_ID not in public_json(_person_penalty())
    assert "内部记录" not in public_json(_person_penalty())
