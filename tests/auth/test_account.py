"""修改密码 by the signed-in user: each mistake's message, the slow-down, other sessions revoked, audit."""

import json
import uuid
from datetime import timedelta

from sqlalchemy import select

from auth import account, passwords, sessions, users
from auth.principal import SYSTEM
from db.models import AuditLog, OrgUnit, SignInAttempt, User
from db.session import read_session, write_session

PW = "Strong-Pass-2468"
NEW = "Fresh-Secret-9753"


def make_user():
    name = f"a_{uuid.uuid4().hex[:8]}"
    with write_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.level == "school").order_by(OrgUnit.code))
        users.create_user(s, SYSTEM, name, PW, "school", school.code)
    token_a = sign_in(name, PW)
    token_b = sign_in(name, PW)
    with read_session() as s:
        principal = sessions.resume(s, token_a)
    return name, principal, token_a, token_b


def sign_in(name, pw, now=None):
    with write_session() as s:
        out = sessions.sign_in(s, name, pw, f"c-{uuid.uuid4().hex[:6]}", now=now)
    return out.signed_in.token if out.signed_in else None


def change(principal, current, new, repeat, keep=None, client="本机", now=None):
    with write_session() as s:
        return account.change_own_password(s, principal, current, new, repeat, keep_token=keep, client=client, now=now)


def password_hash(name):
    with read_session() as s:
        return s.scalar(select(User.password_hash).where(User.username == name))


def alive(token):
    with read_session() as s:
        return sessions.resume(s, token) is not None


def test_success_keeps_this_session_ends_the_others_and_is_audited_without_the_password(demo_db):
    name, me, token_a, token_b = make_user()
    assert change(me, PW, NEW, NEW, keep=token_a) is None
    assert alive(token_a) and not alive(token_b)
    assert sign_in(name, PW) is None and sign_in(name, NEW) is not None
    with read_session() as s:
        log = s.scalars(select(AuditLog).where(AuditLog.action == "change_password",
                                               AuditLog.entity_id == str(me.user_id))).one()
    assert log.user_id == me.user_id
    assert log.after == {"username": name, "password": "已由本人修改", "other_sessions_ended": 1}
    from auth.audit import describe_changes

    assert describe_changes(log.before, log.after) == f"用户名：{name}；密码：已由本人修改；结束的其他登录数：1"
    text = json.dumps([log.before, log.after], ensure_ascii=False)
    assert PW not in text and NEW not in text and "argon2" not in text


def test_each_mistake_has_its_message_and_changes_nothing(demo_db):
    name, me, token_a, token_b = make_user()
    before = password_hash(name)
    cases = [
        (PW, NEW, NEW + "x", "两次输入的新密码不一致，请在“确认新密码”中再输入一遍相同的新密码。"),
        ("", NEW, NEW, "请输入当前密码。"),
        (PW, "", "", "请输入新密码。"),
        ("Wrong-Pass-0000", NEW, NEW, account.WRONG_CURRENT),
        (PW, PW, PW, "新密码不能与当前密码相同，请换一个新密码。"),
        (PW, "short1A", "short1A", "新密码不符合要求：密码太短：至少需要 10 个字符，当前只有 7 个。"),
        (PW, f"{name}-Xy12", f"{name}-Xy12", "新密码不符合要求：密码不能包含用户名。"),
        (PW, "Password123", "Password123", "新密码不符合要求：这是一个常见密码，很容易被猜中，请换一个。"),
    ]
    for current, new, repeat, message in cases:
        assert change(me, current, new, repeat, keep=token_a) == message, (current, new)
    assert password_hash(name) == before
    assert alive(token_a) and alive(token_b)  # nothing revoked by a refused change
    with read_session() as s:
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "change_password",
                                                  AuditLog.entity_id == str(me.user_id))) is None


def test_wrong_current_password_counts_like_a_failed_sign_in(demo_db):
    name, me, token_a, _ = make_user()
    t0 = sessions.now_utc()
    client = f"c-{uuid.uuid4().hex[:6]}"
    for i in range(sessions.FREE_FAILURES_PER_USER):
        assert change(me, f"Wrong-Pass-{i:04d}", NEW, NEW, keep=token_a, client=client,
                      now=t0 + timedelta(seconds=i)) == account.WRONG_CURRENT
    with read_session() as s:
        fails = s.scalar(select(SignInAttempt.id).where(SignInAttempt.username == name,
                                                        SignInAttempt.success.is_(False)).limit(1))
    assert fails is not None
    # The sixth try waits, even with the right password: the same slow-down as the 登录 form.
    msg = change(me, PW, NEW, NEW, keep=token_a, client=client, now=t0 + timedelta(seconds=5))
    assert msg == "密码输错次数过多，为保护账户，请在 14 秒后再试。"
    with write_session() as s:
        out = sessions.sign_in(s, name, PW, "elsewhere", now=t0 + timedelta(seconds=5))
    assert out.error == "登录失败次数过多，为保护账户，请在 14 秒后再试。"
    assert passwords.verify_password(password_hash(name), PW)


def test_a_principal_without_a_user_cannot_change_a_password(demo_db):
    with write_session() as s:
        assert "不是系统中的用户" in account.change_own_password(s, SYSTEM, PW, NEW, NEW)
