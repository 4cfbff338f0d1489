"""Search, filter, sort and paging of 指标详情's school table, on a small hand-made table."""

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpis import school_list as sl
from kpis.detail import SCHOOL_COLUMNS

NAN = float("nan")
ROWS = [  # 学校标识码, 学校名称, 片区/街道, 学校类型, 本校数值, 报送状态, 数据问题
    ("1104120001", "湖塘启明幼儿园", "湖塘镇", "幼儿园", 80.0, "按时", ""),
    ("1104120002", "湖塘明德幼儿园", "湖塘镇", "幼儿园", NAN, "未报送", ""),
    ("1104120003", "湖塘 城北小学", "湖塘镇", "小学", 95.5, "逾期", ""),
    ("1104130001", "牛塘中心小学", "牛塘镇", "小学", 80.0, "按时", "环比跳变"),
    ("1104130002", "Niutang International School", "牛塘镇", "初中", 60.0, "按时", ""),
]


def table():
    return pd.DataFrame(ROWS, columns=SCHOOL_COLUMNS)


def codes(df):
    return list(df["学校标识码"])


def test_every_school_in_the_tables_own_order_without_a_search():
    assert codes(sl.filter_schools(table())) == [r[0] for r in ROWS]


@pytest.mark.parametrize("query, expected", [
    ("明德", ["1104120002"]),
    ("湖塘", ["1104120001", "1104120002", "1104120003"]),
    ("城北小学", ["1104120003"]),            # the stored name has a space: spaces are ignored
    ("　湖塘 城北 ", ["1104120003"]),          # so are full-width and surrounding spaces
    ("110413", ["1104130001", "1104130002"]),  # part of the 标识码
    ("international", ["1104130002"]),        # letters in any case
    ("不存在的学校", []),
    ("", [r[0] for r in ROWS]),
    (None, [r[0] for r in ROWS]),
])
def test_search_by_name_or_code(query, expected):
    assert codes(sl.filter_schools(table(), query)) == expected


@pytest.mark.parametrize("status, expected", [
    (sl.NOT_REPORTED, ["1104120002"]),
    (sl.LATE_ONLY, ["1104120003"]),
    (sl.REPORTED, ["1104120001", "1104120003", "1104130001", "1104130002"]),  # 按时 and 逾期
    (sl.PROBLEM, ["1104130001"]),
    (sl.ATTENTION, ["1104120002", "1104120003", "1104130001"]),  # 未报送, 逾期, or a data problem
    (sl.ALL, [r[0] for r in ROWS]),
])
def test_status_filters(status, expected):
    assert codes(sl.filter_schools(table(), status=status)) == expected


def test_search_and_filter_together():
    assert codes(sl.filter_schools(table(), "湖塘", sl.REPORTED)) == ["1104120001", "1104120003"]


def test_sort_by_value_keeps_ties_in_table_order_and_unreported_last():
    high = sl.filter_schools(table(), sort=sl.HIGH_FIRST)
    assert codes(high) == ["1104120003", "1104120001", "1104130001", "1104130002", "1104120002"]
    low = sl.filter_schools(table(), sort=sl.LOW_FIRST)
    assert codes(low) == ["1104130002", "1104120001", "1104130001", "1104120003", "1104120002"]
    assert math.isnan(low["本校数值"].iloc[-1])


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError):
        sl.filter_schools(table(), status="全部")
    with pytest.raises(ValueError):
        sl.filter_schools(table(), sort="随便")


@pytest.mark.parametrize("total, page, expected", [
    # total, asked page → (page, pages, start, end, note)
    (0, 1, (1, 1, 0, 0, "共 0 所")),
    (1, 1, (1, 1, 0, 1, "共 1 所，显示第 1–1 所")),
    (200, 1, (1, 1, 0, 200, "共 200 所，显示第 1–200 所")),
    (201, 1, (1, 2, 0, 200, "共 201 所，显示第 1–200 所")),
    (201, 2, (2, 2, 200, 201, "共 201 所，显示第 201–201 所")),
    (10000, 3, (3, 50, 400, 600, "共 10000 所，显示第 401–600 所")),
    (10000, 50, (50, 50, 9800, 10000, "共 10000 所，显示第 9801–10000 所")),
    (450, 9, (3, 3, 400, 450, "共 450 所，显示第 401–450 所")),  # past the end: the last page
    (450, 0, (1, 3, 0, 200, "共 450 所，显示第 1–200 所")),
])
def test_window(total, page, expected):
    w = sl.window(total, page, size=200)
    assert (w.page, w.pages, w.start, w.end, w.note) == expected
    assert w.end - w.start <= 200


def test_window_default_size_is_a_page_of_the_tables():
    w = sl.window(10000, 2)
    assert (w.pages, w.start, w.end) == (10000 // sl.PAGE_SIZE, sl.PAGE_SIZE, 2 * sl.PAGE_SIZE)


def test_window_of_another_size():
    w = sl.window(25, 3, size=10)
    assert (w.page, w.pages, w.start, w.end) == (3, 3, 20, 25)
    with pytest.raises(ValueError):
        sl.window(25, 1, size=0)


def test_excel_holds_every_school_with_numbers_and_blanks():
    data = sl.schools_xlsx(table(), "温岭市教育局 2025年6月 TZ25-06 学校明细", "%")
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "温岭市教育局 2025年6月 TZ25-06 学校明细"
    assert list(rows[1]) == ["学校标识码", "学校名称", "片区/街道", "学校类型", "本校数值（%）", "报送状态", "数据问题"]
    assert len(rows) == 2 + len(ROWS)
    assert rows[2][:5] == ("1104120001", "湖塘启明幼儿园", "湖塘镇", "幼儿园", 80)
    assert rows[3][4] is None and rows[3][5] == "未报送"  # not reported: an empty cell, not 0
    assert rows[4][4] == 95.5


def test_a_table_without_data_problems_or_values_filters_by_status():
    """填报进度's table has neither 数据问题 nor 本校数值."""
    progress_table = table().drop(columns=["数据问题", "本校数值"])
    assert codes(sl.filter_schools(progress_table, "湖塘", sl.REPORTED)) == ["1104120001", "1104120003"]
    assert codes(sl.filter_schools(progress_table, status=sl.PROBLEM)) == []
    assert codes(sl.filter_schools(progress_table, status=sl.ATTENTION)) == ["1104120002", "1104120003"]
