"""Reading uploaded plan files: .txt in UTF-8/GB18030, .docx paragraphs and tables, .pdf text layers, and refusals."""

import io

import docx
import pytest

from kpis.plan_reader import read_plan
from kpis.plan_reader.sources import PlanFileError, read_plan_file

PLAN = "某县教育局2026年工作要点\n一、重点工作\n1.扩充学位。新增学位1200个。\n"


def docx_bytes(paragraphs, table=None):
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_txt_in_common_encodings(encoding):
    assert read_plan_file("plan.TXT", PLAN.encode(encoding)) == PLAN


def test_docx_paragraphs_and_tables_become_a_plan():
    data = docx_bytes(PLAN.strip().split("\n"), table=[["2.提高质量。普惠性幼儿园覆盖率达到90%以上。"]])
    doc = read_plan(read_plan_file("plan.docx", data))
    assert [i["number"] for s in doc["sections"] for i in s["items"]] == ["1", "2"]
    assert [(k["value"], k["unit"]) for k in doc["kpis"]] == [(1200, "个"), (90, "%")]


@pytest.mark.parametrize("name,data,message", [
    ("plan.pdf", b"%PDF-1.4 ...", "不是有效的 PDF"),
    ("plan.xlsx", b"PK\x03\x04 xlsx", "请上传 .txt、.docx 或 .pdf"),
    ("plan.odt", b"PK\x03\x04 odt", "另存为 .docx"),
    ("工作要点.wps", b"\xd0\xcf\x11\xe0 wps", "在 WPS 或 Word 中打开，另存为 .docx"),
    ("plan.doc", b"\xd0\xcf\x11\xe0 old word", "另存为 .docx"),
    ("plan.docx", b"not a zip at all", "不是有效的 .docx"),
    ("plan.txt", b"   ", "是空的"),
    ("plan.txt", b"\xff\xfe\xfa\xfb" * 10 + b"\x81", "无法识别"),
    ("plan.txt", b"x" * (5 * 1024 * 1024 + 1), "超过 5 MB"),
])
def test_refusals_say_what_to_do(name, data, message):
    with pytest.raises(PlanFileError, match=message):
        read_plan_file(name, data)


def test_empty_docx_is_refused():
    with pytest.raises(PlanFileError, match="没有文字"):
        read_plan_file("empty.docx", docx_bytes([]))


def test_docx_tables_stay_in_place_and_their_rows_apart():
    data = docx_bytes(["某县教育局2026年工作要点", "一、主要指标"], table=[
        ["序号", "指标", "2025年", "2026年目标"],
        ["1", "学前三年毛入园率（%）", "97.9", "≥98.5"],
        ["2", "新增学位（个）", "3000", "3600"],
        ["3", "学位扩容", "新建学校3所，新增食堂5个。", "基建科"],
    ])
    text = read_plan_file("plan.docx", data)
    assert text.split("\n")[2:] == ["序号\t指标\t2025年\t2026年目标", "1\t学前三年毛入园率（%）\t97.9\t≥98.5",
                                    "2\t新增学位（个）\t3000\t3600", "3\t学位扩容\t新建学校3所，新增食堂5个。\t基建科"]
    doc = read_plan(text)
    assert [(k["value"], k["unit"], k["comparator"]) for k in doc["kpis"] if k["accepted"]] == [
        (98.5, "%", ">="), (3600, "个", ">="), (3, "所", ">="), (5, "个", ">=")]


def test_docx_table_in_the_middle_is_read_where_it_stands():
    d = docx.Document()
    d.add_paragraph("某县教育局2026年工作要点")
    d.add_paragraph("一、主要目标")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "普惠性幼儿园覆盖率（%）", "≥92"
    d.add_paragraph("二、重点任务")
    d.add_paragraph("1.新建学校2所。")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_plan(read_plan_file("plan.docx", buf.getvalue()))
    assert [(s["number"], [(k["value"]) for k in doc["kpis"] if k["item"] in [i["number"] for i in s["items"]]])
            for s in doc["sections"]] == [("一", [92]), ("二", [2])]


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_docx_reads_as_it_shows_tracked_changes_fields_content_controls_and_text_boxes():
    """python-docx's Paragraph.text reads only the runs directly in a paragraph: a target typed in revision mode, in a
    公文 template's content control or in a smart tag was lost, and a template's title block wrapped in a control
    vanished whole."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    d = docx.Document()
    d.element.body.insert(0, parse_xml(
        f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>某县教育局2026年工作要点</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    p = d.add_paragraph("1.新建幼儿园")
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="科员"><w:r><w:delText>5</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="科员"><w:r><w:t>6</w:t></w:r></w:ins>'))
    p.add_run("所。")
    p = d.add_paragraph("2.")
    p._p.append(parse_xml(f'<w:smartTag {w} w:uri="u" w:element="e"><w:r><w:t>新增学位1200个。</w:t></w:r></w:smartTag>'))
    p._p.append(parse_xml(f'<w:moveFrom {w} w:id="3" w:author="科员"><w:r><w:t>已删去的旧句。</w:t></w:r></w:moveFrom>'))
    p = d.add_paragraph("3.普惠性幼儿园覆盖率达到")
    p._p.append(parse_xml(f'<w:sdt {w}><w:sdtContent><w:r><w:t>90%</w:t></w:r></w:sdtContent></w:sdt>'))
    p._p.append(parse_xml(f'<w:fldSimple {w} w:instr="PAGE"><w:r><w:t>以上</w:t></w:r></w:fldSimple>'))
    p.add_run("。")
    box = "<w:txbxContent><w:p><w:r><w:t>（本要点由办公室汇总）</w:t></w:r></w:p></w:txbxContent>"
    p = d.add_paragraph("二、保障措施")
    p._p.append(parse_xml(f'<w:r {w} {MC}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing>'
                          f'</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "4"
    cell = table.cell(0, 1)._tc
    cell.remove(cell.p_lst[0])
    cell.append(parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>招聘教师100名</w:t></w:r></w:p></w:sdtContent>'
                          '</w:sdt>'))
    buf = io.BytesIO()
    d.save(buf)
    text = read_plan_file("plan.docx", buf.getvalue())
    assert text.split("\n") == ["某县教育局2026年工作要点", "1.新建幼儿园6所。", "2.新增学位1200个。",
                                "3.普惠性幼儿园覆盖率达到90%以上。", "二、保障措施", "（本要点由办公室汇总）", "4\t招聘教师100名"]
    assert [(k["value"], k["unit"]) for k in read_plan(text)["kpis"]][:3] == [(6, "所"), (1200, "个"), (90, "%")]
