"""我的待办: what each role has to do now, as plain items a page lists (and other domains, such as
督办, can add sections to): a school — this month's report, its deadline and days left, returned
files to fix; a district — schools waiting for review and schools not yet submitted; the bureau —
districts waiting for confirmation and periods ready to lock."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from core.timezones import CHINA
from db.models import OrgUnit, Plan, ReportingPeriod, ReportingState
from kpis import current
from kpis.periods import current_period, label, previous_period
from workflow import locks, rules
from workflow.states import State


class Urgency(StrEnum):
    HIGH = "紧急"
    NORMAL = "待办"
    INFO = "提示"


@dataclass(frozen=True)
class TodoItem:
    section: str  # 本月填报, 待审核, 待确认, … (another domain adds its own)
    title: str
    detail: str
    link: str  # page url path, e.g. "review"
    urgency: Urgency
    params: tuple[tuple[str, str], ...] = ()  # query parameters of the link

    @property
    def query(self) -> dict[str, str]:
        return dict(self.params)


def days_text(due: datetime, today: date) -> tuple[str, int]:
    """'截止 2026年12月10日，还剩 5 天' and the days left (negative when overdue)."""
    left = (due.astimezone(CHINA).date() - today).days
    head = f"截止 {locks.day_text(due)}"
    if left > 0:
        return f"{head}，还剩 {left} 天", left
    if left == 0:
        return f"{head}，今天截止", 0
    return f"{head}，已逾期 {-left} 天", left


def _plan_of(session: Session, bureau_id: int) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.bureau_id == bureau_id).order_by(Plan.year.desc()).limit(1))


def _open_rows(session: Session, bureau_id: int, today: date) -> list[ReportingState]:
    rows = list(session.scalars(select(ReportingState).where(ReportingState.bureau_id == bureau_id)))
    now = datetime.combine(today, time(12), CHINA)
    locked = locks.locked_periods(session, bureau_id, sorted({r.period for r in rows}), now)
    return [r for r in rows if r.period not in locked]


def items(session: Session, p: Principal, today: date | None = None) -> list[TodoItem]:
    """The principal's items, most urgent first (stable within an urgency)."""
    today = today or datetime.now(CHINA).date()
    if p.bureau_id is None:
        return [TodoItem("说明", "系统管理员没有固定的教育局", "请在各页面选择教育局后查看填报与审核情况。", "overview",
                         Urgency.INFO)]
    out: list[TodoItem] = []
    if p.role == "school" and p.scope_org_id:
        out += _school(session, p, today)
    if p.role == "district" and p.scope_org_id:
        out += _district(session, p, today)
    if rules.may_confirm(session, p, p.bureau_id):
        out += _bureau(session, p, today)
    elif p.role in ("leader", "department"):
        out += _follow(session, p, today)
    order = {Urgency.HIGH: 0, Urgency.NORMAL: 1, Urgency.INFO: 2}
    return sorted(out, key=lambda i: order[i.urgency])


def _due(session: Session, bureau_id: int, period: str) -> datetime:
    return locks.deadline(session, bureau_id, period)


def _school(session: Session, p: Principal, today: date) -> list[TodoItem]:
    school = session.get(OrgUnit, p.scope_org_id)
    period = previous_period(current_period(today))
    out = []
    rows = {r.period: r for r in session.scalars(select(ReportingState).where(ReportingState.org_unit_id == school.id))}
    now = datetime.combine(today, time(12), CHINA)
    cur = rows.get(period)
    when, left = days_text(_due(session, p.bureau_id, period), today)
    lock = locks.lock_of(session, p.bureau_id, period, now)
    params = (("period", period),)
    if lock is not None:
        out.append(TodoItem("本月填报", f"{label(period)}报表：已锁定", lock.text() + "。", "upload", Urgency.INFO, params))
    elif cur is None:
        out.append(TodoItem("本月填报", f"{label(period)}报表待提交", f"{school.name}：{when}。", "upload",
                            Urgency.HIGH if left <= 3 else Urgency.NORMAL, params))
    elif cur.state != State.RETURNED:
        nxt = {State.SUBMITTED: "等待片区审核", State.REVIEWED: "片区已审核，等待教育局确认",
               State.CONFIRMED: "教育局已确认"}[State(cur.state)]
        out.append(TodoItem("本月填报", f"{label(period)}报表{cur.state}", f"{nxt}（提交编号 {cur.submission_id}）。",
                            "upload", Urgency.INFO, params))
    for per, r in sorted(rows.items(), reverse=True):
        if r.state == State.RETURNED and locks.lock_of(session, p.bureau_id, per, now) is None:
            out.append(TodoItem("退回待改", f"{label(per)}报表已退回，请改正后重新提交",
                                f"退回原因：{r.reason or '（未说明）'}（{r.changed_by_name or '审核人'}）", "upload",
                                Urgency.HIGH, (("period", per),)))
    return out


def _district(session: Session, p: Principal, today: date) -> list[TodoItem]:
    d = session.get(OrgUnit, p.scope_org_id)
    schools = {o.id: o for o in session.scalars(select(OrgUnit).where(OrgUnit.parent_id == d.id,
                                                                      OrgUnit.level == "school"))}
    rows = [r for r in _open_rows(session, p.bureau_id, today) if r.org_unit_id in schools]
    waiting: dict[str, int] = Counter(r.period for r in rows if r.state == State.SUBMITTED)
    returned: dict[str, int] = Counter(r.period for r in rows if r.state == State.RETURNED)
    out = [TodoItem("待审核", f"{label(per)}：{n} 所学校待审核", f"{d.name}的学校已提交，请核对数据后审核通过或退回。",
                    "review", Urgency.HIGH, (("period", per),)) for per, n in sorted(waiting.items(), reverse=True)]
    period = previous_period(current_period(today))
    if locks.lock_of(session, p.bureau_id, period, datetime.combine(today, time(12), CHINA)) is None:
        sent = {r.org_unit_id for r in rows if r.period == period}
        missing = [o for o in schools.values() if o.id not in sent and (o.closed_on is None or o.closed_on >= period)]
        if missing:
            when, left = days_text(_due(session, p.bureau_id, period), today)
            names = "、".join(o.name for o in sorted(missing, key=lambda o: o.code)[:5])
            more = f"等 {len(missing)} 所" if len(missing) > 5 else ""
            out.append(TodoItem("催报", f"{label(period)}：{len(missing)} 所学校尚未提交", f"{names}{more}；{when}。",
                                "reporting_progress", Urgency.HIGH if left < 0 else Urgency.NORMAL,
                                (("period", period),)))
    out += [TodoItem("退回待改", f"{label(per)}：{n} 所学校的报表已退回，等待学校改正", "学校重新提交后会再次出现在待审核中。",
                     "review", Urgency.INFO, (("period", per),)) for per, n in sorted(returned.items(), reverse=True)]
    return out


def _bureau(session: Session, p: Principal, today: date) -> list[TodoItem]:
    bureau = p.bureau_id
    district_step = rules.settings_of(session, bureau).district_review
    ready = (State.REVIEWED,) if district_step else (State.REVIEWED, State.SUBMITTED)
    districts = {o.id: o for o in session.scalars(select(OrgUnit).where(OrgUnit.bureau_id == bureau,
                                                                        OrgUnit.level == "district"))}
    parent = dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id).where(OrgUnit.bureau_id == bureau,
                                                                              OrgUnit.level == "school")).all())
    rows = _open_rows(session, bureau, today)
    by: dict[tuple[str, int], int] = Counter((r.period, parent.get(r.org_unit_id)) for r in rows if r.state in ready)
    out = []
    for (per, did), n in sorted(by.items(), key=lambda kv: (kv[0][0], districts[kv[0][1]].code if kv[0][1] in districts else ""),
                                reverse=False):
        d = districts.get(did)
        params = (("period", per),) + ((("district", d.code),) if d else ())
        out.append(TodoItem("待确认", f"{label(per)} {d.name if d else ''}：{n} 所学校待确认",
                            "片区已审核，请确认该片区（确认后数据计为已确认）。" if district_step else "学校已提交，请审核确认。",
                            "review", Urgency.HIGH, params))
    # Periods past their deadline, not locked, where nothing waits for confirmation: ready to lock.
    state_by_period: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        state_by_period[r.period][r.state] += 1
    now = datetime.combine(today, time(12), CHINA)
    periods = sorted(set(state_by_period) | set(session.scalars(
        select(ReportingPeriod.period).where(ReportingPeriod.bureau_id == bureau))))
    for per in periods:
        c = state_by_period.get(per, Counter())
        if _due(session, bureau, per) > now or locks.lock_of(session, bureau, per, now) is not None:
            continue
        if not c or any(c[s] for s in ready) or c[State.SUBMITTED]:
            continue
        out.append(TodoItem("可锁定", f"{label(per)}可以锁定",
                            f"已确认 {c[State.CONFIRMED]} 所 · 已退回 {c[State.RETURNED]} 所；锁定后数据不再变动，简报采用已确认数据。",
                            "review", Urgency.NORMAL, (("period", per),)))
    return out


def _follow(session: Session, p: Principal, today: date) -> list[TodoItem]:
    """Leaders and 科室 who do not confirm: how final last month's figures are."""
    period = previous_period(current_period(today))
    c = Counter(r.state for r in session.scalars(select(ReportingState).where(
        ReportingState.bureau_id == p.bureau_id, ReportingState.period == period)))
    lock = locks.lock_of(session, p.bureau_id, period)
    state = lock.text() if lock else "尚未锁定"
    out = [TodoItem("数据进度", f"{label(period)}数据：已确认 {c[State.CONFIRMED]} 所", f"{state}。", "overview",
                    Urgency.INFO, (("period", period),))]
    if p.role == "department":
        # The plan's current period (kpis.current), the month 科室填报 opens on: after the plan year
        # that is its December, not the open month, which the ended plan's page does not list.
        plan = current.for_bureau(session, p.bureau_id, datetime.combine(today, time(12), tzinfo=CHINA))
        entry = plan.period if plan else period
        out.append(TodoItem("科室填报", f"{label(entry)}科室进展", "请在科室填报中录入本科室指标的本期进展。", "bureau_entry",
                            Urgency.NORMAL, (("period", entry),)))
    return out
