"""A marked-up copy of an uploaded workbook: every cell an issue names filled red with a comment
saying what is wrong and how to fix it, sheet protection lifted so the officer may delete a row.

Only for .xlsx files that were read (so ingest.safety has already bounded them); the copy is made
on request, never stored."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from ingest.issues import Issue
from ingest.read import HEADER_MARK, TEMPLATE_DATA_SHEET
from ingest.validate import _header_key

BAD = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" red
WARN = PatternFill("solid", fgColor="FFEB9C")


def marked_copy(filename: str, content: bytes, issues: list[Issue]) -> bytes | None:
    """The workbook with its issues marked, or None when it is not an .xlsx that can be opened."""
    if not filename.lower().endswith(".xlsx"):
        return None
    try:
        wb = load_workbook(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - then there is simply no marked copy to offer
        return None
    ws = wb[TEMPLATE_DATA_SHEET] if TEMPLATE_DATA_SHEET in wb.sheetnames else wb.worksheets[0]
    ws.protection.sheet = False  # so the officer can delete or fix a row
    header_row, columns = None, {}
    for row in ws.iter_rows(min_row=1, max_row=10):
        keys = {_header_key(c.value): c.column for c in row if isinstance(c.value, str)}
        if HEADER_MARK in keys:
            header_row = row[0].row
            columns = keys
            for c in row:
                if isinstance(c.value, str):
                    columns[c.value.strip()] = c.column
            break
    if header_row is None:
        return None
    notes: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for i in issues:
        if i.row is None or i.row <= header_row:
            continue
        for col_name in (i.column, i.related):
            col = columns.get(col_name or "") or columns.get(_header_key(col_name or ""))
            if col is None and col_name and col_name.isalpha() and col_name.isupper():
                col = sum((ord(ch) - 64) * 26 ** k for k, ch in enumerate(reversed(col_name)))
            if col is not None:
                notes.setdefault((i.row, col), []).append((i.level, i.message))
    for (r, c), msgs in notes.items():
        cell = ws.cell(r, c)
        cell.fill = BAD if any(level == "error" for level, _ in msgs) else WARN
        cell.comment = Comment("\n".join(m for _, m in msgs)[:2000], "EduKPI")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def marked_filename(filename: str) -> str:
    stem = filename[:-5] if filename.lower().endswith(".xlsx") else filename
    return f"{stem}_错误标注.xlsx"
