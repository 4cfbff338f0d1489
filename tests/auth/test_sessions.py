"""Sign-in sessions: wrong passwords, unknown and disabled users, expiry, forged tokens, sign-out,
the failed-sign-in slow-down, and the trusted proxy header."""

import uuid
from datetime import timedelta

from sqlalchemy import select

import pytest

from auth import sessions, users
from core.settings import SettingsError
from auth.principal import SYSTEM
from db.models import AuthSession, OrgUnit, SignInAttempt
from db.session import read_session, write_session

PW = "Strong-Pass-2468"


def make_user(role="school"):
    name = f"s_{uuid.uuid4().hex[:8]}"
    with write_session() as s:
        bureau = s.scalar(select(OrgUnit).where(OrgUnit.code == "331081"))
        school = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == bureau.id, OrgUnit.level == "school")
                          .order_by(OrgUnit.code))
        users.create_user(s, SYSTEM, name, PW, role, school.code if role == "school" else bureau.code)
    return name


def attempt(name, pw, client=None, now=None):
    with write_session() as s:
        return sessions.sign_in(s, name, pw, client or f"c-{uuid.uuid4().hex[:6]}", now=now)


def resume(token, now=None):
    return sessions.resume_click(token, now=now)  # what every click of the app does


def test_sign_in_returns_a_token_stored_only_as_its_hash(demo_db):
    name = make_user()
    out = attempt(name, PW)
    assert out.error is None and out.signed_in.principal.username == name
    token = out.signed_in.token
    assert len(token) >= 40
    with read_session() as s:
        rows = s.scalars(select(AuthSession).where(AuthSession.token_hash == sessions.token_hash(token))).all()
        assert len(rows) == 1 and token not in (rows[0].token_hash,)
    assert resume(token).username == name


def test_wrong_password_unknown_user_and_disabled_user_are_refused(demo_db):
    name = make_user()
    wrong = attempt(name, "Strong-Pass-2469")
    unknown = attempt(f"nobody_{uuid.uuid4().hex[:6]}", PW)
    assert wrong.signed_in is None and unknown.signed_in is None
    assert wrong.error == unknown.error == sessions.WRONG  # the message does not reveal which
    with write_session() as s:
        users.set_active(s, SYSTEM, name, False)
    disabled = attempt(name, PW)  # the right password of a disabled account
    assert disabled.signed_in is None
    assert disabled.error == sessions.WRONG  # "已停用" would confirm the password to a guesser
    with read_session() as s:
        rows = s.scalars(select(SignInAttempt).where(SignInAttempt.username == name)
                         .order_by(SignInAttempt.id)).all()
    # Both attempts were committed despite the refusal, and the disabled one is a failure.
    assert [r.success for r in rows] == [False, False]


def test_a_disabled_accounts_right_password_does_not_reset_the_slow_down(demo_db):
    name = make_user()
    with write_session() as s:
        users.set_active(s, SYSTEM, name, False)
    t0 = sessions.now_utc()
    for i in range(sessions.FREE_FAILURES_PER_USER - 1):
        attempt(name, "wrong-password", now=t0 + timedelta(seconds=i))
    attempt(name, PW, now=t0 + timedelta(seconds=5))  # right password, disabled: the fifth failure
    out = attempt(name, "wrong-password", now=t0 + timedelta(seconds=6))
    assert out.signed_in is None and "秒后再试" in out.error


def test_session_expires_and_forged_tokens_are_nobody(demo_db):
    name = make_user()
    t0 = sessions.now_utc()
    out = attempt(name, PW, now=t0)
    token = out.signed_in.token
    assert out.signed_in.expires_at == t0 + sessions.session_lifetime()
    assert resume(token, now=t0 + sessions.idle_timeout() - timedelta(seconds=1)).username == name
    assert resume(token, now=t0 + sessions.session_lifetime() + timedelta(seconds=1)) is None
    assert resume(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert resume("") is None and resume(None) is None and resume("x" * 5000) is None


def test_sign_out_ends_the_session_on_the_server(demo_db):
    name = make_user()
    token = attempt(name, PW).signed_in.token
    with write_session() as s:
        assert sessions.sign_out(s, token)
    assert resume(token) is None
    with write_session() as s:
        assert not sessions.sign_out(s, token)  # twice is harmless


def test_disabling_or_resetting_a_user_ends_their_open_sessions(demo_db):
    name = make_user()
    t1 = attempt(name, PW).signed_in.token
    with write_session() as s:
        users.reset_password(s, SYSTEM, name, "Brand-New-Pass-31")
    assert resume(t1) is None
    t2 = attempt(name, "Brand-New-Pass-31").signed_in.token
    with write_session() as s:
        users.set_active(s, SYSTEM, name, False)
    assert resume(t2) is None


def test_repeated_failures_are_slowed_down_per_user(demo_db):
    name = make_user()
    t0 = sessions.now_utc()
    for i in range(sessions.FREE_FAILURES_PER_USER):
        out = attempt(name, "wrong-password", now=t0 + timedelta(seconds=i))
        assert out.error == sessions.WRONG
    last = t0 + timedelta(seconds=sessions.FREE_FAILURES_PER_USER - 1)
    # The 5th failure at last → wait 15 s; even the right password is refused until then.
    blocked = attempt(name, PW, now=last + timedelta(seconds=5))
    assert blocked.signed_in is None and "10 秒后再试" in blocked.error
    # A blocked attempt is not counted, so waiting does help.
    assert attempt(name, PW, now=last + timedelta(seconds=16)).signed_in is not None
    # A success clears the count.
    assert attempt(name, "wrong-password", now=last + timedelta(seconds=17)).error == sessions.WRONG


def test_the_delay_doubles_and_is_capped():
    assert sessions._delay(4, 5) == timedelta(0)
    assert sessions._delay(5, 5) == timedelta(seconds=15)
    assert sessions._delay(6, 5) == timedelta(seconds=30)
    assert sessions._delay(7, 5) == timedelta(seconds=60)
    assert sessions._delay(30, 5) == timedelta(minutes=15)


def test_repeated_failures_from_one_client_are_slowed_down_across_user_names(demo_db):
    client = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    t0 = sessions.now_utc()
    for i in range(sessions.FREE_FAILURES_PER_CLIENT):
        attempt(f"guess_{i}_{uuid.uuid4().hex[:4]}", "Whatever-123x", client=client, now=t0 + timedelta(seconds=i))
    name = make_user()
    out = attempt(name, PW, client=client, now=t0 + timedelta(seconds=sessions.FREE_FAILURES_PER_CLIENT))
    assert out.signed_in is None and "秒后再试" in out.error
    # The same user from another address is not affected.
    assert attempt(name, PW, now=t0 + timedelta(seconds=sessions.FREE_FAILURES_PER_CLIENT)).signed_in is not None


def test_another_accounts_success_does_not_reset_the_client_limit(demo_db):
    """An attacker with one valid account guesses other accounts from one address; signing in with
    their own account in between must not give them a fresh allowance."""
    client = f"10.8.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    own = make_user()
    t0 = sessions.now_utc()
    at = t0
    for i in range(sessions.FREE_FAILURES_PER_CLIENT):
        at = t0 + timedelta(seconds=i)
        assert attempt(f"victim_{i}_{uuid.uuid4().hex[:4]}", "Guess-123x", client=client, now=at).error == sessions.WRONG
        if i % 4 == 3 and i < sessions.FREE_FAILURES_PER_CLIENT - 1:  # … and now and then their own account
            assert attempt(own, PW, client=client, now=at).signed_in is not None
    blocked = attempt(f"victim_x_{uuid.uuid4().hex[:4]}", "Guess-123x", client=client, now=at + timedelta(seconds=1))
    assert blocked.signed_in is None and "秒后再试" in blocked.error
    # The count per user name still resets on that user's own success.
    assert attempt(own, PW, client=client, now=at + timedelta(seconds=1)).signed_in is None  # the client waits


def test_a_users_own_success_forgives_their_mistakes_from_that_client(demo_db):
    """A school office behind one address: teachers who mistype and then get it right do not add up."""
    client = f"10.7.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    t0 = sessions.now_utc()
    names = [make_user() for _ in range(6)]
    at = t0
    for n, name in enumerate(names):
        for i in range(4):  # four typos each: 24 failures from the office in all
            at = t0 + timedelta(seconds=10 * n + i)
            assert attempt(name, "Wrong-Pass-999", client=client, now=at).error == sessions.WRONG
        assert attempt(name, PW, client=client, now=at + timedelta(seconds=1)).signed_in is not None, name
    newcomer = make_user()
    assert attempt(newcomer, PW, client=client, now=at + timedelta(seconds=2)).signed_in is not None


def test_trusted_header_only_from_allowed_proxies_and_off_by_default(demo_db, monkeypatch):
    name = make_user()
    monkeypatch.delenv("EDUKPI_TRUSTED_HEADER", raising=False)
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, None) is None  # off by default
    monkeypatch.setenv("EDUKPI_TRUSTED_HEADER", "X-Remote-User")
    monkeypatch.setenv("EDUKPI_TRUSTED_PROXIES", "10.0.0.5")
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"x-remote-user": name}, "10.0.0.5").username == name
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "10.0.0.6") is None
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, None) is None  # localhost not listed
        assert sessions.principal_from_proxy(s, {"X-Remote-User": "nobody-here"}, "10.0.0.5") is None
        assert sessions.principal_from_proxy(s, {}, "10.0.0.5") is None
    with write_session() as s:
        users.set_active(s, SYSTEM, name, False)
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "10.0.0.5") is None


def test_an_unknown_peer_is_never_the_trusted_proxy(demo_db, monkeypatch):
    """Streamlit reports no address for loopback through st.context.ip_address, but also when it
    knows none (a Unix socket, no client); the page passes the raw peer, and None is not trusted."""
    name = make_user()
    monkeypatch.setenv("EDUKPI_TRUSTED_HEADER", "X-Remote-User")
    monkeypatch.delenv("EDUKPI_TRUSTED_PROXIES", raising=False)  # the default: this machine
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "127.0.0.1").username == name
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "::1").username == name
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, None) is None
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "") is None
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "192.0.2.10") is None


def test_a_header_sent_twice_or_empty_vouches_for_nobody(demo_db, monkeypatch):
    """A proxy that appends instead of replacing passes the client's own copy along: refuse both."""
    name = make_user()
    monkeypatch.setenv("EDUKPI_TRUSTED_HEADER", "X-Remote-User")
    monkeypatch.delenv("EDUKPI_TRUSTED_PROXIES", raising=False)
    with read_session() as s:
        twice = [("X-Remote-User", "demo_admin"), ("x-remote-user", name)]
        assert sessions.principal_from_proxy(s, twice, "127.0.0.1") is None
        assert sessions.principal_from_proxy(s, {"X-Remote-User": "  "}, "127.0.0.1") is None
        assert sessions.principal_from_proxy(s, [("X-Remote-User", name)], "127.0.0.1").username == name


def test_old_attempts_and_long_ended_sessions_are_pruned_on_sign_in(demo_db):
    name = make_user()
    long_ago = sessions.now_utc() - sessions.KEEP - timedelta(days=2)
    old = attempt(name, PW, client="old-client", now=long_ago)
    attempt(name, "wrong-password", client="old-client", now=long_ago + timedelta(seconds=1))
    recent = attempt(name, PW)
    assert old.signed_in and recent.signed_in
    with read_session() as s:
        assert s.scalar(select(SignInAttempt).where(SignInAttempt.client == "old-client")) is None
        assert s.scalar(select(AuthSession).where(
            AuthSession.token_hash == sessions.token_hash(old.signed_in.token))) is None
        assert s.scalar(select(AuthSession).where(
            AuthSession.token_hash == sessions.token_hash(recent.signed_in.token))) is not None


# ---- idle timeout, sliding, absolute cap, once-a-minute write (a fake clock: now=…) ----------

def last_seen(token):
    with read_session() as s:
        row = s.scalar(select(AuthSession).where(AuthSession.token_hash == sessions.token_hash(token)))
        return row.last_seen_at


def test_defaults_are_two_hours_idle_and_twelve_hours_at_most(monkeypatch):
    for var in ("EDUKPI_SESSION_IDLE_MINUTES", "EDUKPI_SESSION_MAX_HOURS", "EDUKPI_SESSION_HOURS"):
        monkeypatch.delenv(var, raising=False)
    assert sessions.idle_timeout() == timedelta(hours=2)
    assert sessions.session_lifetime() == timedelta(hours=12)
    monkeypatch.setenv("EDUKPI_SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("EDUKPI_SESSION_MAX_HOURS", "9")
    assert sessions.idle_timeout() == timedelta(minutes=30) and sessions.session_lifetime() == timedelta(hours=9)
    # A bad value is refused in Chinese, never quietly replaced by the default (core.settings).
    monkeypatch.setenv("EDUKPI_SESSION_IDLE_MINUTES", "zwei")
    with pytest.raises(SettingsError, match="EDUKPI_SESSION_IDLE_MINUTES 的值“zwei”无效"):
        sessions.idle_timeout()


def test_idle_session_expires_after_two_hours_without_a_click(demo_db):
    name = make_user()
    t0 = sessions.now_utc()
    idle_token = attempt(name, PW, now=t0).signed_in.token
    busy_token = attempt(name, PW, now=t0).signed_in.token
    assert resume(busy_token, now=t0 + timedelta(hours=1, minutes=59)).username == name
    assert resume(idle_token, now=t0 + timedelta(hours=2)) is None  # 2 h without a click
    assert resume(idle_token, now=t0 + timedelta(hours=2, minutes=1)) is None  # and stays ended
    assert resume(busy_token, now=t0 + timedelta(hours=3)).username == name  # slid to 1:59 + 2 h


def test_each_click_slides_the_idle_deadline_until_the_absolute_cap(demo_db):
    name = make_user()
    t0 = sessions.now_utc()
    out = attempt(name, PW, now=t0)
    token = out.signed_in.token
    assert out.signed_in.expires_at == t0 + timedelta(hours=12)
    # A click every 1 h 50 min keeps it alive for 11 h, although each gap is nearly the idle limit …
    for i in range(1, 7):
        assert resume(token, now=t0 + i * timedelta(hours=1, minutes=50)) is not None, i
    assert last_seen(token) == t0 + timedelta(hours=11)
    # … but 12 h after sign-in it ends whatever the activity (last click only 59 min ago).
    assert resume(token, now=t0 + timedelta(hours=11, minutes=59)) is not None
    assert resume(token, now=t0 + timedelta(hours=12)) is None


def test_the_database_is_written_at_most_once_a_minute_per_session(demo_db):
    from sqlalchemy import event

    from db.session import get_engine

    name = make_user()
    t0 = sessions.now_utc()
    token = attempt(name, PW, now=t0).signed_in.token
    writes = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE AUTH_SESSION"):
            writes.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        for second in range(0, 60, 5):  # twelve clicks in the first minute: no write
            assert resume(token, now=t0 + timedelta(seconds=second)) is not None
        assert writes == [] and last_seen(token) == t0
        assert resume(token, now=t0 + timedelta(seconds=60)) is not None  # a minute on: one write
        assert len(writes) == 1 and last_seen(token) == t0 + timedelta(seconds=60)
        for second in range(61, 120, 3):
            assert resume(token, now=t0 + timedelta(seconds=second)) is not None
        assert len(writes) == 1 and last_seen(token) == t0 + timedelta(seconds=60)
        assert resume(token, now=t0 + timedelta(seconds=125)) is not None
        assert len(writes) == 2 and last_seen(token) == t0 + timedelta(seconds=125)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # Two processes that both saw a stale click write once: the second update finds nothing to do.
    with write_session() as s:
        row_id = s.scalar(select(AuthSession.id).where(AuthSession.token_hash == sessions.token_hash(token)))
        assert sessions.touch(s, row_id, now=t0 + timedelta(seconds=190))
        assert not sessions.touch(s, row_id, now=t0 + timedelta(seconds=191))


def test_a_busy_database_during_the_slide_does_not_sign_the_user_out(demo_db, monkeypatch):
    from sqlalchemy.exc import OperationalError

    name = make_user()
    t0 = sessions.now_utc()
    token = attempt(name, PW, now=t0).signed_in.token

    def busy(*_a, **_k):
        raise OperationalError("UPDATE auth_session", {}, Exception("database is locked"))

    monkeypatch.setattr(sessions, "touch", busy)
    assert resume(token, now=t0 + timedelta(minutes=5)).username == name
    assert last_seen(token) == t0  # not slid; the next click tries again


# ---- demo accounts (published password) only in demo mode ------------------------------------

def test_init_flags_the_demo_accounts_it_creates(demo_db):
    from db.models import User

    with read_session() as s:
        flagged = set(s.scalars(select(User.username).where(User.is_demo)))
    assert flagged == set(users.DEMO_USERNAMES)


def make_demo_user():
    from db.models import User

    name = make_user("leader")
    with write_session() as s:
        s.scalar(select(User).where(User.username == name)).is_demo = True
    return name


def test_demo_accounts_sign_in_only_in_demo_mode(demo_db, monkeypatch):
    name = make_demo_user()
    monkeypatch.setenv("EDUKPI_DEMO", "1")
    live = attempt(name, PW)
    assert live.signed_in is not None
    monkeypatch.setenv("EDUKPI_DEMO", "0")
    refused = attempt(name, PW)
    assert refused.signed_in is None and refused.error == sessions.WRONG
    with read_session() as s:
        last = s.scalars(select(SignInAttempt).where(SignInAttempt.username == name)
                         .order_by(SignInAttempt.id.desc())).first()
    assert last.success is False  # counted as a failure, resets nothing
    # A session opened while demo mode was on ends when it is switched off.
    assert resume(live.signed_in.token) is None
    # An ordinary account with the same password is not affected.
    assert attempt(make_user(), PW).signed_in is not None


def test_demo_mode_is_off_by_default_on_a_server_database(monkeypatch):
    monkeypatch.delenv("EDUKPI_DEMO", raising=False)
    monkeypatch.setenv("EDUKPI_DATABASE_URL", "postgresql+psycopg://u@h/edukpi")
    assert not users.demo_mode()
    monkeypatch.setenv("EDUKPI_DEMO", "1")
    assert users.demo_mode()
    monkeypatch.delenv("EDUKPI_DATABASE_URL")
    monkeypatch.setenv("EDUKPI_DEMO", "0")
    assert not users.demo_mode()


def test_the_sso_header_does_not_vouch_for_a_demo_account_outside_demo_mode(demo_db, monkeypatch):
    name = make_demo_user()
    monkeypatch.setenv("EDUKPI_TRUSTED_HEADER", "X-Remote-User")
    monkeypatch.setenv("EDUKPI_TRUSTED_PROXIES", "10.0.0.5")
    monkeypatch.setenv("EDUKPI_DEMO", "1")
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "10.0.0.5").username == name
    monkeypatch.setenv("EDUKPI_DEMO", "0")
    with read_session() as s:
        assert sessions.principal_from_proxy(s, {"X-Remote-User": name}, "10.0.0.5") is None
