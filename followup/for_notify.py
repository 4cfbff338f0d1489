"""督办 as notify's messages (issue 17 §7): a new item tells its owner at once (queued by items.open_item
in its own transaction); each day the notify worker asks `reminders` for items due in N days and items
overdue (the first day past the due date, then every 7 days, so an owner is reminded, not flooded).
The owner is a 科室 (its department channel) or a 片区/街道 (its district channel)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Plan
from followup.queries import due_soon, overdue_items
from kpis.followup_view import ItemView, OwnerKind, date_text, one_line
from kpis.periods import label
from notify.owners import OwnerNote

OVERDUE_EVERY_DAYS = 7


def _owner(v: ItemView) -> tuple[str | None, int | None]:
    return (None, v.owner_org_id) if v.owner_kind == OwnerKind.DISTRICT else (v.owner, None)


def opened(bureau_id: int, item: ItemView) -> OwnerNote:
    """The message of a new item, for its owner."""
    department, district = _owner(item)
    return OwnerNote(bureau_id, department, district, f"followup|item{item.id}|open",
                     f"【督办】{item.kpi_name}（{item.scope_name}）",
                     (f"【督办】{item.kpi_name}（{item.scope_name}，{label(item.period)}{item.kpi_status}）",
                      f"责任单位：{item.owner_name}；办结期限：{date_text(item.due)}。",
                      f"原因分析：{one_line(item.cause, 80)}",
                      f"整改措施：{one_line(item.measures, 80)}"))


def _due_note(bureau_id: int, v: ItemView, today: date, days: int) -> OwnerNote:
    department, district = _owner(v)
    return OwnerNote(bureau_id, department, district, f"followup|item{v.id}|due|{today.isoformat()}",
                     f"【督办提醒】{v.kpi_name}（{v.scope_name}）{days} 天后到期",
                     (f"【督办提醒】{v.kpi_name}（{v.scope_name}）的办结期限是 {date_text(v.due)}，还有 {days} 天。",
                      f"责任单位：{v.owner_name}；当前状态：{v.state}。",
                      f"整改措施：{one_line(v.measures, 80)}",
                      "请按期办结；确需延期的，请在“督办”页面申请。"))


def _overdue_note(bureau_id: int, v: ItemView, today: date) -> OwnerNote:
    department, district = _owner(v)
    late = (today - v.due).days
    return OwnerNote(bureau_id, department, district, f"followup|item{v.id}|overdue|{today.isoformat()}",
                     f"【督办逾期】{v.kpi_name}（{v.scope_name}）已逾期 {late} 天",
                     (f"【督办逾期】{v.kpi_name}（{v.scope_name}）已超过办结期限 {date_text(v.due)} {late} 天。",
                      f"责任单位：{v.owner_name}；当前状态：{v.state}。",
                      "请尽快办结并在“督办”页面提交办结说明，或申请延期。"))


def reminders(session: Session, bureau_id: int, today: date, days_before: int) -> list[OwnerNote]:
    """The bureau's notes due `today`: items due in `days_before` days, and overdue items on the first
    day past their due date and every OVERDUE_EVERY_DAYS days after."""
    plans = set(session.scalars(select(Plan.id).where(Plan.bureau_id == bureau_id)))
    notes = [_due_note(bureau_id, v, today, days_before) for v in due_soon(session, today, days_before)
             if v.plan_id in plans]
    notes += [_overdue_note(bureau_id, v, today) for v in overdue_items(session, today)
              if v.plan_id in plans and (today - v.due).days % OVERDUE_EVERY_DAYS == 1]
    return notes
