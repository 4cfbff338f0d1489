"""Reporting-cycle states for the demo data (issue 14): the older months confirmed (the first five of
the plan year also locked), the month before last reviewed by the districts and waiting for the
bureau, the last month partly reviewed with a few reports returned. Deterministic per plan; the
demo accounts can then walk the whole loop. The demo 局领导 is named to confirm."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import OrgUnit, PeriodLock, Plan, ReportingState, ReportingTransition, Submission, User, WorkflowSetting
from kpis.periods import make, shift
from workflow.states import State

LOCKED_MONTHS = 5  # January to May of the plan year
REASONS = ["近视学生数与上月相差较大，请核实筛查人数后重新上传。",
           "在校学生数与学籍系统不一致，请按学籍系统更正。",
           "日均综合体育活动时长填写的是每周时长，请换算为每天后重新上传。"]


def generate_states(session: Session, plan: Plan) -> int:
    """State and history rows for every accepted demo submission of the plan's bureau; returns rows."""
    bureau = plan.bureau_id
    rng = random.Random(f"cycle:{plan.plan_key}")
    subs = session.execute(select(Submission.id, Submission.org_unit_id, Submission.period, Submission.uploaded_at)
                           .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
                           .where(OrgUnit.bureau_id == bureau, Submission.status == "accepted",
                                  Submission.parent_id.is_(None))
                           .order_by(Submission.id)).all()
    if not subs:
        return 0
    last = max(p for _, _, p, _ in subs)
    states, steps = [], []
    shown = _demo_school(session, bureau)
    for sid, org, period, at in subs:
        review_at, confirm_at = at + timedelta(days=2), at + timedelta(days=6)
        path = [(State.NOT_SUBMITTED, State.SUBMITTED, at, "学校填报员", None)]
        if period == last:
            roll = rng.random()
            if org == shown:  # the demo school officer finds a returned file to fix
                path.append((State.SUBMITTED, State.RETURNED, review_at, "演示片区", REASONS[0]))
            elif roll < 0.45:
                path.append((State.SUBMITTED, State.REVIEWED, review_at, "片区审核员", None))
            elif roll < 0.55:
                path.append((State.SUBMITTED, State.RETURNED, review_at, "片区审核员", rng.choice(REASONS)))
        elif period == shift(last, -1):
            path.append((State.SUBMITTED, State.REVIEWED, review_at, "片区审核员", None))
        else:
            path.append((State.SUBMITTED, State.REVIEWED, review_at, "片区审核员", None))
            path.append((State.REVIEWED, State.CONFIRMED, confirm_at, "演示管理员", None))
        final = path[-1]
        states.append(dict(org_unit_id=org, period=period, bureau_id=bureau, state=final[1].value, submission_id=sid,
                           version=len(path), reason=final[4], submitted_at=at, changed_at=final[2],
                           changed_by=None, changed_by_name=final[3]))
        steps += [dict(org_unit_id=org, period=period, bureau_id=bureau, from_state=a.value, to_state=b.value,
                       submission_id=sid, reason=why, at=when, user_id=None, user_name=who)
                  for a, b, when, who, why in path]
    for i in range(0, len(states), 2000):
        session.connection().execute(ReportingState.__table__.insert(), states[i:i + 2000])
    for i in range(0, len(steps), 2000):
        session.connection().execute(ReportingTransition.__table__.insert(), steps[i:i + 2000])
    for m in range(1, LOCKED_MONTHS + 1):
        period = make(plan.year, m)
        session.add(PeriodLock(bureau_id=bureau, period=period, locked=True, user_name="演示管理员",
                               at=datetime.fromisoformat(f"{shift(period, 1)}-15T10:00:00+08:00")))
    session.flush()
    return len(states)


def _demo_school(session: Session, bureau: int) -> int | None:
    """The school auth.users.ensure_demo_accounts gives demo_school: the first district's first primary school."""
    district = session.scalar(select(OrgUnit.id).where(OrgUnit.bureau_id == bureau, OrgUnit.level == "district")
                              .order_by(OrgUnit.code).limit(1))
    return session.scalar(select(OrgUnit.id).where(OrgUnit.parent_id == district, OrgUnit.level == "school")
                          .order_by(OrgUnit.school_type != "21", OrgUnit.code).limit(1)) if district else None


def prepare_demo_accounts(session: Session) -> None:
    """The demo 局领导 may confirm and lock, as a bureau would name its leader in charge."""
    leader = session.scalar(select(User).where(User.username == "demo_leader"))
    if leader is None or leader.scope_org_id is None:
        return
    row = session.get(WorkflowSetting, leader.scope_org_id)
    if row is None:
        session.add(WorkflowSetting(bureau_id=leader.scope_org_id, district_review=True, auto_lock_days=None,
                                    confirmers=[leader.id]))
    elif leader.id not in (row.confirmers or []):
        row.confirmers = [*(row.confirmers or []), leader.id]
    session.flush()
