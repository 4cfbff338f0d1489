"""Check a read sheet against the bureau's schools and elements; every problem becomes an Issue
that names the sheet, row, column and value, what was expected and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any, NamedTuple

import numpy as np

from auth import scope
from auth.principal import Principal
from ingest.issues import Issue, column_letter, show_value
from ingest.read import Sheet
from ingest.values import ElementRule, normalise_text, parse_cell, parse_code, parse_period
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label

MAX_ERRORS = 200  # a wholly wrong file need not list 200,000 cells
IGNORED_HEADERS = {"学校名称", "单位名称", "学校", "片区", "所属片区", "备注", "序号", "说明"}
PERIOD_HEADERS = {"期间", "填报期间", "统计期间", "报送期间", "月份"}


class School(NamedTuple):
    """A school as an upload sees it (a named tuple: a district file loads 10,000 of them).

    It has the fields auth.scope reads of an OrgFacts (id, level, parent_id, bureau_id,
    own_bureau), so validation hands it to scope.can_submit_for as it is instead of building an
    OrgFacts for every row; `facts` gives the OrgFacts itself."""

    id: int
    code: str
    name: str
    school_type: str
    parent_id: int | None
    bureau_id: int
    elements: frozenset[str]  # element codes this school reports

    @property
    def level(self) -> str:
        return "school"

    @property
    def own_bureau(self) -> int:
        return int(scope.bureau_id_of(self.id, "school", self.bureau_id) or 0)

    @property
    def facts(self) -> scope.OrgFacts:
        return scope.OrgFacts(self.id, "school", self.parent_id, self.bureau_id)


@dataclass(frozen=True)
class Target:
    """What the uploader said the file is for: one school, or a district's schools."""

    id: int
    code: str
    name: str
    level: str  # school | district | bureau


@dataclass
class RowValues:
    """One school's row: its values as two parallel tuples (element codes in the file's column
    order, and the numbers), so the usual rows of a file share one codes tuple and a caller that
    keys the values by something else builds one dict per row, not two."""

    row: int  # 1-based
    school: School
    codes: tuple[str, ...]
    numbers: tuple[float, ...]

    @property
    def values(self) -> dict[str, float]:
        return dict(zip(self.codes, self.numbers))


@dataclass
class Validation:
    period: str | None
    rows: list[RowValues] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    blank: list[School] = field(default_factory=list)  # rows left wholly blank: "not in this file", not zero
    duplicates: set[int] = field(default_factory=set)  # schools with two rows: neither row can be trusted
    data_start: int | None = None  # the first data row (1-based); an issue from here down is the row's own

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _header_key(cell: Any) -> str:
    t = normalise_text(cell).rstrip("*")
    for open_, close in (("(", ")"), ("[", "]")):
        if t.endswith(close) and open_ in t:
            t = t[: t.rfind(open_)]
    return t


def _columns(rows: list[list[Any]], start: int) -> list[tuple[Any, ...]]:
    """The data rows turned into columns in one C-level pass (a short row reads as None beyond its
    end, as `r[j] if j < len(r) else None` would)."""
    data = rows[start:]
    return list(zip_longest(*data)) if data else []


def _plain_values(columns: list[tuple[Any, ...]], n_rows: int, elements: list[ElementRule],
                  elem_cols: dict[str, int]) -> tuple[dict[str, list[float | None]], set[int]]:
    """Column by column, the cells that need no further thought: a number cell of an int/float
    element inside its range (and whole for int), a number of a percent element that is not a
    fraction between 0 and 1 and is inside its range, or exactly 是/否 for a yes/no element. Each
    gets the value parse_cell would give it; every other cell is None and is read cell by cell,
    with parse_cell's messages. Also returns the (0-based) data rows holding such a cell.

    A column whose cells are all Python ints/floats (what calamine hands back for number cells)
    goes to numpy as it is; only a mixed column is looked at cell by cell to pick its numbers."""
    out: dict[str, list[float | None]] = {}
    not_plain: set[int] = set()
    for e in elements:
        j = elem_cols.get(e.code)
        if j is None:
            continue
        col = columns[j] if j < len(columns) else (None,) * n_rows
        if e.type == "bool":
            vals = list(map(_YES_NO.get, col))  # only the strings 是/否 are keys
            if None in vals:
                not_plain.update(k for k, x in enumerate(vals) if x is None)
            out[e.code] = vals
            continue
        if e.type not in ("int", "float", "percent"):
            out[e.code] = [None] * n_rows
            not_plain.update(range(n_rows))
            continue
        if set(map(type, col)) <= _NUMBER_TYPES:  # bool is its own type: it takes the cell-by-cell path
            num = np.array(col, dtype=float)
        else:
            num = np.array([c if type(c) is float or type(c) is int else np.nan for c in col], dtype=float)
        ok = np.isfinite(num)
        if e.type == "int":
            ok &= num == np.floor(np.where(ok, num, 0.0))
        elif e.type == "percent":  # 0.52 is read as 52 % with a note: that is parse_cell's to say
            ok &= (num <= 0) | (num >= 1)
        if e.min_value is not None:
            ok &= num >= e.min_value
        if e.max_value is not None:
            ok &= num <= e.max_value
        if ok.all():
            out[e.code] = num.tolist()
        else:
            out[e.code] = [x if o else None for x, o in zip(num.tolist(), ok.tolist())]
            not_plain.update(np.flatnonzero(~ok).tolist())
    return out, not_plain


_NUMBER_TYPES = {int, float}
_YES_NO = {"是": 1.0, "否": 0.0}


def _blank(c: Any) -> bool:
    return c in ("", None) or (isinstance(c, str) and not c.strip())


def validate(sheet: Sheet, elements: list[ElementRule], schools: dict[str, School], principal: Principal,
             period: str | None = None, target: Target | None = None) -> Validation:
    v = Validation(period=period)
    sname = sheet.name
    rows = sheet.rows

    school_of_row: list[str | None] = [None]  # the school the row being read is for, once known

    def err(problem: str, row: int | None = None, column: str | None = None, value: Any = None,
            expected: str = "", fix: str = "", level: str = "error") -> None:
        issue = Issue(problem, expected, fix, sname, row, column, None if value is None else show_value(value), level,
                      school_of_row[0] if v.data_start is not None and row is not None and row >= v.data_start else None)
        (v.errors if level == "error" else v.warnings).append(issue)

    header_idx = next((i for i, r in enumerate(rows[:10])
                       if any(isinstance(c, str) and _header_key(c) == "学校标识码" for c in r)), None)
    if header_idx is None:
        err("找不到表头行（前 10 行中没有“学校标识码”列）", row=None,
            expected="模板的表头：学校标识码、学校名称、期间以及各填报项目",
            fix="请使用本系统下载的模板填写，不要删除或改写表头行")
        return v
    header = rows[header_idx]
    by_key: dict[str, ElementRule] = {}
    for e in elements:
        by_key[_header_key(e.name)] = e
        by_key[e.code.lower()] = e
    col_code = col_period = None
    col_elem: dict[int, ElementRule] = {}
    seen: dict[str, int] = {}
    for j, cell in enumerate(header):
        if cell in ("", None):
            continue
        key = _header_key(cell)
        letter = column_letter(j)
        if key in seen:
            err(f"列名“{cell}”重复出现（第 {column_letter(seen[key])} 列和第 {letter} 列）", row=header_idx + 1, column=letter,
                fix="请删除重复的列，每个项目只保留一列")
            continue
        seen[key] = j
        if key == "学校标识码":
            col_code = j
        elif key in PERIOD_HEADERS:
            col_period = j
        elif key.startswith("上期") or key in IGNORED_HEADERS:
            continue
        elif key in by_key or key.lower() in by_key:
            col_elem[j] = by_key.get(key) or by_key[key.lower()]
        else:
            err(f"不认识的列“{cell}”", row=header_idx + 1, column=letter,
                expected="模板中的列名：" + "、".join(e.header for e in elements[:8]) + ("等" if len(elements) > 8 else ""),
                fix="请使用本期模板，不要修改列名；多余的列请删除")
    if col_period is None and period is None:
        err("缺少“期间”列，无法确定数据所属月份", row=header_idx + 1,
            expected="期间列，如 2025-03", fix="请使用本系统下载的模板，或在上传时选择期间")

    for r0, c0, r1, c1 in sheet.merged:
        if r1 >= header_idx:
            ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            err(f"存在合并单元格 {ref}，系统无法判断数值属于哪一格", row=r0 + 1, column=column_letter(c0),
                fix="请选中该区域，点击“合并后居中”取消合并，在每个单元格中分别填写")
    for ref, formula in sheet.uncached_formulas:
        col = "".join(ch for ch in ref if ch.isalpha())
        row = int("".join(ch for ch in ref if ch.isdigit()))
        err(f"单元格 {ref} 是公式“={formula}”，但文件中没有保存计算结果", row=row, column=col,
            fix="请在 Excel 或 WPS 中打开文件、确认公式已计算后保存再上传，或直接填写数值")
    if v.errors:
        return v

    elem_cols = {e.code: j for j, e in col_elem.items()}
    name_of = {j: str(header[j]).strip() for j in col_elem}
    start = header_idx + 1
    v.data_start = start + 1
    fast, not_plain = _plain_values(_columns(rows, start), len(rows) - start, elements, elem_cols)
    cols = [(e, elem_cols[e.code], fast[e.code]) for e in elements if e.code in elem_cols]
    col_codes = tuple(e.code for e, _j, _plain in cols)
    col_code_set = frozenset(col_codes)
    plain_rows = list(zip(*(plain for _e, _j, plain in cols))) if cols else []
    reports_all: dict[frozenset[str], bool] = {}  # schools of one type share one frozenset of elements
    first_row_of: dict[str, int] = {}
    periods_seen: set[str] = set()
    period_of: dict[Any, str | None] = {}  # the period column mostly repeats one value
    errors, append_row, can_submit = v.errors, v.rows.append, scope.can_submit_for
    for i in range(start, len(rows)):
        r = rows[i]
        c0 = r[0] if r else None
        if not (type(c0) is str and c0.strip()) and (not r or _blank(c0)) and all(_blank(c) for c in r):
            continue
        if len(errors) >= MAX_ERRORS:
            err(f"错误过多，仅列出前 {MAX_ERRORS} 条", fix="请先改正以上错误再上传")
            break
        rown = i + 1
        raw_code = r[col_code] if col_code is not None and col_code < len(r) else ""
        # the usual cell, a text of ASCII digits, is its own code (parse_code would return it as is)
        code = raw_code if type(raw_code) is str and raw_code.isdigit() and raw_code.isascii() else parse_code(raw_code)
        code_col = "学校标识码"
        school_of_row[0] = show_value(raw_code) or None
        if not code:
            err("学校标识码为空", row=rown, column=code_col, expected="10 位数字的学校标识码",
                fix="请填写本校的学校标识码，或删除这一行")
            continue
        school = schools.get(code)
        if school is not None:
            school_of_row[0] = school.name
        if school is None:
            problem = "学校标识码格式不对" if not (len(code) == 10 and code.isdigit()) else "学校标识码不在本局的学校名单中"
            err(problem, row=rown, column=code_col, value=raw_code, expected="10 位数字的本局学校标识码",
                fix="请核对学校标识码（可从本系统下载的模板中复制），不要改动模板中的学校标识码")
            continue
        if not can_submit(principal, school):  # School carries the facts scope reads
            err(f"这一行是“{school.name}”的数据，您无权为该校填报", row=rown, column=code_col, value=code,
                expected="本人负责的学校", fix="请只上传本校（本片区）的数据；文件可能拿错了")
            continue
        if target is not None:
            wrong = (target.level == "school" and school.id != target.id) or \
                    (target.level == "district" and school.parent_id != target.id)
            if wrong:
                what = f"“{target.name}”" if target.level == "school" else f"“{target.name}”的学校"
                err(f"这一行是“{school.name}”的数据，不是{what}", row=rown, column=code_col, value=code,
                    expected=f"{target.name}（{target.code}）" if target.level == "school" else f"{target.name}所属学校",
                    fix="请确认上传的是所选单位的文件；如要为其他学校填报，请先在页面上选择该校")
                continue
        if code in first_row_of:
            v.duplicates.add(school.id)
            err(f"学校“{school.name}”重复出现（第 {first_row_of[code]} 行已填写过）", row=rown, column=code_col, value=code,
                fix="每所学校只保留一行，请删除重复的行")
            continue
        first_row_of[code] = rown
        row_period = period
        if col_period is not None:
            raw_p = r[col_period] if col_period < len(r) else ""
            p = period_of[raw_p] if raw_p in period_of else period_of.setdefault(raw_p, parse_period(raw_p))
            if p is None:
                err("期间格式不对" if raw_p not in ("", None) else "期间为空", row=rown, column="期间", value=raw_p,
                    expected=f"年-月，如 {period or '2025-03'}", fix="请按“年-月”填写期间，或使用本期模板")
                continue
            if period is not None and p != period:
                err(f"期间是 {label(p)}，与所选的 {label(period)} 不一致", row=rown, column="期间", value=raw_p,
                    expected=period, fix=f"请下载 {label(period)} 的模板填写，或在页面上改选 {label(p)}")
                continue
            row_period = p
        if row_period is not None:
            periods_seen.add(row_period)
        k = i - start
        reported = school.elements
        fits = reports_all.get(reported)
        if fits is None:
            fits = reports_all[reported] = col_code_set <= reported
        if fits and plain_rows and k not in not_plain:
            # every cell of the row is a plain in-range value of an element the school reports
            append_row(RowValues(rown, school, col_codes, plain_rows[k]))
            continue
        if all(_blank(r[j] if j < len(r) else None) for e, j, _p in cols if e.code in reported):
            v.blank.append(school)  # a district's row for a school that reports for itself
            continue
        values: dict[str, float] = {}
        for e, j, plain in cols:
            applies = e.code in reported
            if applies and (x := plain[k]) is not None:
                values[e.code] = x
                continue
            raw = r[j] if j < len(r) else ""
            if not applies:
                if raw not in ("", None) and not (isinstance(raw, str) and not raw.strip()):
                    kind = SCHOOL_TYPE_LABELS.get(school.school_type, "该类学校")
                    err(f"{kind}不填报“{e.name}”", row=rown, column=name_of[j], value=raw, expected="留空",
                        fix="请清空这个单元格")
                continue
            parsed = parse_cell(raw, e)
            if parsed.problem:
                err(parsed.problem, row=rown, column=name_of[j], value=raw, expected=e.expected(), fix=parsed.fix or "")
            elif parsed.value is None:
                err("必填项为空", row=rown, column=name_of[j], expected=e.expected(),
                    fix="请从下拉列表中选择“是”或“否”" if e.type == "bool" else "请填写本期数值；确实为零请填 0")
            else:
                values[e.code] = parsed.value
                if parsed.note:
                    err(parsed.note, row=rown, column=name_of[j], value=raw, level="warning")
        append_row(RowValues(rown, school, tuple(values), tuple(values.values())))

    # schools of one type share one frozenset: union the distinct sets, not 200,000 codes
    missing = set().union(*{rv.school.elements for rv in v.rows}) - set(elem_cols)
    for e in elements:
        if e.code in missing:
            err(f"缺少“{e.header}”列", row=header_idx + 1, expected=f"表头中有“{e.header}”列",
                fix="请使用本期模板，不要删除列")
    if len(periods_seen) > 1:
        err("文件中包含多个期间（" + "、".join(sorted(periods_seen)) + "）", expected="一个文件只含一个期间",
            fix="请按期间分开上传")
    v.period = period or (next(iter(periods_seen)) if len(periods_seen) == 1 else None)
    if not v.rows and not v.errors and v.blank:
        err("文件中没有填写任何数值", row=header_idx + 2, fix="请在白色单元格中填写本期数值后再上传")
    elif not v.rows and not v.errors:
        err("文件中只有表头，没有数据行", row=header_idx + 2, fix="请在表头下方填写本校数据后再上传")
    return v
