"""Times leave the database aware and in UTC, on SQLite as on PostgreSQL (db.types.UTCDateTime), and
migration 1301 moved SQLite's Beijing-wall-clock deadlines and upload times to UTC."""

from datetime import datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import select, text

from core.timezones import CHINA
from db import migrate
from db.models import AuditLog, ReportingPeriod, Submission
from db.session import read_session, write_session
from tests.conftest import on_postgres


def test_every_time_reads_back_aware_in_utc(demo_db):
    with read_session() as s:
        rows = [s.scalar(select(ReportingPeriod.deadline).limit(1)),
                s.scalar(select(Submission.uploaded_at).limit(1)),
                s.scalar(select(AuditLog.at).limit(1))]
    assert all(t is not None and t.utcoffset() == timedelta(0) for t in rows), rows


def test_a_beijing_time_written_is_the_same_instant_read(new_engine):
    engine = new_engine("times")
    migrate.upgrade(engine)
    due = datetime(2026, 2, 10, 23, 59, tzinfo=CHINA)
    with write_session(engine) as s:
        from db.models import OrgUnit
        bureau = OrgUnit(code="999001", name="测试局", level="bureau")
        s.add(bureau)
        s.flush()
        s.add(ReportingPeriod(bureau_id=bureau.id, period="2026-01", deadline=due))
    with read_session(engine) as s:
        back = s.scalar(select(ReportingPeriod.deadline))
    assert back == due and back.tzinfo is not None
    assert back.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") == "2026-02-10 23:59"
    assert back == datetime(2026, 2, 10, 15, 59, tzinfo=timezone.utc)


@pytest.mark.skipif(on_postgres(), reason="timestamptz already held the right instants; SQLite only")
def test_migration_1301_moves_beijing_wall_clock_times_to_utc(new_engine):
    engine = new_engine("before1301")
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "1901")
    with engine.begin() as conn:  # what the old code wrote: Beijing wall-clock text, no offset
        conn.execute(text("INSERT INTO org_unit (id, code, name, level, inclusive) VALUES (1, '999002', '测试局', 'bureau', 0)"))
        conn.execute(text("INSERT INTO reporting_period (bureau_id, period, deadline) "
                          "VALUES (1, '2026-01', '2026-02-10 23:59:00.000000')"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT deadline FROM reporting_period")).scalar() == "2026-02-10 15:59:00.000000"
    with read_session(engine) as s:
        assert s.scalar(select(ReportingPeriod.deadline)).astimezone(CHINA).strftime("%H:%M") == "23:59"
