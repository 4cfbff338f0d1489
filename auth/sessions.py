"""Server-side sign-in sessions, the failed-sign-in slow-down, and the trusted proxy-header mode.

A sign-in issues a random token (256 bits). The browser keeps it in a cookie; the database keeps
only its sha256, an expiry and, after sign-out, the time it was revoked. Whoever reads the
database cannot sign in with what they find, and sign-out ends the session on the server even if
a copy of the cookie survives. Sessions live in the database, so every app process behind a proxy
sees the same ones."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from auth import audit, passwords
from auth.principal import Principal
from auth.users import principal_for
from db.models import AuthSession, SignInAttempt, User

COOKIE_NAME = "edukpi_session"
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
FREE_FAILURES_PER_USER = 5  # then each attempt waits, doubling from BASE_DELAY up to MAX_DELAY
FREE_FAILURES_PER_CLIENT = 20  # a school office behind one address gets more room
BASE_DELAY = timedelta(seconds=15)
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


def _aware(dt: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def session_lifetime() -> timedelta:
    """How long a sign-in lasts (EDUKPI_SESSION_HOURS, default 8 hours: one working day)."""
    try:
        hours = float(os.environ.get("EDUKPI_SESSION_HOURS", "8"))
    except ValueError:
        hours = 8.0
    return timedelta(hours=min(max(hours, 0.05), 24 * 7))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _delay(failures: int, free: int) -> timedelta:
    if failures < free:
        return timedelta(0)
    return min(BASE_DELAY * (2 ** (failures - free)), MAX_DELAY)


def _failures_since_success(session: Session, column, value: str, now: datetime) -> tuple[int, datetime | None]:
    since = now - WINDOW
    last_ok = session.scalar(select(func.max(SignInAttempt.at)).where(column == value, SignInAttempt.success.is_(True),
                                                                      SignInAttempt.at >= since))
    if last_ok is not None:
        since = _aware(last_ok)
    count, last = session.execute(select(func.count(), func.max(SignInAttempt.at)).where(
        column == value, SignInAttempt.success.is_(False), SignInAttempt.at > since)).one()
    return int(count), (_aware(last) if last else None)


def wait_before_next_attempt(session: Session, username: str, client: str, now: datetime | None = None) -> int:
    """Seconds this user name or client must still wait before trying again (0 = may try now)."""
    now = now or now_utc()
    wait = timedelta(0)
    for column, value, free in ((SignInAttempt.username, username, FREE_FAILURES_PER_USER),
                                (SignInAttempt.client, client, FREE_FAILURES_PER_CLIENT)):
        n, last = _failures_since_success(session, column, value, now)
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
    session.add(SignInAttempt(at=now, username=username, client=client, success=ok))
    if not ok:
        return SignInOutcome(error=WRONG)
    if not user.active:
        return SignInOutcome(error="该账户已停用，请联系本局管理员。")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    token = secrets.token_urlsafe(32)
    expires = now + session_lifetime()
    session.add(AuthSession(token_hash=token_hash(token), user_id=user.id, created_at=now, expires_at=expires,
                            client=client))
    principal = principal_for(session, user)
    audit.record(session, principal, "sign_in", "session", user.id, after={"client": client})
    prune(session, now)
    return SignInOutcome(signed_in=SignedIn(token, principal, expires))


def resume(session: Session, token: str | None, now: datetime | None = None) -> Principal | None:
    """The principal of a live session token; None if unknown, forged, expired, revoked or disabled."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or now_utc()
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return principal_for(session, user)


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
        audit.record(session, principal_for(session, user), "sign_out", "session", user.id)
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
    proxies: frozenset[str]


def trusted_header_config() -> TrustedHeaderConfig:
    """EDUKPI_TRUSTED_HEADER names the header; EDUKPI_TRUSTED_PROXIES lists the proxy addresses
    allowed to set it (default: this machine only)."""
    header = (os.environ.get("EDUKPI_TRUSTED_HEADER") or "").strip() or None
    proxies = os.environ.get("EDUKPI_TRUSTED_PROXIES", "127.0.0.1,::1")
    return TrustedHeaderConfig(header, frozenset(p.strip() for p in proxies.split(",") if p.strip()))


def principal_from_proxy(session: Session, headers: Mapping[str, str], remote_ip: str | None,
                         config: TrustedHeaderConfig | None = None) -> Principal | None:
    """The user the SSO gateway vouches for, if the mode is on, the request came through an
    allowed proxy, and the user exists here and is active. Otherwise None (show the 登录 page)."""
    config = config or trusted_header_config()
    if not config.header:
        return None
    ip = remote_ip or "127.0.0.1"  # Streamlit reports no address for connections from localhost
    if ip not in config.proxies:
        return None
    username = None
    for k, v in headers.items():
        if k.lower() == config.header.lower():
            username = (v or "").strip()
            break
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        return None
    return principal_for(session, user)
