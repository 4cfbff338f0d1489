"""Evidence files for 科室填报: which files are accepted, judged by their bytes, not their names.

PDF, JPG/PNG, DOCX and XLSX, at most MAX_BYTES each and MAX_FILES per update. The type is read
from the magic bytes (and, for DOCX/XLSX, the zip's directory listing, without decompressing
anything); the name's extension must agree with it. Every refusal is a ValueError whose message
(Chinese) names the file, says what is wrong and how to fix it."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_ZIP_ENTRIES = 5000
MAX_NAME = 120
ALLOWED_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
# kind → (MIME type, Chinese label, extensions the name may have)
KINDS = {
    "pdf": ("application/pdf", "PDF 文档", ("pdf",)),
    "jpeg": ("image/jpeg", "JPG 图片", ("jpg", "jpeg")),
    "png": ("image/png", "PNG 图片", ("png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档（.docx）", ("docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 工作簿（.xlsx）", ("xlsx",)),
}
ACCEPTED = "PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content_type: str
    size: int
    sha256: str
    content: bytes


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def clean_name(name: str) -> str:
    """The last path part, without control characters, at most MAX_NAME characters (extension kept)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 5 else name[:MAX_NAME]
    return name


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (a key of KINDS), None if none of them.
    Raises ValueError for kinds we recognise but refuse (old Office, encrypted, macros)."""
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(_OLE2):
        raise ValueError("是旧版 Office 文件（.doc/.xls）或设置了打开密码的文件，请另存为 .docx/.xlsx 或 PDF（不设密码）后重新上传")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                infos = z.infolist()
                if len(infos) > MAX_ZIP_ENTRIES:
                    return None
                names = {i.filename for i in infos}
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.endswith("vbaProject.bin") for n in names):
            raise ValueError("含有宏，出于安全考虑不能作为佐证材料，请另存为不含宏的 .docx/.xlsx 或 PDF 后重新上传")
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_file(name: str, data: bytes) -> EvidenceFile:
    """One accepted file, or ValueError with a Chinese message naming it."""
    shown = clean_name(name) or "未命名文件"
    if not data:
        raise ValueError(f"文件“{shown}”是空文件（0 字节），请检查后重新选择。")
    if len(data) > MAX_BYTES:
        shown_size = size_text(len(data)) if len(data) >= MAX_BYTES * 1.05 else f"{len(data)} 字节"  # no "10.0 MB > 10 MB"
        raise ValueError(f"文件“{shown}”大小为 {shown_size}，超过单个文件 {MAX_BYTES // 1024 // 1024} MB 的上限，"
                         "请压缩（如降低扫描分辨率）或拆分后再上传。")
    try:
        kind = sniff(data)
    except ValueError as exc:
        raise ValueError(f"文件“{shown}”{exc}。") from None
    if kind is None:
        raise ValueError(f"文件“{shown}”的内容不是{ACCEPTED}（按文件内容判断，与扩展名无关），"
                         f"请转换为这些格式之一后重新上传。")
    mime, label, extensions = KINDS[kind]
    stem, dot, ext = shown.rpartition(".")
    ext = ext.lower() if dot else ""
    if not dot or not stem:
        shown = f"{shown}.{extensions[0]}"  # no extension: name it after what it is
    elif ext not in extensions:
        raise ValueError(f"文件“{shown}”的内容是{label}，但扩展名是“.{ext}”，两者不符。"
                         f"请把扩展名改为“.{extensions[0]}”，或选择正确的文件。")
    return EvidenceFile(shown, mime, len(data), hashlib.sha256(data).hexdigest(), data)


def check_files(files: list[tuple[str, bytes]]) -> list[EvidenceFile]:
    """Check every file (all or none are accepted)."""
    if len(files) > MAX_FILES:
        raise ValueError(f"一次最多附上 {MAX_FILES} 个佐证文件，您选择了 {len(files)} 个，请合并或分次保存。")
    out: list[EvidenceFile] = []
    for name, data in files:
        f = check_file(name, data)
        twin = next((o for o in out if o.sha256 == f.sha256), None)
        if twin is not None:
            raise ValueError(f"文件“{f.name}”与“{twin.name}”内容完全相同，请只保留一个。")
        out.append(f)
    return out
