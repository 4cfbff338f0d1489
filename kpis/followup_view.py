"""督办 items as the rest of the app reads them: their states, whether one is overdue, and the plain
read of a plan's items. It lives in kpis/ (below the domains) so the monthly briefing can put the
items into its snapshot without importing followup/, its sibling (docs/decisions.md). Writing
items, and who may do what, is followup/'s business; callers here check the principal themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import FollowupItem, Kpi, OrgUnit
from kpis.catalog.query import version_at


class ItemState(StrEnum):
    """Where a 督办 item is; 逾期 is not a state but a due date passed before 已办结 (is_overdue)."""

    OPEN = "待处理"          # opened by a leader, the owner has not reported yet
    IN_PROGRESS = "处理中"   # the owner has reported progress (or a closure was sent back)
    TO_ACCEPT = "待验收"     # the owner says it is done; the leader accepts or sends it back
    CLOSED = "已办结"


class OwnerKind(StrEnum):
    DEPARTMENT = "department"  # a 科室 of the bureau, named
    DISTRICT = "district"      # a 片区/街道, by its org unit


OVERDUE = "逾期"
OPEN_STATES = (ItemState.OPEN, ItemState.IN_PROGRESS, ItemState.TO_ACCEPT)


def is_overdue(due: date, state: str, today: date) -> bool:
    """Past its due date (the due day itself still counts as in time) and not 已办结."""
    return state != ItemState.CLOSED and today > due


def date_text(d: date | None) -> str:
    """'2026年1月10日', the one way dates are written."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class ItemView:
    id: int
    plan_id: int
    kpi_code: str
    kpi_name: str
    period: str
    scope_code: str
    scope_name: str
    scope_level: str  # bureau | district | school
    scope_district_id: int | None  # the district a school scope lies in (or the district itself)
    kpi_status: str
    cause: str
    measures: str
    owner_kind: str
    owner: str  # 科室 name, or the district's code
    owner_name: str  # what people read: the 科室, or the district's name
    owner_org_id: int | None
    due: date
    state: str
    requested_due: date | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None

    def overdue(self, today: date) -> bool:
        return is_overdue(self.due, self.state, today)

    def state_text(self, today: date) -> str:
        """The state as shown: '处理中', or '处理中（逾期）' past the due date."""
        return f"{self.state}（{OVERDUE}）" if self.overdue(today) else str(self.state)


def items_of_plan(session: Session, plan_id: int, *, kpi_id: int | None = None,
                  ids: list[int] | None = None) -> list[ItemView]:
    """Every 督办 item of a plan (optionally of one KPI, or these ids), oldest first. Unchecked:
    the caller has already decided the reader may see the plan's bureau."""
    q = select(FollowupItem).where(FollowupItem.plan_id == plan_id)
    if kpi_id is not None:
        q = q.where(FollowupItem.kpi_id == kpi_id)
    if ids is not None:
        q = q.where(FollowupItem.id.in_(ids))
    rows = list(session.scalars(q.order_by(FollowupItem.created_at, FollowupItem.id)))
    if not rows:
        return []
    kpis = {k.id: k for k in session.scalars(select(Kpi).where(Kpi.id.in_({r.kpi_id for r in rows})))}
    org_ids = {r.scope_org_id for r in rows} | {r.owner_org_id for r in rows if r.owner_org_id}
    orgs = {o.id: o for o in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(org_ids)))}
    out = []
    for r in rows:
        k, o = kpis[r.kpi_id], orgs[r.scope_org_id]
        district = o.id if o.level == "district" else (o.parent_id if o.level == "school" else None)
        owner_name = orgs[r.owner_org_id].name if r.owner_org_id in orgs else r.owner
        out.append(ItemView(r.id, r.plan_id, k.code, version_at(k, r.period).name, r.period, o.code, o.name, o.level,
                            district, r.kpi_status, r.cause, r.measures, r.owner_kind, r.owner, owner_name,
                            r.owner_org_id, r.due, r.state, r.requested_due, r.created_by, r.created_at,
                            r.updated_at, r.closed_at))
    return out


def one_line(text: str, limit: int = 60) -> str:
    """A cause or measure on one line: whitespace folded, cut at `limit` characters with '…'."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
