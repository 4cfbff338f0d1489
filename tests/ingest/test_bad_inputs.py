"""Each bad input of a school upload: the exact Chinese message, the file kept as rejected with its
bytes, and the data values byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from openpyxl.utils import get_column_letter

from auth.principal import SYSTEM
from ingest.template import build_template
from ingest.upload import upload
from tests.ingest.helpers import DISTRICT, OTHER_SCHOOL, PRIMARY, SCHOOL, column_of, fill, submission, values_snapshot

PERIOD = "2026-01"


@pytest.fixture(scope="module")
def template(demo_db) -> bytes:
    return build_template(SYSTEM, SCHOOL, PERIOD)


@pytest.fixture(scope="module")
def good(template) -> bytes:
    return fill(template, default=PRIMARY)


def rejected(who, filename: str, content: bytes, period: str | None = PERIOD, org_code: str | None = SCHOOL):
    """Upload and commit; assert it was rejected, stored whole, and changed no value."""
    before = values_snapshot()
    r = upload(who, filename, content, period=period, org_code=org_code, commit=True)
    assert r.status == "rejected", [e.message for e in r.errors]
    assert values_snapshot() == before
    sub = submission(r.submission_id)
    assert sub.status == "rejected" and _bytes_of(sub) == content
    assert sub.sha256 == hashlib.sha256(content).hexdigest()
    assert [e["message"] for e in sub.errors] == [e.message for e in r.errors]
    return [e.message for e in r.errors]


def _bytes_of(sub) -> bytes:
    """The stored file: a file refused before is kept once, under its sha256."""
    from db.session import read_session
    from ingest.store import file_bytes
    with read_session() as s:
        return file_bytes(s, sub)


def _set(row: int, prefix: str, value):
    def edit(wb, ws):
        ws.cell(row, column_of(ws, prefix)).value = value
    return edit


def test_good_template_is_ready(school_officer, good):
    r = upload(school_officer, "本校.xlsx", good, period=PERIOD)
    assert r.status == "ready" and not r.errors, [e.message for e in r.errors]
    assert r.values == 7 and r.schools == 1


def test_unknown_school_code(school_officer, template):
    content = fill(template, default=PRIMARY, edit=lambda wb, ws: ws.cell(3, 1, "2110819999"))
    assert rejected(school_officer, "a.xlsx", content) == [
        "工作表“数据”第 3 行“学校标识码”列：学校标识码不在本局的学校名单中（填写的是“2110819999”）。"
        "应为：10 位数字的本局学校标识码。请核对学校标识码（可从本系统下载的模板中复制），不要改动模板中的学校标识码。"]


def test_malformed_school_code(school_officer, template):
    content = fill(template, default=PRIMARY, edit=lambda wb, ws: ws.cell(3, 1, "太平一小"))
    assert rejected(school_officer, "a.xlsx", content)[0].startswith(
        "工作表“数据”第 3 行“学校标识码”列：学校标识码格式不对（填写的是“太平一小”）。")


def test_wrong_period(school_officer, demo_db):
    content = fill(build_template(SYSTEM, SCHOOL, "2026-02"), default=PRIMARY)
    assert rejected(school_officer, "a.xlsx", content) == [
        "工作表“数据”第 3 行“期间”列：期间是 2026年2月，与所选的 2026年1月 不一致（填写的是“2026-02”）。"
        "应为：2026-01。请下载 2026年1月 的模板填写，或在页面上改选 2026年2月。"]


def test_file_of_another_school(school_officer, demo_db):
    content = fill(build_template(SYSTEM, OTHER_SCHOOL, PERIOD), default=PRIMARY)
    assert rejected(school_officer, "a.xlsx", content) == [
        "工作表“数据”第 3 行“学校标识码”列：这一行是“太平实验初级中学”的数据，您无权为该校填报（填写的是“3110810001”）。"
        "应为：本人负责的学校。请只上传本校（本片区）的数据；文件可能拿错了。"]


def test_admin_picking_another_school(demo_db):
    content = fill(build_template(SYSTEM, OTHER_SCHOOL, PERIOD), default=PRIMARY)
    msgs = rejected(SYSTEM, "a.xlsx", content)
    assert msgs[0].startswith("工作表“数据”第 3 行“学校标识码”列：这一行是“太平实验初级中学”的数据，不是“太平第一小学”")


def test_unknown_column(school_officer, template):
    def edit(wb, ws):
        ws.cell(2, ws.max_column + 1, "备用列")
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=PRIMARY, edit=edit))
    assert len(msgs) == 1 and msgs[0].startswith("工作表“数据”第 2 行“R”列：不认识的列“备用列”。应为：模板中的列名：")
    assert msgs[0].endswith("请使用本期模板，不要修改列名；多余的列请删除。")


def test_missing_column(school_officer, template):
    def edit(wb, ws):
        ws.delete_cols(column_of(ws, "近视学生数"))
    assert rejected(school_officer, "a.xlsx", fill(template, default=PRIMARY, edit=edit)) == [
        "工作表“数据”第 2 行：缺少“近视学生数（人）”列。应为：表头中有“近视学生数（人）”列。请使用本期模板，不要删除列。"]


def test_missing_required_value(school_officer, template):
    values = dict(PRIMARY, 近视学生数=None)
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=values))
    assert msgs == ["工作表“数据”第 3 行“近视学生数（人）”列：必填项为空。应为：0 到 6000 之间的整数（单位：人）。"
                    "请填写本期数值；确实为零请填 0。"]


def test_text_in_number_cell(school_officer, template):
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=dict(PRIMARY, 近视学生数="三百")))
    assert msgs == ["工作表“数据”第 3 行“近视学生数（人）”列：不是数字（填写的是“三百”）。应为：0 到 6000 之间的整数（单位：人）。"
                    "请只填写阿拉伯数字，不要填写文字或单位。"]


def test_percent_sign_in_a_count(school_officer, template):
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=dict(PRIMARY, 近视学生数="52%")))
    assert msgs == ["工作表“数据”第 3 行“近视学生数（人）”列：该项不是百分比（填写的是“52%”）。应为：0 到 6000 之间的整数（单位：人）。"
                    "请填写人数，不要带 % 号。"]


def test_out_of_range(school_officer, template):
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=dict(PRIMARY, 在校学生数=60000)))
    assert msgs == ["工作表“数据”第 3 行“在校学生数（人）”列：超出合理范围（填写的是“60000”）。应为：0 到 6000 之间的整数（单位：人）。"
                    "请核对数值（是否多输或少输了一位、单位是否正确）。"]


def test_fraction_in_a_count_and_bad_yes_no(school_officer, template):
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=dict(PRIMARY, 近视学生数=30.5, 是否建成智慧校园="大概")))
    assert msgs == [
        "工作表“数据”第 3 行“近视学生数（人）”列：应为整数，不能有小数（填写的是“30.5”）。应为：0 到 6000 之间的整数（单位：人）。请填写整数。",
        "工作表“数据”第 3 行“是否建成智慧校园”列：不是“是”或“否”（填写的是“大概”）。应为：“是”或“否”。请从下拉列表中选择“是”或“否”。"]


def stored_at(code: str, period: str) -> dict:
    from db.session import read_session
    from tests.stored_values import values_by_element
    with read_session() as s:
        return values_by_element(s, code, period)


def test_duplicate_rows_in_a_district_workbook(district_officer, demo_db):
    content = fill(build_template(SYSTEM, DISTRICT, PERIOD), default=dict(PRIMARY, 在园幼儿数=200, 优质园在园幼儿数=200))

    def edit(wb, ws):
        last = ws.max_row
        for c in range(1, ws.max_column + 1):
            ws.cell(last + 1, c, ws.cell(3, c).value)
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["数据"]
    last = ws.max_row
    edit(wb, ws)
    code, name = ws.cell(3, 1).value, ws.cell(3, 2).value
    buf = io.BytesIO()
    wb.save(buf)
    # Both rows of the school are refused (which one is right?); the other schools are accepted.
    before = stored_at(code, PERIOD)
    r = upload(district_officer, "片区.xlsx", buf.getvalue(), period=PERIOD, org_code=DISTRICT, commit=True)
    assert r.status == "accepted" and r.refused_schools == [name]
    assert [i.message for i in r.refused] == [
        f"工作表“数据”第 {last + 1} 行“学校标识码”列：学校“{name}”重复出现（第 3 行已填写过）（填写的是“{code}”）。"
        "每所学校只保留一行，请删除重复的行。"]
    assert stored_at(code, PERIOD) == before


def test_merged_cells(school_officer, template):
    def edit(wb, ws):
        ws.merge_cells("D3:E3")
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=PRIMARY, edit=edit))
    assert msgs == ["工作表“数据”第 3 行“D”列：存在合并单元格 D3:E3，系统无法判断数值属于哪一格。"
                    "请选中该区域，点击“合并后居中”取消合并，在每个单元格中分别填写。"]


def test_formula_without_cached_value(school_officer, template):
    msgs = rejected(school_officer, "a.xlsx", fill(template, default=dict(PRIMARY, 近视学生数="=100+201")))
    col = None
    import openpyxl
    ws = openpyxl.load_workbook(io.BytesIO(template))["数据"]
    col = get_column_letter(column_of(ws, "近视学生数"))
    assert msgs == [f"工作表“数据”第 3 行“{col}”列：单元格 {col}3 是公式“=100+201”，但文件中没有保存计算结果。"
                    "请在 Excel 或 WPS 中打开文件、确认公式已计算后保存再上传，或直接填写数值。"]


@pytest.mark.parametrize("content", [b"", b"   \r\n"])
def test_empty_file(school_officer, demo_db, content):
    assert rejected(school_officer, "空.xlsx", content) == ["文件是空的，没有任何内容。请确认上传的是已填写并保存的模板文件。"]


def test_template_with_only_headers(school_officer, template):
    def edit(wb, ws):
        ws.delete_rows(3)
    assert rejected(school_officer, "a.xlsx", fill(template, edit=edit)) == [
        "工作表“数据”第 3 行：文件中只有表头，没有数据行。请在表头下方填写本校数据后再上传。"]


@pytest.mark.parametrize("content,label", [
    (b"%PDF-1.7\n1 0 obj\n", "PDF 文档"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG 图片"), (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG 图片"),
])
def test_other_format_renamed_to_xlsx(school_officer, demo_db, content, label):
    assert rejected(school_officer, "报表.xlsx", content) == [
        f"文件扩展名是 .xlsx，但内容其实是{label}，不是表格。请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。"]


def test_plain_zip_and_word_renamed(school_officer, demo_db):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert rejected(school_officer, "报表.xlsx", buf.getvalue()) == [
        "文件扩展名是 .xlsx，但内容是一个普通 ZIP 压缩包，不是 Excel 工作簿。请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    assert rejected(school_officer, "报表.xlsx", buf.getvalue())[0].startswith("文件不是 Excel 工作簿（缺少 xl/workbook.xml）")


def test_csv_renamed_to_xlsx(school_officer, demo_db):
    assert rejected(school_officer, "报表.xlsx", "学校标识码,期间\n2110810001,2026-01\n".encode()) == [
        "文件扩展名是 .xlsx，但内容是纯文本（CSV），不是 Excel 工作簿。请把文件扩展名改回 .csv 后上传，或在 Excel/WPS 中另存为 .xlsx。"]


def test_unsupported_extension(school_officer, good):
    assert rejected(school_officer, "报表.docx", good) == [
        "不支持 .docx 类型的文件。应为：Excel 工作簿（.xlsx 或 .xls）或 CSV 文件（.csv）。请用本系统下载的模板填写，并保存为 .xlsx、.xls 或 .csv。"]


def test_password_protected_workbook(school_officer, demo_db):
    # An encrypted OOXML file is an OLE2 container with an "EncryptedPackage" stream.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    assert rejected(school_officer, "加密.xlsx", content) == [
        "工作簿设置了打开密码，系统无法读取。请在 Excel/WPS 中打开文件，在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中清除密码后保存，再上传。"]


def test_macro_workbooks(school_officer, good):
    assert rejected(school_officer, "宏.xlsm", good) == [
        "文件是启用宏的工作簿（.xlsm），为安全起见不接收含宏的文件。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传。"]
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("xl/vbaProject.bin", b"\x00" * 100)
    assert rejected(school_officer, "改名.xlsx", buf.getvalue()) == [
        "工作簿含有宏（.xlsm），为安全起见不接收含宏的文件。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传。"]


def _rezip(good: bytes, replace: dict[str, bytes] | None = None, extra: list[tuple[str, bytes]] = ()) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, data in extra:
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_by_entry_count(school_officer, good):
    content = _rezip(good, extra=[(f"xl/media/x{i}.bin", b"") for i in range(600)])
    assert rejected(school_officer, "a.xlsx", content)[0].startswith("工作簿内部包含 6")


def test_zip_bomb_by_ratio(school_officer, good):
    content = _rezip(good, extra=[("xl/media/zeros.bin", b"\x00" * 20_000_000)])
    assert len(content) < 200_000
    assert re.match(r"工作簿内部部件 xl/media/zeros\.bin 的压缩比异常（\d+ 倍），疑似压缩炸弹。", rejected(school_officer, "a.xlsx", content)[0])


def test_zip_bomb_by_declared_size(school_officer, good):
    content = _rezip(good, extra=[("xl/media/zeros.bin", b"\x00" * 310 * 1024 * 1024)])
    assert rejected(school_officer, "a.xlsx", content)[0].startswith("工作簿解压后达 310 MB，超过 300 MB 上限，疑似压缩炸弹。")


def test_xml_bomb(school_officer, good):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    content = _rezip(good, replace={"xl/worksheets/sheet2.xml": laughs})
    assert rejected(school_officer, "a.xlsx", content) == [
        "工作簿内部部件 xl/worksheets/sheet2.xml 含有 DTD/实体声明，疑似 XML 炸弹，为安全起见拒收。请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。"]


def test_oversized_sheet_declared_range(school_officer, good):
    xml = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet2.xml")
    xml = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:Q1048576"', xml)
    assert rejected(school_officer, "a.xlsx", _rezip(good, replace={"xl/worksheets/sheet2.xml": xml})) == [
        "工作表“数据”的使用范围达 1048576 行 × 17 列，超过 20000 行 × 200 列的上限。请删除表格下方和右侧多余的行列（含格式），或按片区分成多个文件上传。"]


def test_oversized_csv(school_officer, demo_db):
    content = ("学校标识码,期间\n" + "2110810001,2026-01\n" * 25_000).encode()
    assert rejected(school_officer, "a.csv", content) == ["CSV 文件超过 20000 行或 200 列的上限。请按片区分成多个文件上传。"]


def test_nothing_written_when_the_principal_may_not_upload(school_officer, good):
    from auth.scope import PermissionDenied
    before = values_snapshot()
    with pytest.raises(PermissionDenied, match="您无权为“太平实验初级中学”填报数据"):
        upload(school_officer, "a.xlsx", good, period=PERIOD, org_code=OTHER_SCHOOL, commit=True)
    assert values_snapshot() == before
