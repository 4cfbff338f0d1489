"""`python -m kpis status`: every KPI of a plan-period as JSON, checked against the database by hand."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from db.models import OrgUnit
from tests.stored_values import stored_values
from db.session import read_session

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "kpis", "status", *args], cwd=ROOT, capture_output=True,
                          text=True, env=os.environ.copy(), timeout=300)


def test_status_json_has_one_object_per_kpi(demo_db):
    out = run("--plan", "2025-taizhou", "--period", "2025-06", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    from kpis.catalog.files import load_catalog

    codes = [k["code"] for k in load_catalog().plan("2025-taizhou")["kpis"]]  # plan order
    assert [r["code"] for r in rows] == codes and len(codes) == 26
    for r in rows:
        assert {"code", "value", "unit", "target", "status", "coverage"} <= set(r)
        assert r["status"] in ("达标", "预警", "滞后", "未到期", "无数据")
        assert set(r["coverage"]) == {"reported", "expected"}


def test_status_value_is_the_ratio_of_sums_in_the_database(demo_db):
    rows = {r["code"]: r for r in json.loads(run("--plan", "2025-taizhou", "--period", "2025-06", "--json").stdout)}
    with read_session() as s:
        pairs = [(v.ownership, v.value) for v in stored_values(s, period="2025-06", element="kg_enrolled")
                 if v.school.startswith("111081")]
        expected = len(list(s.scalars(select(OrgUnit.id).where(OrgUnit.code.like("111081%")))))
    public = sum(v for own, v in pairs if own == "公办")
    total = sum(v for _, v in pairs)
    r = rows["TZ25-06"]  # 公办园在园幼儿占比
    assert abs(r["value"] - round(public / total * 100, 4)) < 1e-6
    assert r["coverage"] == {"reported": len(pairs), "expected": expected}
    assert r["unit"] == "%" and r["target"] == 75


def test_status_for_a_district_and_a_type(demo_db):
    out = run("--plan", "2025-taizhou", "--period", "2025-06", "--district", "331081001", "--type", "21", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    codes = {r["code"] for r in rows}
    assert "TZ25-04" not in codes  # a bureau count belongs to the whole bureau
    assert "TZ25-06" not in codes  # kindergarten KPIs do not apply to primary schools
    assert "TZ25-18" in codes
    with read_session() as s:
        d = s.scalar(select(OrgUnit).where(OrgUnit.code == "331081001"))
        n = len(list(s.scalars(select(OrgUnit.id).where(OrgUnit.parent_id == d.id, OrgUnit.school_type == "21"))))
    smart = next(r for r in rows if r["code"] == "TZ25-18")
    assert smart["coverage"]["expected"] == n


def test_status_errors_are_chinese_and_exit_2(demo_db):
    bad_period = run("--plan", "2025-taizhou", "--period", "2025-13")
    assert bad_period.returncode == 2 and "YYYY-MM" in bad_period.stderr
    bad_plan = run("--plan", "2030-nowhere", "--period", "2025-06")
    assert bad_plan.returncode == 2 and "未找到计划" in bad_plan.stderr
    bad_district = run("--plan", "2025-taizhou", "--period", "2025-06", "--district", "999")
    assert bad_district.returncode == 2 and "未找到片区" in bad_district.stderr
    text = run("--plan", "2021-wujin", "--period", "2021-06")
    assert text.returncode == 0 and "WJ21-01" in text.stdout and "目标 ≥ 6,590 个" in text.stdout


def test_a_milestone_reads_done_or_not_done(demo_db):
    text = run("--plan", "2022-zhuji", "--period", "2022-12")
    assert text.returncode == 0, text.stderr
    line = next(x for x in text.stdout.splitlines() if x.startswith("ZJ22-20\t"))
    code, name, value, target, status, cov = line.split("\t")
    assert (name, target) == ("完成杨梅桥小学扩建工程", "目标 年内完成")
    assert (value, status) in {("已完成", "达标"), ("未完成", "滞后"), ("无数据", "无数据")}, line
    rows = {r["code"]: r for r in json.loads(run("--plan", "2022-zhuji", "--period", "2022-12", "--json").stdout)}
    assert rows["ZJ22-20"]["kind"] == "milestone" and rows["ZJ22-20"]["value"] in (0, 1, None)
