"""`python -m kpis template` and `python -m kpis import` as an admin's script would call them."""

import os
import subprocess
import sys
from pathlib import Path

from datetime import datetime, timezone

import openpyxl
from sqlalchemy import select

from db.models import OrgUnit, Submission
from tests.stored_values import values_by_element
from db.session import read_session
from ingest.store import default_deadline
from tests.ingest.helpers import DISTRICT, PRIMARY, SCHOOL, fill

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def test_template_for_school_and_district(demo_db, tmp_path):
    out = run("template", "--school", SCHOOL, "--period", "2026-09", "-o", str(tmp_path / "s.xlsx"))
    assert out.returncode == 0 and out.stdout.startswith(f"已生成填报模板：{tmp_path / 's.xlsx'}"), out.stderr
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["数据"]
    assert [ws.cell(3, c).value for c in (1, 2, 3)] == [SCHOOL, "太平第一小学", "2026-09"]
    out = run("template", "--district", DISTRICT, "--period", "2026-09", "-o", str(tmp_path / "d.xlsx"))
    assert out.returncode == 0, out.stderr
    with read_session() as s:
        d = s.scalar(select(OrgUnit).where(OrgUnit.code == DISTRICT))
        codes = sorted(s.scalars(select(OrgUnit.code).where(OrgUnit.parent_id == d.id)))
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx")["数据"]
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == codes


def test_template_errors_in_chinese(demo_db, tmp_path):
    bad = run("template", "--school", "2110819999", "--period", "2026-09", "-o", str(tmp_path / "x.xlsx"))
    assert bad.returncode == 2 and bad.stderr.strip() == "未找到学校或片区：2110819999"
    bad = run("template", "--school", SCHOOL, "--period", "2026-13", "-o", str(tmp_path / "x.xlsx"))
    assert bad.returncode == 2 and "期间格式应为 YYYY-MM" in bad.stderr
    bad = run("template", "--period", "2026-09", "-o", str(tmp_path / "x.xlsx"))
    assert bad.returncode == 2 and "参数 --school --district 必须给出其一" in bad.stderr


def test_import_folder_reports_each_file(demo_db, tmp_path):
    period = "2018-10"  # a month no other test reports (the browser loop reports 2026-10)
    out = run("template", "--school", SCHOOL, "--period", period, "-o", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0
    template = (tmp_path / "t.xlsx").read_bytes()
    folder = tmp_path / "收件箱"
    folder.mkdir()
    (folder / "1好.xlsx").write_bytes(fill(template, default=dict(PRIMARY, 近视学生数=299)))
    (folder / "2坏.xlsx").write_bytes(fill(template, default=dict(PRIMARY, 近视学生数="未知")))
    (folder / "说明.txt").write_text("不是报表")
    out = run("import", str(folder), "--user", "demo_admin")
    assert out.returncode == 1, out.stderr
    lines = out.stdout.strip().splitlines()
    late = "，迟报" if datetime.now(timezone.utc) > default_deadline(period) else ""  # due 2018-11-10 23:59 北京
    assert lines[0] == f"✓ 已接收 {folder / '1好.xlsx'}：2018年10月，1 所学校、7 个数值（7 个有变化{late}）"
    assert lines[1].startswith(f"✗ 已拒收 {folder / '2坏.xlsx'}：工作表“数据”第 3 行“近视学生数（人）”列：不是数字（填写的是“未知”）。")
    assert lines[2] == "共 2 个文件：1 个已接收，1 个被拒收。"
    with read_session() as s:
        assert values_by_element(s, SCHOOL, period)["myopia_students"] == 299
        names = {s_.filename: (s_.status, s_.uploaded_by_name) for s_ in s.scalars(
            select(Submission).where(Submission.filename.in_(["1好.xlsx", "2坏.xlsx"]), Submission.period == period))}
    assert names == {"1好.xlsx": ("accepted", "demo_admin"), "2坏.xlsx": ("rejected", "demo_admin")}
    again = run("import", str(folder / "1好.xlsx"))
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == f"= 未变化 {folder / '1好.xlsx'}：与2018年10月已采用的文件完全相同，未重复导入"


def test_import_missing_path(demo_db, tmp_path):
    out = run("import", str(tmp_path / "没有这个文件.xlsx"))
    assert out.returncode == 1 and out.stdout.splitlines()[0] == f"✗ 找不到 {tmp_path / '没有这个文件.xlsx'}"


def test_import_goes_on_after_a_file_that_makes_the_parser_panic(demo_db, tmp_path):
    # python-calamine panics on this fuzzed .xls (a BaseException); the files after it are still read.
    period = "2019-08"  # no other test stores figures here: the good file's numbers are new
    panic = Path(__file__).resolve().parents[1] / "ingest/hostile_files/clusterfuzz-testcase-minimized-POIHSSFFuzzer-5816431116615680.xls"
    out = run("template", "--school", SCHOOL, "--period", period, "-o", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0
    folder = tmp_path / "批量"
    folder.mkdir()
    (folder / "1崩溃.xls").write_bytes(panic.read_bytes())
    (folder / "2好.xlsx").write_bytes(fill((tmp_path / "t.xlsx").read_bytes(), default=PRIMARY))
    out = run("import", str(folder))
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == (f"✗ 已拒收 {folder / '1崩溃.xls'}：文件已损坏或不是有效的 Excel 工作簿，无法读取。"
                        "请在 Excel 或 WPS 中打开本校模板，填写后另存为 .xlsx 再上传。")
    assert lines[1].startswith(f"✓ 已接收 {folder / '2好.xlsx'}：2019年8月，1 所学校、7 个数值")
    assert lines[2] == "共 2 个文件：1 个已接收，1 个被拒收。"
    with read_session() as s:
        assert values_by_element(s, SCHOOL, period)["myopia_students"] == 301
