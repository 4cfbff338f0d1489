"""The reporting cycle's state machine on the shared demo database: allowed and refused transitions,
scope, history and audit. Each test works on a period of its own (no demo data there)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from auth.principal import SYSTEM
from core.errors import Forbidden, Invalid
from db.models import AuditLog
from db.session import read_session, write_session
from tests.ingest.helpers import OTHER_SCHOOL, SCHOOL
from tests.workflow.helpers import PLAN, send, snapshot, state_row, who
from workflow import cycle, status
from workflow.states import StaleReview, State, TransitionRefused


def act(fn, *args, **kw):
    with write_session() as s:
        return fn(s, *args, **kw)


def test_an_upload_is_submitted_then_reviewed_then_confirmed(demo_db):
    period = "2031-06"
    assert state_row(SCHOOL, period) is None  # 未提交: no row
    r = send(period)
    assert state_row(SCHOOL, period) == (State.SUBMITTED, r.submission_id, 1)
    assert act(cycle.approve, who("demo_district"), SCHOOL, period, submission_id=r.submission_id) == State.REVIEWED
    assert state_row(SCHOOL, period)[0] == State.REVIEWED
    assert act(cycle.approve, who("demo_admin"), SCHOOL, period) == State.CONFIRMED
    with read_session() as s:
        steps = status.history(s, who("demo_school"), SCHOOL, period)
        audit = [(a.action, a.before, a.after) for a in s.scalars(
            select(AuditLog).where(AuditLog.entity == "reporting_state", AuditLog.entity_id == f"{SCHOOL}:{period}")
            .order_by(AuditLog.id))]
    assert [(t.from_state, t.to_state, t.by) for t in steps] == [
        ("片区已审核", "已确认", "演示管理员"), ("已提交", "片区已审核", "演示片区"), ("未提交", "已提交", "系统")]
    assert [a[0] for a in audit] == ["cycle_submit", "cycle_approve", "cycle_confirm"]
    assert audit[1][1] == {"state": "已提交"} and audit[1][2]["state"] == "片区已审核"


def test_refused_transitions_change_nothing(demo_db):
    period = "2031-07"
    district, admin = who("demo_district"), who("demo_admin")
    before = snapshot()
    with pytest.raises(TransitionRefused, match="没有待审核的数据"):  # never submitted
        act(cycle.approve, district, SCHOOL, period)
    with pytest.raises(TransitionRefused, match="只有已提交或片区已审核的报表可以退回"):
        act(cycle.return_, district, SCHOOL, period, "数据有误")
    assert snapshot() == before
    send(period)
    with pytest.raises(TransitionRefused, match="尚未经片区审核"):  # the bureau cannot skip the district step
        act(cycle.approve, admin, SCHOOL, period)
    with pytest.raises(Invalid, match="请填写退回原因"):
        act(cycle.return_, district, SCHOOL, period, "   ")
    act(cycle.return_, district, SCHOOL, period, "近视学生数有误，请核实")
    assert state_row(SCHOOL, period)[0] == State.RETURNED
    after_return = snapshot()
    with pytest.raises(TransitionRefused, match="已退回"):
        act(cycle.approve, district, SCHOOL, period)
    with pytest.raises(TransitionRefused):
        act(cycle.return_, district, SCHOOL, period, "再退一次")
    assert snapshot() == after_return
    with read_session() as s:
        mine = status.state_of(s, who("demo_school"), SCHOOL, period)
    assert mine.state == State.RETURNED and mine.reason == "近视学生数有误，请核实"
    # The school fixes the file and submits again: 已提交, to be reviewed again.
    r2 = send(period, students=813)
    assert state_row(SCHOOL, period)[:2] == (State.SUBMITTED, r2.submission_id)


def test_a_re_upload_after_approval_needs_review_again(demo_db):
    period = "2031-08"
    send(period)
    act(cycle.approve, who("demo_district"), SCHOOL, period)
    r2 = send(period, students=820)
    assert state_row(SCHOOL, period)[:2] == (State.SUBMITTED, r2.submission_id)


def test_scope_a_district_cannot_review_another_districts_school(demo_db):
    period = "2031-09"
    from sqlalchemy import select as sel

    from db.models import OrgUnit
    with read_session() as s:
        far = s.scalar(sel(OrgUnit.code).where(OrgUnit.level == "school", OrgUnit.code.like("21108%"),
                                              OrgUnit.parent_id != s.scalar(sel(OrgUnit.id).where(OrgUnit.code == "331081001")))
                       .order_by(OrgUnit.code))
    send(period, school=far)
    before = snapshot()
    for name in ("demo_district", "demo_school", "demo_department"):
        with pytest.raises(Forbidden):
            act(cycle.approve, who(name), far, period)
        with pytest.raises(Forbidden):
            act(cycle.return_, who(name), far, period, "不对")
    with pytest.raises(Forbidden):  # a leader not named for confirmation (a second leader of the bureau)
        from auth.users import create_user
        with write_session() as s:
            u = create_user(s, SYSTEM, "leader_unnamed", "Leader-Secret-2468", "leader", "331081", None, "未指定局领导")
        act(cycle.approve, who("leader_unnamed"), far, period)
    assert snapshot()["states"] == before["states"]
    assert u is not None


def test_a_stale_approval_is_refused(demo_db):
    """The district saw submission 1; the school sent submission 2 meanwhile: the approval fails."""
    period = "2031-10"
    first = send(period, school=OTHER_SCHOOL)
    second = send(period, school=OTHER_SCHOOL, students=900)
    with pytest.raises(StaleReview, match="重新提交"):
        act(cycle.approve, who("demo_district"), OTHER_SCHOOL, period, submission_id=first.submission_id)
    assert state_row(OTHER_SCHOOL, period)[:2] == (State.SUBMITTED, second.submission_id)
    with write_session() as s:  # approve many: the stale one is named, the others still go through
        out = cycle.approve_many(s, who("demo_district"), period, [(OTHER_SCHOOL, first.submission_id)])
    assert "重新提交" in out[OTHER_SCHOOL]
    assert act(cycle.approve, who("demo_district"), OTHER_SCHOOL, period,
               submission_id=second.submission_id) == State.REVIEWED


def test_confirm_a_district_and_status_counts(demo_db):
    period = "2025-12"
    with read_session() as s:
        before = status.cycle_status(s, who("demo_admin"), PLAN, period, "331081001")
    reviewed = before.counts["片区已审核"]
    assert reviewed > 0
    done = act(cycle.confirm, who("demo_leader"), PLAN, period, "331081001")  # the named leader
    assert done.confirmed == reviewed
    with read_session() as s:
        after = status.cycle_status(s, who("demo_district"), PLAN, period)
    assert after.counts["已确认"] == before.counts["已确认"] + reviewed
    assert after.counts["片区已审核"] == 0 and len(after.schools) == len(before.schools)  # the district sees its own
