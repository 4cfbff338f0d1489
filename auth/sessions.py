"""Server-side sign-in sessions, the failed-sign-in slow-down, and the trusted proxy-header mode.

A sign-in issues a random token (256 bits). The browser keeps it in a cookie; the database keeps
only its sha256, an expiry and, after sign-out, the time it was revoked. Whoever reads the
database cannot sign in with what they find, and sign-out ends the session on the server even if
a copy of the cookie survives. Sessions live in the database, so every app process behind a proxy
sees the same ones."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from auth import audit, passwords
from auth.network import Headers, TrustedProxies, header_values, is_trusted_peer, trusted_proxies
from auth.principal import Principal
from auth.scope import PermissionDenied
from auth.identity import may_sign_in, principal_for
from core import settings
from db.models import AuthSession, SignInAttempt, User

COOKIE_NAME = "edukpi_session"
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
FREE_FAILURES_PER_USER = 5  # then each attempt waits, doubling from BASE_DELAY up to MAX_DELAY
FREE_FAILURES_PER_CLIENT = 20  # a school office behind one address gets more room
BASE_DELAY = timedelta(seconds=15)
# The idle deadline slides on every click, but the database is written at most this often per session.
TOUCH_EVERY = timedelta(minutes=1)
KEEP = timedelta(days=90)  # sign-in attempts and ended sessions older than this are deleted
MAX_DELAY = timedelta(minutes=15)
WRONG = "用户名或密码不正确，请检查后重试（注意大小写）。"
# Verified against when the user name is unknown, so an unknown name takes as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("edukpi-dummy-password-Aa1!")


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal
    expires_at: datetime


@dataclass(frozen=True)
class SignInOutcome:
    """Either signed_in or error (a Chinese message). Not an exception, so that the failed attempt
    is committed with the caller's transaction and counts towards the slow-down."""
    signed_in: SignedIn | None = None
    error: str | None = None


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def session_lifetime() -> timedelta:
    """The absolute cap of a sign-in, however active (EDUKPI_SESSION_MAX_HOURS, default 12 hours;
    the older EDUKPI_SESSION_HOURS is still read when the new variable is unset)."""
    hours = settings.get().max_hours
    return timedelta(hours=min(max(hours, 0.05), 24 * 7))


def idle_timeout() -> timedelta:
    """How long a session survives without a click (EDUKPI_SESSION_IDLE_MINUTES, default 120)."""
    minutes = settings.get().session_idle_minutes
    return timedelta(minutes=min(max(minutes, 1.0), 24 * 60 * 7))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _delay(failures: int, free: int) -> timedelta:
    if failures < free:
        return timedelta(0)
    return min(BASE_DELAY * (2 ** (failures - free)), MAX_DELAY)


def _failures_of_user(session: Session, username: str, now: datetime) -> tuple[int, datetime | None]:
    """Failures for a user name within WINDOW since that user name's last successful sign-in."""
    since = now - WINDOW
    last_ok = session.scalar(select(func.max(SignInAttempt.at)).where(
        SignInAttempt.username == username, SignInAttempt.success.is_(True), SignInAttempt.at >= since))
    if last_ok is not None:
        since = last_ok
    count, last = session.execute(select(func.count(), func.max(SignInAttempt.at)).where(
        SignInAttempt.username == username, SignInAttempt.success.is_(False), SignInAttempt.at > since)).one()
    return int(count), (last if last else None)


def _failures_of_client(session: Session, client: str, now: datetime) -> tuple[int, datetime | None]:
    """Failures from a client within WINDOW, except those of a user name that later signed in from
    the same client (someone mistyped their own password, then got it right). Another account's
    success forgives nothing: one valid account must not reset the limit on guessing the others."""
    fail, ok = SignInAttempt, aliased(SignInAttempt)
    forgiven = (select(ok.id).where(ok.client == fail.client, ok.username == fail.username,
                                    ok.success.is_(True), ok.at > fail.at).exists())
    count, last = session.execute(select(func.count(), func.max(fail.at)).where(
        fail.client == client, fail.success.is_(False), fail.at > now - WINDOW, ~forgiven)).one()
    return int(count), (last if last else None)


def wait_before_next_attempt(session: Session, username: str, client: str, now: datetime | None = None) -> int:
    """Seconds this user name or client must still wait before trying again (0 = may try now)."""
    now = now or now_utc()
    wait = timedelta(0)
    for (n, last), free in ((_failures_of_user(session, username, now), FREE_FAILURES_PER_USER),
                            (_failures_of_client(session, client, now), FREE_FAILURES_PER_CLIENT)):
        if last is not None:
            wait = max(wait, last + _delay(n, free) - now)
    return max(0, int(wait.total_seconds() + 0.999))


def sign_in(session: Session, username: str, password: str, client: str = "unknown",
            now: datetime | None = None) -> SignInOutcome:
    """Check the password and open a session. Call inside write_session(); commit either way."""
    now = now or now_utc()
    username = (username or "").strip()
    client = (client or "unknown")[:64]
    if not username or not password:
        return SignInOutcome(error="请输入用户名和密码。")
    username = username[:60]
    wait = wait_before_next_attempt(session, username, client, now)
    if wait > 0:
        return SignInOutcome(error=f"登录失败次数过多，为保护账户，请在 {wait} 秒后再试。")
    user = session.scalar(select(User).where(User.username == username))
    ok = passwords.verify_password(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    # A disabled account, or a demo account outside demo mode (its password is published), fails like
    # a wrong password: it counts towards the slow-down, resets nothing, and its answer does not tell
    # a guesser that the password was right.
    ok = ok and may_sign_in(user)
    session.add(SignInAttempt(at=now, username=username, client=client, success=ok))
    if not ok:
        return SignInOutcome(error=WRONG)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    token = secrets.token_urlsafe(32)
    expires = now + session_lifetime()
    session.add(AuthSession(token_hash=token_hash(token), user_id=user.id, created_at=now, expires_at=expires,
                            client=client, last_seen_at=now))
    principal = principal_for(session, user)
    audit.record(session, principal, "sign_in", "session", user.id, after={"client": client})
    prune(session, now)
    return SignInOutcome(signed_in=SignedIn(token, principal, expires))


@dataclass(frozen=True)
class Resumed:
    principal: Principal
    session_id: int
    touch_due: bool  # the last recorded click is a minute old or more: slide the idle deadline


def check(session: Session, token: str | None, now: datetime | None = None) -> Resumed | None:
    """Read-only: the live session of a token, or None if unknown, forged, revoked, past its
    absolute cap, idle for longer than idle_timeout(), or its user is disabled.

    Idleness is measured from the last recorded click, which lags the real one by under
    TOUCH_EVERY, so a session may end up to a minute before the full idle time has passed."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or now_utc()
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    last = row.last_seen_at or row.created_at
    if now - last >= idle_timeout():
        return None
    user = session.get(User, row.user_id)
    if not may_sign_in(user):  # disabled since, or a demo account after demo mode was switched off
        return None
    return Resumed(principal_for(session, user), row.id, now - last >= TOUCH_EVERY)


def touch(session: Session, session_id: int, now: datetime | None = None) -> bool:
    """Record a click: move last_seen_at to now unless another process did so within TOUCH_EVERY.
    Returns whether a row was written. Call inside write_session()."""
    now = now or now_utc()
    stale = now - TOUCH_EVERY
    result = session.execute(update(AuthSession).where(
        AuthSession.id == session_id, AuthSession.revoked_at.is_(None),
        or_(AuthSession.last_seen_at.is_(None), AuthSession.last_seen_at <= stale)).values(last_seen_at=now))
    return bool(result.rowcount)


def resume(session: Session, token: str | None, now: datetime | None = None) -> Principal | None:
    """The principal of a live session token (see check), sliding its idle deadline in the caller's
    transaction when due. Inside read_session() the slide is not kept: the app uses resume_click."""
    found = check(session, token, now)
    if found is None:
        return None
    if found.touch_due:
        touch(session, found.session_id, now)
    return found.principal


def resume_click(token: str | None, now: datetime | None = None, engine=None) -> Principal | None:
    """What every click of the app does: one read, and a short write only when the session's last
    recorded click is a minute old (so a busy user costs one write a minute, not one per click)."""
    from db.session import read_session, write_session

    with read_session(engine) as s:
        found = check(s, token, now)
    if found is None:
        return None
    if found.touch_due:
        try:
            with write_session(engine) as s:
                touch(s, found.session_id, now)
        except SQLAlchemyError:
            pass  # a busy database must not sign the user out; the next click tries again
    return found.principal


def sign_out(session: Session, token: str | None, now: datetime | None = None) -> bool:
    """Revoke the session on the server. Returns whether a live session was ended."""
    if not isinstance(token, str) or not token:
        return False
    now = now or now_utc()
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    user = session.get(User, row.user_id)
    if user is not None:
        try:
            actor = principal_for(session, user)
        except PermissionDenied:  # lost its scope since signing in: still signed out, and logged
            actor = Principal(user.id, user.username, user.role, bureau_id=None)
        audit.record(session, actor, "sign_out", "session", user.id)
    return True


def prune(session: Session, now: datetime | None = None) -> None:
    """Forget sign-in attempts and ended sessions older than KEEP (run on each successful sign-in;
    the audit log keeps who signed in when)."""
    cutoff = (now or now_utc()) - KEEP
    session.execute(delete(SignInAttempt).where(SignInAttempt.at < cutoff))
    session.execute(delete(AuthSession).where(AuthSession.expires_at < cutoff))


def revoke_all(session: Session, user_id: int, now: datetime | None = None) -> None:
    session.execute(update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=now or now_utc()))


# ---- trusted reverse-proxy header (SSO gateways) --------------------------------------------

@dataclass(frozen=True)
class TrustedHeaderConfig:
    header: str | None  # e.g. X-Remote-User; None = mode off (the default)
    proxies: TrustedProxies


def trusted_header_config() -> TrustedHeaderConfig:
    """EDUKPI_TRUSTED_HEADER names the header; EDUKPI_TRUSTED_PROXIES lists the proxy addresses
    allowed to set it (default: this machine only)."""
    header = (settings.get().trusted_header or "").strip() or None
    return TrustedHeaderConfig(header, trusted_proxies())


def principal_from_proxy(session: Session, headers: Headers, remote_ip: str | None,
                         config: TrustedHeaderConfig | None = None) -> Principal | None:
    """The user the SSO gateway vouches for, if the mode is on, the connection comes straight from an
    allowed proxy, the header is there exactly once, and the user exists here and may sign in.
    Otherwise None (show the 登录 page). `remote_ip` is the TCP peer; an unknown peer (None) is never
    a proxy, whatever the reason Streamlit had for not knowing it."""
    config = config or trusted_header_config()
    if not config.header or not is_trusted_peer(remote_ip, config.proxies):
        return None
    values = header_values(headers, config.header)
    if len(values) != 1:  # missing, or sent twice (a client's copy the proxy did not replace)
        return None
    username = values[0].strip()
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username))
    if not may_sign_in(user):
        return None
    return principal_for(session, user)
