"""`python -m kpis roster export|import` and `python -m kpis deadline` as an admin of a new bureau runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from db.models import AuditLog, OrgUnit
from db.session import read_session
from kpis.deadlines import default_deadline, show, window
from kpis.periods import current_period
from seed.bootstrap import initialise
from tests.ingest.roster_helpers import PLAN, ROSTER, org_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(empty_engine):
    initialise(empty_engine)
    env = dict(os.environ, EDUKPI_DATABASE_URL=empty_engine.url.render_as_string(hide_password=False))
    return empty_engine, env


def run(env, *args):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_export_import_preview_then_yes(db, tmp_path):
    engine, env = db
    out = run(env, "roster", "export", "--plan", PLAN, "-o", str(tmp_path / "空白.xlsx"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"本局还没有学校，已导出空白名册模板到 {tmp_path / '空白.xlsx'}"
    assert openpyxl.load_workbook(tmp_path / "空白.xlsx").sheetnames == ["学校名册", "说明"]

    (tmp_path / "名册.csv").write_text(ROSTER, encoding="utf-8")
    before = org_rows(engine)
    out = run(env, "roster", "import", str(tmp_path / "名册.csv"), "--plan", PLAN)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "某县教育体育局（340122） 学校名册 名册.csv",
        "  新增\t2134010001\t店埠中心小学\t店埠镇\t学校类型：小学；办学性质：公办；开办年月：2001-09",
        "  新增\t1134010001\t撮镇阳光幼儿园\t撮镇镇\t学校类型：幼儿园；办学性质：民办；普惠性：是；开办年月：2019-09",
        "  新增\t3134010001\t店埠初级中学\t店埠镇\t学校类型：初中；办学性质：公办",
        "新增 3 所、修改 0 所、不变 0 所学校；新建片区 2 个（店埠镇、撮镇镇）。",
        "以上为预览，尚未写入。确认无误后加 --yes 再运行一次即可导入。"]
    assert org_rows(engine) == before

    out = run(env, "roster", "import", str(tmp_path / "名册.csv"), "--plan", PLAN, "--yes")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "已导入。"
    with read_session(engine) as s:
        assert s.scalar(select(OrgUnit.name).where(OrgUnit.code == "1134010001")) == "撮镇阳光幼儿园"
        assert len(list(s.scalars(select(AuditLog).where(AuditLog.action == "import_roster")))) == 1

    out = run(env, "roster", "export", "--plan", PLAN, "-o", str(tmp_path / "现有.xlsx"))
    assert out.stdout.strip() == f"已导出学校名册（3 所学校）到 {tmp_path / '现有.xlsx'}"
    out = run(env, "roster", "import", str(tmp_path / "现有.xlsx"), "--plan", PLAN, "--yes")
    assert out.returncode == 0 and out.stdout.splitlines()[-2:] == [
        "新增 0 所、修改 0 所、不变 3 所学校。", "名册与系统一致，没有需要写入的内容。"]


def test_import_with_errors_exits_1_and_writes_nothing(db, tmp_path):
    engine, env = db
    bad = tmp_path / "坏名册.csv"
    bad.write_text(ROSTER + "2134010001,重复小学,店埠镇,公办,,,\n", encoding="utf-8")
    before = org_rows(engine)
    out = run(env, "roster", "import", str(bad), "--plan", PLAN, "--yes")
    assert out.returncode == 1
    assert "  错误：第 5 行“学校标识码”列：学校标识码与第 2 行重复（填写的是“2134010001”）。" in out.stdout
    assert out.stdout.splitlines()[-1] == "名册有 1 处错误，未导入任何内容。请逐条修改后重新上传。"
    assert org_rows(engine) == before
    out = run(env, "roster", "import", str(tmp_path / "没有.csv"), "--plan", PLAN)
    assert out.returncode == 2 and out.stderr.strip() == f"找不到文件：{tmp_path / '没有.csv'}"
    out = run(env, "roster", "export", "--plan", "2099-nowhere", "-o", str(tmp_path / "x.xlsx"))
    assert out.returncode == 2 and out.stderr.strip() == "未找到计划 2099-nowhere。请用 python -m kpis catalog 查看计划编号。"


def test_deadline_list_set_reset(db):
    _engine, env = db
    out = run(env, "deadline", "--plan", PLAN, "--period", "2026-01", "--set", "2026-02-24 18:00")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2026年1月的截止时间已由 2026年2月10日 23:59 改为 2026年2月24日 18:00。"
    listed = run(env, "deadline", "--plan", PLAN).stdout.splitlines()
    assert "2026-01\t2026年2月24日 18:00\t已调整" in listed
    now = current_period()
    assert f"{now}\t{show(default_deadline(now))}\t默认" in listed and len(listed) == len(set(window()) | {"2026-01"})
    out = run(env, "deadline", "--plan", PLAN, "--period", "2026-01", "--set", "2026-01-20 10:00")
    assert out.returncode == 2 and out.stderr.startswith("2026年1月的截止时间不能早于该月结束")
    out = run(env, "deadline", "--plan", PLAN, "--period", "2026-01", "--reset")
    assert out.stdout.strip() == "2026年1月的截止时间已由 2026年2月24日 18:00 改为 2026年2月10日 23:59。"
    assert "2026-01\t2026年2月10日 23:59\t默认" in run(env, "deadline", "--plan", PLAN).stdout.splitlines()
    out = run(env, "deadline", "--plan", PLAN, "--period", "2026-01")
    assert out.returncode == 2 and out.stderr.strip() == "请给出 --set \"YYYY-MM-DD HH:MM\"（新的截止时间）或 --reset（恢复默认）之一。"
