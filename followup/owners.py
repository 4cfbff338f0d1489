"""Who can own a 督办 item: a 科室 of the bureau (by name) or one of its 片区/街道 (by code)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Kpi, OrgUnit, Plan, User
from followup.rules import FollowupError
from kpis.catalog.departments import DEFAULT_OWNER, owner_of
from kpis.catalog.query import version_at
from kpis.followup_view import OwnerKind


def departments(session: Session, plan: Plan) -> list[str]:
    """The 科室 names the bureau knows: its KPIs' owners, its department users' 科室, the usual ones."""
    names = {owner_of(version_at(k).owner, version_at(k).category)
             for k in session.scalars(select(Kpi).where(Kpi.plan_id == plan.id))}
    names |= {d for d, in session.execute(
        select(User.department).join(OrgUnit, OrgUnit.id == User.scope_org_id)
        .where(User.role == "department", User.department.is_not(None),
               (OrgUnit.id == plan.bureau_id) | (OrgUnit.bureau_id == plan.bureau_id)))}
    names |= set(DEFAULT_OWNER.values()) | {"办公室"}
    return sorted(n for n in names if n)


def districts(session: Session, plan: Plan) -> list[OrgUnit]:
    return list(session.scalars(select(OrgUnit).where(OrgUnit.bureau_id == plan.bureau_id,
                                                      OrgUnit.level == "district").order_by(OrgUnit.code)))


def choices(session: Session, plan: Plan) -> list[tuple[str, str]]:
    """(value, label) for the owner picker: 科室 by name, then districts by code."""
    return ([(d, f"{d}（科室）") for d in departments(session, plan)]
            + [(o.code, f"{o.name}（片区/街道 {o.code}）") for o in districts(session, plan)])


def resolve_owner(session: Session, plan: Plan, owner: str) -> tuple[str, str, int | None]:
    """(owner_kind, stored owner, district org id) for what was typed: a district's code or name, or a
    科室's name; anything else is refused with the names that would do."""
    owner = (owner or "").strip()
    if not owner:
        raise FollowupError("请选择责任单位：一个科室或一个片区/街道。")
    for o in districts(session, plan):
        if owner in (o.code, o.name):
            return OwnerKind.DISTRICT, o.code, o.id
    known = departments(session, plan)
    if owner in known:
        return OwnerKind.DEPARTMENT, owner, None
    codes = "、".join(f"{o.code} {o.name}" for o in districts(session, plan)[:8])
    raise FollowupError(f"未知的责任单位“{owner}”。请填科室名称（如 {'、'.join(known[:4])}）"
                        + (f"或片区/街道编码（如 {codes}）" if codes else "") + "。")
