"""Reading the cycle: each school's state for a period (the CLI's `cycle status`, the 审核 page,
填报进度), a school's history, and the events a notification rule needs (`events_since`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import scope
from auth.principal import Principal
from core.errors import NotFound
from db.models import OrgUnit, ReportingState, ReportingTransition
from kpis.plans import plan_for
from workflow import locks
from workflow.cycle import check_period, school_by_code
from workflow.states import STATES, State


@dataclass(frozen=True)
class SchoolState:
    code: str
    name: str
    district: str
    district_code: str
    state: State
    submission_id: int | None = None
    submitted_at: datetime | None = None
    reason: str | None = None  # why it was returned (已退回)
    changed_at: datetime | None = None
    changed_by: str | None = None
    version: int = 0

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "district": self.district, "state": str(self.state),
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                "reason": self.reason if self.state == State.RETURNED else None}


@dataclass(frozen=True)
class CycleStatus:
    bureau_id: int
    bureau: str
    period: str
    lock: locks.LockInfo | None
    schools: list[SchoolState] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.lock is not None

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(s.state for s in self.schools)
        return {str(s): c.get(s, 0) for s in STATES}


def _visible(p: Principal, o: OrgUnit) -> bool:
    return scope.can_view_org(p, scope.OrgFacts(o.id, o.level, o.parent_id, o.bureau_id))


def school_states(session: Session, bureau_id: int, period: str, schools: list[OrgUnit]) -> list[SchoolState]:
    """The state of each of these schools (of one bureau) for the period."""
    districts = {o.id: o for o in session.scalars(select(OrgUnit).where(OrgUnit.bureau_id == bureau_id,
                                                                       OrgUnit.level == "district"))}
    rows = {r.org_unit_id: r for r in session.scalars(select(ReportingState).where(
        ReportingState.bureau_id == bureau_id, ReportingState.period == period))}
    out = []
    for o in schools:
        d = districts.get(o.parent_id)
        r = rows.get(o.id)
        if r is None:
            out.append(SchoolState(o.code, o.name, d.name if d else "", d.code if d else "", State.NOT_SUBMITTED))
        else:
            out.append(SchoolState(o.code, o.name, d.name if d else "", d.code if d else "", State(r.state),
                                   r.submission_id, r.submitted_at, r.reason, r.changed_at, r.changed_by_name,
                                   r.version))
    return out


def cycle_status(session: Session, p: Principal, plan_key: str, period: str,
                 district_code: str | None = None) -> CycleStatus:
    """Every school the principal may see in the plan's bureau (or one district) for the period."""
    check_period(period)
    plan = plan_for(session, p, plan_key)
    bureau = plan.bureau_id
    q = select(OrgUnit).where(OrgUnit.bureau_id == bureau, OrgUnit.level == "school").order_by(OrgUnit.code)
    if district_code:
        d = session.scalar(select(OrgUnit).where(OrgUnit.code == district_code, OrgUnit.bureau_id == bureau,
                                                 OrgUnit.level == "district"))
        if d is None:
            raise NotFound(f"在{plan.bureau.name}下未找到片区/街道 {district_code}。"
                           f"请用 python -m kpis orgs --plan {plan_key} 查看代码。")
        scope.require(_visible(p, d), f"您无权查看{d.name}的填报。")
        q = q.where(OrgUnit.parent_id == d.id)
    schools = [o for o in session.scalars(q) if _visible(p, o) and (o.closed_on is None or o.closed_on >= period)
               and (o.opened_on is None or o.opened_on <= period)]
    return CycleStatus(bureau, plan.bureau.name, period, locks.lock_of(session, bureau, period),
                       school_states(session, bureau, period, schools))


def state_of(session: Session, p: Principal, school_code: str, period: str) -> SchoolState:
    check_period(period)
    org = school_by_code(session, school_code)
    scope.require(_visible(p, org), f"您无权查看“{org.name}”的填报。")
    return school_states(session, scope.bureau_of(org), period, [org])[0]


@dataclass(frozen=True)
class Step:
    period: str
    from_state: str
    to_state: str
    at: datetime
    by: str
    reason: str | None
    submission_id: int | None


def history(session: Session, p: Principal, school_code: str, period: str | None = None) -> list[Step]:
    """The school's transitions, newest first (who, when, why)."""
    org = school_by_code(session, school_code)
    scope.require(_visible(p, org), f"您无权查看“{org.name}”的填报记录。")
    q = select(ReportingTransition).where(ReportingTransition.org_unit_id == org.id)
    if period:
        q = q.where(ReportingTransition.period == period)
    return [Step(t.period, t.from_state, t.to_state, t.at, t.user_name or "系统", t.reason, t.submission_id)
            for t in session.scalars(q.order_by(ReportingTransition.at.desc(), ReportingTransition.id.desc()))]


@dataclass(frozen=True)
class Event:
    """A transition a notification rule may act on: who should hear of it follows from the state
    (已退回 → the school; 已提交 → its district; 片区已审核 → the bureau)."""

    at: datetime
    bureau_id: int
    school_code: str
    school_name: str
    district_code: str
    period: str
    state: str
    reason: str | None
    by: str


def events_since(session: Session, since: datetime, states: tuple[State, ...] = (State.RETURNED, State.SUBMITTED,
                                                                                 State.REVIEWED)) -> list[Event]:
    """Transitions into `states` after `since`, oldest first (for the notification outbox; no scope:
    a background job's question)."""
    t = ReportingTransition
    school, district = OrgUnit.__table__.alias("s"), OrgUnit.__table__.alias("d")
    rows = session.execute(
        select(t.at, t.bureau_id, school.c.code, school.c.name, district.c.code, t.period, t.to_state, t.reason,
               t.user_name)
        .join(school, school.c.id == t.org_unit_id).outerjoin(district, district.c.id == school.c.parent_id)
        .where(t.at > since, t.to_state.in_([str(s) for s in states])).order_by(t.at, t.id)).all()
    return [Event(*r[:8], r[8] or "系统") for r in rows]


def report_state(session: Session, p: Principal, org_code: str, period: str) -> tuple[SchoolState | None,
                                                                                       locks.LockInfo | None]:
    """For 数据填报: the school's state for the period (None for a district target) and the period's lock."""
    check_period(period)
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == str(org_code)))
    if org is None:
        raise NotFound(f"未找到单位 {org_code}。")
    scope.require(_visible(p, org), f"您无权查看“{org.name}”的填报。")
    bureau = scope.bureau_of(org)
    state = school_states(session, bureau, period, [org])[0] if org.level == "school" else None
    return state, locks.lock_of(session, bureau, period)
