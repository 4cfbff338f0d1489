"""Period locks are enforced in the services: a locked period refuses uploads, the web-entry commit
path (ingest.store.store_accepted, which issue 15's form shares), and 科室 updates, with a Chinese
message naming who locked it and whom to ask, and nothing written; unlocking is an audited admin act."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from core.errors import Forbidden, Invalid
from db.models import AuditLog, OrgUnit, WorkflowSetting
from db.session import read_session, write_session
from ingest import store
from ingest.bureau_updates import record_update
from ingest.form import form_spec, submit_form
from ingest.template import build_template
from ingest.upload import upload
from auth.principal import SYSTEM
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.workflow.helpers import PLAN, send, snapshot, state_row, who
from workflow import cycle, locks
from workflow.locks import PeriodLocked
from workflow.states import State


def act(fn, *args, **kw):
    with write_session() as s:
        return fn(s, *args, **kw)


def test_a_locked_period_refuses_upload_web_entry_and_bureau_update(demo_db):
    period = "2027-03"
    send(period)
    act(cycle.approve, who("demo_district"), SCHOOL, period)
    done = act(cycle.lock, who("demo_leader"), PLAN, period)
    assert done.confirmed == 1 and done.lock.by == "演示局领导"
    assert state_row(SCHOOL, period)[0] == State.CONFIRMED
    before = snapshot()
    content = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=999))
    for commit in (False, True):  # the preview says so too, before the person presses 提交
        with pytest.raises(PeriodLocked) as err:
            upload(who("demo_school"), "锁定后.xlsx", content, period=period, commit=commit)
    msg = str(err.value)
    assert msg.startswith("2027年3月的数据已于") and "由演示局领导确认并锁定" in msg
    assert "本次没有写入任何数据" in msg and "请联系本局管理员（演示管理员）解锁" in msg
    with pytest.raises(PeriodLocked):  # a broken file for a locked period is not even kept
        upload(who("demo_school"), "坏.xlsx", b"not a workbook", period=period, org_code=SCHOOL, commit=True)
    spec = form_spec(who("demo_school"), SCHOOL, period)  # 在线填报 (issue 15): its preview and its 提交
    for commit in (False, True):
        with pytest.raises(PeriodLocked, match="2027年3月的数据已于"):
            submit_form(who("demo_school"), spec, {f.code: PRIMARY.get(f.header, 1) for f in spec.fields}, commit=commit)
    with pytest.raises(PeriodLocked):  # the commit path every submission shares (uploads, the web form)
        with write_session() as s:
            org = s.scalar(select(OrgUnit.id).where(OrgUnit.code == SCHOOL))
            store.store_accepted(s, who("demo_school"), "网页填报", b"", "0" * 64, org, period, [(org, {1: 1.0})],
                                 "演示学校", True, [], {1: "students"})
    with pytest.raises(PeriodLocked, match="2027年3月的数据已于"):
        record_update(who("demo_department"), "TZ25-10", period, 1, "锁定后补录")
    assert snapshot() == before


def test_unlock_is_an_audited_admin_act_and_reopens_the_period(demo_db):
    period = "2027-04"
    send(period)
    act(cycle.approve, who("demo_district"), SCHOOL, period)
    act(cycle.lock, who("demo_admin"), PLAN, period)
    before = snapshot()
    with pytest.raises(Forbidden, match="只有本局管理员可以解锁"):
        act(cycle.unlock, who("demo_leader"), PLAN, period, "领导要求")
    with pytest.raises(Invalid, match="请填写解锁原因"):
        act(cycle.unlock, who("demo_admin"), PLAN, period, "")
    with pytest.raises(Invalid, match="已经锁定"):
        act(cycle.lock, who("demo_admin"), PLAN, period)
    assert snapshot() == before
    act(cycle.unlock, who("demo_admin"), PLAN, period, "学校更正在校学生数")
    with read_session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "period_unlock").order_by(AuditLog.id.desc())).first()
    assert row.after == {"period": period, "locked": False, "reason": "学校更正在校学生数"}
    assert row.before["by"] == "演示管理员" and row.user_id is not None
    # Confirmed stays confirmed until the school submits again; then it needs review again.
    assert state_row(SCHOOL, period)[0] == State.CONFIRMED
    r = send(period, students=830)
    assert state_row(SCHOOL, period)[:2] == (State.SUBMITTED, r.submission_id)


def test_a_period_locks_itself_n_days_after_its_deadline(demo_db):
    period = "2027-05"  # due 2027-06-10 23:59 Beijing time by default
    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081"))
    with write_session() as s:
        from workflow import rules
        rules.update_settings(s, who("demo_admin"), bureau, auto_lock_days=5)
    try:
        due = datetime(2027, 6, 10, 15, 59, tzinfo=timezone.utc)
        with read_session() as s:
            assert locks.lock_of(s, bureau, period, now=due + timedelta(days=5)) is None
            info = locks.lock_of(s, bureau, period, now=due + timedelta(days=5, minutes=1))
        assert info.automatic and "自动锁定" in info.text()
    finally:
        with write_session() as s:
            s.get(WorkflowSetting, bureau).auto_lock_days = None
