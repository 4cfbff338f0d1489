"""The rules a bureau's admin switches on and times, and what each queues when it is due.

A scheduled rule carries a cron expression in Beijing time (croniter reads it; default 09:00 daily).
It is due at time T when its latest firing at or before T fell on T's day: the worker, polling, sends
today's reminders at 09:00, or at 11:00 if it was down at 9; the dedup key (rule, scope, period, day)
keeps every later look that day from queuing them again. 退回修改 and 待审核 have no schedule: the
reporting cycle queues them itself (notify.events.enqueue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from croniter import croniter
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import SYSTEM, Principal
from core.errors import Invalid
from db.models import Briefing, OrgUnit, Plan
from db.models import NotifyRule
from kpis import compute, figures
from kpis.deadlines import beijing
from kpis.periods import make, shift
from notify import channels as channel_service
from notify import chase as chase_data
from notify import compose
from notify import owners
from notify.briefings import BriefingTools
from notify.outbox import Draft, enqueue
from notify.owners import Reminders
from notify.vocab import RuleKind

DAILY_9 = "0 9 * * *"


@dataclass(frozen=True)
class RuleSetting:
    kind: RuleKind
    enabled: bool
    schedule: str  # "" for rules the reporting cycle raises itself
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def time_text(self) -> str:
        """'09:00' for a daily schedule, the cron expression otherwise ('' when event-driven)."""
        parts = self.schedule.split()
        if len(parts) == 5 and parts[2:] == ["*", "*", "*"] and parts[0].isdigit() and parts[1].isdigit():
            return f"{int(parts[1]):02d}:{int(parts[0]):02d}"
        return self.schedule

    def describe(self) -> str:
        at = self.time_text
        p = self.params
        return {
            RuleKind.CHASE: f"截止前 {p.get('days_before', 2)} 天和前 1 天的 {at}，向各片区/街道发送未报送学校名单，并提醒学校本身",
            RuleKind.LATE: f"截止后第 {p.get('days_after', 1)} 天的 {at}，向各片区/街道发送逾期名单",
            RuleKind.RETURNED: "报表被退回修改时，立即通知学校和所属片区/街道",
            RuleKind.AWAITING_REVIEW: "学校报送后等待审核时，立即通知所属片区/街道",
            RuleKind.STATUS_CHANGE: f"截止后第 {p.get('days_after', 1)} 天的 {at}，把本月转为滞后或预警的指标发给所属科室和全局渠道",
            RuleKind.BRIEFING: ("生成月度简报时发送到全局渠道" + (f"；另于每月 {p['day_of_month']} 日 {at} 自动生成上月简报并发送"
                                                          if p.get("day_of_month") else "")),
            RuleKind.FOLLOWUP: (f"新督办事项立即通知责任科室或片区/街道；办结期限前 {p.get('days_before', 3)} 天和逾期后"
                                f"第 1 天（此后每 7 天）的 {at} 再提醒"),
        }[self.kind]


DEFAULTS = {
    RuleKind.CHASE: RuleSetting(RuleKind.CHASE, True, DAILY_9, {"days_before": 2}),
    RuleKind.LATE: RuleSetting(RuleKind.LATE, True, DAILY_9, {"days_after": 1}),
    RuleKind.RETURNED: RuleSetting(RuleKind.RETURNED, True, ""),
    RuleKind.AWAITING_REVIEW: RuleSetting(RuleKind.AWAITING_REVIEW, True, ""),
    RuleKind.STATUS_CHANGE: RuleSetting(RuleKind.STATUS_CHANGE, True, DAILY_9, {"days_after": 1}),
    RuleKind.BRIEFING: RuleSetting(RuleKind.BRIEFING, True, DAILY_9, {"day_of_month": None}),
    RuleKind.FOLLOWUP: RuleSetting(RuleKind.FOLLOWUP, True, DAILY_9, {"days_before": 3}),
}
PARAM_RANGES = {"days_before": (1, 30), "days_after": (1, 30), "day_of_month": (1, 28)}


def rules_for(session: Session, bureau_id: int) -> dict[RuleKind, RuleSetting]:
    """The bureau's rules: stored settings over the defaults."""
    out = dict(DEFAULTS)
    for r in session.scalars(select(NotifyRule).where(NotifyRule.bureau_id == bureau_id)):
        kind = RuleKind(r.kind)
        out[kind] = RuleSetting(kind, r.enabled, r.schedule, {**DEFAULTS[kind].params, **(r.params or {})})
    return out


def schedule_of(time_text: str) -> str:
    """'09:30' → '30 9 * * *'; a five-field cron expression is kept as it is (checked)."""
    t = (time_text or "").strip().replace("：", ":")
    if ":" in t and len(t) <= 5:
        try:
            hour, minute = (int(x) for x in t.split(":"))
        except ValueError:
            hour = minute = -1
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise Invalid(f"发送时间“{time_text}”无效：请写成 HH:MM，如 09:00。")
        return f"{minute} {hour} * * *"
    if not croniter.is_valid(t) or len(t.split()) != 5:
        raise Invalid(f"发送时间“{time_text}”无效：请写成 HH:MM（如 09:00），或五段式 cron 表达式（如 0 9 * * 1-5）。")
    return t


def set_rule(session: Session, principal: Principal, plan_key: str, kind: str, enabled: bool | None = None,
             time_text: str | None = None, params: dict[str, Any] | None = None) -> RuleSetting:
    bureau = channel_service.bureau_of_plan(session, principal, plan_key)
    channel_service.require_admin(principal, bureau.id)
    try:
        kind = RuleKind(kind)
    except ValueError:
        raise Invalid(f"未知的规则 {kind}，可选：{'、'.join(k.value for k in RuleKind)}。") from None
    current = rules_for(session, bureau.id)[kind]
    new_params = dict(current.params)
    for name, value in (params or {}).items():
        if name not in DEFAULTS[kind].params:
            raise Invalid(f"规则“{kind.label}”没有参数 {name}。")
        lo, hi = PARAM_RANGES[name]
        if value is not None and not (isinstance(value, int) and lo <= value <= hi):
            raise Invalid(f"参数 {name} 应为 {lo} 到 {hi} 之间的整数。")
        new_params[name] = value
    schedule = current.schedule
    if time_text is not None and DEFAULTS[kind].schedule:
        schedule = schedule_of(time_text)
    row = session.scalar(select(NotifyRule).where(NotifyRule.bureau_id == bureau.id, NotifyRule.kind == kind.value))
    if row is None:
        row = NotifyRule(bureau_id=bureau.id, kind=kind.value)
        session.add(row)
    row.enabled = current.enabled if enabled is None else enabled
    row.schedule, row.params = schedule, new_params
    new = RuleSetting(kind, row.enabled, schedule, new_params)
    audit.record(session, principal, "update", "notify_rule", f"{bureau.code}:{kind.value}", bureau_id=bureau.id,
                 before={"enabled": current.enabled, "params": current.describe()},
                 after={"enabled": row.enabled, "params": new.describe()})
    return new


def is_due(rule: RuleSetting, at: datetime) -> bool:
    """Enabled, scheduled, and its latest firing at or before `at` is on `at`'s day (Beijing time)."""
    if not rule.enabled or not rule.schedule:
        return False
    at = beijing(at)
    last = croniter(rule.schedule, at + timedelta(seconds=1)).get_prev(datetime)
    return beijing(last).date() == at.date()


# --- evaluation --------------------------------------------------------------------------------

def evaluate(session: Session, at: datetime, bureau_id: int | None = None, done: set | None = None,
             briefings: BriefingTools | None = None, reminders: Reminders | None = None) -> list[int]:
    """Queue, in the caller's transaction, every message of every due rule as of `at`; returns the ids
    new to the outbox. Bureaus without an active channel are skipped (nobody to tell). `done` (the
    worker's memory across its once-a-minute looks) skips a bureau's period already evaluated today
    with the same channels: the outbox keys would drop the messages anyway, this saves the computing."""
    at = beijing(at)
    q = select(OrgUnit).where(OrgUnit.level == "bureau")
    if bureau_id is not None:
        q = q.where(OrgUnit.id == bureau_id)
    new: list[int] = []
    for bureau in session.scalars(q.order_by(OrgUnit.id)).all():
        chans = channel_service.active_channels(session, bureau.id)
        if not chans:
            continue
        rules = rules_for(session, bureau.id)
        drafts: list[Draft] = []
        day = at.date().isoformat()
        for period in chase_data.periods_near(session, bureau.id, at):
            due_now = tuple(k.value for k, r in rules.items() if is_due(r, at))
            memo = (bureau.id, period, day, tuple(c.id for c in chans), due_now, repr(rules))
            if done is not None:
                if memo in done:
                    continue
                done.add(memo)
            due = chase_data.deadline(session, bureau.id, period)
            left = chase_data.days_to(due, at)
            want_chase = (is_due(rules[RuleKind.CHASE], at) and at < due
                          and left in (rules[RuleKind.CHASE].params.get("days_before", 2), 1))
            want_late = is_due(rules[RuleKind.LATE], at) and -left == rules[RuleKind.LATE].params.get("days_after", 1)
            if want_chase or want_late:
                districts, missing = chase_data.outstanding(session, bureau.id, period, at)
                plan = chase_data.plan_for(session, bureau.id, period)
                for d in districts:
                    schools = missing.get(d.id, [])
                    if want_chase and schools:
                        todo = [s for s in schools if s.state == "未报送"]
                        if todo:
                            drafts += compose.chase(chans, bureau, plan, d, period, due, left, todo, day)
                    if want_late and schools:
                        drafts += compose.late(chans, bureau, plan, d, period, due, schools, day)
            status_rule = rules[RuleKind.STATUS_CHANGE]
            if is_due(status_rule, at) and -left == status_rule.params.get("days_after", 1):
                drafts += _status_drafts(session, chans, bureau, period, day)
        if briefings is not None:
            drafts += _briefing_on_day(session, chans, bureau, rules[RuleKind.BRIEFING], at, briefings)
        follow = rules[RuleKind.FOLLOWUP]
        if reminders is not None and is_due(follow, at) and (done is None or (bureau.id, "followup", day) not in done):
            if done is not None:
                done.add((bureau.id, "followup", day))
            drafts += owners.reminder_drafts(session, chans, bureau.id, at.date(), follow.params.get("days_before", 3),
                                             reminders)
        new += enqueue(session, drafts)
    return new


def _status_drafts(session: Session, chans, bureau: OrgUnit, period: str, day: str) -> list[Draft]:  # noqa: ANN001
    plan = chase_data.plan_for(session, bureau.id, period)
    if plan is None or int(period[:4]) != plan.year:
        return []
    _, now = figures.plan_status(session, SYSTEM, plan.plan_key, period)
    _, before = figures.plan_status(session, SYSTEM, plan.plan_key, shift(period, -1))
    prev = {r.code: (None if r.withheld else r.status) for r in before}
    changed = [(r.name, r.owner or "办公室", prev.get(r.code), r.status) for r in now
               if not r.withheld and r.status in (compute.BEHIND, compute.WARN) and prev.get(r.code) != r.status]
    return compose.status_change(chans, bureau, plan, period, changed, day) if changed else []


def _briefing_on_day(session: Session, chans, bureau: OrgUnit, rule: RuleSetting, at: datetime,  # noqa: ANN001
                     briefings: BriefingTools) -> list[Draft]:
    """On the set day, make last month's briefing (unless one exists) and send it."""
    dom = rule.params.get("day_of_month")
    if not dom or at.day != dom or not is_due(rule, at):
        return []
    period = shift(make(at.year, at.month), -1)
    plan = chase_data.plan_for(session, bureau.id, period)
    if plan is None:
        return []
    row = briefings.make(session, plan.plan_key, period)
    return briefing_drafts(session, row, briefings.page_count(row.snapshot), chans)


def briefing_drafts(session: Session, row: Briefing, pages: int, chans=None) -> list[Draft]:  # noqa: ANN001
    plan, bureau = compose.briefing_plan(session, row)
    chans = chans if chans is not None else channel_service.active_channels(session, bureau.id)
    return compose.briefing(chans, bureau, plan, row, pages)


def plans_of(session: Session, bureau_id: int) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.bureau_id == bureau_id)))
