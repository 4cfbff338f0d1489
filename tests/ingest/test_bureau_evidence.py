"""Evidence files on 科室填报: type by magic bytes, size limits, one transaction with the update,
audit, scoped download, and refused files that leave the database as it was."""

import hashlib
import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from auth.principal import Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, BureauAttachment, BureauUpdate
from db.session import read_session
from ingest import evidence
from ingest.bureau_updates import attachment_file, record_update, update_history
from tests.apptest import wenling_department

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def ooxml(main: str, extra: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main, "<x/>")
        for name in extra:
            z.writestr(name, b"\x00")
    return buf.getvalue()


def xlsx() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "验收名单"
    wb.save(buf)
    return buf.getvalue()


DOCX = ooxml("word/document.xml")


@pytest.fixture(scope="module")
def preschool(demo_db) -> Principal:
    return wenling_department("xueqian", "学前教育科")


def counts() -> tuple[int, int, int]:
    with read_session() as s:
        return (s.scalar(select(func.count()).select_from(BureauUpdate)),
                s.scalar(select(func.count()).select_from(BureauAttachment)),
                s.scalar(select(func.count()).select_from(AuditLog)))


def test_every_accepted_kind_is_stored_with_its_hash_and_listed_in_the_history(preschool):
    book = xlsx()
    files = [("验收报告.PDF", PDF), ("现场照片.png", PNG), ("合影.jpeg", JPG), ("通知.docx", DOCX), ("名单.xlsx", book),
             ("扫描件", PDF + b"%second")]
    rid = record_update(preschool, "TZ25-07", "2026-03", 2, "两所园通过验收", "温教发〔2026〕3号", attachments=files)
    with read_session() as s:
        rows = s.scalars(select(BureauAttachment).where(BureauAttachment.update_id == rid)
                         .order_by(BureauAttachment.id)).all()
        # The newest row of this id: another test's cleanup may delete updates, and SQLite reuses their ids.
        log = s.scalars(select(AuditLog).where(AuditLog.entity == "bureau_update", AuditLog.entity_id == str(rid))
                        .order_by(AuditLog.id.desc())).first()
    assert [(r.file_name, r.content_type, r.size) for r in rows] == [
        ("验收报告.PDF", "application/pdf", len(PDF)),
        ("现场照片.png", "image/png", len(PNG)),
        ("合影.jpeg", "image/jpeg", len(JPG)),
        ("通知.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", len(DOCX)),
        ("名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", len(book)),
        ("扫描件.pdf", "application/pdf", len(PDF) + 7),  # no extension: named after its content
    ]
    assert rows[0].sha256 == hashlib.sha256(PDF).hexdigest() and bytes(rows[0].content) == PDF
    assert all(r.uploaded_at is not None for r in rows)
    assert [a["name"] for a in log.after["attachments"]] == [r.file_name for r in rows]
    assert log.after["attachments"][0] == {"name": "验收报告.PDF", "type": "application/pdf", "size": len(PDF),
                                           "sha256": hashlib.sha256(PDF).hexdigest()}
    from auth.audit import describe_changes

    digest = hashlib.sha256(PDF).hexdigest()[:12]
    assert f"佐证文件：验收报告.PDF（{len(PDF)} 字节，sha256 {digest}…）、现场照片.png（" in describe_changes(None, log.after)
    hist = next(h for h in update_history(preschool, "TZ25-07") if h["id"] == rid)
    assert [a.name for a in hist["attachments"]] == [r.file_name for r in rows]
    got = attachment_file(preschool, hist["attachments"][4].id)
    assert (got.name, got.content) == ("名单.xlsx", book)


BIG = PDF + b"0" * (12 * 1024 * 1024 - len(PDF))
JUST_OVER = PDF + b"0" * (evidence.MAX_BYTES - len(PDF) + 1)


@pytest.mark.parametrize("files,message", [
    ([("空.pdf", b"")], "文件“空.pdf”是空文件（0 字节），请检查后重新选择。"),
    ([("大.pdf", BIG)], "文件“大.pdf”大小为 12.0 MB，超过单个文件 10 MB 的上限，请压缩（如降低扫描分辨率）或拆分后再上传。"),
    ([("刚超.pdf", JUST_OVER)], "文件“刚超.pdf”大小为 10485761 字节，超过单个文件 10 MB 的上限，请压缩（如降低扫描分辨率）或拆分后再上传。"),
    ([("程序.pdf", b"MZ\x90\x00" + b"\x00" * 60)],
     "文件“程序.pdf”的内容不是PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）（按文件内容判断，与扩展名无关），请转换为这些格式之一后重新上传。"),
    ([("报告.docx", PDF)], "文件“报告.docx”的内容是PDF 文档，但扩展名是“.docx”，两者不符。请把扩展名改为“.pdf”，或选择正确的文件。"),
    ([("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)],
     "文件“旧表.xls”是旧版 Office 文件（.doc/.xls）或设置了打开密码的文件，请另存为 .docx/.xlsx 或 PDF（不设密码）后重新上传。"),
    ([("宏.xlsx", ooxml("xl/workbook.xml", ("xl/vbaProject.bin",)))],
     "文件“宏.xlsx”含有宏，出于安全考虑不能作为佐证材料，请另存为不含宏的 .docx/.xlsx 或 PDF 后重新上传。"),
    ([("压缩包.docx", ooxml("readme.txt"))],
     "文件“压缩包.docx”的内容不是PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）（按文件内容判断，与扩展名无关），请转换为这些格式之一后重新上传。"),
    ([("a.pdf", PDF), ("b.pdf", PDF)], "文件“b.pdf”与“a.pdf”内容完全相同，请只保留一个。"),
    ([(f"{i}.pdf", PDF + bytes([i])) for i in range(10)], "一次最多附上 10 个佐证文件，您选择了 11 个，请合并或分次保存。"),
])
def test_a_refused_file_writes_nothing_at_all(preschool, files, message):
    before = counts()
    with pytest.raises(ValueError) as exc:
        # A good file beside the bad one is not kept either: the update and its files are one transaction.
        record_update(preschool, "TZ25-07", "2026-04", 1, "说明", attachments=[("好.png", PNG), *files])
    assert str(exc.value) == message
    assert counts() == before


def test_a_file_name_is_reduced_to_a_plain_name():
    assert evidence.clean_name("C:\\Users\\张三\\桌面\\验收\x00报告.pdf") == "验收报告.pdf"
    assert evidence.clean_name("../../etc/passwd.png") == "passwd.png"
    long = evidence.clean_name("长" * 300 + ".pdf")
    assert len(long) == evidence.MAX_NAME and long.endswith(".pdf")


def test_readers_outside_the_bureau_cannot_fetch_a_file(preschool):
    rid = record_update(preschool, "TZ25-07", "2026-05", 1, "说明", attachments=[("证明.pdf", PDF)])
    att = next(h for h in update_history(preschool, "TZ25-07") if h["id"] == rid)["attachments"][0]
    leader = Principal(user_id=None, username="ld", role="leader", bureau_id=preschool.bureau_id)
    assert attachment_file(leader, att.id).content == PDF
    other = Principal(user_id=None, username="yc", role="leader", bureau_id=preschool.bureau_id + 1)
    with pytest.raises(PermissionDenied, match="您无权查看该指标。"):
        attachment_file(other, att.id)
    with pytest.raises(ValueError, match="未找到该佐证文件"):
        attachment_file(preschool, 10_000_000)


def test_page_attaches_files_lists_them_and_refuses_a_wrong_type(preschool):
    from tests.apptest import open_bureau_entry

    at = open_bureau_entry(preschool)
    kbox = at.selectbox(key="bureau_kpi")
    kbox.select(next(o for o in kbox.options if o.startswith("TZ25-10"))).run()
    at.selectbox(key="bureau_period").select("2025-11").run()
    assert at.file_uploader[0].label == "佐证文件（可多选）"

    # A program renamed to .pdf: refused with the reason, nothing written.
    before = counts()
    at.number_input(key="bureau_value").set_value(1.0)
    at.text_area(key="bureau_note").input("完成年度任务")
    at.file_uploader[0].set_value([("通知.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")])
    at.button[0].click().run()
    assert not at.exception, at.exception
    from tests.pages.shown import shown

    assert shown(at.error[0].value).startswith("未保存：文件“通知.pdf”的内容不是PDF、JPG/PNG 图片、Word（.docx）或 Excel（.xlsx）")
    assert counts() == before

    at.file_uploader[0].set_value([("验收报告.pdf", PDF, "application/pdf"), ("现场.png", PNG, "image/png")])
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存：建强城乡学前教育共同体 2025年11月 为 1个，附佐证文件 2 个。"
    table = at.dataframe[0].value
    row = table[(table["期间"] == "2025年11月") & (table["状态"] == "当前有效")].iloc[0]
    assert row["佐证文件"] == "验收报告.pdf、现场.png" and row["进展说明"] == "完成年度任务"
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == [f"下载 验收报告\\.pdf（{len(PDF)} 字节）", f"下载 现场\\.png（{len(PNG)} 字节）"]
    assert not at.file_uploader[0].value  # the picker is emptied after a save
