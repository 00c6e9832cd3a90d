"""Submission and decision periods, and late contracts, on one procurement's notices."""

from __future__ import annotations

from datetime import date, datetime

from ggzy.flags.model import FlagState
from ggzy.model import Category, Kind
from tests.factories import notice
from tests.flags.conftest import flag_results


def tender(key: str, title: str, published: date, deadline: datetime | None, **fields):
    fields.setdefault("category", Category.PROCUREMENT)
    fields.setdefault("project_code", "P-1")
    return notice("hf", key, title, kind=Kind.TENDER, published=published, deadline=deadline, **fields)


def test_a_tender_open_for_19_days_triggers_and_20_days_does_not() -> None:
    short = tender("t1", "某设备采购项目公开招标公告", date(2026, 3, 2), datetime(2026, 3, 21, 9, 30))
    found = flag_results("short_submission", [short])[short.id]
    assert found.state is FlagState.TRIGGERED
    assert "期限 19 日（法定最短 20 日）" in found.detail
    assert found.thresholds == {"procurement_tender_days": 20}
    enough = tender("t2", "某设备采购项目公开招标公告", date(2026, 3, 2), datetime(2026, 3, 22, 9, 30))
    assert flag_results("short_submission", [enough])[enough.id].state is FlagState.NOT_TRIGGERED


def test_a_correction_that_extends_the_deadline_is_the_one_in_force() -> None:
    short = tender("t1", "某设备采购项目公开招标公告", date(2026, 3, 2), datetime(2026, 3, 15, 9, 30))
    extended = notice(
        "hf",
        "c1",
        "某设备采购项目更正公告",
        kind=Kind.CORRECTION,
        published=date(2026, 3, 10),
        deadline=datetime(2026, 3, 25, 9, 30),
        project_code="P-1",
    )
    found = flag_results("short_submission", [short, extended])[short.id]
    assert found.state is FlagState.NOT_TRIGGERED
    assert found.inputs == (short.id, extended.id)


def test_a_re_tender_starts_its_own_period() -> None:
    first = tender("t1", "某设备采购项目公开招标公告", date(2026, 3, 2), datetime(2026, 3, 23, 9, 30))
    again = tender("t2", "某设备采购项目（二次）公开招标公告", date(2026, 4, 1), datetime(2026, 4, 15, 9, 30))
    found = flag_results("short_submission", [first, again])
    assert found[first.id].state is FlagState.NOT_TRIGGERED
    assert found[again.id].state is FlagState.TRIGGERED and "期限 14 日" in found[again.id].detail


def test_negotiation_counts_working_days_of_the_holiday_table() -> None:
    # Friday 2026-02-13, then a worked Saturday and the Spring Festival: Tuesday the 24th is only 2 working days on.
    before = tender("t1", "某项目竞争性谈判公告", date(2026, 2, 13), datetime(2026, 2, 24, 9, 0))
    after = tender("t2", "某项目竞争性谈判公告", date(2026, 2, 13), datetime(2026, 2, 25, 9, 0), project_code="P-2")
    found = flag_results("short_submission", [before, after])
    assert found[before.id].state is FlagState.TRIGGERED
    assert "2 个工作日" in found[before.id].detail
    assert found[after.id].state is FlagState.NOT_TRIGGERED


def test_an_unknown_holiday_year_or_method_or_deadline_is_insufficient_data() -> None:
    future = tender("t1", "某项目询价公告", date(2027, 3, 1), datetime(2027, 3, 5, 9, 0))
    unnamed = tender("t2", "某项目公告", date(2026, 3, 2), datetime(2026, 3, 25), project_code="P-2")
    undated = tender("t3", "某项目竞争性磋商公告", date(2026, 3, 2), None, project_code="P-3")
    found = flag_results("short_submission", [future, unnamed, undated])
    assert found[future.id].state is FlagState.INSUFFICIENT and "2027年节假日安排" in found[future.id].missing
    assert found[unnamed.id].missing == ("采购方式",)
    assert found[undated.id].missing == ("投标/响应文件截止时间",)


def test_single_source_and_land_have_no_submission_flag() -> None:
    single = tender("t1", "某设备单一来源采购公示", date(2026, 3, 2), datetime(2026, 3, 4))
    land = tender(
        "t2",
        "某地块国有建设用地使用权招标出让公告",
        date(2026, 3, 2),
        datetime(2026, 3, 4),
        category=Category.LAND,
        project_code="P-2",
    )
    prequalification = tender(
        "t3", "某道路工程施工资格预审公告", date(2026, 3, 2), datetime(2026, 3, 9), project_code="P-3"
    )
    assert flag_results("short_submission", [single, land, prequalification]) == {}


def works(key: str, kind: Kind, published: date, **fields):
    fields.setdefault("project_code", "W-1")
    return notice(
        "hf", key, f"某道路工程{kind.label}", kind=kind, published=published, category=Category.ENGINEERING, **fields
    )


def test_a_works_award_two_days_after_opening_is_a_short_decision() -> None:
    opened = works("t", Kind.TENDER, date(2026, 3, 2), deadline=datetime(2026, 3, 23, 9, 30))
    award = works("a", Kind.AWARD, date(2026, 3, 25))
    found = flag_results("short_decision", [opened, award])[award.id]
    assert found.state is FlagState.TRIGGERED and found.inputs == (award.id, opened.id)
    later = works("a", Kind.AWARD, date(2026, 3, 26))
    assert flag_results("short_decision", [opened, later])[later.id].state is FlagState.NOT_TRIGGERED
    assert flag_results("long_decision", [opened, later])[later.id].state is FlagState.NOT_TRIGGERED


def test_an_award_91_days_after_opening_is_a_long_decision() -> None:
    opened = works("t", Kind.TENDER, date(2026, 1, 5), deadline=datetime(2026, 2, 2, 9, 30))
    award = works("a", Kind.AWARD, date(2026, 5, 4))
    found = flag_results("long_decision", [opened, award])[award.id]
    assert found.state is FlagState.TRIGGERED and "91 日" in found.detail
    alone = works("b", Kind.AWARD, date(2026, 5, 4), project_code="W-2")
    assert flag_results("long_decision", [alone])[alone.id].missing == ("开标/投标截止时间",)


def test_a_contract_published_after_30_days_and_2_working_days_is_late() -> None:
    award = notice(
        "hf",
        "a",
        "某项目中标结果公告",
        kind=Kind.AWARD,
        published=date(2026, 3, 2),
        category=Category.PROCUREMENT,
        project_code="P-1",
    )
    # 30 days on is Wednesday 2026-04-01; 2 working days more is Friday 2026-04-03.
    on_time = notice(
        "hf",
        "k1",
        "某项目合同公告",
        kind=Kind.CONTRACT,
        published=date(2026, 4, 3),
        category=Category.PROCUREMENT,
        project_code="P-1",
    )
    found = flag_results("late_contract", [award, on_time])[award.id]
    assert found.state is FlagState.NOT_TRIGGERED and found.inputs == (award.id, on_time.id)
    late = notice(
        "hf",
        "k1",
        "某项目合同公告",
        kind=Kind.CONTRACT,
        published=date(2026, 4, 7),
        category=Category.PROCUREMENT,
        project_code="P-1",
    )
    assert flag_results("late_contract", [award, late])[award.id].state is FlagState.TRIGGERED
    assert flag_results("late_contract", [award])[award.id].missing == ("同一项目的合同公告",)


def test_a_tender_titled_zhaobiao_whose_body_states_consultation_has_the_consultation_period() -> None:
    body = "某公司受某单位委托，对某单位物业服务项目进行竞争性磋商，欢迎合格的供应商参加。"
    twelve = tender("t1", "某单位物业服务项目招标公告", date(2026, 3, 2), datetime(2026, 3, 14, 9, 30), body_text=body)
    nine = tender("t2", "某单位保洁服务项目招标公告", date(2026, 3, 2), datetime(2026, 3, 11, 9, 30),
                  body_text=body, project_code="P-2")  # fmt: skip
    found = flag_results("short_submission", [twelve, nine])
    assert found[twelve.id].state is FlagState.NOT_TRIGGERED
    assert "竞争性磋商" in found[twelve.id].detail and "法定最短 10 日" in found[twelve.id].detail
    assert found[nine.id].state is FlagState.TRIGGERED


def test_an_award_stating_the_method_beats_the_tenders_generic_title() -> None:
    generic = tender("t1", "某单位物业服务项目招标公告", date(2026, 3, 2), datetime(2026, 3, 14, 9, 30),
                     body_text="详见招标文件")  # fmt: skip
    award = notice("hf", "a1", "某单位物业服务项目成交结果公告", kind=Kind.AWARD, category=Category.PROCUREMENT,
                   published=date(2026, 3, 20), project_code="P-1", body_text="采购方式：竞争性磋商")  # fmt: skip
    assert flag_results("short_submission", [generic, award])[generic.id].state is FlagState.NOT_TRIGGERED
    assert flag_results("short_submission", [generic])[generic.id].state is FlagState.TRIGGERED
