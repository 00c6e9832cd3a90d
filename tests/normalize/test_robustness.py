"""Printed text of any shape is read without an exception: the answer is a value or None."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ggzy.normalize import dates, kinds, money, names, regions, uscc

PRINTED = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789.,，:：()（）%‰元万亿千角分整零壹贰叁肆伍陆柒捌玖拾佰仟圆一二三四五六七八九十〇年月日时点上下午"
        )
        + list("人民币￥¥ \n\t-/xXAZ美欧港折费率下浮浙江省杭州市湖南中山路公共资源交易星期")
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(PRINTED, st.sampled_from([None, "万元", "元", "亿元", "投标报价（万元）"]))
def test_money_reads_anything(text, unit):
    amount = money.parse_amount(text, unit)
    assert amount is None or amount > 0


@settings(max_examples=400, deadline=None)
@given(PRINTED)
def test_everything_else_reads_anything(text):
    parsed = dates.parse_datetime(text)
    assert (parsed is None) == (dates.parse_date(text) is None)
    result = uscc.check(text)
    assert result.valid == (uscc.clean(text) is not None)
    code = regions.find_region(text)
    assert code is None or code in regions.REGIONS
    assert kinds.kind_from_title(text) in kinds.Kind
    assert " " not in names.name_key(text)
