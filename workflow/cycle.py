"""Transitions of a school's report for a period: submitted (every accepted upload or web entry,
called by ingest), approve, return with a reason, confirm a district or the whole period, lock and
unlock. Every transition writes its history row and its audit row in the caller's transaction.

Concurrency: an approval names the submission the reviewer saw and changes the row only while its
version is the one read (a conditional UPDATE), so a school that submits again while its district
approves never ends up approved on figures nobody looked at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from core.errors import NotFound
from core.timezones import now_utc
from db.models import OrgUnit, Plan, ReportingState, ReportingTransition
from kpis.periods import is_period, label
from kpis.plans import plan_for
from notify import events
from notify.vocab import RuleKind
from workflow import locks, rules
from workflow.states import StaleReview, State, TransitionRefused, clean_reason

CHUNK = 900


def check_period(period: str) -> None:
    if not is_period(period or ""):
        from core.errors import Invalid
        raise Invalid(f"期间格式应为 YYYY-MM（如 2025-11），收到：{period}")


def school_by_code(session: Session, code: str) -> OrgUnit:
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == str(code), OrgUnit.level == "school"))
    if org is None:
        raise NotFound(f"未找到学校 {code}。请用 python -m kpis orgs --plan 计划编号 查看学校标识码。")
    return org


def _name(p: Principal) -> str:
    return p.display_name or p.username


def _transition(session: Session, p: Principal, org: OrgUnit, period: str, old: str, new: State,
                submission_id: int | None, reason: str | None, now: datetime) -> None:
    bureau = scope.bureau_of(org)
    session.add(ReportingTransition(org_unit_id=org.id, period=period, bureau_id=bureau, from_state=old, to_state=new,
                                    submission_id=submission_id, reason=reason, at=now, user_id=p.user_id,
                                    user_name=_name(p)))
    audit.record(session, p, "cycle_" + {State.REVIEWED: "approve", State.CONFIRMED: "confirm",
                                        State.RETURNED: "return", State.SUBMITTED: "submit"}[new],
                 "reporting_state", f"{org.code}:{period}",
                 before={"state": old}, after={"state": new, "submission": submission_id,
                                               **({"reason": reason} if reason else {})}, bureau_id=bureau)


def submitted(session: Session, who: Principal, period: str, subs: dict[int, int], uploader: str | None = None) -> None:
    """Ingest's hook after an accepted submission: each school (id → its submission id) goes to 已提交
    and needs review again, whatever it was (a confirmed school can only get here after an unlock)."""
    if not subs:
        return
    now = now_utc()
    t = ReportingState.__table__
    first = session.get(OrgUnit, next(iter(subs)))
    bureau = scope.bureau_of(first)
    name = uploader or _name(who)
    old: dict[int, tuple[int, str]] = {}
    ids = list(subs)
    for i in range(0, len(ids), CHUNK):
        for rid, org, state in session.connection().execute(
                select(t.c.id, t.c.org_unit_id, t.c.state).where(t.c.period == period,
                                                                 t.c.org_unit_id.in_(ids[i:i + CHUNK]))):
            old[org] = (rid, state)
    inserts = [dict(org_unit_id=org, period=period, bureau_id=bureau, state=State.SUBMITTED.value, submission_id=sid,
                    version=1, reason=None, submitted_at=now, changed_at=now, changed_by=who.user_id,
                    changed_by_name=name) for org, sid in subs.items() if org not in old]
    if inserts:
        session.connection().execute(t.insert(), inserts)
    updates = [{"rid": old[org][0], "sid": sid} for org, sid in subs.items() if org in old]
    if updates:
        session.connection().execute(
            update(t).where(t.c.id == bindparam("rid")).values(
                state=State.SUBMITTED.value, submission_id=bindparam("sid"), version=t.c.version + 1, reason=None,
                submitted_at=now, changed_at=now, changed_by=who.user_id, changed_by_name=name), updates)
    session.connection().execute(ReportingTransition.__table__.insert(), [
        dict(org_unit_id=org, period=period, bureau_id=bureau, from_state=old.get(org, (0, State.NOT_SUBMITTED))[1],
             to_state=State.SUBMITTED.value, submission_id=sid, reason=None, at=now, user_id=who.user_id,
             user_name=name) for org, sid in subs.items()])
    if len(subs) == 1:
        org, sid = next(iter(subs.items()))
        audit.record(session, who, "cycle_submit", "reporting_state", f"{first.code}:{period}",
                     before={"state": old.get(org, (0, State.NOT_SUBMITTED))[1]},
                     after={"state": State.SUBMITTED, "submission": sid}, bureau_id=bureau)
    else:
        audit.record(session, who, "cycle_submit", "reporting_state", f"*:{period}",
                     after={"state": State.SUBMITTED, "schools": len(subs), "period": period}, bureau_id=bureau)
    # 待审核 to the district, in this transaction (notify's outbox), when a school submits its own report
    # and the bureau has the district step; a district or admin uploading a workbook needs no telling.
    if who.role == "school" and rules.settings_of(session, bureau).district_review:
        for org, sid in subs.items():
            events.enqueue(session, RuleKind.AWAITING_REVIEW, school=org, period=period, event_id=f"s{sid}")


def _row(session: Session, org: OrgUnit, period: str) -> ReportingState | None:
    return session.scalar(select(ReportingState).where(ReportingState.org_unit_id == org.id,
                                                       ReportingState.period == period))


def _move(session: Session, p: Principal, org: OrgUnit, period: str, row: ReportingState, new: State,
          reason: str | None = None) -> None:
    """The conditional UPDATE: only the version read may move; otherwise the school submitted again."""
    t = ReportingState.__table__
    now = now_utc()
    old, sid = row.state, row.submission_id
    done = session.execute(update(t).where(t.c.id == row.id, t.c.version == row.version).values(
        state=new.value, reason=reason, changed_at=now, changed_by=p.user_id, changed_by_name=_name(p),
        version=row.version + 1)).rowcount
    if done != 1:
        raise StaleReview(f"“{org.name}”刚刚重新提交了{label(period)}的数据，本次操作没有生效。请刷新后查看新数据再审核。")
    session.expire(row)
    _transition(session, p, org, period, old, new, sid, reason, now)


def _check_seen(org: OrgUnit, period: str, row: ReportingState, submission_id: int | None) -> None:
    if submission_id is not None and row.submission_id != submission_id:
        raise StaleReview(f"“{org.name}”在您查看之后重新提交了{label(period)}的数据（提交编号 {row.submission_id}），"
                          "本次操作没有生效。请查看新数据后再审核。")


def _state(row: ReportingState | None) -> State:
    return State.NOT_SUBMITTED if row is None else State(row.state)


def approve(session: Session, p: Principal, school_code: str, period: str, *,
            submission_id: int | None = None) -> State:
    """District officer: 已提交 → 片区已审核. Bureau (admin or a named leader): 片区已审核 → 已确认, or
    已提交 → 已确认 when the bureau has no district step. `submission_id`: what the reviewer saw."""
    check_period(period)
    org = school_by_code(session, school_code)
    bureau = scope.bureau_of(org)
    district_step, bureau_step = rules.may_review(p, org), rules.may_confirm(session, p, bureau)
    scope.require(district_step or bureau_step, f"您无权审核“{org.name}”的报表。")
    locks.ensure_open(session, bureau, period)
    row = _row(session, org, period)
    state = _state(row)
    if state in (State.NOT_SUBMITTED, State.RETURNED):
        raise TransitionRefused(f"“{org.name}”{label(period)}的报表{state}，没有待审核的数据，不能审核通过。"
                                + ("请等待学校改正后重新提交。" if state == State.RETURNED else "请等待学校提交。"))
    if state == State.CONFIRMED:
        raise TransitionRefused(f"“{org.name}”{label(period)}的报表已经由教育局确认，无需再审核。")
    _check_seen(org, period, row, submission_id)
    if district_step and state == State.SUBMITTED:
        new = State.REVIEWED
    elif bureau_step and (state == State.REVIEWED or not rules.settings_of(session, bureau).district_review):
        new = State.CONFIRMED
    elif bureau_step:
        raise TransitionRefused(f"“{org.name}”{label(period)}的报表尚未经片区审核，本局设置要求先由片区审核，再由教育局确认。")
    else:
        raise TransitionRefused(f"“{org.name}”{label(period)}的报表已经片区审核，等待教育局确认。")
    _move(session, p, org, period, row, new)
    return new


def return_(session: Session, p: Principal, school_code: str, period: str, reason: str, *,
            submission_id: int | None = None) -> None:
    """Send a submitted or district-approved report back to the school with a reason (已退回)."""
    check_period(period)
    org = school_by_code(session, school_code)
    bureau = scope.bureau_of(org)
    scope.require(rules.may_review(p, org) or rules.may_confirm(session, p, bureau),
                  f"您无权退回“{org.name}”的报表。")
    reason = clean_reason(reason)
    locks.ensure_open(session, bureau, period)
    row = _row(session, org, period)
    state = _state(row)
    if state not in (State.SUBMITTED, State.REVIEWED):
        raise TransitionRefused(f"“{org.name}”{label(period)}的报表{state}，只有已提交或片区已审核的报表可以退回。")
    _check_seen(org, period, row, submission_id)
    version = row.version + 1  # names this return: a later one of the same school and period is a new message
    _move(session, p, org, period, row, State.RETURNED, reason)
    events.enqueue(session, RuleKind.RETURNED, school=org.id, period=period, event_id=f"v{version}", reason=reason)


def approve_many(session: Session, p: Principal, period: str, seen: list[tuple[str, int | None]]) -> dict[str, str]:
    """Approve several schools (code, submission seen) in one transaction; code → new state, or the
    Chinese reason it was not approved (the others still are)."""
    out: dict[str, str] = {}
    for code, sid in seen:
        try:
            with session.begin_nested():
                out[code] = approve(session, p, code, period, submission_id=sid)
        except (TransitionRefused, StaleReview) as err:
            out[code] = str(err)
    return out


@dataclass(frozen=True)
class Confirmed:
    confirmed: int  # schools moved to 已确认 now
    left: int  # schools of the scope not confirmed (not submitted, returned, awaiting review)
    lock: locks.LockInfo | None = None


def _bureau_plan(session: Session, p: Principal, plan_key: str) -> Plan:
    return plan_for(session, p, plan_key, denied="您无权处理{bureau}的填报。")


def confirm(session: Session, p: Principal, plan_key: str, period: str, district_code: str | None = None) -> Confirmed:
    """The bureau confirms a district (or the whole bureau): every school waiting for confirmation
    (片区已审核, or 已提交 when there is no district step) becomes 已确认."""
    check_period(period)
    plan = _bureau_plan(session, p, plan_key)
    bureau = plan.bureau_id
    scope.require(rules.may_confirm(session, p, bureau), "只有本局管理员或指定的局领导可以确认填报数据。")
    locks.ensure_open(session, bureau, period)
    q = select(OrgUnit.id).where(OrgUnit.bureau_id == bureau, OrgUnit.level == "school")
    if district_code:
        d = session.scalar(select(OrgUnit).where(OrgUnit.code == district_code, OrgUnit.bureau_id == bureau,
                                                 OrgUnit.level == "district"))
        if d is None:
            raise NotFound(f"在本局未找到片区/街道 {district_code}。")
        q = q.where(OrgUnit.parent_id == d.id)
    school_ids = set(session.scalars(q))
    ready = [State.REVIEWED] + ([] if rules.settings_of(session, bureau).district_review else [State.SUBMITTED])
    rows = [r for r in session.scalars(select(ReportingState).where(ReportingState.bureau_id == bureau,
                                                                    ReportingState.period == period))
            if r.org_unit_id in school_ids]
    already = sum(1 for r in rows if r.state == State.CONFIRMED)
    done = 0
    for r in [r for r in rows if r.state in ready]:
        try:
            with session.begin_nested():  # a school that submits again meanwhile stays for review
                _move(session, p, session.get(OrgUnit, r.org_unit_id), period, r, State.CONFIRMED)
            done += 1
        except StaleReview:
            pass
    return Confirmed(done, len(school_ids) - already - done)


def lock(session: Session, p: Principal, plan_key: str, period: str) -> Confirmed:
    """Confirm the whole period, then lock it: from now on nothing of it changes without an unlock."""
    check_period(period)
    plan = _bureau_plan(session, p, plan_key)
    scope.require(rules.may_confirm(session, p, plan.bureau_id), "只有本局管理员或指定的局领导可以确认并锁定填报期。")
    if locks.lock_of(session, plan.bureau_id, period) is not None:
        from core.errors import Invalid
        raise Invalid(f"{label(period)}已经锁定，无需再次锁定。")
    result = confirm(session, p, plan_key, period)
    info = locks.set_lock(session, p, plan.bureau_id, period)
    return Confirmed(result.confirmed, result.left, info)


def unlock(session: Session, p: Principal, plan_key: str, period: str, reason: str) -> None:
    check_period(period)
    plan = _bureau_plan(session, p, plan_key)
    locks.unlock(session, p, plan.bureau_id, period, reason)
