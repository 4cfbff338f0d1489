"""What a principal may see and do, decided on plain facts about org units and KPIs.

An OrgFacts is what the checks need to know of an org unit (its id, level, parent and bureau);
callers load it from the database. Refusals raise PermissionDenied with a Chinese message."""

from __future__ import annotations

from dataclasses import dataclass

from auth.principal import Principal
from core.errors import Forbidden


class PermissionDenied(Forbidden):
    """The principal may not do this; str(exc) is a message for the user."""


def bureau_id_of(org_id: int | None, level: str | None, bureau_id: int | None) -> int | None:
    """Which bureau an org unit belongs to — the one place this is decided: a bureau is its own; a
    district or school names its bureau."""
    if org_id is None:
        return None
    return org_id if level == "bureau" else bureau_id


def bureau_of(org: object | None) -> int | None:
    """bureau_id_of for anything with .id, .level and .bureau_id (an OrgUnit, OrgFacts, a School)."""
    if org is None:
        return None
    return bureau_id_of(org.id, org.level, org.bureau_id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class OrgFacts:
    id: int
    level: str  # bureau | district | school
    parent_id: int | None
    bureau_id: int | None  # None for a bureau itself (its own id is the bureau)

    @property
    def own_bureau(self) -> int:
        return int(bureau_id_of(self.id, self.level, self.bureau_id) or 0)


def _same_bureau(p: Principal, org: OrgFacts) -> bool:
    return p.bureau_id is None or p.bureau_id == org.own_bureau


def can_view_org(p: Principal, org: OrgFacts) -> bool:
    """Leaders, departments and admins see their whole bureau; districts their district; schools themselves."""
    if not _same_bureau(p, org):
        return False
    if p.role in ("leader", "department", "admin"):
        return True
    if p.role == "district":
        return org.id == p.scope_org_id or (org.level == "school" and org.parent_id == p.scope_org_id)
    if p.role == "school":
        return org.level == "school" and org.id == p.scope_org_id
    return False


def can_submit_for(p: Principal, org: OrgFacts) -> bool:
    """Upload school figures: the school itself, its district on its behalf, or an admin."""
    if org.level != "school" or not _same_bureau(p, org):
        return False
    if p.role == "admin":
        return True
    if p.role == "school":
        return org.id == p.scope_org_id
    if p.role == "district":
        return org.parent_id == p.scope_org_id
    return False


def can_edit_kpi(p: Principal, kpi_bureau_id: int, kpi_owner: str) -> bool:
    """Record bureau-level progress: the owning 科室 of the same bureau, or an admin."""
    if p.bureau_id is not None and p.bureau_id != kpi_bureau_id:
        return False
    if p.role == "admin":
        return True
    return p.role == "department" and bool(p.department) and p.department == kpi_owner


def can_view_bureau(p: Principal, bureau_id: int) -> bool:
    return p.bureau_id is None or p.bureau_id == bureau_id


def require(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    if not allowed:
        raise PermissionDenied(message)


def org_facts(session, org: int | str) -> OrgFacts | None:  # noqa: ANN001 - sqlalchemy Session
    """Load the facts of an org unit by id or by code (学校标识码 etc.); None if there is none.
    Services call this with what the request names, then check it, never trusting the page."""
    from sqlalchemy import select

    from db.models import OrgUnit

    q = select(OrgUnit.id, OrgUnit.level, OrgUnit.parent_id, OrgUnit.bureau_id)
    q = q.where(OrgUnit.id == org) if isinstance(org, int) else q.where(OrgUnit.code == str(org))
    row = session.execute(q).first()
    return OrgFacts(*row) if row else None
