"""Durability fixtures: a fresh database of its own (SQLite file or new PostgreSQL database, by
EDUKPI_TEST_DATABASE_URL) with the catalog and 2025-taizhou's demo bureau, and helpers that make
upload files and run importer processes (tests/durability/worker.py) with bounded time."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from auth.principal import Principal
from db.models import OrgUnit
from db.session import read_session, write_session
from seed import bootstrap
from seed import demo

ROOT = Path(__file__).resolve().parents[2]
PLAN = "2025-taizhou"
PERIOD = "2026-03"  # no reporting period exists yet: every upload races to create its deadline
HEAD = "学校标识码,期间,students,vision_screened,myopia_students,pe_daily_hours,smart_campus,safety_4x100,migrant_students"


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def primary_csv(code: str, myopia: object, period: str = PERIOD) -> bytes:
    """One primary school's figures; `myopia` tells uploads apart (a non-number is rejected)."""
    return f"{HEAD}\n{code},{period},812,800,{myopia},1.8,1,0,97\n".encode()


def school_principal(school: OrgUnit) -> Principal:
    return Principal(user_id=None, username=f"u{school.code}", role="school", bureau_id=school.bureau_id,
                     scope_org_id=school.id, display_name=f"{school.name}填报员")


def job(who: Principal, filename: str, content: bytes, period: str | None = PERIOD, org_code: str | None = None) -> dict:
    return {"principal": dataclasses.asdict(who), "filename": filename, "content_hex": content.hex(),
            "period": period, "org_code": org_code}


def start_worker(tmp_path: Path, url: str, jobs: list[dict], start_at: float | None = None,
                 crash_marks: bool = False, name: str = "jobs") -> subprocess.Popen:
    spec = tmp_path / f"{name}.json"
    spec.write_text(json.dumps({"url": url, "start_at": start_at, "crash_marks": crash_marks, "jobs": jobs}),
                    encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tests.durability.worker", str(spec)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def results_of(proc: subprocess.Popen, timeout: float) -> list[dict]:
    """The worker's JSON lines; kills it and fails if it overruns its time."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"导入进程超过 {timeout:.0f} 秒未结束")
    assert proc.returncode == 0, err[-2000:]
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


@pytest.fixture
def bureau_db(new_engine):
    """(engine, URL) of a fresh database with the catalog and the 2025-taizhou demo bureau."""
    engine = new_engine("durable")
    bootstrap.initialise(engine, with_demo=False)
    with write_session(engine) as s:
        demo.generate(s, PLAN)
    return engine, url_of(engine)


def primary_schools(engine, n: int) -> list[OrgUnit]:
    with read_session(engine) as s:
        plan_bureau = s.scalar(select(OrgUnit.bureau_id).where(OrgUnit.level == "school", OrgUnit.code.like("2110810%")))
        schools = s.scalars(select(OrgUnit).where(OrgUnit.level == "school", OrgUnit.bureau_id == plan_bureau,
                                                  OrgUnit.code.like("21%")).order_by(OrgUnit.code)).all()
    assert len(schools) >= n, f"演示数据只有 {len(schools)} 所小学"
    return schools[:n]
