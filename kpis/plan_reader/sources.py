"""A plan file as text: .txt (UTF-8, UTF-8 with BOM, GB18030), .docx (paragraphs and tables) or .pdf (its text layer).

A .docx is read in document order. A table row becomes one line with its cells a tab apart (a merged
cell once, blank in the other columns it spans, so that every cell stays under its column), which the structure keeps as a row of its own — rows no longer run together — and a
one-cell row (a box around a paragraph) is read as the paragraphs it holds. A list's automatic numbers (一、 （一） 1.),
which are not in the paragraphs' text, are put back as Word shows them (word_numbering); tracked changes are read
accepted, content controls and text boxes opened. A .pdf gives its text layer page by page
(pypdf), lines cut where the page cut them and page numbers between them, which the reader joins again (debris,
structure); a scanned PDF has no text layer and is refused with what to do instead."""

from __future__ import annotations

import io
import logging
import zipfile

from core.cjk import fold_radicals
from core.errors import Invalid
from kpis.plan_reader.word_numbering import Numbering

MAX_BYTES = 5 * 1024 * 1024
# a Word number ending in one of these runs into its text (一、加快…); any other (一 加快…) keeps a space, as Word's tab
_MARK_ENDS = "、.．)）]】:："
MAX_PDF_PAGES = 100  # a 工作要点 runs to a few dozen pages; more is another document, and reading it takes long


class PlanFileError(Invalid):
    """The file cannot be read as a plan; str(exc) says what is wrong and what to do, in Chinese."""


def read_plan_file(filename: str, data: bytes) -> str:
    name = filename.lower()
    if len(data) > MAX_BYTES:
        raise PlanFileError(f"文件 {filename} 超过 5 MB，不像是一份工作要点。请只上传工作要点正文。")
    if not data.strip():
        raise PlanFileError(f"文件 {filename} 是空的。请上传含有工作要点正文的文件。")
    if name.endswith(".docx"):
        return _docx_text(filename, data)
    if name.endswith(".txt"):
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
        raise PlanFileError(f"无法识别文件 {filename} 的文字编码。请另存为 UTF-8 编码的 .txt 文件后再上传。")
    if name.endswith(".pdf"):
        return _pdf_text(filename, data)
    if name.endswith(".doc"):
        raise PlanFileError(f"不支持旧版 Word 文件 {filename}（.doc）。请在 Word 或 WPS 中另存为 .docx 后再上传。")
    if name.endswith((".wps", ".wpt", ".odt", ".rtf")):
        raise PlanFileError(f"不支持文件 {filename} 的格式。请在 WPS 或 Word 中打开，另存为 .docx 后再上传。")
    raise PlanFileError(f"不支持文件 {filename} 的格式。请上传 .txt、.docx 或 .pdf 文件。")


def _pdf_text(filename: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    # pypdf logs what it repairs in English (EOF marker not found); the clerk gets one Chinese message instead
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError
        if len(reader.pages) > MAX_PDF_PAGES:
            raise PlanFileError(f"文件 {filename} 有 {len(reader.pages)} 页，不像是一份工作要点（最多 {MAX_PDF_PAGES} 页）。"
                                "请只上传工作要点正文。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanFileError:
        raise
    except FileNotDecryptedError as exc:
        raise PlanFileError(f"文件 {filename} 设有打开密码，无法读取。请去掉密码后重新导出 PDF，"
                            "或上传 .docx、.txt 文件。") from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise PlanFileError(f"文件 {filename} 不是有效的 PDF 文件。请重新导出 PDF，或上传 .docx、.txt 文件。") from exc
    except Exception as exc:  # noqa: BLE001 - any unreadable PDF gets the same advice
        raise PlanFileError(f"无法读取 {filename}。请重新导出 PDF，或上传 .docx、.txt 文件。") from exc
    text = fold_radicals("\n".join(pages))  # ⼯作/校⻓ as the PDF's fonts name them: the plan's own words
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 20:  # a scan: page numbers at most
        raise PlanFileError(f"文件 {filename} 中没有可读取的文字，可能是扫描件或图片。"
                            "请上传 Word（.docx）或 .txt 文件，或复制正文后在计划导入页选“粘贴文本”。")
    return text


def _docx_text(filename: str, data: bytes) -> str:
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanFileError(f"文件 {filename} 不是有效的 .docx 文件。"
                            "请在 Word 或 WPS 中重新另存为 .docx 后再上传。") from exc
    except Exception as exc:  # noqa: BLE001 - any unreadable document gets the same advice
        raise PlanFileError(f"无法读取 {filename}。请在 Word 或 WPS 中重新另存为 .docx 后再上传。") from exc
    try:
        text = "\n".join(_body_lines(document))
    except Exception as exc:  # noqa: BLE001 - a document python-docx opened but whose parts are broken
        raise PlanFileError(f"无法读取 {filename} 的内容。请在 Word 或 WPS 中打开后重新另存为 .docx 再上传。") from exc
    if not text.strip():
        raise PlanFileError(f"文件 {filename} 中没有文字。请确认上传的是工作要点正文。")
    return text


def _body_lines(document) -> list[str]:
    """Paragraphs and table rows in the order they stand in the document, content controls opened."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = Numbering(document)

    def text(p) -> str:
        mark = numbering.mark(Paragraph(p, document))  # counted in document order, cells included, as Word counts
        body = _paragraph_text(p)
        # Word sets a tab after the number: a space keeps 1. apart from a text that opens with a figure (1. 90%以上的学校,
        # not 1.90%)
        gap = "" if not mark or (mark[-1] in _MARK_ENDS and not (mark[-1] in ".．" and body[:1].isdigit())) else " "
        return mark + gap + body

    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == _P:
            lines.append(text(block))
            lines.extend(text(box) for box in _text_box_paragraphs(block))
            continue
        for row in Table(block, document).rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats in every column it spans: once, then blanks
                    cells.append("")
                    continue
                seen.add(id(cell._tc))
                cells.append("\n".join(text(p) for p in _cell_paragraphs(cell._tc)).strip())
            filled = [c for c in cells if c]
            if len(filled) == 1:
                lines.extend(filled[0].split("\n"))
            elif filled:
                while not cells[-1]:
                    cells.pop()
                # blank cells kept, so that every cell stays under its column (2025年 over 目标值 | 完成值)
                lines.append("\t".join(" ".join(c.split()) for c in cells))
    return lines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _R = _W + "p", _W + "tbl", _W + "r"
# wrappers whose content is the document's own: content controls (a 公文 template's fields), custom XML, smart tags
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"}
# text that is not the paragraph's as it reads now: tracked deletions and moves away, and text boxes (read as
# paragraphs of their own, _text_box_paragraphs)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_TEXT = {_W + "del", _W + "moveFrom", _W + "txbxContent", _FALLBACK}


def _blocks(element):
    """The paragraphs and tables under a body or a cell, in order, through any content-control wrappers."""
    for child in element.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _cell_paragraphs(tc):
    """A cell's paragraphs in order, a table nested in it read paragraph by paragraph."""
    for block in _blocks(tc):
        if block.tag == _P:
            yield block
        else:
            for p in block.iter(_P):
                if not any(a.tag in _NOT_TEXT for a in p.iterancestors()):
                    yield p


def _text_box_paragraphs(p):
    """The paragraphs of the text boxes a paragraph anchors (a title or a note set in a box), read after it, once:
    Word keeps each box twice, as a drawing and as a fallback shape."""
    for inner in p.iter(_P):
        if inner is p:
            continue
        ancestors = list(inner.iterancestors())
        if not any(a.tag == _FALLBACK for a in ancestors) and not any(a.tag == _P for a in ancestors[:ancestors.index(p)]):
            yield inner


def _paragraph_text(p) -> str:
    """The paragraph as it reads with its tracked changes accepted: every run's text, those inside insertions, hyperlinks,
    fields, smart tags and content controls included (python-docx's Paragraph.text reads only the runs directly in the
    paragraph and its hyperlinks, so a figure typed in revision mode — 新建幼儿园<ins>6</ins>所 — was lost)."""
    parts = []
    for run in p.iter(_R):
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not p and ancestor.tag not in _NOT_TEXT:
            ancestor = ancestor.getparent()
        if ancestor is p:
            parts.append(run.text)
    return "".join(parts)
