"""Read an upload into plain rows: python-calamine for .xlsx/.xls, the csv module for .csv.

Cell-level facts that calamine does not report (formulas without a cached result) come from
the sheet's XML, scanned only when it contains formulas; merged ranges come from calamine."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from ingest import safety
from ingest.issues import Issue, Rejected

HEADER_MARK = "学校标识码"
TEMPLATE_DATA_SHEET = "数据"


@dataclass
class Sheet:
    name: str | None  # None for CSV (no sheets)
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0, c0, r1, c1
    uncached_formulas: list[tuple[str, str]] = field(default_factory=list)  # (A1 ref, formula)
    kind: str = "xlsx"


def read(filename: str, content: bytes) -> Sheet:
    """The sheet holding the data (the template's “数据” sheet, else the first with a header)."""
    kind = safety.inspect(filename, content)
    if kind.kind == "csv":
        return Sheet(None, _read_csv(content), kind="csv")
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(wb.sheet_names)
    except BaseException as exc:  # noqa: BLE001 - calamine raises several types for a bad file
        if not _parser_failure(exc):
            raise
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise Rejected([Issue("工作簿设置了密码保护，系统无法读取",
                                  fix="请在 Excel/WPS 中清除打开密码后保存，再上传")]) from None
        raise Rejected([Issue("文件已损坏或不是有效的 Excel 工作簿，无法读取",
                              fix="请在 Excel 或 WPS 中打开本校模板，填写后另存为 .xlsx 再上传")]) from None
    if not names:
        raise Rejected([Issue("工作簿中没有任何工作表", fix="请使用本系统下载的模板填写")])
    order = sorted(names, key=lambda n: (n != TEMPLATE_DATA_SHEET, names.index(n)))
    first_nonempty: Sheet | None = None
    for name in order:
        try:
            sh = wb.get_sheet_by_name(name)
            if sh.total_height > safety.MAX_ROWS + 10 or sh.total_width > safety.MAX_COLS:
                raise Rejected([Issue(f"工作表“{name}”达 {sh.total_height} 行 × {sh.total_width} 列，超过 {safety.MAX_ROWS} 行 × {safety.MAX_COLS} 列的上限",
                                      fix="请删除多余的行列，或按片区分成多个文件上传")])
            rows = sh.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or [])]
        except Rejected:
            raise
        except BaseException as exc:  # noqa: BLE001
            if not _parser_failure(exc):
                raise
            raise Rejected([Issue(f"工作表“{name}”无法读取，文件可能已损坏",
                                  fix="请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传")]) from None
        sheet = Sheet(name, rows, merged, kind=kind.kind)
        if any(_has_header(r) for r in rows[:10]):
            if kind.kind == "xlsx" and name in kind.sheet_parts:
                sheet.uncached_formulas = safety.formulas_without_values(content, kind.sheet_parts[name])
            return sheet
        if first_nonempty is None and any(any(c not in ("", None) for c in r) for r in rows):
            first_nonempty = sheet
    if first_nonempty is None:
        raise Rejected([Issue("文件中没有任何数据（所有工作表都是空的）",
                              fix="请在模板的“数据”工作表中填写本期数据后再上传")])
    return first_nonempty


def _parser_failure(exc: BaseException) -> bool:
    """An error of the parser, not an interrupt: python-calamine's PanicException (a Rust panic)
    derives from BaseException, so `except Exception` alone lets it through."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _has_header(row: list[Any]) -> bool:
    return any(isinstance(c, str) and c.strip().replace(" ", "").startswith(HEADER_MARK) for c in row)


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode 文本”), else GBK/GB18030 as WPS saves."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise Rejected([Issue("CSV 文件的文字编码无法识别（不是 UTF-8 或 GBK）",
                              fix="请在 Excel/WPS 中“另存为”CSV UTF-8 或 Excel 工作簿（.xlsx）后再上传")]) from None


def _read_csv(content: bytes) -> list[list[Any]]:
    text = decode_text(content)
    sample = text[:8192]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise Rejected([Issue("CSV 文件格式有误（引号不成对等），无法读取",
                              fix="请在 Excel/WPS 中打开后另存为 .xlsx 再上传")]) from None
    if len(rows) > safety.MAX_ROWS + 10 or any(len(r) > safety.MAX_COLS for r in rows[:50]):
        raise Rejected([Issue(f"CSV 文件超过 {safety.MAX_ROWS} 行或 {safety.MAX_COLS} 列的上限",
                              fix="请按片区分成多个文件上传")])
    if not any(any(c.strip() for c in r) for r in rows):
        raise Rejected([Issue("文件中没有任何数据", fix="请在模板中填写本期数据后再上传")])
    return rows
