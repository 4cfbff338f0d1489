"""Hostile and odd files (issue 19 §2): each case the Apache POI corpus showed, through a school's
upload preview and commit. The files in hostile_files/ are Apache POI's test data (LICENSE, NOTICE)."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, Submission
from db.session import read_session
from ingest import safety, sandbox, store
from ingest.issues import Rejected
from ingest.read import read
from ingest.upload import upload
from tests.ingest.helpers import SCHOOL, values_snapshot

HERE = Path(__file__).parent / "hostile_files"
PERIOD = "2026-01"
PANIC = "clusterfuzz-testcase-minimized-POIHSSFFuzzer-5816431116615680.xls"
FAILED = ("文件无法读取：解析时出错、超出内存或时间限制，文件可能已损坏或结构异常。"
          "请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。")
PASSWORD = ("工作簿设置了打开密码，系统无法读取。请在 Excel/WPS 中打开文件，在“文件 → 信息 → 保护工作簿”"
            "（WPS：“文件 → 文档加密”）中清除密码后保存，再上传。")


def xlsx(sheet_data: bytes, dimension: bytes = b"") -> bytes:
    """A minimal workbook written by hand: one sheet whose XML is given."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet {ns}>".encode() + dimension + b"<sheetData>" + sheet_data
                   + b"</sheetData></worksheet>")
    return buf.getvalue()


FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def refused(who, filename: str, content: bytes) -> list[str]:
    """Preview and commit; both refuse with the same messages and the commit writes no value."""
    preview = upload(who, filename, content, period=PERIOD, org_code=SCHOOL)
    assert preview.status == "invalid"
    before = values_snapshot()
    r = upload(who, filename, content, period=PERIOD, org_code=SCHOOL, commit=True)
    assert r.status == "rejected" and values_snapshot() == before
    assert [e.message for e in r.errors] == [e.message for e in preview.errors]
    return [e.message for e in r.errors]


@pytest.mark.parametrize("dimension", [b"", b'<dimension ref="A1"/>', b'<dimension ref="XFD1048576"/>'])
def test_far_cell_without_a_range_is_refused_before_the_parser(school_officer, dimension):
    content = xlsx(FAR_CELL, dimension)
    assert len(content) < 2000
    with pytest.raises(Rejected) as caught:
        safety.inspect("a.xlsx", content)  # no parser involved: safety reads the sheet XML only
    message = ("工作表“Sheet1”的使用范围达 1048576 行 × 16384 列，超过 20000 行 × 200 列的上限。"
               "请删除表格下方和右侧多余的行列（含格式），或按片区分成多个文件上传。")
    assert [i.message for i in caught.value.issues] == [message]
    assert refused(school_officer, "a.xlsx", content) == [message]


def test_far_cell_scan_finds_rows_and_columns_apart():
    sheet = b'<row r="3"><c r="GS3"><v>1</v></c></row><row r="20011"><c r="A20011"><v>1</v></c></row>'
    with pytest.raises(Rejected, match="20011 行 × 201 列"):
        safety.inspect("a.xlsx", xlsx(sheet))
    safety.inspect("a.xlsx", xlsx(b'<row r="20010"><c r="GR20010"><v>1</v></c></row>'))  # 200 columns: allowed


def test_xls_used_range_is_read_from_its_dimensions_record(school_officer):
    content = (HERE / "51535.xls").read_bytes()
    with pytest.raises(Rejected, match="工作表“Sheet1”的使用范围达 65536 行 × 256 列"):
        safety.inspect("51535.xls", content)
    assert refused(school_officer, "51535.xls", content)[0].startswith("工作表“Sheet1”的使用范围达 65536 行 × 256 列")


@pytest.mark.parametrize("name", ["password.xls", "xor-encryption-abc.xls", "protected_passtika.xlsx"])
def test_password_protected_workbooks_are_asked_to_drop_the_password(school_officer, name):
    assert refused(school_officer, name, (HERE / name).read_bytes()) == [PASSWORD]


def test_text_that_is_not_columns_is_not_told_to_become_a_csv(school_officer):
    content = (HERE / "SampleSS.txt").read_bytes()
    assert refused(school_officer, "报表.xlsx", content) == [
        "文件扩展名是 .xlsx，但内容是普通文字，既不是 Excel 工作簿，也不是按列排列的 CSV 表格。"
        "请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。"]
    columns = "学校标识码,期间\n2110810001,2026-01\n".encode()
    assert refused(school_officer, "报表.xlsx", columns)[0].startswith("文件扩展名是 .xlsx，但内容是纯文本（CSV）")


def test_a_parser_panic_is_a_chinese_refusal(school_officer):
    content = (HERE / PANIC).read_bytes()
    corrupt = "文件已损坏或不是有效的 Excel 工作簿，无法读取。请在 Excel 或 WPS 中打开本校模板，填写后另存为 .xlsx 再上传。"
    with pytest.raises(Rejected) as caught:  # even read() in this process: the panic is not an Exception
        read(PANIC, content)
    assert [i.message for i in caught.value.issues] == [corrupt]
    assert refused(school_officer, PANIC, content) == [corrupt]


@pytest.mark.parametrize("target", ["abort", "allocate", "panic"])
def test_a_child_that_dies_becomes_a_refusal(target):
    with pytest.raises(Rejected) as caught:
        sandbox.read("a.xlsx", b"x", target=f"tests.ingest.sandbox_targets:{target}", memory=512 * 1024 * 1024)
    assert [i.message for i in caught.value.issues] == [FAILED]


def test_a_hanging_child_is_killed_in_time():
    started = time.monotonic()
    with pytest.raises(Rejected) as caught:
        sandbox.read("a.xlsx", b"x", target="tests.ingest.sandbox_targets:hang", seconds=1)
    assert time.monotonic() - started < 10
    assert [i.message for i in caught.value.issues] == [FAILED]


def test_parses_at_once_are_bounded(monkeypatch):
    monkeypatch.setattr(sandbox, "_slots", threading.BoundedSemaphore(1))
    assert sandbox._slots.acquire(blocking=False)
    try:
        done = []
        t = threading.Thread(target=lambda: done.append(sandbox.read("a.csv", "学校标识码\n1\n".encode())))
        t.start()
        t.join(1.0)
        assert t.is_alive() and not done  # waits for the slot
    finally:
        sandbox._slots.release()
    t.join(30)
    assert done and done[0].rows == [["学校标识码"], ["1"]]


def test_a_sheet_comes_back_from_the_child_as_read_gives_it():
    from datetime import datetime
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["学校标识码", "期间", "日期", 1.5, True, None, 7])
    ws.append(["2110810001", "2026-01", datetime(2026, 1, 31, 8, 30), "=1+1", False, "x", -3])
    ws.merge_cells("A3:B3")
    buf = io.BytesIO()
    wb.save(buf)
    direct, child = read("a.xlsx", buf.getvalue()), sandbox.read("a.xlsx", buf.getvalue())
    assert child == direct and isinstance(child.rows[1][2], datetime)


def _count(model, *where) -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_a_refused_file_sent_again_is_stored_once(school_officer):
    content = (HERE / PANIC).read_bytes() + b"once"  # bytes no other test sends
    first = upload(school_officer, "a.xls", content, period=PERIOD, org_code=SCHOOL, commit=True)
    again = upload(school_officer, "b.xls", content, period=PERIOD, org_code=SCHOOL, commit=True)
    with read_session() as s:
        a, b = s.get(Submission, first.submission_id), s.get(Submission, again.submission_id)
        assert (a.status, b.status) == ("rejected", "rejected") and b.filename == "b.xls"
        assert bytes(a.content) == content and bytes(b.content) == b""
        assert store.file_bytes(s, b) == content == store.file_bytes(s, a)


def test_an_account_stores_at_most_its_daily_cap(school_officer, monkeypatch):
    from auth.principal import Principal
    from ingest import upload as upload_module
    who = Principal(user_id=None, username="cap", role="school", bureau_id=school_officer.bureau_id,
                    scope_org_id=school_officer.scope_org_id, display_name="限额测试填报员")
    monkeypatch.setattr(upload_module, "DAILY_BYTES", 100_000)
    base = (HERE / PANIC).read_bytes()
    assert upload(who, "1.xls", base + b"cap1", period=PERIOD, org_code=SCHOOL, commit=True).submission_id
    rows, audits = _count(Submission), _count(AuditLog, AuditLog.action == "upload_over_cap")
    r = upload(who, "2.xls", base + b"cap2", period=PERIOD, org_code=SCHOOL, commit=True)
    assert r.status == "rejected" and r.submission_id is None
    assert r.errors[0].message == (
        "您的账户今天已保存 0.1 MB 上传文件，再保存本文件（0.1 MB）将超过每个账户每天 0 MB 的上限，本文件未保存，数据没有写入。"
        "请核对文件后明天再上传；如确需今天提交，请联系本局管理员。")
    assert r.errors[1:] and r.errors[1].message.startswith("文件已损坏")  # and what is wrong with the file itself
    assert _count(Submission) == rows and _count(AuditLog, AuditLog.action == "upload_over_cap") == audits + 1
    # the same refused bytes again cost nothing, so they are still recorded; another account is not affected
    assert upload(who, "1.xls", base + b"cap1", period=PERIOD, org_code=SCHOOL, commit=True).submission_id
    other = Principal(user_id=None, username="cap2", role="school", bureau_id=who.bureau_id,
                      scope_org_id=who.scope_org_id, display_name="另一位填报员")
    assert upload(other, "2.xls", base + b"cap2", period=PERIOD, org_code=SCHOOL, commit=True).submission_id
