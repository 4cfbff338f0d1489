"""学校名册: preview, apply, errors (each message exactly), scope, download and re-upload.

Each test has a database of its own with the catalog but no schools, as a real bureau has after
`python -m kpis init`."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, OrgUnit
from db.session import read_session
from ingest import roster
from seed.bootstrap import initialise
from tests.ingest.roster_helpers import (
    BUREAU, HEADER, PLAN, ROSTER, apply, audit_count, csv_bytes, org_rows, preview, xlsx_bytes,
)


@pytest.fixture
def engine(empty_engine):
    initialise(empty_engine)
    return empty_engine


def bureau_admin(engine, code: str = BUREAU, role: str = "admin") -> Principal:
    with read_session(engine) as s:
        b = s.scalar(select(OrgUnit).where(OrgUnit.code == code))
    return Principal(user_id=None, username="a", role=role, bureau_id=b.id)


def school(engine, code: str) -> OrgUnit:
    with read_session(engine) as s:
        return s.scalar(select(OrgUnit).where(OrgUnit.code == code))


def test_empty_bureau_downloads_a_template_with_instructions(engine):
    with read_session(engine) as s:
        content = roster.export_roster(s, bureau_admin(engine), PLAN)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["学校名册", "说明"]
    ws = wb["学校名册"]
    assert [c.value for c in ws[1]] == ["学校标识码", "学校名称", "所属片区", "办学性质", "普惠性", "开办年月", "停办年月",
                                        "联系人", "联系电话"]
    assert ws.max_row == 1 or all(v is None for row in ws.iter_rows(min_row=2, values_only=True) for v in row)
    assert wb["说明"]["A1"].value == "某县教育体育局 学校名册（共 0 所学校）"


def test_preview_writes_nothing_and_apply_adds_schools_districts_and_one_audit_row(engine):
    before = org_rows(engine)
    p = preview(engine, csv_bytes(ROSTER), bureau_admin(engine))
    assert p.ok and [c.code for c in p.added] == ["2134010001", "1134010001", "3134010001"]
    assert p.new_districts == ["店埠镇", "撮镇镇"] and not p.changed and not p.unchanged and not p.unlisted
    assert p.summary == "新增 3 所、修改 0 所、不变 0 所学校；新建片区 2 个（店埠镇、撮镇镇）。"
    assert p.change_table()[1]["变更内容"] == "学校类型：幼儿园；办学性质：民办；普惠性：是；开办年月：2019-09"
    assert org_rows(engine) == before and audit_count(engine) == 0

    apply(engine, csv_bytes(ROSTER), bureau_admin(engine))
    with read_session(engine) as s:
        b = s.scalar(select(OrgUnit).where(OrgUnit.code == BUREAU))
        districts = {d.code: d.name for d in s.scalars(select(OrgUnit).where(OrgUnit.bureau_id == b.id,
                                                                             OrgUnit.level == "district"))}
    assert districts == {"340122001": "店埠镇", "340122002": "撮镇镇"}  # bureau code + 3 digits, as the demo numbers them
    kg = school(engine, "1134010001")
    assert (kg.name, kg.level, kg.school_type, kg.ownership, kg.inclusive, kg.opened_on, kg.closed_on) == (
        "撮镇阳光幼儿园", "school", "11", "民办", True, "2019-09", None)
    assert school(engine, "2134010001").parent_id == school(engine, "340122001").id
    assert kg.bureau_id == school(engine, BUREAU).id
    assert audit_count(engine) == 1
    with read_session(engine) as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "import_roster"))
    assert row.entity_id == BUREAU and row.after["schools_added"] == 3 and row.after["districts_added"] == ["店埠镇", "撮镇镇"]


def test_a_second_import_of_the_same_file_changes_nothing(engine):
    who = bureau_admin(engine)
    apply(engine, csv_bytes(ROSTER), who)
    rows = org_rows(engine)
    p = apply(engine, csv_bytes(ROSTER), who)
    assert len(p.unchanged) == 3 and not p.added and not p.changed and not p.new_districts
    assert p.summary == "新增 0 所、修改 0 所、不变 3 所学校。"
    assert org_rows(engine) == rows and audit_count(engine) == 1  # no second audit row for nothing


def test_an_update_changes_only_the_named_fields(engine):
    who = bureau_admin(engine)
    apply(engine, csv_bytes(ROSTER), who)
    rows = {r[1]: r for r in org_rows(engine)}  # by code
    edited = ROSTER.replace("店埠中心小学,店埠镇,公办,,2001-09,", "店埠中心小学,撮镇镇,公办,,2001-09,2026-07") \
                   .replace("店埠初级中学", "店埠第一初级中学")
    p = preview(engine, csv_bytes(edited), who)
    assert [(c.code, [(f.label, f.before, f.after) for f in c.changes]) for c in p.changed] == [
        ("2134010001", [("所属片区", "店埠镇", "撮镇镇"), ("停办年月", None, "2026-07")]),
        ("3134010001", [("学校名称", "店埠初级中学", "店埠第一初级中学")])]
    assert [c.code for c in p.unchanged] == ["1134010001"]
    assert p.change_table()[0]["变更内容"] == "所属片区：店埠镇 → 撮镇镇；停办年月：（空） → 2026-07"
    apply(engine, csv_bytes(edited), who)
    after = {r[1]: r for r in org_rows(engine)}
    cols = [c.key for c in OrgUnit.__table__.columns]
    diff = {(code, cols[i]) for code in after for i in range(len(cols)) if after[code][i] != rows[code][i]}
    assert diff == {("2134010001", "parent_id"), ("2134010001", "closed_on"), ("3134010001", "name")}
    assert after["2134010001"][cols.index("parent_id")] == school(engine, "340122002").id


def test_a_missing_optional_column_leaves_its_field_alone_and_unlisted_schools_stay(engine):
    who = bureau_admin(engine)
    apply(engine, csv_bytes(ROSTER), who)
    rows = org_rows(engine)
    p = apply(engine, csv_bytes("学校标识码,学校名称,所属片区,办学性质\n2134010001,店埠中心小学,店埠镇,公办\n"), who)
    assert [c.code for c in p.unchanged] == ["2134010001"]  # 开办年月 2001-09 is not cleared
    assert sorted(c.code for c in p.unlisted) == ["1134010001", "3134010001"]
    assert p.change_table()[0]["操作"] == "名册中未列出"
    assert org_rows(engine) == rows  # nothing deleted, nothing changed


def test_inclusive_only_for_private_kindergartens(engine):
    p = preview(engine, csv_bytes(HEADER + "\n2134010001,店埠中心小学,店埠镇,公办,是,,\n"), bureau_admin(engine))
    assert p.ok and [w.message for w in p.warnings] == [
        "第 2 行“普惠性”列：普惠性只对民办幼儿园记录，这一行不是民办幼儿园，已按“否”处理（填写的是“是”）。"]
    apply(engine, csv_bytes(HEADER + "\n2134010001,店埠中心小学,店埠镇,公办,是,,\n"), bureau_admin(engine))
    assert school(engine, "2134010001").inclusive is False


ERRORS = [
    ("学校标识码,学校名称,所属片区,办学性质\n213401001,甲小学,店埠镇,公办\n",
     ["第 2 行“学校标识码”列：学校标识码应为 10 位数字，这里是 9 个字符（填写的是“213401001”）。应为：10 位数字，如 2110810001。"
      "请核对学校标识码（以文本格式填写，不要写成科学计数法）。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n21340100A1,甲小学,店埠镇,公办\n",
     ["第 2 行“学校标识码”列：学校标识码只能由数字组成（填写的是“21340100A1”）。应为：10 位数字，如 2110810001。"
      "请核对学校标识码（以文本格式填写，不要写成科学计数法）。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n9934010001,甲小学,店埠镇,公办\n",
     ["第 2 行“学校标识码”列：学校标识码前两位“99”不是已知的学校类型（填写的是“9934010001”）。"
      "应为：前两位为 11 幼儿园、21 小学、31 初中、34 高中、36 中职、51 特教。请核对学校标识码。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n2134010001,甲小学,店埠镇,公办\n2134010001,乙小学,店埠镇,公办\n",
     ["第 3 行“学校标识码”列：学校标识码与第 2 行重复（填写的是“2134010001”）。应为：每所学校只占一行。"
      "请删除重复的一行，或改正其中一个标识码。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n2134010001,,店埠镇,公办\n",
     ["第 2 行“学校名称”列：学校名称为空。请填写学校全称。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n2134010001,甲小学,,公办\n",
     ["第 2 行“所属片区”列：所属片区为空。应为：片区、街道或乡镇的名称，如 太平街道。请填写学校所属的片区。"]),
    ("学校标识码,学校名称,所属片区,办学性质\n2134010001,甲小学,店埠镇,公立\n",
     ["第 2 行“办学性质”列：办学性质无法识别（填写的是“公立”）。应为：公办 或 民办。请从下拉列表中选择“公办”或“民办”。"]),
    (HEADER + "\n2134010001,甲小学,店埠镇,公办,,2021-13,\n",
     ["第 2 行“开办年月”列：开办年月无法识别（填写的是“2021-13”）。应为：年-月，如 2021-09。请按“年-月”填写，或留空。"]),
    (HEADER + "\n2134010001,甲小学,店埠镇,公办,,2021-09,2020-07\n",
     ["第 2 行“停办年月”列：停办年月早于开办年月（2021-09）（填写的是“2020-07”）。应为：2021-09 或之后。"
      "请核对开办年月和停办年月。"]),
    ("学校标识码,学校名称,所属片区,办学性质,备注\n2134010001,甲小学,店埠镇,公办,\n",
     ["第 1 行“E”列：未知的列“备注”。应为：学校标识码、学校名称、所属片区、办学性质、普惠性、开办年月、停办年月、联系人、联系电话。"
      "请删除该列，或把列名改为上述列名之一。"]),
    ("学校标识码,学校名称,所属片区\n2134010001,甲小学,店埠镇\n",
     ["第 1 行：缺少必填列“办学性质”。应为：表头包括：学校标识码、学校名称、所属片区、办学性质。请在表头中加上“办学性质”列并逐行填写。"]),
    ("学校名称,所属片区,办学性质\n甲小学,店埠镇,公办\n",
     ["找不到表头：没有“学校标识码”列。应为：第一行为表头：学校标识码、学校名称、所属片区、办学性质、普惠性、开办年月、停办年月、联系人、联系电话。"
      "请下载本系统的学校名册，在其中修改后上传。"]),
    (HEADER + "\n,,,,,,\n", ["名册中没有任何学校（表头以下都是空行）。请在表头下逐行填写学校后再上传。"]),
    ("", ["文件是空的，没有任何内容。请确认上传的是已填写并保存的模板文件。"]),
]


@pytest.mark.parametrize("text, messages", ERRORS, ids=[
    "short-code", "letters", "type-prefix", "duplicate", "no-name", "no-district", "ownership", "bad-month",
    "closed-before-opened", "unknown-column", "missing-column", "no-header", "only-header", "empty-file"])
def test_each_error_has_its_message_and_writes_nothing(engine, text, messages):
    who = bureau_admin(engine)
    apply(engine, csv_bytes(ROSTER), who)  # something to leave untouched
    before, audits = org_rows(engine), audit_count(engine)
    with pytest.raises(roster.RosterRejected) as exc:
        apply(engine, csv_bytes(text), who)
    assert [i.message for i in exc.value.preview.errors] == messages
    assert org_rows(engine) == before and audit_count(engine) == audits


def test_one_bad_row_rejects_the_whole_file(engine):
    who = bureau_admin(engine)
    before = org_rows(engine)
    with pytest.raises(roster.RosterRejected) as exc:
        apply(engine, csv_bytes(ROSTER + "2134010002,新建小学,新片区,私立,,,\n"), who)
    assert len(exc.value.preview.errors) == 1 and exc.value.preview.errors[0].row == 5
    assert exc.value.preview.summary == "名册有 1 处错误，未导入任何内容。请逐条修改后重新上传。"
    assert org_rows(engine) == before  # neither the three good rows nor their districts


def test_a_code_of_another_bureau_is_refused(engine):
    apply(engine, csv_bytes(HEADER + "\n2142050001,宜昌某小学,西陵区,公办,,,\n"), SYSTEM, plan="2022-yichang")
    before = org_rows(engine)
    with pytest.raises(roster.RosterRejected) as exc:
        apply(engine, csv_bytes(HEADER + "\n2142050001,店埠某小学,店埠镇,公办,,,\n"), bureau_admin(engine))
    assert [i.message for i in exc.value.preview.errors] == [
        "第 2 行“学校标识码”列：学校标识码已被其他教育局的机构使用（填写的是“2142050001”）。应为：本局学校的标识码。"
        "请核对学校标识码；如该校确已划归本局，请联系系统管理员处理。"]
    assert org_rows(engine) == before


def test_only_an_admin_of_the_bureau_may_import_or_download(engine):
    content = csv_bytes(ROSTER)
    for who in (bureau_admin(engine, role="leader"), bureau_admin(engine, code="420500")):
        with pytest.raises(PermissionDenied) as exc:
            apply(engine, content, who)
        assert str(exc.value) == "只有某县教育体育局的管理员可以维护学校名册。"
        with pytest.raises(PermissionDenied), read_session(engine) as s:
            roster.export_roster(s, who, PLAN)
    assert audit_count(engine) == 0 and not school(engine, "2134010001")
    apply(engine, content, SYSTEM)  # the system-wide admin may
    assert school(engine, "2134010001").name == "店埠中心小学"


def test_download_edit_in_excel_upload(engine):
    """The workflow: download, add a row and close a school with openpyxl, upload the .xlsx."""
    who = bureau_admin(engine)
    apply(engine, csv_bytes(ROSTER), who)
    with read_session(engine) as s:
        content = roster.export_roster(s, who, PLAN)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["学校名册"]
    rows = [r[:7] for r in ws.iter_rows(min_row=2, values_only=True)]  # the contact columns: test_contacts_round_trip
    assert rows[:3] == [  # by district (in code order), then by code; codes as text
        ("2134010001", "店埠中心小学", "店埠镇", "公办", None, "2001-09", None),
        ("3134010001", "店埠初级中学", "店埠镇", "公办", None, None, None),
        ("1134010001", "撮镇阳光幼儿园", "撮镇镇", "民办", "是", "2019-09", None)]
    ws.append([5134010001, "某县特殊教育学校", "梁园镇", "公办", None, "2015-09", None])  # a number, as Excel keeps it
    ws["G3"] = "2026-08"
    buf = io.BytesIO()
    wb.save(buf)
    p = preview(engine, buf.getvalue(), who, filename="名册.xlsx")
    assert p.ok, [i.message for i in p.errors]
    assert [c.code for c in p.added] == ["5134010001"] and p.new_districts == ["梁园镇"]
    assert [(c.code, [(f.field, f.after) for f in c.changes]) for c in p.changed] == [("3134010001", [("closed_on", "2026-08")])]
    apply(engine, buf.getvalue(), who, filename="名册.xlsx")
    assert school(engine, "5134010001").school_type == "51"
    assert school(engine, "340122003").name == "梁园镇"
    with read_session(engine) as s:
        listed = roster.list_schools(s, who, PLAN)
    assert [x.code for x in listed] == ["2134010001", "3134010001", "1134010001", "5134010001"]
    assert roster.counts_by_district(listed, "2026-09")[0] == {
        "所属片区": "店埠镇", "幼儿园": 0, "小学": 1, "初中": 0, "高中": 0, "中职": 0, "特教": 0,
        "合计（所）": 1, "已停办（所）": 1}


def test_unsafe_files_are_refused_by_the_upload_checks(engine):
    p = preview(engine, b"%PDF-1.7 not a roster", bureau_admin(engine), filename="名册.xlsx")
    assert [i.message for i in p.errors] == [
        "文件扩展名是 .xlsx，但内容其实是PDF 文档，不是表格。请在 Excel 或 WPS 中打开本校模板，填写后“另存为”Excel 工作簿（.xlsx）再上传。"]
    p = preview(engine, xlsx_bytes([["学校标识码", "学校名称", "所属片区", "办学性质"], ["2134010001", "甲小学", "店埠镇", "民办"]]),
                bureau_admin(engine), filename="名册.xlsx")
    assert p.ok and p.added[0].changes[1].after == "民办"


def test_names_are_kept_as_typed(engine):
    """Full-width brackets in a name are not folded, so a second import finds nothing to change."""
    content = csv_bytes(HEADER + "\n2134010001, 店埠中心小学（东校区） ,店埠镇,公办,,,\n")
    apply(engine, content, bureau_admin(engine))
    assert school(engine, "2134010001").name == "店埠中心小学（东校区）"
    assert [c.code for c in preview(engine, content, bureau_admin(engine)).unchanged] == ["2134010001"]


def test_contacts_round_trip_and_a_bad_phone_is_refused(engine):
    who = bureau_admin(engine)
    text = ("学校标识码,学校名称,所属片区,办学性质,联系人,联系电话\n"
            "2134010001,店埠中心小学,店埠镇,公办,王芳 教务主任,0551-66123456\n"
            "3134010001,店埠初级中学,店埠镇,公办,,\n")
    done = apply(engine, csv_bytes(text), who)
    assert len(done.added) == 2
    assert (school(engine, "2134010001").contact_person, school(engine, "2134010001").contact_phone) == \
        ("王芳 教务主任", "0551-66123456")
    assert school(engine, "3134010001").contact_person is None
    with read_session(engine) as s:
        ws = openpyxl.load_workbook(io.BytesIO(roster.export_roster(s, who, PLAN)))["学校名册"]
    exported = {r[0]: r[7:9] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert exported["2134010001"] == ("王芳 教务主任", "0551-66123456")
    # A changed phone is a change of that one field; a file without the columns leaves them alone.
    p = preview(engine, csv_bytes(text.replace("0551-66123456", "13812345678")), who)
    assert [(c.code, [(f.label, f.before, f.after) for f in c.changes]) for c in p.changed] == \
        [("2134010001", [("联系电话", "0551-66123456", "13812345678")])]
    assert not preview(engine, csv_bytes(HEADER + "\n2134010001,店埠中心小学,店埠镇,公办,,,\n"), who).changed
    before, audits = org_rows(engine), audit_count(engine)
    with pytest.raises(roster.RosterRejected) as exc:
        apply(engine, csv_bytes(text.replace("0551-66123456", "找王老师")), who)
    assert [i.message for i in exc.value.preview.errors] == [
        "第 2 行“联系电话”列：联系电话无法识别（填写的是“找王老师”）。应为：电话号码，如 0576-86123456 或 13812345678。"
        "请只填写一个电话号码（以文本格式填写，不要写成科学计数法）。"]
    assert (org_rows(engine), audit_count(engine)) == (before, audits)
