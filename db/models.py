"""SQLAlchemy 2.x models of EduKPI's core data. No domain rules live here.

Periods are 'YYYY-MM' strings throughout: they sort, compare and travel through URLs and
spreadsheets unchanged, and mean the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

import orjson
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class OrgUnit(Base):
    """Bureau → district/town (片区/街道/镇) → school, one tree per bureau."""

    __tablename__ = "org_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # 学校标识码 for schools
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))  # bureau | district | school
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"), index=True)
    bureau_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"), index=True)
    school_type: Mapped[Optional[str]] = mapped_column(String(2))  # 11 21 31 34 36 51
    ownership: Mapped[Optional[str]] = mapped_column(String(4))  # 公办 | 民办
    inclusive: Mapped[bool] = mapped_column(Boolean, default=False)  # 普惠性 (private kindergartens)
    opened_on: Mapped[Optional[str]] = mapped_column(String(7))  # YYYY-MM
    closed_on: Mapped[Optional[str]] = mapped_column(String(7))
    # Whom 催报 reaches at a school (学校名册's 联系人/联系电话; migration 1902).
    contact_person: Mapped[Optional[str]] = mapped_column(String(50))
    contact_phone: Mapped[Optional[str]] = mapped_column(String(30))

    parent: Mapped[Optional["OrgUnit"]] = relationship(remote_side=[id], foreign_keys=[parent_id])


class Plan(Base):
    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(40), unique=True)  # file stem, e.g. 2022-yichang
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    script: Mapped[str] = mapped_column(String(12), default="simplified")
    source_text: Mapped[Optional[str]] = mapped_column(Text)

    bureau: Mapped[OrgUnit] = relationship()
    sections: Mapped[list["PlanSection"]] = relationship(
        back_populates="plan", order_by="PlanSection.position", cascade="all, delete-orphan"
    )


class PlanSection(Base):
    __tablename__ = "plan_section"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))

    plan: Mapped[Plan] = relationship(back_populates="sections")
    items: Mapped[list["PlanItem"]] = relationship(
        back_populates="section", order_by="PlanItem.position", cascade="all, delete-orphan"
    )


class PlanItem(Base):
    """A numbered task of the plan (1. 2. …)."""

    __tablename__ = "plan_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[Optional[str]] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)

    section: Mapped[PlanSection] = relationship(back_populates="items")


class Kpi(Base):
    """The identity of a KPI; its definition lives in versions so history is never rewritten."""

    __tablename__ = "kpi"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("plan_item.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # sha256 of the catalog definition last applied: a catalog sync that finds the same digest leaves
    # the KPI alone, so an admin's revision survives restarts until the catalog file itself changes.
    catalog_digest: Mapped[Optional[str]] = mapped_column(String(64))

    versions: Mapped[list["KpiVersion"]] = relationship(
        back_populates="kpi", order_by="KpiVersion.valid_from", cascade="all, delete-orphan"
    )


class KpiVersion(Base):
    __tablename__ = "kpi_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id"), index=True)
    valid_from: Mapped[str] = mapped_column(String(7))  # first period it applies to
    valid_to: Mapped[Optional[str]] = mapped_column(String(7))  # last period, None = open
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20))
    comparator: Mapped[str] = mapped_column(String(12))
    target: Mapped[float] = mapped_column(Float)
    target_upper: Mapped[Optional[float]] = mapped_column(Float)
    baseline_value: Mapped[Optional[float]] = mapped_column(Float)
    baseline_period: Mapped[Optional[str]] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    data_path: Mapped[str] = mapped_column(String(10))  # school | bureau
    frequency: Mapped[str] = mapped_column(String(10))
    pace: Mapped[str] = mapped_column(String(12))
    owner: Mapped[Optional[str]] = mapped_column(String(50))
    formula: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[Optional[str]] = mapped_column(Text)
    # Who made this version and why: NULL for the catalog; an admin's revision names both.
    revised_by: Mapped[Optional[str]] = mapped_column(String(100))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, default=utcnow)

    kpi: Mapped[Kpi] = relationship(back_populates="versions")


class DataElement(Base):
    __tablename__ = "data_element"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20), default="")
    type: Mapped[str] = mapped_column(String(10))  # int float bool percent
    min_value: Mapped[Optional[float]] = mapped_column(Float)
    max_value: Mapped[Optional[float]] = mapped_column(Float)
    school_types: Mapped[list[Any]] = mapped_column(JSON, default=list)
    description: Mapped[Optional[str]] = mapped_column(Text)


class ReportingPeriod(Base):
    """A month a bureau collects figures for, with its deadline."""

    __tablename__ = "reporting_period"
    __table_args__ = (UniqueConstraint("bureau_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    period: Mapped[str] = mapped_column(String(7))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # leader department school district admin
    scope_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"))
    department: Mapped[Optional[str]] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A demo account (published password): usable only in demo mode (auth.identity.demo_mode).
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AuthSession(Base):
    """A signed-in browser: only the sha256 of its token is stored; sign-out sets revoked_at."""

    __tablename__ = "auth_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the absolute cap
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    client: Mapped[Optional[str]] = mapped_column(String(64))
    # The last click, written at most once a minute (None = none since sign-in: use created_at).
    last_seen_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class SignInAttempt(Base):
    """One sign-in attempt, kept to slow down repeated failures per user name and per client."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (Index("ix_sign_in_attempt_username_at", "username", "at"),
                      Index("ix_sign_in_attempt_client_at", "client", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(60))
    client: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)


class Submission(Base):
    """One uploaded file. Nothing uploaded is ever thrown away, accepted or not; the bytes are kept
    once per sha256: a row with empty content has them in an earlier row of the same sha256 (a
    district file's children, a refused file sent again; ingest.store.file_bytes)."""

    __tablename__ = "submission"
    # 填报进度 and 指标详情 read one period's submissions; at province size (609,334 rows) that was a
    # full scan of the table on every cold load.
    # The daily cap on stored bytes sums one account's uploads since midnight (ingest.store.stored_today).
    __table_args__ = (Index("ix_submission_period_org", "period", "org_unit_id"),
                      Index("ix_submission_uploader_day", "uploaded_by", "uploaded_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[Optional[str]] = mapped_column(String(7))
    uploaded_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(12))  # accepted | rejected | superseded
    errors: Mapped[Optional[list[Any]]] = mapped_column(JSON)
    on_time: Mapped[Optional[bool]] = mapped_column(Boolean)
    supersedes_id: Mapped[Optional[int]] = mapped_column(ForeignKey("submission.id"))
    # A district workbook is one file submission (its bytes) with one child per school it covers.
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("submission.id"), index=True)
    uploaded_by_name: Mapped[Optional[str]] = mapped_column(String(100))  # who, also when not a user
    # file (an uploaded workbook or CSV) | form (数据填报's web form; ingest.form.Source)
    source: Mapped[str] = mapped_column(String(8), default="file", server_default="file")


class SchoolValues(Base):
    """One school's figures for one period: {element id: value} in one row; the submission that
    last wrote it is its provenance (each upload keeps its own bytes in ``submission``).

    One row per school and period, not one per value: a district workbook of 10,000 schools × 20
    elements is 10,000 rows to write instead of 200,000, and every read (all by period) gets a
    school's figures in one row. See encode_values/decode_values for the column's format."""

    __tablename__ = "school_values"
    # Period first: every read is by period, and a new period's rows are appended in one place. On
    # SQLite the table IS that B-tree (WITHOUT ROWID): no surrogate id, no second index.
    __table_args__ = (PrimaryKeyConstraint("period", "org_unit_id", name="pk_school_values"),
                      {"sqlite_with_rowid": False})
    period: Mapped[str] = mapped_column(String(7))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    # JSON text {"<data_element.id>": number}; plain Text, not the JSON type: the same bytes on
    # SQLite and PostgreSQL, encoded and decoded once per row by the two functions below.
    values_json: Mapped[str] = mapped_column(Text)
    submission_id: Mapped[Optional[int]] = mapped_column(ForeignKey("submission.id"))


def encode_values(values: dict[int, float]) -> str:
    """{element id: value} → the school_values.values_json text, e.g. {"3":120.0,"7":1.0}.

    orjson, not the json module: encoding 10,000 schools' rows took 0.12 s with json (a fifth of the
    district upload's budget) and takes 0.03 s with orjson; the text is the same JSON either way."""
    return orjson.dumps(values, option=_ENCODE).decode()


# Element ids are int keys (written as "3"); numpy numbers are accepted as they come out of pandas.
_ENCODE = orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY


def decode_values(text: str | None) -> dict[int, float]:
    """school_values.values_json text → {element id: value}."""
    return {int(k): v for k, v in orjson.loads(text).items()} if text else {}


def decode_many(texts: list[str]) -> list[dict[str, float]]:
    """Many values_json texts at once → [{"<element id>": value}, …] (keys stay text): one parse for
    a whole period, which is what pandas turns into a table fastest."""
    return orjson.loads("[" + ",".join(texts) + "]") if texts else []


class BureauUpdate(Base):
    """A 科室's figure for a bureau-level KPI in a period; the newest row of a (KPI, period) counts."""

    __tablename__ = "bureau_update"
    __table_args__ = (Index("ix_bureau_update_kpi_period", "kpi_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id"))
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[Optional[float]] = mapped_column(Float)
    note: Mapped[Optional[str]] = mapped_column(Text)
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The 科室's check-in beside the figure (migration 1701): does it need the bureau to coordinate,
    # and a free note; None on rows written before check-ins existed.
    needs_coordination: Mapped[Optional[bool]] = mapped_column(Boolean)
    checkin_note: Mapped[Optional[str]] = mapped_column(Text)


class BureauAttachment(Base):
    """A file attached as evidence to a 科室填报 update: its bytes, sha256, name, type and uploader."""

    __tablename__ = "bureau_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("bureau_update.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))  # from the bytes, not the name
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[Optional[str]] = mapped_column(String(60))
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    # The bureau whose data, plan or users the change concerns (None: no one bureau's, e.g. a system
    # admin's own sign-in); a bureau admin's 审计日志 is exactly the rows of their bureau. Like
    # entity_id, not a foreign key: the log keeps its rows whatever happens to what they name.
    bureau_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)


class Briefing(Base):
    """A numbered, frozen snapshot of a month's figures; files are rendered from the snapshot."""

    __tablename__ = "briefing"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    period: Mapped[str] = mapped_column(String(7))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class BriefingFile(Base):
    __tablename__ = "briefing_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefing.id"), index=True)
    format: Mapped[str] = mapped_column(String(8))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---- notifications (issue 16): channels, rules, the outbox; notify/ decides what goes in them ----

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
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
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    claimed_by: Mapped[Optional[str]] = mapped_column(String(80))
    started_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    acknowledged_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# ---- the monthly reporting cycle (issue 14): workflow/ decides the transitions ----

class ReportingState(Base):
    """Where a school's report for a period stands in the monthly cycle (workflow/): 已提交, 已退回,
    片区已审核 or 已确认 (no row = 未提交). `submission_id` is the upload under review and `version`
    grows with every transition, so an approval names what it saw (workflow.cycle)."""

    __tablename__ = "reporting_state"
    __table_args__ = (UniqueConstraint("org_unit_id", "period", name="uq_reporting_state_org_period"),
                      Index("ix_reporting_state_bureau_period", "bureau_id", "period"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    period: Mapped[str] = mapped_column(String(7))
    bureau_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))  # workflow.states.State
    submission_id: Mapped[Optional[int]] = mapped_column(ForeignKey("submission.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[Optional[str]] = mapped_column(Text)  # why it was returned (已退回)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    changed_by_name: Mapped[Optional[str]] = mapped_column(String(100))


class ReportingTransition(Base):
    """One step of a school's report through the cycle: from, to, who, when, why (the history)."""

    __tablename__ = "reporting_transition"
    __table_args__ = (Index("ix_reporting_transition_org_period", "org_unit_id", "period"),
                      Index("ix_reporting_transition_bureau_at", "bureau_id", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    bureau_id: Mapped[int] = mapped_column(Integer)
    from_state: Mapped[str] = mapped_column(String(10))
    to_state: Mapped[str] = mapped_column(String(10))
    submission_id: Mapped[Optional[int]] = mapped_column(Integer)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[Optional[int]] = mapped_column(Integer)
    user_name: Mapped[Optional[str]] = mapped_column(String(100))


class PeriodLock(Base):
    """A bureau's period closed by confirmation (locked) or opened again by an admin (locked=False,
    which also overrides the automatic lock N days after the deadline)."""

    __tablename__ = "period_lock"
    __table_args__ = (UniqueConstraint("bureau_id", "period", name="uq_period_lock_bureau_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    period: Mapped[str] = mapped_column(String(7))
    locked: Mapped[bool] = mapped_column(Boolean, default=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    user_name: Mapped[Optional[str]] = mapped_column(String(100))
    reason: Mapped[Optional[str]] = mapped_column(Text)  # why it was unlocked


class WorkflowSetting(Base):
    """A bureau's reporting-cycle settings: whether districts review first, whether a period locks
    itself N days after its deadline, and which leaders may confirm (admins always may)."""

    __tablename__ = "workflow_setting"
    bureau_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    district_review: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_lock_days: Mapped[Optional[int]] = mapped_column(Integer)  # None = off
    confirmers: Mapped[list[Any]] = mapped_column(JSON, default=list)  # user ids of leaders named to confirm


# ---- 督办 (issue 17): follow-up of red KPIs; followup/ decides the transitions ----

class FollowupItem(Base):
    """A 督办 item: a KPI that was 滞后 or 预警 in a period and scope, its cause and measures, the
    科室 or district that owns it, a due date and its state (followup.states). Overdue is not stored:
    it is the due date against today's date (kpis.followup_view.is_overdue)."""

    __tablename__ = "followup_item"
    __table_args__ = (Index("ix_followup_item_plan_state", "plan_id", "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))  # the month the KPI was red in
    scope_org_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # bureau, district or school
    kpi_status: Mapped[str] = mapped_column(String(10))  # 滞后 | 预警 when opened
    cause: Mapped[str] = mapped_column(Text)  # 原因分析
    measures: Mapped[str] = mapped_column(Text)  # 整改措施
    owner_kind: Mapped[str] = mapped_column(String(12))  # department | district
    owner: Mapped[str] = mapped_column(String(50))  # the 科室's name, or the district's code
    owner_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("org_unit.id"))  # the district
    due: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10))  # 待处理 | 处理中 | 待验收 | 已办结
    requested_due: Mapped[Optional[date]] = mapped_column(Date)  # an extension the owner asked for
    created_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class FollowupEvent(Base):
    """One step of a 督办 item: opened, progress (进展), closure asked, accepted or returned, an
    extension asked, granted or refused; with its note, the state after it and who took it."""

    __tablename__ = "followup_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("followup_item.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[Optional[str]] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))  # after the step
    due: Mapped[Optional[date]] = mapped_column(Date)  # the due date after the step
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowupAttachment(Base):
    """An evidence file of a 督办 step, checked as 科室填报's evidence is (ingest.evidence)."""

    __tablename__ = "followup_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("followup_event.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[Optional[int]] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
