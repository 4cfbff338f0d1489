"""Reading 督办 items: who sees which, the 督办 page's list, one item's timeline, the badges on the
KPI cards, the red KPIs nobody follows up (未安排督办), the owner's and the leader's to-dos, and the
lists a notification rule needs (due_soon, overdue_items). `today` is always passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import scope as authz
from auth.principal import Principal
from db.models import FollowupAttachment, FollowupEvent, FollowupItem, OrgUnit, Plan, User
from followup import owners
from followup.rules import Action, FollowupError, actions_for, is_leader, is_owner
from kpis import figures
from kpis.followup_view import OPEN_STATES, ItemState, ItemView, date_text, items_of_plan, one_line
from kpis.plans import plan_for
from kpis.vocabulary import Status

SOON_DAYS = 3  # a due date this many days away is "soon" (to-dos, notifications)


def _sees(p: Principal, plan: Plan, v: ItemView | FollowupItem, district_of_scope: int | None) -> bool:
    if not authz.can_view_bureau(p, plan.bureau_id):
        return False
    if p.role in ("leader", "department", "admin"):
        return True
    if p.role == "district":
        return v.owner_org_id == p.scope_org_id or (district_of_scope is not None and district_of_scope == p.scope_org_id)
    return False  # schools: visible() and _visible_views() match their own scope


def visible(session: Session, p: Principal, plan: Plan, item: FollowupItem) -> bool:
    """Leaders, departments and admins see their bureau's items; a district the items it owns and those
    about its schools or itself; a school the items about itself."""
    org = session.get(OrgUnit, item.scope_org_id)
    district = org.id if org.level == "district" else (org.parent_id if org.level == "school" else None)
    if p.role == "school":
        return authz.can_view_bureau(p, plan.bureau_id) and item.scope_org_id == p.scope_org_id
    return _sees(p, plan, item, district)


def _visible_views(session: Session, p: Principal, plan: Plan, views: list[ItemView]) -> list[ItemView]:
    if p.role == "school":
        own = session.get(OrgUnit, p.scope_org_id) if p.scope_org_id else None
        return [v for v in views if own is not None and v.scope_code == own.code]
    return [v for v in views if _sees(p, plan, v, v.scope_district_id)]


def mine(p: Principal, plan: Plan, v: ItemView) -> bool:
    """Items the principal must act on as owner (an admin is not every item's owner here)."""
    return p.role != "admin" and is_owner(p, plan.bureau_id, v.owner_kind, v.owner, v.owner_org_id)


def list_items(session: Session, principal: Principal, plan_key: str, *, period: str | None = None,
               states: tuple[str, ...] | None = None, kpi_code: str | None = None,
               only_mine: bool = False) -> list[ItemView]:
    """The plan's items this principal may see, open ones by due date first, then closed ones."""
    plan = plan_for(session, principal, plan_key)
    views = _visible_views(session, principal, plan, items_of_plan(session, plan.id))
    out = [v for v in views if (period is None or v.period == period) and (states is None or v.state in states)
           and (kpi_code is None or v.kpi_code == kpi_code) and (not only_mine or mine(principal, plan, v))]
    return sorted(out, key=lambda v: (v.state == ItemState.CLOSED, v.due, v.id))


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class EventView:
    action: str
    note: str
    state: str
    due: date | None
    by: str
    at: datetime
    attachments: list[AttachmentInfo]


@dataclass(frozen=True)
class ItemDetail:
    item: ItemView
    plan_key: str
    events: list[EventView]  # newest first
    actions: list[Action]  # what this principal may do now


def item_detail(session: Session, principal: Principal, item_id: int) -> ItemDetail:
    row = session.get(FollowupItem, item_id)
    if row is None:
        raise FollowupError(f"未找到第 {item_id} 号督办事项，可能编号有误，请从“督办”列表中选择。")
    plan = session.get(Plan, row.plan_id)
    authz.require(visible(session, principal, plan, row), "您无权查看该督办事项。")
    view = items_of_plan(session, plan.id, ids=[row.id])[0]
    events = list(session.scalars(select(FollowupEvent).where(FollowupEvent.item_id == row.id)
                                  .order_by(FollowupEvent.at.desc(), FollowupEvent.id.desc())))
    files: dict[int, list[AttachmentInfo]] = {}
    if events:
        for a in session.execute(select(FollowupAttachment.id, FollowupAttachment.event_id, FollowupAttachment.file_name,
                                        FollowupAttachment.content_type, FollowupAttachment.size)
                                 .where(FollowupAttachment.event_id.in_([e.id for e in events]))
                                 .order_by(FollowupAttachment.id)):
            files.setdefault(a.event_id, []).append(AttachmentInfo(a.id, a.file_name, a.content_type, a.size))
    names = {u.id: u.display_name or u.username for u in
             session.scalars(select(User).where(User.id.in_({e.user_id for e in events if e.user_id})))}
    out = [EventView(e.action, e.note or "", e.state, e.due, names.get(e.user_id, "系统"), e.at, files.get(e.id, []))
           for e in events]
    acts = actions_for(principal, plan.bureau_id, row.owner_kind, row.owner, row.owner_org_id, row.state,
                       row.requested_due is not None)
    return ItemDetail(view, plan.plan_key, out, acts)


def badges(session: Session, principal: Principal, plan_key: str, today: date, *, district: str | None = None,
           school: str | None = None) -> dict[str, tuple[int, int]]:
    """KPI code → (open items, of which overdue) at the scope shown: the whole bureau counts every
    item, a district those about it and its schools, a school its own."""
    plan = plan_for(session, principal, plan_key)
    views = _visible_views(session, principal, plan, items_of_plan(session, plan.id))
    out: dict[str, tuple[int, int]] = {}
    for v in views:
        if v.state not in OPEN_STATES:
            continue
        if school and v.scope_code != school:
            continue
        if district and not school and not (v.scope_code == district or _in_district(session, v, district)):
            continue
        n, late = out.get(v.kpi_code, (0, 0))
        out[v.kpi_code] = (n + 1, late + int(v.overdue(today)))
    return out


def _in_district(session: Session, v: ItemView, district: str) -> bool:
    if v.scope_district_id is None:
        return False
    org = session.get(OrgUnit, v.scope_district_id)
    return org is not None and org.code == district


@dataclass(frozen=True)
class Untracked:
    code: str
    name: str
    status: str
    owner: str


def untracked(session: Session, principal: Principal, plan_key: str, period: str) -> list[Untracked]:
    """Bureau-wide KPIs 滞后 in `period` with no open item for the whole bureau and none opened for
    that month: listed as 未安排督办."""
    plan = plan_for(session, principal, plan_key, roles=("leader", "department", "admin"),
                    denied="只有局领导、科室和管理员可以查看未安排督办的指标。")
    _, results = figures.plan_status(session, principal, plan_key, period)
    covered = {v.kpi_code for v in items_of_plan(session, plan.id)
               if v.scope_level == "bureau" and (v.state in OPEN_STATES or v.period == period)}
    return [Untracked(r.code, r.name, r.shown_status, r.owner or "")
            for r in results if r.shown_status == Status.BEHIND and r.code not in covered]


@dataclass(frozen=True)
class TodoItem:
    """One thing for 我的待办: plain data, so the reporting cycle's to-do page can list it."""

    title: str
    detail: str
    link: str  # a relative page address, e.g. "followup?plan=2025-taizhou&item=3"
    urgency: str  # overdue | soon | normal


def todo_items(session: Session, principal: Principal, today: date) -> list[TodoItem]:
    """What the principal must do on 督办 items: the owner reports or closes open items; a leader
    accepts closures and decides extensions. Overdue first, then by due date."""
    out: list[tuple[tuple, TodoItem]] = []
    for plan in session.scalars(select(Plan).order_by(Plan.plan_key)):
        if not authz.can_view_bureau(principal, plan.bureau_id):
            continue
        leader = is_leader(principal, plan.bureau_id) and principal.role == "leader"
        for v in _visible_views(session, principal, plan, items_of_plan(session, plan.id)):
            if v.state == ItemState.CLOSED:
                continue
            if mine(principal, plan, v) and v.state in (ItemState.OPEN, ItemState.IN_PROGRESS):
                title = f"督办：{v.kpi_name}（{v.scope_name}）"
                detail = f"{v.state}，办结期限 {date_text(v.due)}；整改措施：{one_line(v.measures, 40)}"
            elif (leader or principal.role == "admin") and v.state == ItemState.TO_ACCEPT:
                title = f"待验收：{v.kpi_name}（{v.scope_name}）"
                detail = f"{v.owner_name}已申请办结，请验收或退回。"
            elif (leader or principal.role == "admin") and v.requested_due is not None:
                title = f"延期申请：{v.kpi_name}（{v.scope_name}）"
                detail = f"{v.owner_name}申请延期至 {date_text(v.requested_due)}（原期限 {date_text(v.due)}）。"
            else:
                continue
            urgency = "overdue" if v.overdue(today) else "soon" if v.due <= today + timedelta(days=SOON_DAYS) else "normal"
            out.append(((urgency != "overdue", v.due, v.id),
                        TodoItem(title, detail, f"followup?plan={plan.plan_key}&item={v.id}", urgency)))
    return [t for _, t in sorted(out, key=lambda x: x[0])]


def _all_open(session: Session) -> list[ItemView]:
    out = []
    for plan_id in session.scalars(select(FollowupItem.plan_id).where(FollowupItem.state.in_(OPEN_STATES)).distinct()):
        out += [v for v in items_of_plan(session, plan_id) if v.state in OPEN_STATES]
    return out


def due_soon(session: Session, today: date, days: int = SOON_DAYS) -> list[ItemView]:
    """Open items whose due date is exactly `days` days after `today`: a daily notification rule
    tells each owner once. System-level (no principal): for notify's rules, not for pages."""
    return [v for v in _all_open(session) if v.due == today + timedelta(days=days)]


def overdue_items(session: Session, today: date) -> list[ItemView]:
    """Every open item past its due date, across bureaus (system-level, for notify's rules)."""
    return [v for v in _all_open(session) if v.overdue(today)]


def owner_choices(session: Session, principal: Principal, plan_key: str) -> list[tuple[str, str]]:
    plan = plan_for(session, principal, plan_key)
    return owners.choices(session, plan)

