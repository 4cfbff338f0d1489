"""Checks before any parser sees a file: what it really is, and whether it is safe to open.

Zip bombs are caught from the central directory (entry count, declared uncompressed sizes,
compression ratio) before anything is inflated; XML bombs by refusing DTDs and entity
declarations in every XML part (and defusedxml for the parts parsed here); oversized sheets by
the used range each sheet declares (.xlsx `<dimension>`, else the largest cell reference in the
sheet; .xls the DIMENSIONS record), before any parser allocates the cells; password-protected
.xls by its FILEPASS record."""

from __future__ import annotations

import codecs
import csv
import os
import re
import struct
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import ElementTree as SafeET
from xlrd import compdoc

from ingest.issues import Issue, Rejected

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200  # a worksheet compresses 5–30×; bombs compress 1000×
MAX_ROWS = 20_000
MAX_COLS = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ALLOWED_EXT = (".xlsx", ".xls", ".csv")
_OTHER_FORMATS = [
    (b"%PDF", "PDF 文档"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"{\\rtf", "RTF 文档"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
]
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_RESAVE = "请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传"
_PASSWORD = ("请在 Excel/WPS 中打开文件，在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中"
             "清除密码后保存，再上传")
_TOO_BIG_FIX = "请删除表格下方和右侧多余的行列（含格式），或按片区分成多个文件上传"


@dataclass
class FileKind:
    kind: str  # xlsx | xls | csv
    sheet_parts: dict[str, str] = field(default_factory=dict)  # xlsx: sheet name → zip part


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _reject(problem: str, fix: str = _RESAVE, expected: str = "") -> Rejected:
    return Rejected([Issue(problem=problem, expected=expected, fix=fix)])


def inspect(filename: str, content: bytes) -> FileKind:
    """Say what the file is, or raise Rejected with the reason in Chinese."""
    name = (filename or "").lower()
    ext = name[name.rfind("."):] if "." in name else ""
    if not content or not content.strip():
        raise _reject("文件是空的，没有任何内容", fix="请确认上传的是已填写并保存的模板文件")
    if len(content) > MAX_FILE_BYTES:
        raise _reject(f"文件过大（{len(content) / 1024 / 1024:.1f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限",
                      fix="请只保留模板中的“数据”工作表，删除图片和多余的工作表后再上传")
    if ext == ".xlsm":
        raise _reject("文件是启用宏的工作簿（.xlsm），为安全起见不接收含宏的文件",
                      fix="请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传")
    if ext not in ALLOWED_EXT:
        shown = ext or "（无扩展名）"
        raise _reject(f"不支持 {shown} 类型的文件", expected="Excel 工作簿（.xlsx 或 .xls）或 CSV 文件（.csv）",
                      fix="请用本系统下载的模板填写，并保存为 .xlsx、.xls 或 .csv")
    for magic, label in _OTHER_FORMATS:
        if content.startswith(magic):
            raise _reject(f"文件扩展名是 {ext}，但内容其实是{label}，不是表格", fix=_RESAVE)
    if content.startswith(ZIP_MAGIC):
        return FileKind("xlsx", _check_zip(content, ext))
    if content.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise _reject("工作簿设置了打开密码，系统无法读取", fix=_PASSWORD)
        if "_VBA_PROJECT".encode("utf-16-le") in content:
            raise _reject("工作簿含有宏，为安全起见不接收含宏的文件", fix="请另存为不含宏的 Excel 工作簿（.xlsx）后再上传")
        _check_biff(content)
        return FileKind("xls")
    head = content[:4096]
    if head.lstrip().lower().startswith((b"<html", b"<!doctype html", b"<?xml")):
        raise _reject(f"文件扩展名是 {ext}，但内容是网页或 XML 文本，不是 Excel 工作簿", fix=_RESAVE)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _reject(f"文件扩展名是 {ext}，但内容不是可识别的表格文件（可能已损坏，或是其他格式改了扩展名）", fix=_RESAVE)
    if ext in (".xlsx", ".xls"):
        if not _looks_like_columns(head):
            raise _reject(f"文件扩展名是 {ext}，但内容是普通文字，既不是 Excel 工作簿，也不是按列排列的 CSV 表格", fix=_RESAVE)
        raise _reject(f"文件扩展名是 {ext}，但内容是纯文本（CSV），不是 Excel 工作簿",
                      fix="请把文件扩展名改回 .csv 后上传，或在 Excel/WPS 中另存为 .xlsx")
    return FileKind("csv")


def _looks_like_columns(head: bytes) -> bool:
    """Whether text has the same delimiter on every line (what csv.Sniffer calls a dialect)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="ignore") if _is_utf8(head) else head.decode("gb18030", errors="replace")
    lines = [line for line in text.splitlines()[:-1] or text.splitlines() if line.strip()]
    try:
        csv.Sniffer().sniff("\n".join(lines[:50]), delimiters=",\t;")
    except csv.Error:
        return False
    return True


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only the 4 KB cut split a character
    return True


def _check_zip(content: bytes, ext: str) -> dict[str, str]:
    try:
        zf = zipfile.ZipFile(BytesIO(content))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _reject("文件已损坏，无法作为 Excel 工作簿打开", fix=_RESAVE) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _reject(f"工作簿内部包含 {len(infos)} 个部件，超过 {MAX_ZIP_ENTRIES} 个的上限，疑似恶意文件", fix=_RESAVE)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _reject(f"工作簿解压后达 {total / 1024 / 1024:.0f} MB，超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB 上限，疑似压缩炸弹", fix=_RESAVE)
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(1, i.compress_size):
            raise _reject(f"工作簿内部部件 {i.filename} 的压缩比异常（{i.file_size // max(1, i.compress_size)} 倍），疑似压缩炸弹", fix=_RESAVE)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
            raise _reject("文件是 OpenDocument 表格（.ods），不是 Excel 工作簿",
                          fix="请在 WPS 或 LibreOffice 中“另存为”Excel 工作簿（.xlsx）后再上传")
        raise _reject(f"文件扩展名是 {ext}，但内容是一个普通 ZIP 压缩包，不是 Excel 工作簿", fix=_RESAVE)
    try:
        for i in infos:
            if i.filename.endswith((".xml", ".rels")):
                with zf.open(i) as fh:
                    head = fh.read(4096).lower()
                if b"<!doctype" in head or b"<!entity" in head:
                    raise _reject(f"工作簿内部部件 {i.filename} 含有 DTD/实体声明，疑似 XML 炸弹，为安全起见拒收", fix=_RESAVE)
        ctypes = zf.read("[Content_Types].xml")
        if "xl/vbaProject.bin" in names or b"macroEnabled" in ctypes:
            raise _reject("工作簿含有宏（.xlsm），为安全起见不接收含宏的文件",
                          fix="请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传")
        if "xl/workbook.xml" not in names:
            raise _reject("文件不是 Excel 工作簿（缺少 xl/workbook.xml），可能是 Word/PowerPoint 文件改了扩展名", fix=_RESAVE)
        return _sheet_parts(zf, names)
    except Rejected:
        raise
    except Exception:  # noqa: BLE001 - any failure inside a malformed zip is the same user-facing fact
        raise _reject("文件已损坏，无法作为 Excel 工作簿打开", fix=_RESAVE) from None


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → part, checking each sheet's declared used range on the way."""
    wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
    rels = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels")):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rels[rel.get("Id")] = target
    parts: dict[str, str] = {}
    for sh in wb.iter(f"{{{_NS['m']}}}sheet"):
        part = rels.get(sh.get(f"{{{_NS['r']}}}id"))
        if part and part in names:
            parts[sh.get("name", "")] = part
            with zf.open(part) as fh:
                head = fh.read(4096)
            m = _DIMENSION.search(head)
            if m and m.group(3):
                rows, cols = int(m.group(4)), _col_number(m.group(3))
            elif _any_cell_beyond(zf, part):  # no <dimension>, or one cell: the parser sizes the sheet by its farthest cell
                rows, cols = _farthest_cell(zf, part)
            else:
                continue
            _check_size(sh.get("name", ""), rows, cols)
    return parts


def _check_size(sheet: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS + 10 or cols > MAX_COLS:
        raise _reject(f"工作表“{sheet}”的使用范围达 {rows} 行 × {cols} 列，超过 {MAX_ROWS} 行 × {MAX_COLS} 列的上限",
                      fix=_TOO_BIG_FIX)


_CELL_REF = re.compile(rb"\sr=\"([A-Z]{0,3})(\d{1,9})\"")
_CHUNK = 1 << 20
# A reference that may lie beyond MAX_COLS (GS = 201, then HA…, AAA…) or MAX_ROWS + 10 (20000 and up,
# leading zeros allowed). Literal `r="` first, so the scan is fast where no reference matches; a sheet
# with a match, or where the limits changed, is measured exactly by _farthest_cell.
_MAYBE_BEYOND = re.compile(rb'r="(?:[A-Z]{3}\d|[H-Z][A-Z]\d|G[S-Z]\d|[A-Z]{0,3}0*(?:[2-9]\d{4}|[1-9]\d{5}))')


def _any_cell_beyond(zf: zipfile.ZipFile, part: str) -> bool:
    """Whether any <row r=…> or <c r=…> may lie beyond the limits: one quick pass, no reference
    converted (a 10,000-school sheet: ≈ 45 ms against ≈ 210 ms for _farthest_cell)."""
    if MAX_ROWS + 10 < 20000 or MAX_COLS < 200:  # the pattern assumes the limits it was written for
        return True
    tail = b""
    with zf.open(part) as fh:
        while chunk := fh.read(_CHUNK):
            text = tail + chunk
            if _MAYBE_BEYOND.search(text):
                return True
            tail = text[-32:]
    return False


def _farthest_cell(zf: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The largest row and column any <row r=…> or <c r=…> names, read in 1 MB pieces."""
    rows = cols = 0
    tail = b""
    with zf.open(part) as fh:
        while chunk := fh.read(_CHUNK):
            text = tail + chunk
            for m in _CELL_REF.finditer(text):
                rows = max(rows, int(m.group(2)))
                if m.group(1):
                    cols = max(cols, _col_number(m.group(1)))
            tail = text[-32:]  # a reference cut by the piece boundary is whole in the next one
    return rows, cols


# BIFF record types (Microsoft [MS-XLS] 2.3): the workbook's BOF, FILEPASS, BOUNDSHEET8, EOF,
# and a worksheet's DIMENSIONS.
_BOF, _FILEPASS, _BOUNDSHEET, _EOF, _DIMENSIONS = 0x0809, 0x002F, 0x0085, 0x000A, 0x0200


def _check_biff(content: bytes) -> None:
    """Refuse an .xls that is password-protected (FILEPASS) or whose DIMENSIONS record declares
    more than the limits, reading records only (no cells). A container this cannot follow is left
    to the reader, which runs under memory and time limits (ingest.sandbox)."""
    try:
        with open(os.devnull, "w") as quiet:
            doc = compdoc.CompDoc(content, logfile=quiet)
            mem, base, length = _workbook_stream(doc)
        end = min(base + length, len(mem))
        sheets, biff8 = [], True
        for rtype, data in _records(mem, base, end):
            if rtype == _BOF and len(data) >= 2:
                biff8 = struct.unpack_from("<H", data)[0] >= 0x0600
            if rtype == _FILEPASS:
                raise _reject("工作簿设置了打开密码，系统无法读取", fix=_PASSWORD)
            if rtype == _BOUNDSHEET and len(data) >= 8:
                sheets.append((struct.unpack_from("<I", data)[0], _sheet_name(data, biff8)))
            if rtype == _EOF:
                break
        for offset, name in sheets[:256]:
            for rtype, data in _records(mem, base + offset, end):
                if rtype == _DIMENSIONS:
                    if len(data) >= 14:
                        _r0, rows, _c0, cols = struct.unpack_from("<IIHH", data)
                    elif len(data) >= 10:
                        _r0, rows, _c0, cols = struct.unpack_from("<HHHH", data)
                    else:
                        break
                    _check_size(name, rows, cols)  # both are one past the last used row/column
                    break
                if rtype == _EOF:
                    break
    except Rejected:
        raise
    except Exception:  # noqa: BLE001 - not a container this can follow; the sandboxed reader decides
        return


def _workbook_stream(doc: compdoc.CompDoc) -> tuple[bytes, int, int]:
    for name in ("Workbook", "Book"):
        mem, base, length = doc.locate_named_stream(name)
        if mem is not None:
            return mem, base, length
    raise ValueError("no workbook stream")


def _records(mem: bytes, pos: int, end: int, limit: int = 200_000):
    """(type, data) of the BIFF records from pos, at most `limit` of them."""
    for _ in range(limit):
        if pos + 4 > end:
            return
        rtype, size = struct.unpack_from("<HH", mem, pos)
        yield rtype, mem[pos + 4:pos + 4 + size]
        pos += 4 + size


def _sheet_name(data: bytes, biff8: bool) -> str:
    """BOUNDSHEET: offset (4), state (1), type (1), then the name: BIFF8 a ShortXLUnicodeString,
    BIFF5 length-prefixed bytes in the workbook's code page (GBK for a Chinese Excel)."""
    try:
        n = data[6]
        if not biff8:
            return data[7:7 + n].decode("gbk", errors="replace")
        flags = data[7]
        raw = data[8:8 + (2 * n if flags & 1 else n)]
        return raw.decode("utf-16-le" if flags & 1 else "latin-1")
    except (IndexError, UnicodeDecodeError):
        return "?"


_CELL_WITH_FORMULA = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+\d+)\"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)\s*(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|<(?:\w+:)?v>)?",
    re.S)


def formulas_without_values(content: bytes, part: str) -> list[tuple[str, str]]:
    """Cells of a sheet part holding a formula with no cached result: [(A1-ref, formula)]."""
    with zipfile.ZipFile(BytesIO(content)) as zf:
        xml = zf.read(part)
    if not _may_hold_formulas(xml):
        return []
    out = []
    for m in _CELL_WITH_FORMULA.finditer(xml):
        v = m.group(3)
        if v is not None and _OPEN_V.fullmatch(v):
            continue  # a cached result follows
        out.append((m.group(1).decode(), (m.group(2) or b"").decode("utf-8", "replace")))
    return out


_OPEN_V = re.compile(rb"<(?:\w+:)?v>")
_MANY_F = 2000  # more lowercase f's than that: let the plain substring search decide


def _may_hold_formulas(xml: bytes) -> bool:
    """Whether the part contains "<f" or ":f" (a formula element, with or without a namespace
    prefix) — the same answer as those two substring tests, found faster: a worksheet of numbers
    has almost no lowercase "f" at all, and bytes.find of one byte runs at memchr speed, where a
    two-byte search steps through every "<" of the ~10 MB of a district file."""
    find = xml.find
    i = find(b"f", 1)
    for _ in range(_MANY_F):
        if i == -1:
            return False
        if xml[i - 1] in (60, 58):  # "<" or ":"
            return True
        i = find(b"f", i + 1)
    return b"<f" in xml or b":f" in xml
