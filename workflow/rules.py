"""A bureau's cycle settings (district review on or off, automatic lock after the deadline, the
leaders named to confirm) and who may act at which step."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from core.errors import Invalid
from db.models import OrgUnit, User, WorkflowSetting


@dataclass(frozen=True)
class CycleSettings:
    district_review: bool = True  # some counties have no districts: then the bureau confirms submissions
    auto_lock_days: int | None = None  # lock N days after the deadline (DHIS2's expiry days); None = off
    confirmers: tuple[int, ...] = ()  # leaders named to confirm (admins always may)


def settings_of(session: Session, bureau_id: int) -> CycleSettings:
    row = session.get(WorkflowSetting, bureau_id)
    if row is None:
        return CycleSettings()
    return CycleSettings(bool(row.district_review), row.auto_lock_days, tuple(int(i) for i in row.confirmers or ()))


def update_settings(session: Session, principal: Principal, bureau_id: int, *, district_review: bool | None = None,
                    auto_lock_days: int | None | str = "keep", confirmers: list[str] | None = None) -> CycleSettings:
    """Change a bureau's settings (its admins only); confirmers are leader user names. Audited."""
    scope.require(principal.role == "admin" and scope.can_view_bureau(principal, bureau_id),
                  "只有本局管理员可以修改填报流程设置。")
    before = settings_of(session, bureau_id)
    row = session.get(WorkflowSetting, bureau_id)
    if row is None:
        row = WorkflowSetting(bureau_id=bureau_id, district_review=True, auto_lock_days=None, confirmers=[])
        session.add(row)
    if district_review is not None:
        row.district_review = district_review
    if auto_lock_days != "keep":
        if auto_lock_days is not None and (not isinstance(auto_lock_days, int) or not 0 <= auto_lock_days <= 365):
            raise Invalid(f"自动锁定天数应为 0 到 365 之间的整数（填写的是 {auto_lock_days}），不自动锁定请留空。")
        row.auto_lock_days = auto_lock_days
    if confirmers is not None:
        ids = []
        for name in confirmers:
            user = session.scalar(select(User).where(User.username == name))
            org = session.get(OrgUnit, user.scope_org_id) if user and user.scope_org_id else None
            if user is None or user.role != "leader" or scope.bureau_of(org) != bureau_id:
                raise Invalid(f"“{name}”不是本局的局领导账户，不能指定为确认人。")
            ids.append(user.id)
        row.confirmers = ids
    session.flush()
    after = settings_of(session, bureau_id)
    audit.record(session, principal, "cycle_settings", "workflow_setting", bureau_id,
                 before=before.__dict__ | {"confirmers": list(before.confirmers)},
                 after=after.__dict__ | {"confirmers": list(after.confirmers)}, bureau_id=bureau_id)
    return after


def may_confirm(session: Session, principal: Principal, bureau_id: int) -> bool:
    """The bureau's step: its admins (or a system admin), and the leaders named for it."""
    if not scope.can_view_bureau(principal, bureau_id):
        return False
    if principal.role == "admin":
        return True
    return principal.role == "leader" and principal.user_id in settings_of(session, bureau_id).confirmers


def may_review(principal: Principal, school: OrgUnit) -> bool:
    """The district step: the officer of the school's district."""
    return (principal.role == "district" and principal.scope_org_id is not None
            and school.parent_id == principal.scope_org_id and principal.bureau_id == scope.bureau_of(school))


def admin_names(session: Session, bureau_id: int, limit: int = 2) -> list[str]:
    """Whom to ask: the bureau's active admins by display name."""
    rows = session.execute(select(User.display_name, User.username).join(OrgUnit, OrgUnit.id == User.scope_org_id)
                           .where(User.role == "admin", User.active.is_(True), OrgUnit.id == bureau_id)
                           .order_by(User.id).limit(limit)).all()
    return [d or u for d, u in rows]
