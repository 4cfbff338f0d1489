"""Templates generated from the KPI definitions: what a school officer finds when opening one."""

from __future__ import annotations

import io

import openpyxl
import pytest

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from tests.stored_values import values_by_element
from db.session import read_session
from ingest.template import build_template
from tests.ingest.helpers import DISTRICT, KINDERGARTEN, OTHER_SCHOOL, SCHOOL, column_of

PRIMARY_HEADERS = ["在校学生数（人）", "视力筛查学生数（人）", "近视学生数（人）", "是否建成智慧校园",
                   "日均综合体育活动时长（小时）", "随迁子女在校生数（人）", "是否“四个100%”全面达标"]


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_school_template_layout(demo_db):
    wb = load(build_template(SYSTEM, SCHOOL, "2026-01"))
    assert wb.sheetnames == ["说明", "数据"] and wb.active.title == "数据"
    ws = wb["数据"]
    heads = [c.value for c in ws[2]]
    assert heads[:3] == ["学校标识码", "学校名称", "期间"]
    assert sorted(heads[3:10]) == sorted(PRIMARY_HEADERS)
    assert heads[10:] == [f"上期 {h}" for h in heads[3:10]]
    assert [ws.cell(3, c).value for c in (1, 2, 3)] == [SCHOOL, "太平第一小学", "2026-01"]
    assert ws.protection.sheet is True
    assert all(ws.cell(3, c).protection.locked for c in (1, 2, 3))  # identifiers locked
    assert all(not ws.cell(3, c).protection.locked for c in range(4, 11))  # inputs unlocked
    assert ws.cell(2, 4).protection.locked  # headers locked


def test_validation_and_last_period_values(demo_db):
    wb = load(build_template(SYSTEM, SCHOOL, "2026-01"))
    ws = wb["数据"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    col = openpyxl.utils.get_column_letter(column_of(ws, "是否建成智慧校园"))
    assert rules[f"{col}3"].type == "list" and rules[f"{col}3"].formula1 == '"是,否"'
    col = openpyxl.utils.get_column_letter(column_of(ws, "在校学生数"))
    dv = rules[f"{col}3"]
    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "0", "6000")
    col = openpyxl.utils.get_column_letter(column_of(ws, "日均综合体育活动时长"))
    assert (rules[f"{col}3"].type, rules[f"{col}3"].formula2) == ("decimal", "5")
    with read_session() as s:
        dec = values_by_element(s, SCHOOL, "2025-12")
    assert ws.cell(3, column_of(ws, "上期 在校学生数")).value == dec["students"]
    assert ws.cell(3, column_of(ws, "上期 是否建成智慧校园")).value == ("是" if dec["smart_campus"] else "否")


def test_guide_sheet_lists_fields_units_and_deadline(demo_db):
    ws = load(build_template(SYSTEM, SCHOOL, "2025-06"))["说明"]
    text = [[c.value for c in r] for r in ws.iter_rows()]
    assert text[0][0] == "太平第一小学 2025年6月 数据填报说明"
    assert text[1][0] == "报送截止时间：2025年7月10日 23:59（北京时间）"
    rows = {r[0]: r for r in text[7:]}
    assert rows["在校学生数"][:4] == ["在校学生数", "人", "整数", "0 到 6000 之间的整数（单位：人）"]
    assert rows["是否建成智慧校园"][2] == "是/否"


def test_district_template_greys_out_what_a_school_does_not_report(demo_db):
    ws = load(build_template(SYSTEM, DISTRICT, "2026-01"))["数据"]
    codes = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    assert SCHOOL in codes and KINDERGARTEN in codes and OTHER_SCHOOL in codes
    kg_row = 3 + codes.index(KINDERGARTEN)
    pri_row = 3 + codes.index(SCHOOL)
    kg_col, students_col = column_of(ws, "在园幼儿数"), column_of(ws, "在校学生数")
    assert not ws.cell(kg_row, kg_col).protection.locked and ws.cell(kg_row, students_col).protection.locked
    assert ws.cell(pri_row, kg_col).protection.locked and not ws.cell(pri_row, students_col).protection.locked


def test_scope_and_bad_arguments(demo_db, school_officer):
    with pytest.raises(PermissionDenied, match="您无权下载“太平实验初级中学”的模板。"):
        build_template(school_officer, OTHER_SCHOOL, "2026-01")
    with pytest.raises(PermissionDenied):
        build_template(school_officer, DISTRICT, "2026-01")
    with pytest.raises(ValueError, match="期间格式应为 YYYY-MM"):
        build_template(SYSTEM, SCHOOL, "2026/01")


def test_the_template_prints_one_page_wide_on_a4_landscape(demo_db):
    # issue 19 §4: the school template printed on 7 pages.
    import io

    import openpyxl
    from openpyxl.utils.cell import absolute_coordinate

    from auth.principal import SYSTEM
    from ingest.template import build_template
    from tests.ingest.helpers import SCHOOL

    wb = openpyxl.load_workbook(io.BytesIO(build_template(SYSTEM, SCHOOL, "2026-09")))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # 9 = A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_area == f"'{ws.title}'!{absolute_coordinate(ws.dimensions)}"
    assert wb["数据"].print_title_rows == "$1:$2"
