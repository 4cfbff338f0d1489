"""Fifty uploads at once — from threads of one process and from ten separate processes, on SQLite
and (with EDUKPI_TEST_DATABASE_URL) PostgreSQL: each is accepted or rejected on its merits, none
is lost, the supersession chain of every school is whole, and no "database is locked" (or any
other exception) reaches the uploader."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from db.models import AuditLog, DataElement, ReportingPeriod, Submission
from tests.stored_values import stored_values
from db.session import read_session
from ingest.upload import upload
from tests.durability.conftest import (PERIOD, job, primary_csv, primary_schools, results_of, school_principal,
                                       start_worker)

N_SCHOOLS = 30


def fifty_jobs(engine) -> tuple[list[dict], list]:
    """30 schools upload once (myopia 300+i), schools 0–4 twice more (400+i), and 10 files are
    wrong (myopia "很多") — 40 to accept, 10 to reject."""
    schools = primary_schools(engine, N_SCHOOLS)
    jobs = []
    for i in range(50):
        if i < 30:
            school, myopia = schools[i], 300 + i
        elif i < 40:
            school, myopia = schools[(i - 30) % 5], 400 + i
        else:
            school, myopia = schools[i - 40], "很多"
        jobs.append(job(school_principal(school), f"第{i}号.csv", primary_csv(school.code, myopia)))
        jobs[-1]["myopia"], jobs[-1]["school_id"] = myopia, school.id
    return jobs, schools


def check_outcome(engine, jobs: list[dict], results: list[dict]) -> None:
    assert len(results) == 50
    assert [r for r in results if r["error"]] == []
    for r in results:
        expected = "rejected" if jobs[r["index"]]["myopia"] == "很多" else "accepted"
        assert r["status"] == expected, (jobs[r["index"]]["filename"], r)
    by_sha = {hashlib.sha256(bytes.fromhex(j["content_hex"])).hexdigest(): j for j in jobs}
    with read_session(engine) as s:
        files = s.scalars(select(Submission).where(Submission.period == PERIOD, Submission.parent_id.is_(None))).all()
        # None lost: every upload is a submission with its original bytes.
        assert sorted(f.id for f in files) == sorted(r["submission_id"] for r in results)
        assert all(bytes.fromhex(by_sha[f.sha256]["content_hex"]) == f.content for f in files)
        assert Counter(f.status for f in files) == {"accepted": 30, "superseded": 10, "rejected": 10}
        myopia_id = s.scalar(select(DataElement.id).where(DataElement.code == "myopia_students"))
        for school_id in {j["school_id"] for j in jobs}:
            mine = [f for f in files if f.org_unit_id == school_id and f.status != "rejected"]
            in_force = [f for f in mine if f.status == "accepted"]
            assert len(in_force) == 1, school_id
            # The chain: each later upload supersedes the one before it, none twice, none skipped.
            assert sorted(f.supersedes_id for f in mine if f.supersedes_id) == sorted(
                f.id for f in mine if f.status == "superseded")
            values = [v for v in stored_values(s, period=PERIOD) if v.org_id == school_id]
            assert len(values) == 7 and {v.submission_id for v in values} == {in_force[0].id}
            assert dict((v.element_id, v.value) for v in values)[myopia_id] == by_sha[in_force[0].sha256]["myopia"]
        bureau = s.scalar(select(func.count()).select_from(ReportingPeriod).where(ReportingPeriod.period == PERIOD))
        assert bureau == 1  # the deadline every upload raced to create exists once
        actions = Counter(s.scalars(select(AuditLog.action).where(AuditLog.action.in_(
            ["submit_values", "upload_rejected"]))).all())
        assert actions == {"submit_values": 40, "upload_rejected": 10}


def test_fifty_uploads_from_threads(bureau_db):
    engine, _url = bureau_db
    jobs, _ = fifty_jobs(engine)
    gate = threading.Barrier(50, timeout=60)

    def one(i: int) -> dict:
        j = jobs[i]
        gate.wait()
        try:
            r = upload(school_principal_of(j), j["filename"], bytes.fromhex(j["content_hex"]), period=PERIOD,
                       commit=True, engine=engine)
            return {"index": i, "status": r.status, "submission_id": r.submission_id, "error": None}
        except Exception as exc:  # noqa: BLE001 - the assertion below names it
            return {"index": i, "status": None, "submission_id": None, "error": f"{type(exc).__name__}: {exc}"}

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50), timeout=240))
    check_outcome(engine, jobs, results)


def school_principal_of(j: dict):
    from auth.principal import Principal
    return Principal(**j["principal"])


def test_fifty_uploads_from_ten_processes(bureau_db, tmp_path):
    engine, url = bureau_db
    jobs, _ = fifty_jobs(engine)
    start_at = time.time() + 12  # time for ten interpreters to import the app on a busy machine
    procs = [start_worker(tmp_path, url, jobs[k::10], start_at=start_at, name=f"p{k}") for k in range(10)]
    try:
        results = []
        for k, proc in enumerate(procs):
            for r in results_of(proc, timeout=300):
                r["index"] = k + 10 * r["index"]  # worker k got jobs k, k+10, k+20, …
                results.append(r)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    check_outcome(engine, jobs, results)
