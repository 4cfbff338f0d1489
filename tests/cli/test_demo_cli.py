"""`python -m kpis demo`: scale data on an empty database, with Chinese errors for bad input."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from db.models import SchoolValues, OrgUnit, ReportingPeriod, Submission
from db.session import make_engine, read_session

ROOT = Path(__file__).resolve().parents[2]


def run(*args, db):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = f"sqlite:///{db}"
    return subprocess.run([sys.executable, "-m", "kpis", "demo", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=300)


def test_scale_generator_makes_the_schools_and_months_asked_for(tmp_path):
    db = tmp_path / "scale.db"
    out = run("--plan", "2025-taizhou", "--schools", "40", "--months", "15", db=db)
    assert out.returncode == 0, out.stderr
    assert "学校 40 所" in out.stdout
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school")) == 40
        periods = sorted(s.scalars(select(ReportingPeriod.period)))
        assert periods[0] == "2025-01" and periods[-1] == "2026-03" and len(periods) == 15
        # Every value points at a submission that exists (ids were assigned before the bulk insert).
        orphans = s.scalar(select(func.count()).select_from(SchoolValues).outerjoin(
            Submission, Submission.id == SchoolValues.submission_id).where(Submission.id.is_(None)))
        assert orphans == 0
        assert s.scalar(select(func.count()).select_from(Submission)) > 40 * 14
    engine.dispose()
    again = run("--plan", "2025-taizhou", "--schools", "40", db=db)
    assert again.returncode == 0 and "未重复生成" in again.stdout


def test_bad_arguments_are_explained(tmp_path):
    db = tmp_path / "bad.db"
    assert "必须是正整数" in run("--schools", "0", db=db).stderr
    assert "1 到 120" in run("--months", "0", db=db).stderr
    bad = run("--plan", "2030-nowhere", "--schools", "5", db=db)
    assert bad.returncode == 2 and "未找到计划" in bad.stderr
