"""validate() reads whole columns at once (numbers straight to numpy, 是/否 by one lookup) and only
the remaining cells one by one: whatever the mix, every cell gets exactly what parse_cell says of it
— the value, the problem with its row and column, the note — and the fast path lets nothing through."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auth.principal import SYSTEM
from ingest.read import Sheet
from ingest.validate import School, validate
from ingest.values import ElementRule, parse_cell

PERIOD = "2027-01"
COUNT = ElementRule("count", "在校学生数", "人", "int", 0, 6000)
HOURS = ElementRule("hours", "日均体育活动时长", "小时", "float", 0, 5)
RATE = ElementRule("rate", "优良率", "", "percent", 0, 100)
YESNO = ElementRule("smart", "是否建成智慧校园", "", "bool", 0, 1)
RULES = [COUNT, HOURS, RATE, YESNO]
REPORTS = frozenset(r.code for r in RULES)


def school(n: int) -> School:
    return School(n + 1, f"21999{n:05d}", f"测试小学{n}", "21", 100, 1, REPORTS)


def sheet(cells: list[list[object]], rules=RULES) -> tuple[Sheet, dict[str, School]]:
    """One row per entry of `cells` (the values of `rules`, in order), after a title and a header row."""
    schools = {s.code: s for s in map(school, range(len(cells)))}
    header = ["学校标识码", "学校名称", "期间"] + [r.header for r in rules]
    rows = [["测试 数据填报表"], header]
    rows += [[s.code, s.name, PERIOD, *row] for s, row in zip(schools.values(), cells)]
    return Sheet("数据", rows), schools


def check(cells: list[list[object]], rules=RULES):
    """validate() against parse_cell applied to each cell on its own."""
    sh, schools = sheet(cells, rules)
    v = validate(sh, rules, schools, SYSTEM, PERIOD)
    errors, warnings, values = set(), set(), {}
    blank = set()
    for i, row in enumerate(cells):
        rown = i + 3
        got = {}
        if all(c in ("", None) or (isinstance(c, str) and not c.strip()) for c in row):
            blank.add(rown)  # a wholly blank row is "not in this file": no errors, no values
            continue
        for rule, raw in zip(rules, list(row) + [""] * (len(rules) - len(row))):  # a short row reads as empty
            p = parse_cell(raw, rule)
            if p.problem:
                errors.add((rown, rule.header, p.problem))
            elif p.value is None:
                errors.add((rown, rule.header, "必填项为空"))
            else:
                got[rule.code] = p.value
                if p.note:
                    warnings.add((rown, rule.header, p.note))
        values[rown] = got
    if blank and not values:
        errors.add((3, None, "文件中没有填写任何数值"))
    assert {(e.row, e.column, e.problem) for e in v.errors} == errors
    assert {(w.row, w.column, w.problem) for w in v.warnings} == warnings
    for rv in v.rows:
        assert rv.values == values[rv.row]
        assert all(type(x) is float for x in rv.numbers)
    assert {rv.row for rv in v.rows} == set(values)
    assert {s.code for s in v.blank} == {list(schools)[r - 3] for r in blank}
    return v


def numbers(n: int = 50) -> list[list[object]]:
    """What calamine hands back for a clean district file: Python ints and floats only."""
    return [[100 + i, 1.5, 52, "是" if i % 2 else "否"] for i in range(n)]


def test_a_clean_numeric_file_is_read_whole():
    v = check(numbers())
    assert not v.errors and not v.warnings and len(v.rows) == 50
    assert v.rows[0].values == {"count": 100.0, "hours": 1.5, "rate": 52.0, "smart": 0.0}


def test_a_number_out_of_range_in_an_all_number_column_is_caught():
    cells = numbers()
    cells[17][0] = 6001  # one over the maximum, the column still all ints
    cells[30][1] = -0.5
    v = check(cells)
    assert [(e.row, e.column, e.problem, e.value) for e in v.errors] == [
        (20, "在校学生数（人）", "超出合理范围", "6001"), (33, "日均体育活动时长（小时）", "超出合理范围", "-0.5")]
    assert v.errors[0].expected == "0 到 6000 之间的整数（单位：人）"
    assert "count" not in next(rv for rv in v.rows if rv.row == 20).values  # (the file is rejected anyway)


def test_a_fraction_in_an_integer_column_and_an_infinite_number_are_caught():
    cells = numbers()
    cells[3][0] = 12.5
    cells[4][1] = float("inf")
    v = check(cells)
    assert [(e.row, e.problem) for e in v.errors] == [(6, "应为整数，不能有小数"), (7, "不是有效的数字")]


def test_a_number_in_a_yes_no_column_goes_cell_by_cell():
    cells = numbers()
    cells[5][3] = 2  # not 是/否
    cells[6][3] = 1  # 1 is read as 是, as parse_cell reads it
    v = check(cells)
    assert [(e.row, e.column, e.problem) for e in v.errors] == [(8, "是否建成智慧校园", "不是“是”或“否”")]
    assert next(rv for rv in v.rows if rv.row == 9).values["smart"] == 1.0


def test_a_boolean_cell_in_a_number_column_is_not_taken_as_a_number_blindly():
    cells = numbers()
    cells[2][0] = True  # Excel TRUE: parse_cell reads it as 1
    cells[3][2] = False
    cells[4][0] = "812"
    v = check(cells)
    assert not v.errors
    assert next(rv for rv in v.rows if rv.row == 5).values["count"] == 1.0


def test_a_percent_written_as_a_fraction_keeps_its_note():
    cells = numbers()
    cells[9][2] = 0.52
    cells[10][2] = 1  # 1 % — not a fraction: no note
    cells[11][2] = 100.5
    v = check(cells)
    assert [(w.row, w.problem) for w in v.warnings] == [(12, "按 52% 理解（单元格为小数 0.52）")]
    assert [(e.row, e.problem) for e in v.errors] == [(14, "超出合理范围")]
    assert next(rv for rv in v.rows if rv.row == 12).values["rate"] == 52.0


def test_short_rows_and_empty_cells():
    cells = numbers(5)
    cells[1] = [7]  # the row ends after the first element
    cells[2][1] = None
    v = check(cells)
    assert [(e.row, e.column, e.problem) for e in v.errors] == [
        (4, "日均体育活动时长（小时）", "必填项为空"), (4, "优良率", "必填项为空"), (4, "是否建成智慧校园", "必填项为空"),
        (5, "日均体育活动时长（小时）", "必填项为空")]


def test_a_school_that_does_not_report_an_element_in_a_clean_column():
    cells = numbers(3)
    sh, schools = sheet(cells)
    code = next(iter(schools))
    schools[code] = schools[code]._replace(elements=frozenset({"count", "hours", "rate"}), school_type="11")
    v = validate(sh, RULES, schools, SYSTEM, PERIOD)
    assert [(e.row, e.column, e.problem) for e in v.errors] == [(3, "是否建成智慧校园", "幼儿园不填报“是否建成智慧校园”")]


cell = st.one_of(st.none(), st.sampled_from(["", " ", "是", "否", "有", "12", "52%", "五十", "6,590", "0.5"]),
                 st.integers(-10, 7000), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                 st.sampled_from([0, 1, 0.52, 6000, 6000.5, 5.0, 100.0]))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_mix_of_cells_gets_what_parse_cell_says(data):
    n = data.draw(st.integers(1, 12))
    # mostly clean columns (the numpy path) with a few odd cells, or wholly random ones
    clean = data.draw(st.booleans())
    cells = numbers(n) if clean else [[data.draw(cell) for _ in RULES] for _ in range(n)]
    for _ in range(data.draw(st.integers(0, 3))):
        cells[data.draw(st.integers(0, n - 1))][data.draw(st.integers(0, len(RULES) - 1))] = data.draw(cell)
    check(cells)
