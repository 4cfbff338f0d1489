"""Who someone is: the Principal of a user, which bureau an org unit belongs to, and whether an
account may sign in. One place for each, used by sign-in, resumed sessions, the SSO header, the
user admin and the command line's --user alike."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from auth.scope import PermissionDenied, bureau_of
from core import settings
from core.errors import NotFound
from db.models import OrgUnit, User


class UnknownUser(NotFound):
    """A user name that names no active account (the CLI's --user)."""

    exit_code = 2


def demo_mode() -> bool:
    """Demo mode: EDUKPI_DEMO if set, else on for the embedded SQLite file only. It decides whether
    demo data is created on first start and whether demo accounts may sign in."""
    s = settings.get()
    return s.demo if s.demo is not None else not s.database_url


def may_sign_in(user: User | None) -> bool:
    """An active account that has a scope (unless a system-wide admin) and is not a demo account
    outside demo mode (whose password is published)."""
    return (user is not None and bool(user.active) and (user.role == "admin" or user.scope_org_id is not None)
            and not (user.is_demo and not demo_mode()))


def principal_for(session: Session, user: User) -> Principal:
    """What the permission checks need to know of a user. Only an admin may be without a bureau (a
    system-wide admin); any other role without a scope would be read as "every bureau", so it is refused."""
    org = session.get(OrgUnit, user.scope_org_id) if user.scope_org_id else None
    bureau = bureau_of(org)
    if bureau is None and user.role != "admin":
        raise PermissionDenied(f"账户“{user.username}”没有数据范围，不能使用。请本局管理员为其设置数据范围。")
    return Principal(
        user_id=user.id, username=user.username, role=user.role, bureau_id=bureau,
        scope_org_id=user.scope_org_id if user.role in ("school", "district") else None,
        department=user.department if user.role == "department" else None,
        display_name=user.display_name or user.username,
    )


def principal_named(session: Session, username: str) -> Principal:
    """The Principal of an account that may sign in, by user name: the CLI's --user is built here the
    same way as the app's sign-in. Unknown, disabled or locked-out accounts are refused, never
    replaced by the system user."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UnknownUser(f"用户“{username}”不存在。请用 python -m kpis users list 查看用户名。")
    if not may_sign_in(user):
        raise UnknownUser(f"用户“{username}”已停用或不能登录（演示账户只在演示模式下可用），不能以其身份操作。"
                          "请管理员用 python -m kpis users enable 启用，或换一位用户。")
    return principal_for(session, user)
