"""The procurement method is read from the title, then the body's label, phrase or procurement documents."""

from __future__ import annotations

import pytest

from ggzy.normalize.methods import Method, detect_method


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("某学校食堂设备采购项目竞争性磋商公告", "", Method.COMPETITIVE_CONSULTATION),
        ("某医院CT设备单一来源采购公示", "", Method.SINGLE_SOURCE),
        ("某局办公家具询价公告", "", Method.REQUEST_FOR_QUOTATION),
        ("某道路工程邀请招标公告", "", Method.INVITED_TENDER),
        ("某道路工程施工招标公告", "", Method.PUBLIC_TENDER),
        ("某项目中标（成交）结果公告", "采购方式：竞争性谈判\n采购人：某局", Method.COMPETITIVE_NEGOTIATION),
        ("某项目中标结果公告", "本项目拟采用单一来源采购方式，现公示如下", Method.SINGLE_SOURCE),
        ("某项目中标（成交）结果公告", "服务要求：响应磋商文件要求", Method.COMPETITIVE_CONSULTATION),
        ("某工程中标结果公示", "评标工作已经结束，中标人已经确定", Method.PUBLIC_TENDER),
        ("某工程中标结果公示", "评标委员会：张三\n本工程为邀请招标", Method.INVITED_TENDER),
    ],
)
def test_the_method_a_notice_names(title: str, body: str, expected: Method) -> None:
    assert detect_method(title, body) is expected


def test_template_words_and_agency_names_are_no_method() -> None:
    body = "五、评审专家（单一来源采购人员）名单\n张三\n招标代理机构：某招标代理有限公司"
    assert detect_method("某项目中标（成交）结果公告", body) is None
    assert detect_method("某单位招标代理服务机构遴选结果", "") is Method.OTHER
    assert detect_method("", None) is None


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("某单位物业服务项目招标公告", "某公司受某单位委托，对该项目进行竞争性磋商，欢迎合格的供应商参加。",
         Method.COMPETITIVE_CONSULTATION),
        ("某学校教学设备采购招标公告", "本项目采用竞争性谈判方式采购", Method.COMPETITIVE_NEGOTIATION),
        ("某项目资格预审公告", "招标方式：邀请招标", Method.INVITED_TENDER),
        # The title's own method word still wins, and a body that states nothing leaves the generic 招标 public.
        ("某项目公开招标公告", "对该项目进行竞争性磋商", Method.PUBLIC_TENDER),
        ("某道路工程施工招标公告", "投标人须知：详见招标文件", Method.PUBLIC_TENDER),
    ],
)  # fmt: skip
def test_a_method_the_body_states_beats_a_generic_tender_title(title: str, body: str, expected: Method) -> None:
    assert detect_method(title, body) is expected
