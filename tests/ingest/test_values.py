"""Cells as people type them: full-width digits, thousands separators, units, percentages, 是/否."""

from datetime import date, datetime

import pytest

from ingest.values import ElementRule, parse_cell, parse_code, parse_period

COUNT = ElementRule("places", "新增学位", "个", "int", 0, 100000)
RATE = ElementRule("rate", "优良率", "", "percent", 0, 100)
YESNO = ElementRule("smart", "是否建成智慧校园", "", "bool", 0, 1)
HOURS = ElementRule("pe", "日均体育活动时长", "小时", "float", 0, 5)


@pytest.mark.parametrize("raw,value", [
    ("6,590", 6590), ("６５９０", 6590), ("６，５９０", 6590), ("6590个", 6590), (" 6590 ", 6590), (6590.0, 6590),
    ("1,234,567", None), ("0", 0),
])
def test_counts(raw, value):
    p = parse_cell(raw, COUNT)
    if value is None:
        assert p.problem == "超出合理范围"
    else:
        assert (p.value, p.problem) == (value, None)


@pytest.mark.parametrize("raw,value,note", [
    ("52%", 52, None), ("５２％", 52, None), (0.52, 52, "按 52% 理解（单元格为小数 0.52）"), (52, 52, None),
    ("52", 52, None), (1, 1, None), ("0.5%", 0.5, None),
])
def test_percentages_written_three_ways(raw, value, note):
    p = parse_cell(raw, RATE)
    assert (p.value, p.problem, p.note) == (value, None, note)


@pytest.mark.parametrize("raw,problem", [
    ("120%", "超出合理范围"), ("五十", "不是数字"), ("6,59,0", "数字中的逗号位置不对"), (float("nan"), "不是有效的数字"),
    (date(2025, 3, 1), "单元格是日期，不是数字"),
])
def test_problems(raw, problem):
    rule = RATE if raw == "120%" else COUNT
    assert parse_cell(raw, rule).problem == problem


def test_yes_no_and_hours():
    assert [parse_cell(x, YESNO).value for x in ("是", "否", "√", "×", 1, 0, True, "Y")] == [1, 0, 1, 0, 1, 0, 1, 1]
    assert parse_cell("也许", YESNO).problem == "不是“是”或“否”"
    assert parse_cell("1.5小时", HOURS).value == 1.5
    assert parse_cell("1.5", COUNT).problem == "应为整数，不能有小数"
    assert parse_cell(None, COUNT).value is None and parse_cell(None, COUNT).problem is None


def test_periods_and_codes():
    assert [parse_period(x) for x in ("2025-03", "2025-3", "2025/03", "2025.3", "2025年3月", "202503",
                                      datetime(2025, 3, 1), "２０２５－０３", "2025-13", "三月")] == \
        ["2025-03"] * 8 + [None, None]
    assert parse_code(2110810001.0) == "2110810001" and parse_code("'2110810001") == "2110810001"
    assert parse_code("２１１０８１０００１") == "2110810001"


def test_a_percentage_in_a_count_column_is_named_as_such():
    # issue 19 §4: a cell shown as 52% arrives as 0.52; "not an integer" told the clerk nothing.
    p = parse_cell(0.52, COUNT)
    assert p.problem == "填写的是百分比或小数（0.52，即 52%），该项应为个数（整数）"
    assert p.fix == "请把单元格格式改为“常规”或“数值”，填写实际的整数，不要填比例"
    assert parse_cell("52%", COUNT).problem == "该项不是百分比"
    assert parse_cell(30.5, COUNT).problem == "应为整数，不能有小数"
