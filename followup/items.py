"""Writing 督办 items: a leader opens one for a KPI that is 滞后 or 预警, the owner reports progress,
asks to close it or for more time, the leader accepts, sends it back or decides the extension.

Each function takes the Session of the caller's write_session(), the acting Principal and `today`
(the Beijing date; injected so tests hold the clock). Everything is checked before anything is
written; every step adds a followup_event row and an audit row in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit
from auth import scope as authz
from auth.principal import Principal
from core.timezones import now_utc
from db.models import FollowupAttachment, FollowupEvent, FollowupItem, Kpi, OrgUnit, Plan
from followup import for_notify
from followup.owners import resolve_owner
from followup.queries import visible
from followup.rules import LEADER_ROLES, STEPS, Action, FollowupError, allowed, is_leader, is_owner, refusal
from ingest.evidence import check_files
from kpis import figures
from kpis.followup_view import OPEN_STATES, ItemState, date_text, items_of_plan
from kpis.periods import is_period, label
from kpis.plans import plan_for
from kpis.vocabulary import Status
from notify import events

MAX_TEXT = 1000  # 原因分析, 整改措施, a step's note
RED = (Status.BEHIND, Status.WARN)


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    content: bytes


def _text(value: str | None, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FollowupError(f"请填写{what}。")
    if len(value) > MAX_TEXT:
        raise FollowupError(f"{what}过长（{len(value)} 字），请控制在 {MAX_TEXT} 字以内。")
    return value


def _files(attachments: Sequence[tuple[str, bytes]]):  # noqa: ANN202
    try:
        return check_files(list(attachments))
    except ValueError as exc:  # ingest.evidence says which file and why, in Chinese
        raise FollowupError(str(exc)) from exc


def _scope_org(session: Session, principal: Principal, plan: Plan, code: str | None) -> OrgUnit:
    if not code or code == plan.bureau.code:
        return plan.bureau
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.bureau_id == plan.bureau_id))
    if org is None or org.level not in ("district", "school"):
        raise FollowupError(f"在{plan.bureau.name}下未找到片区/街道或学校 {code}。"
                            f"请用 python -m kpis orgs --plan {plan.plan_key} 查看编码，全局督办不填范围。")
    authz.require(authz.can_view_org(principal, authz.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)),
                  f"您无权查看{org.name}的数据。")
    return org


def open_item(session: Session, principal: Principal, plan_key: str, kpi_code: str, period: str, *,
              cause: str, measures: str, owner: str, due: date, today: date, scope: str | None = None) -> int:
    """Open a 督办 item for a KPI that is 滞后 or 预警 in `period` at `scope` (a district's or school's
    code; the whole bureau when None). Leaders and admins of the bureau only. Returns the item id."""
    plan = plan_for(session, principal, plan_key, roles=LEADER_ROLES,
                    denied="只有局领导和管理员可以发起督办。")
    if not is_period(period or ""):
        raise FollowupError(f"期间格式应为 YYYY-MM（如 2025-06），收到：{period}")
    cause = _text(cause, "原因分析")
    measures = _text(measures, "整改措施")
    if not isinstance(due, date):
        raise FollowupError("请填写办结期限（日期，如 2026-01-10）。")
    if due < today:
        raise FollowupError(f"办结期限 {date_text(due)} 已过，请选择今天（{date_text(today)}）或以后的日期。")
    kpi = session.scalar(select(Kpi).where(Kpi.plan_id == plan.id, Kpi.code == kpi_code))
    if kpi is None:
        raise FollowupError(f"计划 {plan_key} 中没有指标 {kpi_code}。请用 python -m kpis catalog --plan {plan_key} 查看编号。")
    org = _scope_org(session, principal, plan, scope)
    owner_kind, owner_value, owner_org = resolve_owner(session, plan, owner)
    district = org.code if org.level == "district" else None
    school = org.code if org.level == "school" else None
    _, results = figures.plan_status(session, principal, plan_key, period, district, school)
    result = next((r for r in results if r.code == kpi_code), None)
    status = result.shown_status if result else "不适用"
    if status not in RED:
        raise FollowupError(f"{kpi_code} 在{org.name}{label(period)}的状态是“{status}”，只有滞后或预警的指标可以发起督办。")
    dup = session.scalar(select(FollowupItem.id).where(
        FollowupItem.kpi_id == kpi.id, FollowupItem.scope_org_id == org.id, FollowupItem.state.in_(OPEN_STATES)))
    if dup is not None:
        raise FollowupError(f"{kpi_code} 在{org.name}已有未办结的督办事项（第 {dup} 号），请在“督办”页面跟进，不要重复发起。")
    now = now_utc()
    item = FollowupItem(plan_id=plan.id, kpi_id=kpi.id, period=period, scope_org_id=org.id, kpi_status=status,
                        cause=cause, measures=measures, owner_kind=owner_kind, owner=owner_value,
                        owner_org_id=owner_org, due=due, state=ItemState.OPEN, created_by=principal.user_id,
                        created_at=now, updated_at=now)
    session.add(item)
    session.flush()
    session.add(FollowupEvent(item_id=item.id, action=Action.OPEN, note=f"原因分析：{cause}\n整改措施：{measures}",
                              state=ItemState.OPEN, due=due, user_id=principal.user_id, at=now))
    audit.record(session, principal, "create", "followup_item", item.id, bureau_id=plan.bureau_id,
                 after={"plan": plan_key, "kpi": kpi_code, "period": period, "scope": org.code, "status": status,
                        "cause": cause, "measures": measures, "owner": owner_value, "due": due.isoformat(),
                        "state": ItemState.OPEN.value})
    # The owner hears of it at once (notify's 督办提醒 rule), committed with the item or not at all.
    events.to_owner(session, for_notify.opened(plan.bureau_id, items_of_plan(session, plan.id, ids=[item.id])[0]))
    return item.id


def _step(session: Session, principal: Principal, item_id: int, action: Action, note: str, *, today: date,
          note_required: bool, attachments: Sequence[tuple[str, bytes]] = (), new_due: date | None = None) -> None:
    note = _text(note, "说明" if action != Action.SUBMIT else "办结说明", required=note_required)
    files = _files(attachments)
    item = session.get(FollowupItem, item_id, with_for_update=True)
    if item is None:
        raise FollowupError(f"未找到第 {item_id} 号督办事项，请刷新页面。")
    plan = session.get(Plan, item.plan_id)
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权查看该教育局的督办事项。")
    step = STEPS[action]
    if step.by == "leader":
        authz.require(is_leader(principal, plan.bureau_id), f"只有局领导和管理员可以{action}。")
    else:
        authz.require(is_owner(principal, plan.bureau_id, item.owner_kind, item.owner, item.owner_org_id),
                      f"该督办事项由{item.owner if item.owner_org_id is None else '所属片区/街道'}负责，您不能{action}。")
    if not allowed(action, item.state, item.requested_due is not None):
        raise FollowupError(refusal(action, item.state, item.requested_due is not None))
    before = {"state": item.state, "due": item.due.isoformat(),
              "requested_due": item.requested_due.isoformat() if item.requested_due else None}
    if action == Action.ASK_EXTENSION:
        if not isinstance(new_due, date) or new_due <= item.due:
            raise FollowupError(f"延期后的期限应晚于现在的办结期限 {date_text(item.due)}。")
        item.requested_due = new_due
    elif action == Action.GRANT_EXTENSION:
        item.due, item.requested_due = item.requested_due, None
    elif action == Action.REFUSE_EXTENSION:
        item.requested_due = None
    if step.to_state is not None:
        item.state = step.to_state
    now = now_utc()
    item.updated_at = now
    if item.state == ItemState.CLOSED:
        item.closed_at = now
    event = FollowupEvent(item_id=item.id, action=action, note=note or None, state=item.state,
                          due=new_due if action == Action.ASK_EXTENSION else item.due, user_id=principal.user_id, at=now)
    session.add(event)
    session.flush()
    for f in files:
        session.add(FollowupAttachment(event_id=event.id, file_name=f.name, content_type=f.content_type, size=f.size,
                                       sha256=f.sha256, content=f.content, uploaded_by=principal.user_id,
                                       uploaded_at=now))
    audit.record(session, principal, "followup_" + action.name.lower(), "followup_item", item.id,
                 bureau_id=plan.bureau_id, before=before,
                 after={"state": item.state, "due": item.due.isoformat(), "note": note,
                        "requested_due": item.requested_due.isoformat() if item.requested_due else None,
                        **({"attachments": [{"name": f.name, "type": f.content_type, "size": f.size,
                                             "sha256": f.sha256} for f in files]} if files else {})})


def progress(session: Session, principal: Principal, item_id: int, note: str, *, today: date,
             attachments: Sequence[tuple[str, bytes]] = ()) -> None:
    """The owner reports progress (进展), with evidence files; 待处理 becomes 处理中."""
    _step(session, principal, item_id, Action.PROGRESS, note, today=today, note_required=True, attachments=attachments)


def submit(session: Session, principal: Principal, item_id: int, note: str, *, today: date,
           attachments: Sequence[tuple[str, bytes]] = ()) -> None:
    """The owner says it is done (申请办结) with a closing note and evidence: 待验收."""
    _step(session, principal, item_id, Action.SUBMIT, note, today=today, note_required=True, attachments=attachments)


def ask_extension(session: Session, principal: Principal, item_id: int, new_due: date, reason: str, *,
                  today: date) -> None:
    """The owner asks for a later due date; the leader grants or refuses it (decide_extension)."""
    _step(session, principal, item_id, Action.ASK_EXTENSION, reason, today=today, note_required=True, new_due=new_due)


def accept(session: Session, principal: Principal, item_id: int, note: str = "", *, today: date) -> None:
    """The leader accepts the closure: 已办结."""
    _step(session, principal, item_id, Action.ACCEPT, note, today=today, note_required=False)


def send_back(session: Session, principal: Principal, item_id: int, note: str, *, today: date) -> None:
    """The leader sends a closure back (退回整改) with what is still missing: 处理中."""
    _step(session, principal, item_id, Action.RETURN, note, today=today, note_required=True)


def decide_extension(session: Session, principal: Principal, item_id: int, grant: bool, note: str = "", *,
                     today: date) -> None:
    """The leader grants (the due date moves) or refuses the extension asked for."""
    _step(session, principal, item_id, Action.GRANT_EXTENSION if grant else Action.REFUSE_EXTENSION, note,
          today=today, note_required=False)


def attachment_file(session: Session, principal: Principal, attachment_id: int) -> File:
    """One evidence file of a step, for a reader who may see the item (followup.queries.visible)."""
    a = session.get(FollowupAttachment, attachment_id)
    if a is None:
        raise FollowupError("未找到该佐证文件，请刷新页面。")
    event = session.get(FollowupEvent, a.event_id)
    item = session.get(FollowupItem, event.item_id)
    plan = session.get(Plan, item.plan_id)
    authz.require(visible(session, principal, plan, item), "您无权查看该督办事项。")
    return File(a.file_name, a.content_type, bytes(a.content))
