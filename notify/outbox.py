"""The outbox: every message, queued in the transaction of the event that causes it, and the states
the worker moves it through. Also the 通知记录 queries and the failure notice of the 总览.

Queue: one row per (message, channel); `dedup_key` = rule|scope|period|day|channel is unique and the
insert is ON CONFLICT DO NOTHING, so evaluating a rule twice, or two workers evaluating it at once,
queues it once. Claim: `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite's BEGIN IMMEDIATE lets
one writer in at a time) sets a lease; a row whose lease ran out before its request started goes
back to the pool. Start: under a per-channel lock, the channel's requests of the last minute are
counted (the robots accept 20 a minute) and the row becomes `sending`; only then is the request
made. A `sending` row whose lease ran out was cut off mid-request: it is failed as 状态不明 and never
repeated by itself, so no message is ever sent twice (at most once; an admin may resend it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from auth import audit
from auth import scope as authz
from auth.principal import Principal
from core.errors import NotFound
from core.timezones import UTC, now_utc
from db.models import OrgUnit
from db.models import NotifyChannel, NotifyOutbox
from db.session import queue_writers
from notify.vocab import RULE_LABELS, ChannelKind, Status

INTERRUPTED = ("发送过程中断（投递进程退出），无法确认对方是否收到；为避免重复发送，系统不会自动重发。"
               "如确认未收到，请在“通知记录”页重新发送。")
WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Draft:
    """A message for one channel, before it is queued. `key` is rule|scope|period|day (the channel is
    added by `enqueue`)."""

    rule: str
    channel: NotifyChannel
    scope_code: str
    scope_org_id: int | None
    period: str | None
    key: str
    subject: str
    text: str
    payload: dict[str, Any] | None = None


def enqueue(session: Session, drafts: list[Draft]) -> list[int]:
    """Queue the drafts in the caller's transaction; returns the ids of rows new to the outbox (a draft
    whose key is already queued, sent or failed is left alone)."""
    if not drafts:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = now_utc()
    new: list[int] = []
    for d in drafts:
        stmt = insert(NotifyOutbox).values(
            bureau_id=d.channel.bureau_id, channel_id=d.channel.id, rule=d.rule, scope_code=d.scope_code,
            scope_org_id=d.scope_org_id, period=d.period, dedup_key=f"{d.key}|ch{d.channel.id}"[:300],
            subject=d.subject[:300], text=d.text, payload=d.payload, status=Status.PENDING.value, attempts=0,
            next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=["dedup_key"]).returning(NotifyOutbox.id)
        got = session.execute(stmt).scalar()
        if got is not None:
            new.append(got)
    return new


def _aware(t: datetime | None) -> datetime | None:
    return None if t is None else (t if t.tzinfo else t.replace(tzinfo=UTC))


def claim(session: Session, worker: str, limit: int, lease: float, only: list[int] | None = None) -> list[int]:
    """In the caller's (write) transaction: fail interrupted sends, then take up to `limit` due rows."""
    now = now_utc()
    session.execute(update(NotifyOutbox)
                    .where(NotifyOutbox.status == Status.SENDING.value, NotifyOutbox.lease_until < now)
                    .values(status=Status.FAILED.value, last_error=INTERRUPTED, lease_until=None))
    q = (select(NotifyOutbox.id)
         .where(NotifyOutbox.status == Status.PENDING.value, NotifyOutbox.next_attempt_at <= now,
                or_(NotifyOutbox.lease_until.is_(None), NotifyOutbox.lease_until < now))
         .order_by(NotifyOutbox.id).limit(limit).with_for_update(skip_locked=True))
    if only is not None:
        q = q.where(NotifyOutbox.id.in_(only))
    ids = list(session.scalars(q))
    if ids:
        session.execute(update(NotifyOutbox).where(NotifyOutbox.id.in_(ids))
                        .values(lease_until=now + timedelta(seconds=lease), claimed_by=worker))
    return ids


def start(session: Session, outbox_id: int, worker: str, lease: float) -> tuple[NotifyOutbox, NotifyChannel] | datetime | None:
    """Mark a claimed row `sending`, within its channel's rate limit. Returns (row, channel) to send;
    a time when the channel is at its limit (the row was put back until then); None when the row is no
    longer this worker's (another took it after the lease ran out)."""
    row = session.get(NotifyOutbox, outbox_id)
    if row is None or row.status != Status.PENDING.value or row.claimed_by != worker:
        return None
    channel = session.get(NotifyChannel, row.channel_id)
    queue_writers(session, f"notify-channel-{channel.id}")  # one counter per channel across workers
    now = now_utc()
    recent = list(session.scalars(select(NotifyOutbox.started_at).where(
        NotifyOutbox.channel_id == channel.id, NotifyOutbox.started_at > now - WINDOW,
        NotifyOutbox.id != row.id).order_by(NotifyOutbox.started_at)))
    limit = ChannelKind(channel.kind).per_minute
    if len(recent) >= limit:
        free_at = _aware(recent[len(recent) - limit]) + WINDOW
        row.next_attempt_at, row.lease_until, row.claimed_by = free_at, None, None
        return free_at
    row.status = Status.SENDING.value
    row.started_at = now
    row.attempts = (row.attempts or 0) + 1
    row.lease_until = now + timedelta(seconds=lease)
    return row, channel


def finish(session: Session, outbox_id: int, worker: str, error: str | None, retry_at: datetime | None) -> Status:
    """Record how the request ended: sent (error None), pending again (retry_at), or failed."""
    row = session.get(NotifyOutbox, outbox_id)
    if row is None or row.claimed_by != worker:
        return Status.FAILED
    row.lease_until = None
    if error is None:
        row.status, row.sent_at, row.last_error = Status.SENT.value, now_utc(), None
    elif retry_at is not None:
        row.status, row.next_attempt_at, row.last_error, row.claimed_by = Status.PENDING.value, retry_at, error, None
    else:
        row.status, row.last_error = Status.FAILED.value, error
    return Status(row.status)


# --- what people read ------------------------------------------------------------------------

@dataclass(frozen=True)
class LogRow:
    id: int
    created_at: datetime
    sent_at: datetime | None
    channel: str
    kind: ChannelKind
    rule: str
    scope_code: str
    period: str | None
    status: Status
    attempts: int
    text: str
    error: str | None
    acknowledged: bool
    scope_name: str | None = None  # the school's, district's or bureau's name, when scope_code is one

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    def as_json(self) -> dict:
        return {"id": self.id, "channel": self.channel, "kind": str(self.kind), "rule": self.rule,
                "scope": self.scope_code, "period": self.period, "status": self.status.public,
                "attempts": self.attempts, "text": self.text, "error": self.error,
                "created_at": self.created_at.isoformat(), "sent_at": self.sent_at.isoformat() if self.sent_at else None}


def _visible(q, session: Session, principal: Principal, bureau_id: int | None):  # noqa: ANN001, ANN202
    """Admins: their bureau's messages (a system admin: all, or the bureau asked for). District officers:
    the messages about their district and its schools. Nobody else."""
    if bureau_id is not None:
        authz.require(authz.can_view_bureau(principal, bureau_id), "您无权查看该教育局的通知记录。")
        q = q.where(NotifyOutbox.bureau_id == bureau_id)
    if principal.role == "admin":
        return q.where(NotifyOutbox.bureau_id == principal.bureau_id) if principal.bureau_id is not None else q
    authz.require(principal.role == "district" and principal.scope_org_id is not None,
                  "只有管理员和片区/街道可以查看通知记录。")
    schools = select(OrgUnit.id).where(OrgUnit.parent_id == principal.scope_org_id)
    return q.where(or_(NotifyOutbox.scope_org_id == principal.scope_org_id, NotifyOutbox.scope_org_id.in_(schools)))


def log_rows(session: Session, principal: Principal, bureau_id: int | None = None, status: str | None = None,
             limit: int = 500) -> list[LogRow]:
    q = (select(NotifyOutbox, NotifyChannel.name, NotifyChannel.kind, OrgUnit.name)
         .join(NotifyChannel, NotifyChannel.id == NotifyOutbox.channel_id)
         .outerjoin(OrgUnit, OrgUnit.code == NotifyOutbox.scope_code)
         .order_by(NotifyOutbox.id.desc()).limit(limit))
    q = _visible(q, session, principal, bureau_id)
    if status:
        wanted = [Status.PENDING.value, Status.SENDING.value] if status == "pending" else [status]
        q = q.where(NotifyOutbox.status.in_(wanted))
    return [LogRow(o.id, _aware(o.created_at), _aware(o.sent_at), name, ChannelKind(kind), o.rule, o.scope_code,
                   o.period, Status(o.status), o.attempts, o.text, o.last_error, o.acknowledged_at is not None,
                   org_name)
            for o, name, kind, org_name in session.execute(q)]


def failed_notice_for_plan(session: Session, principal: Principal, plan_key: str) -> int:
    from db.models import Plan

    bureau_id = session.scalar(select(Plan.bureau_id).where(Plan.plan_key == plan_key))
    return failed_notice_count(session, principal, bureau_id) if bureau_id is not None else 0


def failed_notice_count(session: Session, principal: Principal, bureau_id: int) -> int:
    """Failed messages of the bureau no admin has marked as handled: the 总览 notice counts them."""
    if not authz.can_view_bureau(principal, bureau_id) or principal.role not in ("admin", "leader"):
        return 0
    return session.scalar(select(func.count()).select_from(NotifyOutbox).where(
        NotifyOutbox.bureau_id == bureau_id, NotifyOutbox.status == Status.FAILED.value,
        NotifyOutbox.acknowledged_at.is_(None))) or 0


def _own(session: Session, principal: Principal, outbox_id: int) -> NotifyOutbox:
    row = session.get(NotifyOutbox, outbox_id)
    if row is None:
        raise NotFound("该条通知已不存在。")
    authz.require(principal.role == "admin" and authz.can_view_bureau(principal, row.bureau_id),
                  "只有本局管理员可以处理发送失败的通知。")
    return row


def resend(session: Session, principal: Principal, outbox_id: int) -> None:
    """Queue a failed message again (the same row: its key still stops any other copy)."""
    row = _own(session, principal, outbox_id)
    if row.status != Status.FAILED.value:
        raise NotFound("只有发送失败的通知可以重新发送。")
    row.status, row.attempts, row.next_attempt_at = Status.PENDING.value, 0, now_utc()
    row.lease_until = row.claimed_by = row.started_at = row.acknowledged_at = None
    audit.record(session, principal, "resend", "notify_outbox", row.id, bureau_id=row.bureau_id,
                 before={"error": row.last_error})


def acknowledge(session: Session, principal: Principal, outbox_id: int) -> None:
    """Mark a failure as handled: it stays in the log and leaves the 总览 notice."""
    row = _own(session, principal, outbox_id)
    row.acknowledged_at = now_utc()
    audit.record(session, principal, "acknowledge", "notify_outbox", row.id, bureau_id=row.bureau_id)
