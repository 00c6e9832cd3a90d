"""The bulk files: what they hold, what they never hold, and that a second export rewrites only what changed."""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from ggzy.index.base import Index
from ggzy.model import Kind, Notice
from ggzy.opendata.exports import Exporter
from tests.opendata.samples import PERSON_ID, TODAY, WINNER, notice, sample_notices


def read_text(path: Path) -> str:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return str(pq.read_table(path).to_pylist())
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def read_csv(path: Path) -> list[dict[str, str]]:
    text = read_text(path)
    assert text.startswith("\ufeff"), f"{path.name} lacks the BOM Excel needs for Chinese"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_export_writes_monthly_full_kind_and_company_files(export_dir: Path) -> None:
    state = json.loads((export_dir / "index.json").read_text("utf-8"))
    assert set(state["files"]) >= {
        "notices-all.csv.gz",
        "notices-all.jsonl.gz",
        "notices/notices-2026-01.csv.gz",
        "notices/notices-2026-02.jsonl.gz",
        "kinds/notices-award.csv.gz",
        "penalties.csv",
        "entities.csv",
        "ocds/releases-2026-02.json.gz",
    }
    full = read_csv(export_dir / "notices-all.csv.gz")
    assert len(full) == 4 == state["files"]["notices-all.csv.gz"]["rows"]
    award = read_csv(export_dir / "kinds/notices-award.csv.gz")
    assert [row["中标人统一社会信用代码"] for row in award] == [WINNER]
    assert award[0]["中标金额（元）"] == "1280000"
    lines = read_text(export_dir / "notices/notices-2026-02.jsonl.gz").splitlines()
    assert {json.loads(line)["kind"] for line in lines} == {"award", "penalty"}
    # the bids and candidates come back from the bulk file as they went in
    [award_line] = [Notice.from_json(line) for line in lines if json.loads(line)["kind"] == "award"]
    sample_award = sample_notices()[1]
    assert award_line.bids == sample_award.bids and award_line.candidates == sample_award.candidates


def test_expired_penalties_and_identity_numbers_appear_in_no_file(export_dir: Path) -> None:
    for path in export_dir.rglob("*"):
        if path.is_file():
            text = read_text(path)
            assert "已过公示期" not in text and "德交罚〔2024〕99号" not in text, path
            assert PERSON_ID not in text, path
    penalties = read_csv(export_dir / "penalties.csv")
    assert [(p["行政处罚决定书文号"], p["统一社会信用代码"], p["罚款金额（元）"]) for p in penalties] == [
        ("德交罚〔2026〕12号", WINNER, "50000")
    ]


def test_entities_csv_has_one_row_per_code_with_awards_and_penalties(export_dir: Path) -> None:
    rows = {row["统一社会信用代码"]: row for row in read_csv(export_dir / "entities.csv")}
    winner = rows[WINNER]
    assert winner["中标次数"] == "1"
    assert winner["中标总金额（元）"] == "1280000"
    assert winner["公示中的处罚"] == "1"
    assert winner["地区代码"] == "370783"
    assert (winner["最早公告日期"], winner["最近公告日期"]) == ("2026-02-03", "2026-03-02")


def test_second_export_without_changes_does_nothing(index: Index, export_dir: Path) -> None:
    report = Exporter(index, export_dir, today=TODAY).run()
    assert report.skipped


def test_only_the_changed_month_is_rewritten(index: Index, export_dir: Path) -> None:
    before = json.loads((export_dir / "index.json").read_text("utf-8"))["files"]
    changed = replace(sample_notices()[0], title="德清县道路工程招标公告（更正后）", content_hash="")
    changed.content_hash = changed.compute_content_hash()
    index.upsert([changed])
    report = Exporter(index, export_dir, today=TODAY).run()
    assert "notices/notices-2026-01.csv.gz" in report.written
    assert "notices/notices-2026-02.csv.gz" in report.kept
    assert "notices/notices-2026-03.jsonl.gz" in report.kept
    after = json.loads((export_dir / "index.json").read_text("utf-8"))["files"]
    assert after["notices/notices-2026-02.csv.gz"] == before["notices/notices-2026-02.csv.gz"]
    assert after["notices/notices-2026-01.csv.gz"]["sha256"] != before["notices/notices-2026-01.csv.gz"]["sha256"]
    assert "更正后" in read_text(export_dir / "notices-all.csv.gz")


def test_a_new_month_gets_its_own_files(index: Index, export_dir: Path) -> None:
    index.upsert([notice("t9", Kind.TENDER, date(2025, 12, 30))])
    Exporter(index, export_dir, today=TODAY).run()
    assert len(read_csv(export_dir / "notices/notices-2025-12.csv.gz")) == 1


def test_a_penalty_past_its_publicity_leaves_the_next_export(index: Index, export_dir: Path) -> None:
    later = TODAY + timedelta(days=181)
    report = Exporter(index, export_dir, today=later).run()
    assert "notices/notices-2026-02.csv.gz" in report.written
    assert read_csv(export_dir / "penalties.csv") == []
    assert "德交罚〔2026〕12号" not in read_text(export_dir / "notices-all.jsonl.gz")
    entity = {row["统一社会信用代码"]: row for row in read_csv(export_dir / "entities.csv")}[WINNER]
    assert entity["公示中的处罚"] == "0"


def test_a_month_left_without_notices_loses_its_files(tmp_path: Path) -> None:
    from ggzy.index import open_index

    out = tmp_path / "out"
    with open_index(f"sqlite:///{tmp_path / 'solo.db'}") as solo:
        solo.upsert([n for n in sample_notices() if n.source_id == "p1"])
        Exporter(solo, out, today=TODAY).run()
        assert (out / "notices/notices-2026-02.csv.gz").exists()
        Exporter(solo, out, today=TODAY + timedelta(days=181)).run()
    assert not (out / "notices/notices-2026-02.csv.gz").exists()
    assert "notices/notices-2026-02.csv.gz" not in json.loads((out / "index.json").read_text("utf-8"))["files"]


def test_checksums_match_the_files(export_dir: Path) -> None:
    import hashlib

    sums = (export_dir / "SHA256SUMS").read_text("utf-8").splitlines()
    assert len(sums) > 10
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((export_dir / name).read_bytes()).hexdigest() == digest


def test_parquet_copy_has_typed_columns(export_dir: Path) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(export_dir / "notices-all.parquet")
    assert table.num_rows == 4
    rows = {row["id"]: row for row in table.to_pylist()}
    award = next(row for row in rows.values() if row["kind"] == "award")
    assert award["amount"] == Decimal("1280000.000000")
    assert award["published"] == date(2026, 2, 14)
    assert str(table.schema.field("deadline").type) == "timestamp[ms]"


def test_entities_csv_agrees_with_the_entity_profile(index: Index, export_dir: Path) -> None:
    for row in read_csv(export_dir / "entities.csv"):
        profile = index.entity(row["统一社会信用代码"], today=TODAY)
        assert profile is not None
        assert (int(row["中标次数"]), Decimal(row["中标总金额（元）"])) == (profile.awards_won, profile.awards_total)
        assert row["企业名称"].split("|") == profile.names
        assert int(row["公示中的处罚"]) == len(profile.active_penalties)


def test_entities_csv_agrees_with_profiles_across_the_demo_world(tmp_path: Path) -> None:
    from ggzy.demo.generator import build_world
    from ggzy.index import open_index

    with open_index(f"sqlite:///{tmp_path / 'world.db'}") as world_index:
        world_index.upsert(build_world(seed=3, projects=40, today=TODAY).notices)
        Exporter(world_index, tmp_path / "out", today=TODAY).run()
        rows = read_csv(tmp_path / "out" / "entities.csv")
        assert len(rows) > 50
        for row in rows:
            profile = world_index.entity(row["统一社会信用代码"], today=TODAY)
            assert profile is not None
            assert (int(row["中标次数"]), Decimal(row["中标总金额（元）"])) == (
                profile.awards_won,
                profile.awards_total,
            )
            assert int(row["公示中的处罚"]) == len(profile.active_penalties), row["统一社会信用代码"]


def test_the_newest_month_also_comes_as_a_plain_csv_excel_opens(index: Index, export_dir: Path) -> None:
    state = json.loads((export_dir / "index.json").read_text("utf-8"))["files"]
    newest = max(name for name in state if name.startswith("notices/notices-20") and name.endswith(".csv.gz"))
    plain = newest.removesuffix(".gz")
    assert plain in state and (export_dir / plain).read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(export_dir / plain) == read_csv(export_dir / newest)
    assert [name for name in state if name.endswith(".csv") and name.startswith("notices/")] == [plain]
    index.upsert([notice("t10", Kind.TENDER, date(2026, 4, 2))])
    Exporter(index, export_dir, today=TODAY).run()
    assert (export_dir / "notices/notices-2026-04.csv").exists() and not (export_dir / plain).exists()


def test_csv_cells_have_one_amount_format_and_beijing_time() -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from ggzy.opendata.rows import cell_text

    assert [cell_text(Decimal(v)) for v in ("1280000", "1.28E+6", "3450000.50", "0.5")] == [
        "1280000",
        "1280000",
        "3450000.5",
        "0.5",
    ]
    assert cell_text(datetime(2026, 3, 1, 8, 30, tzinfo=UTC)) == "2026-03-01T16:30:00+08:00"
    assert cell_text(datetime(2026, 3, 1, 9, 30)) == "2026-03-01T09:30:00+08:00"  # a printed deadline: Beijing time


def test_notice_csvs_read_in_chinese_and_keep_their_codes(export_dir: Path) -> None:
    text = read_text(export_dir / "notices-all.csv.gz")
    assert text.splitlines()[0] == (
        "\ufeff公告编号,交易中心,公告类型,公告类型代码,交易类别,交易类别代码,标题,发布日期,地区代码,地区,项目编号,"
        "项目名称,采购人/招标人,采购人统一社会信用代码,代理机构,代理机构统一社会信用代码,中标人,中标人统一社会信用代码,"
        "中标金额（元）,预算金额（元）,投标截止时间,原文链接,采集时间"
    )
    [award] = [row for row in read_csv(export_dir / "notices-all.csv.gz") if row["公告类型代码"] == "award"]
    assert (award["公告类型"], award["交易类别"], award["交易类别代码"]) == ("中标/成交结果", "工程建设", "engineering")
    assert (award["地区代码"], award["地区"]) == ("330521", "浙江省湖州市德清县")
    assert (award["中标金额（元）"], award["采集时间"]) == ("1280000", "2026-03-19T08:00:00+08:00")
    assert read_csv(export_dir / "penalties.csv")[0]["行政相对人类别"] == "法人及非法人组织"


def test_the_full_files_are_the_month_files_joined_with_one_header(export_dir: Path) -> None:
    state = json.loads((export_dir / "index.json").read_text("utf-8"))
    months = sorted((p for p in (export_dir / "notices").glob("notices-*.csv.gz")), reverse=True)
    assert len(months) >= 2
    full_text = read_text(export_dir / "notices-all.csv.gz")
    assert full_text.count("\ufeff") == 1 and full_text.count("公告编号") == 1  # one BOM, one header row
    month_rows = [row for month in months for row in read_csv(month)]
    assert read_csv(export_dir / "notices-all.csv.gz") == month_rows  # newest month first, rows as written
    assert state["files"]["notices-all.csv.gz"]["rows"] == len(month_rows)
    jsonl = [line for m in months for line in read_text(m.with_name(m.name.replace(".csv", ".jsonl"))).splitlines()]
    assert read_text(export_dir / "notices-all.jsonl.gz").splitlines() == jsonl
    # several gzip members: the rows were compressed once, in the month files, and copied
    data = (export_dir / "notices-all.jsonl.gz").read_bytes()
    assert data.count(b"\x1f\x8b\x08") >= len(months)
