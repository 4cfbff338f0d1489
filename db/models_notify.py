"""Tables of notifications (issue 16): channels, rules and the outbox. No domain rules live here;
notify/ decides what goes in them. Imported by db.models so that Base.metadata knows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class NotifyChannel(Base):
    """Where messages go: a 企业微信 or 钉钉 group robot, or an email address, for one scope of a bureau.

    The webhook URL, the 钉钉 signing secret and the SMTP password are stored encrypted (notify.vault);
    `target_hint` is what may be shown again (host and the last characters)."""

    __tablename__ = "notify_channel"
    __table_args__ = (UniqueConstraint("bureau_id", "name", name="uq_notify_channel_bureau_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # notify.vocab.ChannelKind
    scope_level: Mapped[str] = mapped_column(String(12))  # notify.vocab.ScopeLevel
    scope_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"), index=True)
    department: Mapped[Optional[str]] = mapped_column(String(50))  # the 科室 of a department channel
    target_encrypted: Mapped[str] = mapped_column(Text)
    target_hint: Mapped[str] = mapped_column(String(200))
    secret_encrypted: Mapped[Optional[str]] = mapped_column(Text)
    config: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # SMTP host, port, starttls, sender, user
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))


class NotifyRule(Base):
    """One kind of message a bureau sends (催报, 逾期名单, status changes, briefing …): on or off, when
    (a cron expression in Beijing time) and its parameters (days before the deadline …)."""

    __tablename__ = "notify_rule"
    __table_args__ = (UniqueConstraint("bureau_id", "kind", name="uq_notify_rule_bureau_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # notify.vocab.RuleKind
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    schedule: Mapped[str] = mapped_column(String(60))  # cron, Beijing time, e.g. "0 9 * * *"
    params: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)


class NotifyOutbox(Base):
    """One message to one channel. Written in the transaction of the event that causes it, delivered by
    the worker. `dedup_key` (rule, scope, period, day, channel) is unique: queuing it twice is a no-op.

    status: pending (lease_until set while a worker holds it) → sending (the request is under way) →
    sent | failed. A `sending` row whose lease ran out was interrupted mid-send: it is failed as
    "状态不明", never sent again by itself (at most once)."""

    __tablename__ = "notify_outbox"
    __table_args__ = (UniqueConstraint("dedup_key", name="uq_notify_outbox_dedup_key"),
                      Index("ix_notify_outbox_due", "status", "next_attempt_at"),
                      Index("ix_notify_outbox_channel_started", "channel_id", "started_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(Integer, index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notify_channel.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(20))
    scope_code: Mapped[str] = mapped_column(String(60))
    scope_org_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)  # for a district's view of the log
    period: Mapped[Optional[str]] = mapped_column(String(7))
    dedup_key: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # e.g. {"briefing_id": 3, "page": 2}
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[Optional[str]] = mapped_column(String(80))
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    acknowledged_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
