"""The briefing's 督办 section: items opened, closed and overdue since the last briefing, each with
its cause and measures in one line, and the KPIs 滞后 two months running that nobody follows up.

Read through kpis.followup_view (briefing may not import followup/, its sibling) and frozen into
the snapshot like everything else, so a briefing rendered again says what it said that day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Briefing, Plan
from kpis.followup_view import OPEN_STATES, ItemView, date_text, items_of_plan, one_line
from kpis.vocabulary import Status


def _entry(v: ItemView, today: date) -> dict[str, Any]:
    return {"id": v.id, "code": v.kpi_code, "name": v.kpi_name, "scope": v.scope_name,
            "scope_level": v.scope_level, "owner": v.owner_name, "due": date_text(v.due),
            "state": v.state_text(today), "overdue": v.overdue(today),
            "cause": one_line(v.cause), "measures": one_line(v.measures)}


def last_briefing_at(session: Session, plan: Plan) -> datetime | None:
    """When the plan's latest briefing so far was generated (the section counts from then)."""
    return session.scalar(select(func.max(Briefing.created_at)).where(Briefing.plan_id == plan.id))


def section(session: Session, plan: Plan, kpis: list[dict[str, Any]], period: str, previous: str,
            today: date, since: datetime | None) -> dict[str, Any]:
    items = items_of_plan(session, plan.id)
    opened = [v for v in items if since is None or v.created_at > since]
    closed = [v for v in items if v.closed_at is not None and (since is None or v.closed_at > since)]
    overdue = [v for v in items if v.overdue(today)]
    followed = {v.kpi_code for v in items if v.state in OPEN_STATES or v.period in (period, previous)}
    twice = [{"code": k["code"], "name": k["name"], "owner": k["owner"]} for k in kpis
             if k["status"] == Status.BEHIND and k.get("prev_status") == Status.BEHIND and not k.get("withheld")
             and k["code"] not in followed]
    return {"since": since.isoformat(timespec="seconds") if since else None, "today": date_text(today),
            "opened": [_entry(v, today) for v in opened], "closed": [_entry(v, today) for v in closed],
            "overdue": [_entry(v, today) for v in sorted(overdue, key=lambda v: (v.due, v.id))],
            "open_total": sum(1 for v in items if v.state in OPEN_STATES), "behind_twice_untracked": twice}


def sentences(snap: dict[str, Any]) -> list[str]:
    """What the paragraph says about 督办 (nothing for a snapshot made before the section existed)."""
    f = snap.get("followup")
    if not f:
        return []
    since = "上期简报以来" if f["since"] else "截至目前"
    out = []
    if f["opened"] or f["closed"] or f["overdue"]:
        out.append(f"督办：{since}新发起{len(f['opened'])}项、办结{len(f['closed'])}项，"
                   f"尚有{f['open_total']}项未办结。")
    if f["overdue"]:
        names = "、".join(f"{o['name']}（{o['owner']}，期限{o['due']}）" for o in f["overdue"][:4])
        more = f"等{len(f['overdue'])}项" if len(f["overdue"]) > 4 else ""
        out.append(f"逾期未办结：{names}{more}，请责任单位抓紧整改。")
    if f["behind_twice_untracked"]:
        names = "、".join(k["name"] for k in f["behind_twice_untracked"])
        out.append(f"连续两个月滞后且未安排督办：{names}。")
    return out
