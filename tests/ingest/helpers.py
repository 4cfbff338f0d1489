"""Helpers for upload tests: fill a generated template as a person would, and snapshot the data."""

from __future__ import annotations

import io

import openpyxl

from db.models import Submission
from tests.stored_values import stored_values
from db.session import read_session

SCHOOL = "2110810001"  # 太平第一小学, 2025-taizhou (温岭市教育局)
SCHOOL_NAME = "太平第一小学"
KINDERGARTEN = "1110810001"
DISTRICT = "331081001"  # 太平街道
OTHER_SCHOOL = "3110810001"  # 太平实验初级中学, same district
# What 太平第一小学 reports, by header prefix, as a person types it.
PRIMARY = {"在校学生数": 812, "视力筛查学生数": 800, "近视学生数": 301, "日均综合体育活动时长": 1.8,
           "是否建成智慧校园": "是", "是否“四个100%”全面达标": "否", "随迁子女在校生数": 97}
PRIMARY_STORED = {"students": 812.0, "vision_screened": 800.0, "myopia_students": 301.0, "pe_daily_hours": 1.8,
                  "smart_campus": 1.0, "safety_4x100": 0.0, "migrant_students": 97.0}


def column_of(ws, prefix: str) -> int:
    for c in ws[2]:
        if isinstance(c.value, str) and c.value.startswith(prefix):
            return c.column
    raise KeyError(prefix)


def fill(template: bytes, rows: dict[str, dict[str, object]] | None = None, default: dict[str, object] | None = None,
         edit=None) -> bytes:
    """Fill the 数据 sheet: rows maps school code → {header prefix: value}; `default` fills every row."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["数据"]
    for r in range(3, ws.max_row + 1):
        code = ws.cell(r, 1).value
        values = dict(default or {})
        values.update((rows or {}).get(code, {}))
        for prefix, value in values.items():
            try:
                col = column_of(ws, prefix)
            except KeyError:
                continue
            if ws.cell(r, col).protection.locked:
                continue  # not reported by this school
            ws.cell(r, col).value = value
    if edit:
        edit(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def values_snapshot() -> list[tuple]:
    with read_session() as s:
        return [(v.org_id, v.element_id, v.period, v.value, v.submission_id) for v in stored_values(s)]


def submission(sub_id: int) -> Submission:
    with read_session() as s:
        return s.get(Submission, sub_id)
