"""``flags.csv``: every stored integrity flag result in the bulk export, described in the data package and listed
as its own CKAN dataset."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from ggzy.flags.compute import refresh
from ggzy.index import open_index
from ggzy.normalize.dates import china_today
from ggzy.opendata.ckan import datasets
from ggzy.opendata.exports import Exporter, load_state
from tests.site.flag_world import BANNED, build_flag_world


def test_the_export_writes_every_flag_result_with_its_inputs(tmp_path: Path) -> None:
    world = build_flag_world(china_today())
    out = tmp_path / "opendata"
    with open_index(f"sqlite:///{tmp_path / 'ggzy.db'}") as index:
        index.upsert(world.notices)
        stored = refresh(index).stored
        Exporter(index, out, site_url="http://data.example").run()
    rows = list(csv.DictReader(io.StringIO((out / "flags.csv").read_text("utf-8-sig"))))
    assert len(rows) == stored == 28
    (penalised,) = [r for r in rows if r["标志编号"] == "penalised_bidder" and r["状态"] == "triggered"]
    assert penalised["公告编号"] == world.award.id and penalised["当事人"] == BANNED.uscc
    assert penalised["状态（中文）"] == "触发" and world.ban.id in penalised["读取的公告"].split("|")
    assert penalised["首次触发日期"] == china_today().isoformat()
    late = [r for r in rows if r["标志编号"] == "late_contract"]
    assert {r["缺少的数据"] for r in late} == {"同一项目的合同公告"}
    assert json.loads(next(r for r in rows if r["标志编号"] == "single_bid")["界限值"]) == {"min_bidders": 2}

    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"] == "flags.csv"]
    assert [f["name"] for f in resource["schema"]["fields"]][:4] == ["公告编号", "标志编号", "标志名称", "状态"]
    validate = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "flags.csv", "--schema-sync"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(validate.stdout)["valid"], validate.stdout[:2000]
    (flags,) = [d for d in datasets(load_state(out), "http://data.example") if d["name"] == "ggzy-flags"]
    assert [r["name"] for r in flags["resources"]] == ["flags.csv"]
    assert flags["resources"][0]["description"] == "28 rows"
