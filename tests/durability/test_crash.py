"""kill -9 of the importer in the middle of a large district import (SQLite, and PostgreSQL with
EDUKPI_TEST_DATABASE_URL): at random moments before the write, just after it starts, and while its
values are being inserted. After every kill the database holds the whole workbook or none of it
(submission, one child per school, every value, the deadline row), is intact, and the importer had
not said "accepted" — so the uploader, who has no receipt, uploads again. The restarted import
then stores it whole, once."""

from __future__ import annotations

import hashlib
import queue
import random
import threading
import time

import pytest
from sqlalchemy import func, select, text

from auth.principal import Principal
from db.models import AuditLog, OrgUnit, ReportingPeriod, Submission
from tests.stored_values import stored_values
from db.session import read_session, write_session
from ingest.template import build_template
from seed import bootstrap
from seed import demo
from tests.durability.conftest import PERIOD, PLAN, job, results_of, start_worker, url_of
from tests.ingest.helpers import PRIMARY, fill

SCHOOLS = 2400  # 300 schools per district
KILLS = [("before", 0), ("writing", 1), ("values", 2), ("before", 3), ("values", 4), ("writing", 5)]


@pytest.fixture
def large_district(new_engine):
    engine = new_engine("crash")
    bootstrap.initialise(engine, with_demo=False)
    with write_session(engine) as s:
        demo.generate(s, PLAN, schools_total=SCHOOLS, months=2)
    with read_session(engine) as s:
        district = s.scalars(select(OrgUnit).where(OrgUnit.level == "district").order_by(OrgUnit.code)).first()
        n = s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.parent_id == district.id))
    who = Principal(user_id=None, username="district", role="district", bureau_id=district.bureau_id,
                    scope_org_id=district.id, display_name=f"{district.name}填报员")
    content = fill(build_template(who, district.code, PERIOD, engine=engine),
                   default=dict(PRIMARY, 在园幼儿数=200, 优质园在园幼儿数=150))
    return engine, who, district, n, content


def lines_of(proc) -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            q.put(line.strip())
        q.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return q


def wait_for(q: queue.Queue, word: str, timeout: float) -> list[str]:
    seen, end = [], time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            line = q.get(timeout=max(0.01, end - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if line == word:
            return seen
    pytest.fail(f"导入进程未输出 {word}（已输出：{seen[-5:]}）")


def state(engine, sha: str, n_schools: int, district_id: int) -> tuple[int, int, int]:
    """(file submissions, child submissions, values) of this workbook, asserting all-or-nothing."""
    with read_session(engine) as s:
        parents = s.scalars(select(Submission.id).where(Submission.sha256 == sha, Submission.parent_id.is_(None))).all()
        children = s.scalar(select(func.count()).select_from(Submission).where(Submission.parent_id.in_(parents or [0])))
        values = sum(1 for v in stored_values(s, period=PERIOD) if v.parent_id == district_id)
        deadlines = s.scalar(select(func.count()).select_from(ReportingPeriod).where(ReportingPeriod.period == PERIOD))
        audits = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "submit_values"))
        if engine.dialect.name == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    if not parents:
        assert (children, values, deadlines, audits) == (0, 0, 0, 0), "半份数据留在了数据库中"
    else:
        assert len(parents) == 1 and children == n_schools and values > 0 and deadlines == 1 and audits == 1  # one audit row per file
    return len(parents), children, values


def test_kill_9_mid_import_leaves_all_or_nothing(large_district, tmp_path):
    engine, who, district, n_schools, content = large_district
    url = url_of(engine)
    sha = hashlib.sha256(content).hexdigest()
    spec = [job(who, "片区.xlsx", content, org_code=district.code)]
    rng = random.Random(7)
    landed = []
    for where, k in KILLS:
        proc = start_worker(tmp_path, url, spec, crash_marks=True, name=f"crash{k}")
        try:
            q = lines_of(proc)
            if where == "before":  # anywhere from the worker's start to the end of validation
                wait_for(q, "STARTED", timeout=120)
                time.sleep(rng.uniform(0.0, 0.5))
            else:
                wait_for(q, "WRITING" if where == "writing" else "VALUES", timeout=120)
                time.sleep(rng.uniform(0.0, 0.05 if where == "writing" else 0.25))
            proc.kill()  # SIGKILL: no cleanup, no rollback by the client
            proc.wait(timeout=30)
            said = []
            while not q.empty():
                said.append(q.get())
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        files, _children, _values = state(engine, sha, n_schools, district.id)
        assert "COMMITTED" not in said and files == 0, f"{where}: 进程已被终止却留下数据，或在提交后才被终止"
        landed.append(where)
    assert landed.count("values") == 2
    # Restart: the import runs to the end and the workbook is stored whole, once.
    proc = start_worker(tmp_path, url, spec, name="restart")
    [r] = results_of(proc, timeout=180)
    assert r["error"] is None and r["status"] == "accepted"
    files, children, values = state(engine, sha, n_schools, district.id)
    assert (files, children) == (1, n_schools) and values >= 2 * n_schools
    with read_session(engine) as s:
        assert s.get(Submission, r["submission_id"]).content == content
