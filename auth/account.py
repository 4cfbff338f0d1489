"""The signed-in user's own account: 修改密码.

Any role may change their own password. The current password is checked like a sign-in (a wrong
one is a failed attempt that counts towards the slow-down of auth.sessions), the new one must
pass the same policy as an admin-set password, and on success every other session of the user is
revoked (the one in use stays). The change is audited without any password material."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from auth import audit, identity, passwords, sessions
from auth.principal import Principal
from db.models import AuthSession, SignInAttempt, User

WRONG_CURRENT = "当前密码不正确，请检查后重新输入（注意大小写）。"


def change_own_password(session: Session, principal: Principal, current: str, new: str, repeat: str,
                        keep_token: str | None = None, client: str = "unknown",
                        now: datetime | None = None) -> str | None:
    """Change the principal's own password. Returns None on success, else a Chinese message.

    Not an exception: a wrong current password is recorded as a failed attempt that must be
    committed with the caller's transaction (call inside write_session())."""
    now = now or sessions.now_utc()
    client = (client or "unknown")[:64]
    if principal.user_id is None:
        return "当前账户不是系统中的用户（例如命令行或系统身份），不能在此修改密码。"
    user = session.get(User, principal.user_id)
    if not identity.may_sign_in(user):
        return "该账户不存在或已停用，请联系本局管理员。"
    if not current:
        return "请输入当前密码。"
    if not new:
        return "请输入新密码。"
    if new != repeat:
        return "两次输入的新密码不一致，请在“确认新密码”中再输入一遍相同的新密码。"
    wait = sessions.wait_before_next_attempt(session, user.username, client, now)
    if wait > 0:
        return f"密码输错次数过多，为保护账户，请在 {wait} 秒后再试。"
    ok = passwords.verify_password(user.password_hash, current)
    session.add(SignInAttempt(at=now, username=user.username, client=client, success=ok))
    if not ok:
        return WRONG_CURRENT
    if new == current:
        return "新密码不能与当前密码相同，请换一个新密码。"
    found = passwords.problems(new, user.username)
    if found:
        return "新密码不符合要求：" + " ".join(found)
    user.password_hash = passwords.hash_password(new)
    # Every other session of this user ends; the one in use (keep_token) stays signed in.
    keep = sessions.token_hash(keep_token) if keep_token else None
    q = update(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
    if keep:
        q = q.where(AuthSession.token_hash != keep)
    ended = session.execute(q.values(revoked_at=now)).rowcount
    session.flush()
    audit.record(session, principal, "change_password", "user", user.id, before=None,
                 after={"username": user.username, "password": "已由本人修改", "other_sessions_ended": int(ended or 0)})
    return None

