"""A database held by another writer: the upload waits and retries and succeeds once it is free;
if it stays busy past the retry time, the uploader gets a Chinese message and nothing is written.
(SQLite: another connection holds the write lock with BEGIN IMMEDIATE. On PostgreSQL, uploads
queue on an advisory lock instead, covered by test_concurrency.)"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from db import session as db_session
from db.models import Submission
from ingest import upload as upload_mod
from seed import bootstrap
from db.session import read_session, write_session
from seed import demo
from tests.conftest import on_postgres
from tests.durability.conftest import PERIOD, primary_csv, primary_schools, school_principal

pytestmark = pytest.mark.skipif(on_postgres(), reason="SQLite 写锁场景；PostgreSQL 的排队见 test_concurrency")


@pytest.fixture
def impatient_db(new_engine, monkeypatch):
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 200)  # SQLite gives up after 0.2 s, not 30 s
    engine = new_engine("busy")
    bootstrap.initialise(engine, with_demo=False)
    with write_session(engine) as s:
        demo.generate(s, "2025-taizhou")
    return engine


def hold_write_lock(engine, seconds: float) -> threading.Thread:
    held = threading.Event()

    def hold():
        with engine.execution_options(edukpi_write=True).connect() as conn, conn.begin():  # BEGIN IMMEDIATE
            held.set()
            time.sleep(seconds)
    t = threading.Thread(target=hold)
    t.start()
    assert held.wait(10)
    return t


def count(engine) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(Submission))


def test_waits_for_a_busy_database_then_stores(impatient_db):
    school = primary_schools(impatient_db, 1)[0]
    before = count(impatient_db)
    t = hold_write_lock(impatient_db, 1.5)  # far longer than the 0.2 s busy timeout
    try:
        r = upload_mod.upload(school_principal(school), "a.csv", primary_csv(school.code, 301), period=PERIOD,
                              commit=True, engine=impatient_db)
    finally:
        t.join()
    assert r.status == "accepted"
    assert count(impatient_db) == before + 1


def test_still_busy_after_retrying_says_so_in_chinese_and_writes_nothing(impatient_db, monkeypatch):
    monkeypatch.setattr(upload_mod, "RETRY_SECONDS", 0.8)
    school = primary_schools(impatient_db, 1)[0]
    before = count(impatient_db)
    t = hold_write_lock(impatient_db, 3.0)
    try:
        with pytest.raises(upload_mod.StorageBusy) as caught:
            upload_mod.upload(school_principal(school), "本校.csv", primary_csv(school.code, 301), period=PERIOD,
                              commit=True, engine=impatient_db)
    finally:
        t.join()
    message = str(caught.value)
    assert "本校.csv" in message and "未能保存" in message and "重新上传" in message
    assert "locked" not in message.lower()
    assert count(impatient_db) == before
