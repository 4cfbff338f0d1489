"""Search, filter, sort and page a KPI's school table (指标详情 学校明细) — pure functions on the
table kpis.detail builds (detail.SCHOOL_COLUMNS, with 本校数值 still a number).

A province has 10,000 schools: every row of a st.dataframe travels to the browser, so the page
shows one window of at most PAGE_SIZE rows of the filtered list, and the whole list goes out only
as an Excel file, written when the user asks for it."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pandas as pd

from kpis.progress import LATE, MISSING, ON_TIME

PAGE_SIZE = 100

# The status filter: label → which rows it keeps (see matches_status).
ALL, ATTENTION, NOT_REPORTED, LATE_ONLY, REPORTED, PROBLEM = (
    "全部学校", "需关注（未报送、逾期或数据异常）", "未报送", "逾期报送", "已报送（含逾期）", "数据异常")
STATUS_FILTERS = [ALL, ATTENTION, NOT_REPORTED, LATE_ONLY, REPORTED, PROBLEM]

# Sort orders: label → None (片区/街道, then 标识码: the table's own order) or ascending.
DEFAULT_ORDER, HIGH_FIRST, LOW_FIRST = "按片区/街道与标识码", "按本校数值从高到低", "按本校数值从低到高"
SORTS = [DEFAULT_ORDER, HIGH_FIRST, LOW_FIRST]

_SPACES = re.compile(r"[\s\u3000]+")


def normalise_query(text: str | None) -> str:
    """The search text as matched: spaces (also full-width ones) removed, letters lower-cased."""
    return _SPACES.sub("", text or "").casefold()


def filter_schools(table: pd.DataFrame, query: str | None = None, status: str = ALL,
                   sort: str = DEFAULT_ORDER) -> pd.DataFrame:
    """The rows of `table` whose 学校名称 or 学校标识码 contains `query` (ignoring spaces and case)
    and that pass the `status` filter, in `sort` order (schools without a value always last).

    An unknown status or sort label raises ValueError (a programming error: the page offers the
    labels above only)."""
    if status not in STATUS_FILTERS:
        raise ValueError(f"未知的筛选条件：{status}")
    if sort not in SORTS:
        raise ValueError(f"未知的排序方式：{sort}")
    out = table
    q = normalise_query(query)
    if q:
        names = out["学校名称"].astype(str).map(normalise_query)
        codes = out["学校标识码"].astype(str).map(normalise_query)
        out = out[names.str.contains(q, regex=False) | codes.str.contains(q, regex=False)]
    state = out["报送状态"]
    # A table without 数据问题 (填报进度's) has no data problems to filter on.
    problem = (out["数据问题"].fillna("") != "") if "数据问题" in out.columns else pd.Series(False, index=out.index)
    keep = {
        ALL: None,
        ATTENTION: (state != ON_TIME) | problem,
        NOT_REPORTED: state == MISSING,
        LATE_ONLY: state == LATE,
        REPORTED: state.isin([ON_TIME, LATE]),
        PROBLEM: problem,
    }[status]
    if keep is not None:
        out = out[keep]
    if sort != DEFAULT_ORDER:
        # A stable sort: equal values keep the table's 片区/街道 and 标识码 order.
        out = out.sort_values("本校数值", ascending=(sort == LOW_FIRST), na_position="last", kind="stable")
    return out.reset_index(drop=True)


def describe_choice(query: str | None, status: str | None, order: str | None) -> str:
    """What a folded search, filter and order have chosen ("搜索“城东” · 仅未报送"), "" for the defaults."""
    parts = []
    if normalise_query(query):
        parts.append(f"搜索“{(query or '').strip()}”")
    if status and status != ALL:
        parts.append(status)
    if order and order != DEFAULT_ORDER:
        parts.append(order)
    return " · ".join(parts)


@dataclass(frozen=True)
class Window:
    """One page of a list of `total` rows: rows start..end-1 (0-based), page `page` of `pages`."""

    total: int
    page: int
    pages: int
    start: int
    end: int

    @property
    def note(self) -> str:
        """What the user sees above the table, e.g. "共 1200 所，显示第 201–400 所"."""
        return self.describe("所")

    def describe(self, unit: str) -> str:
        """The note for rows counted in `unit` (所 for schools, 条 for data-quality notes)."""
        if self.total == 0:
            return f"共 0 {unit}"
        return f"共 {self.total} {unit}，显示第 {self.start + 1}–{self.end} {unit}"


def window(total: int, page: int, size: int | None = None) -> Window:
    """Page `page` (1-based) of `total` rows in pages of `size` (PAGE_SIZE); a page out of range is
    clamped (after a new search leaves fewer pages, the user lands on the last one, not on nothing)."""
    size = PAGE_SIZE if size is None else size
    if size < 1:
        raise ValueError("每页行数至少为 1")
    pages = max(1, math.ceil(total / size))
    page = min(max(1, int(page)), pages)
    start = (page - 1) * size
    return Window(total, page, pages, start, min(start + size, total))


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def schools_xlsx(table: pd.DataFrame, title: str, value_unit: str | None) -> bytes:
    """The whole school table as an .xlsx file: a title row, the header, one row per school
    (本校数值 as a number, empty for a school that has not reported; its unit is in the header)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "学校明细"
    ws.append([title])
    columns = list(table.columns)
    header = [f"本校数值（{value_unit}）" if c == "本校数值" and value_unit else c for c in columns]
    ws.append(header)
    for row in table.itertuples(index=False):
        ws.append([None if _missing(v) else v for v in row])
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(2, i).column_letter].width = 30 if c == "学校名称" else 16
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
