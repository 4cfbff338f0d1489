"""Users: who they are, their role and scope, and the admin's actions on them.

A user's scope is an org unit: a school (学校填报员), a district (片区/街道), or a bureau (局领导, 科室,
管理员). An admin without a scope is a system-wide admin. Only admins manage users, only inside
their own bureau, and every change is written to the audit log in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit, passwords
from auth.principal import ROLES, Principal
from auth.identity import demo_mode, may_sign_in, principal_for  # noqa: F401 - users' own API too
from auth.scope import PermissionDenied, bureau_of, require
from db.models import OrgUnit, User
from core.errors import Invalid

# The level of org unit each role's scope must be (None = no scope allowed as well, admin only).
SCOPE_LEVEL = {"school": "school", "district": "district", "department": "bureau", "leader": "bureau",
               "admin": "bureau"}
LEVEL_LABELS = {"bureau": "教育局", "district": "片区/街道", "school": "学校"}


class UserError(Invalid):
    """A user action that cannot be done as asked; str(exc) says why and how to fix it, in Chinese."""


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    scope_code: str | None
    scope_name: str
    department: str | None
    active: bool
    created_at: datetime


def _require_admin(actor: Principal) -> None:
    require(actor.role == "admin", "只有管理员可以管理用户。")


def _require_manages(actor: Principal, user: User, session: Session) -> None:
    """An admin manages the users of their own bureau; a system-wide admin manages everyone."""
    _require_admin(actor)
    if actor.bureau_id is None:
        return
    org = session.get(OrgUnit, user.scope_org_id) if user.scope_org_id else None
    require(bureau_of(org) == actor.bureau_id, "您只能管理本局的用户。")


def _find(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"用户“{username}”不存在，请检查用户名。")
    return user


def _check_username(username: str) -> str:
    if not username or not username.strip():
        raise UserError("用户名不能为空。")
    if username != username.strip() or any(c.isspace() or ord(c) < 32 for c in username):
        raise UserError("用户名不能包含空格或控制字符。")
    if not 2 <= len(username) <= 60:
        raise UserError(f"用户名长度应为 2–60 个字符，当前为 {len(username)} 个。")
    return username


def _resolve_scope(session: Session, actor: Principal, role: str, scope_code: str | None,
                   department: str | None) -> tuple[OrgUnit | None, str | None]:
    if role not in ROLES:
        raise UserError(f"角色“{role}”不存在。可选角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items()) + "。")
    org = None
    if scope_code:
        org = session.scalar(select(OrgUnit).where(OrgUnit.code == scope_code.strip()))
        if org is None:
            raise UserError(f"找不到编码为“{scope_code}”的机构，请用 `python -m kpis orgs --plan 计划编号` 查看机构编码。")
    need = SCOPE_LEVEL[role]
    if org is None:
        if role == "admin" and actor.bureau_id is None:
            pass  # a system-wide admin, created by a system-wide admin (or the CLI)
        elif role == "admin":
            org = session.get(OrgUnit, actor.bureau_id)
        else:
            raise UserError(f"{ROLES[role]}必须指定所属{LEVEL_LABELS[need]}（数据范围）。")
    elif org.level != need:
        raise UserError(f"{ROLES[role]}的数据范围必须是{LEVEL_LABELS[need]}，"
                        f"而“{org.name}”是{LEVEL_LABELS.get(org.level, org.level)}。")
    if org is not None and actor.bureau_id is not None:
        require(bureau_of(org) == actor.bureau_id, "您只能把用户的数据范围设在本局之内。")
    dept = (department or "").strip() or None
    if role == "department" and not dept:
        raise UserError("科室用户必须填写所属科室，例如“学前教育科”。")
    if dept and len(dept) > 50:
        raise UserError("科室名称不能超过 50 个字符。")
    return org, dept if role == "department" else None


def _snapshot(session: Session, user: User) -> dict:
    org = session.get(OrgUnit, user.scope_org_id) if user.scope_org_id else None
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "scope": org.code if org else None, "scope_name": org.name if org else None,
            "department": user.department, "active": user.active}


def create_user(session: Session, actor: Principal, username: str, password: str, role: str,
                scope_code: str | None = None, department: str | None = None, display_name: str = "") -> User:
    _require_admin(actor)
    username = _check_username(username)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError(f"用户名“{username}”已被使用，请换一个。")
    org, dept = _resolve_scope(session, actor, role, scope_code, department)
    passwords.check_policy(password, username)
    display_name = (display_name or "").strip()
    if len(display_name) > 100:
        raise UserError("姓名不能超过 100 个字符。")
    user = User(username=username, display_name=display_name, password_hash=passwords.hash_password(password),
                role=role, scope_org_id=org.id if org else None, department=dept, active=True)
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, before=None, after=_snapshot(session, user))
    return user


def set_active(session: Session, actor: Principal, username: str, active: bool) -> User:
    user = _find(session, username)
    _require_manages(actor, user, session)
    if not active and actor.user_id is not None and user.id == actor.user_id:
        raise UserError("不能停用自己正在使用的账户。")
    before = _snapshot(session, user)
    user.active = active
    if not active:
        from auth.sessions import revoke_all  # a disabled user is signed out everywhere
        revoke_all(session, user.id)
    session.flush()
    audit.record(session, actor, "enable" if active else "disable", "user", user.id,
                 before=before, after=_snapshot(session, user))
    return user


def reset_password(session: Session, actor: Principal, username: str, new_password: str) -> User:
    user = _find(session, username)
    _require_manages(actor, user, session)
    passwords.check_policy(new_password, user.username)
    user.password_hash = passwords.hash_password(new_password)
    from auth.sessions import revoke_all  # sessions opened with the old password end
    revoke_all(session, user.id)
    session.flush()
    # The hash is never logged; that the password changed is.
    audit.record(session, actor, "reset_password", "user", user.id, before=None,
                 after={"username": user.username, "password": "已重置"})
    return user


def change_scope(session: Session, actor: Principal, username: str, role: str, scope_code: str | None,
                 department: str | None = None) -> User:
    user = _find(session, username)
    _require_manages(actor, user, session)
    if actor.user_id is not None and user.id == actor.user_id and role != "admin":
        raise UserError("不能取消自己的管理员角色，请让另一位管理员操作。")
    org, dept = _resolve_scope(session, actor, role, scope_code, department)
    before = _snapshot(session, user)
    user.role, user.scope_org_id, user.department = role, (org.id if org else None), dept
    from auth.sessions import revoke_all  # the old scope must not linger in an open session
    revoke_all(session, user.id)
    session.flush()
    audit.record(session, actor, "change_scope", "user", user.id, before=before, after=_snapshot(session, user))
    return user


def list_users(session: Session, actor: Principal) -> list[UserRow]:
    _require_admin(actor)
    orgs = {o.id: o for o in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(
        select(User.scope_org_id).where(User.scope_org_id.is_not(None)))))}
    rows = []
    for u in session.scalars(select(User).order_by(User.username)):
        org = orgs.get(u.scope_org_id) if u.scope_org_id else None
        if actor.bureau_id is not None and bureau_of(org) != actor.bureau_id:
            continue
        rows.append(UserRow(u.id, u.username, u.display_name, u.role, ROLES.get(u.role, u.role),
                            org.code if org else None, org.name if org else "全部（系统管理员）",
                            u.department, u.active, u.created_at))
    return rows


def scope_choices(session: Session, actor: Principal, role: str) -> list[tuple[str, str]]:
    """(code, label) of the org units an admin may give a user of this role as scope."""
    _require_admin(actor)
    level = SCOPE_LEVEL.get(role)
    q = select(OrgUnit).where(OrgUnit.level == level).order_by(OrgUnit.code)
    out = []
    for o in session.scalars(q):
        if actor.bureau_id is not None and bureau_of(o) != actor.bureau_id:
            continue
        out.append((o.code, f"{o.name}（{o.code}）"))
    return out


# ---- demo accounts ---------------------------------------------------------------------------

DEMO_BUREAU = "331081"  # 温岭市教育局 (2025-taizhou)
DEMO_USERNAMES = ("demo_admin", "demo_leader", "demo_department", "demo_personnel", "demo_district", "demo_school",
                  "demo_sysadmin")



DEMO_PASSWORD = "Demo-EduKPI-2468"
ALL_BUREAUS = object()  # the system-wide demo admin's scope: none, so every bureau
DEMO_DEPARTMENT = "学前教育科"
# A second demo 科室: 学前教育科 owns no milestone KPI in 2025-taizhou, 组织人事科 owns one (TZ25-23,
# 修订编制外用工管理办法) beside two counts, so milestone entry (已完成/未完成) can be tried too.
DEMO_MILESTONE_DEPARTMENT = "组织人事科"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str
    scope: str
    password: str


def ensure_demo_accounts(session: Session, system: Principal) -> list[DemoAccount]:
    """One account per role in the demo bureau, plus a school and a district officer with real scopes,
    and a system-wide admin (no scope) who can open all five plans' bureaus.

    Called only when demo data is created. Existing accounts are left as they are."""
    bureau = session.scalar(select(OrgUnit).where(OrgUnit.code == DEMO_BUREAU))
    if bureau is None:
        return []
    district = session.scalar(select(OrgUnit).where(OrgUnit.bureau_id == bureau.id, OrgUnit.level == "district")
                              .order_by(OrgUnit.code))
    school = None
    if district is not None:
        # A primary school: it reports the most elements, so the demo shows the whole upload form.
        school = session.scalar(select(OrgUnit).where(OrgUnit.parent_id == district.id, OrgUnit.level == "school")
                                .order_by(OrgUnit.school_type != "21", OrgUnit.code))
    wanted = [("demo_admin", "admin", bureau, None, "演示管理员"),
              ("demo_leader", "leader", bureau, None, "演示局领导"),
              ("demo_department", "department", bureau, DEMO_DEPARTMENT, "演示科室"),
              ("demo_personnel", "department", bureau, DEMO_MILESTONE_DEPARTMENT, "演示组织人事科"),
              ("demo_district", "district", district, None, "演示片区"),
              ("demo_school", "school", school, None, "演示学校"),
              ("demo_sysadmin", "admin", ALL_BUREAUS, None, "演示系统管理员")]
    out = []
    for username, role, org, dept, name in wanted:
        if org is None:
            continue
        if session.scalar(select(User.id).where(User.username == username)) is None:
            code = None if org is ALL_BUREAUS else org.code
            user = create_user(session, system, username, DEMO_PASSWORD, role, code, dept, name)
            user.is_demo = True  # refused at sign-in outside demo mode (may_sign_in)
        scope = ("全部教育局" if org is ALL_BUREAUS else org.name) + (f" · {dept}" if dept else "")
        out.append(DemoAccount(username, ROLES[role], scope, DEMO_PASSWORD))
    return out


def is_admin(p: Principal | None) -> bool:
    return p is not None and p.role == "admin"


__all__ = ["UserError", "PermissionDenied", "UserRow", "create_user", "set_active", "reset_password",
           "change_scope", "list_users", "scope_choices", "principal_for", "ensure_demo_accounts"]


def has_any_user(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def demo_accounts(session: Session) -> list[DemoAccount]:
    """The demo accounts that exist and are active (shown on the 登录 page of a demo database)."""
    found = {u.username: u for u in session.scalars(select(User).where(User.is_demo, User.active))}
    out = []
    for n in sorted(found, key=lambda n: (DEMO_USERNAMES.index(n) if n in DEMO_USERNAMES else 99, n)):
        u = found[n]
        org = session.get(OrgUnit, u.scope_org_id) if u.scope_org_id else None
        scope = (org.name if org else "全部教育局") + (f" · {u.department}" if u.department else "")
        out.append(DemoAccount(n, ROLES.get(u.role, u.role), scope, DEMO_PASSWORD))
    return out
