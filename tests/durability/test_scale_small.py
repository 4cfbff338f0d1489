"""The province-sized run is bench/scale.py; this is its small version: scale data from the CLI on
a fresh database (SQLite, or PostgreSQL with EDUKPI_TEST_DATABASE_URL), then the dashboards' figures
and an ordinary upload on top of it — the upload gets a new id (PostgreSQL's sequence was moved past
the generator's ids) and, on PostgreSQL, the planner has statistics for the bulk-loaded tables."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select, text

from auth.principal import SYSTEM
from db.models import SchoolValues, OrgUnit, Submission
from db.session import read_session
from ingest.upload import upload
from kpis import figures
from tests.durability.conftest import PERIOD, ROOT, primary_csv, primary_schools, school_principal, url_of

SCHOOLS, MONTHS = 400, 24


def test_scale_data_then_dashboards_and_an_upload(new_engine):
    engine = new_engine("scale")
    env = dict(os.environ, EDUKPI_DATABASE_URL=url_of(engine))
    out = subprocess.run([sys.executable, "-m", "kpis", "demo", "--schools", str(SCHOOLS), "--months", str(MONTHS)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"学校 {SCHOOLS} 所" in out.stdout
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school")) == SCHOOLS
        periods = s.scalars(select(SchoolValues.period).distinct()).all()
        assert len(periods) == MONTHS + 1  # December of the year before, then MONTHS months
        newest = max(periods)
        last_id = s.scalar(select(func.max(Submission.id)))
        _scope, results = figures.plan_status(s, SYSTEM, "2025-taizhou", newest)
        assert len(results) == 26 and any(r.reported > 0 for r in results)
        if engine.dialect.name == "postgresql":
            analysed = s.scalar(text("SELECT count(*) FROM pg_stats WHERE tablename = 'school_values'"))
            assert analysed > 0
    school = primary_schools(engine, 1)[0]
    r = upload(school_principal(school), "a.csv", primary_csv(school.code, 301), period=PERIOD, commit=True,
               engine=engine)
    assert r.status == "accepted" and r.submission_id > last_id
