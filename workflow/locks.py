"""Period locks: a confirmed period is closed to uploads, web entries and 科室 updates until an admin
opens it again with a reason. A bureau may also let a period lock itself N days after its deadline
(off by default), like DHIS2's expiry days. Enforced here, in the services: a page that hides a
button is not a lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from core.errors import Forbidden, Invalid
from core.timezones import CHINA, now_utc
from db.models import OrgUnit, PeriodLock, ReportingPeriod
from kpis.deadlines import default_deadline
from kpis.periods import label
from workflow import rules
from workflow.states import clean_reason


def day_text(t: datetime) -> str:
    """2026年1月10日 (Beijing time): how dates are written."""
    t = t.astimezone(CHINA)
    return f"{t.year}年{t.month}月{t.day}日"


@dataclass(frozen=True)
class LockInfo:
    period: str
    at: datetime
    by: str  # who locked it ("系统" for the automatic lock)
    automatic: bool = False

    def text(self) -> str:
        if self.automatic:
            return f"已于{day_text(self.at)}（截止时间后）自动锁定"
        return f"已于{day_text(self.at)}由{self.by}确认并锁定"


class PeriodLocked(Forbidden):
    """A write into a locked period. Nothing was written; the message names who locked it and whom to ask."""

    def __init__(self, period: str, info: LockInfo, ask: list[str]):
        whom = f"本局管理员（{'、'.join(ask)}）" if ask else "本局管理员"
        super().__init__(f"{label(period)}的数据{info.text()}，不能再上传、填报或修改，本次没有写入任何数据。"
                         f"如确需更正，请联系{whom}解锁。")
        self.period = period
        self.info = info


def deadline(session: Session, bureau_id: int, period: str) -> datetime:
    due = session.scalar(select(ReportingPeriod.deadline).where(ReportingPeriod.bureau_id == bureau_id,
                                                                ReportingPeriod.period == period))
    return due if due is not None else default_deadline(period)


def lock_of(session: Session, bureau_id: int, period: str, now: datetime | None = None) -> LockInfo | None:
    """How the period is locked, or None when it is open. An admin's unlock (a row with locked=False)
    also keeps the automatic lock away."""
    row = session.scalar(select(PeriodLock).where(PeriodLock.bureau_id == bureau_id, PeriodLock.period == period))
    if row is not None:
        return LockInfo(period, row.at, row.user_name or "系统") if row.locked else None
    days = rules.settings_of(session, bureau_id).auto_lock_days
    if days is None:
        return None
    closes = deadline(session, bureau_id, period) + timedelta(days=days)
    return LockInfo(period, closes, "系统", automatic=True) if (now or now_utc()) > closes else None


def ensure_open(session: Session, bureau_id: int | None, period: str | None, now: datetime | None = None) -> None:
    """Refuse (PeriodLocked) a write into a locked period; call it before writing anything."""
    if bureau_id is None or not period:
        return
    info = lock_of(session, bureau_id, period, now)
    if info is not None:
        raise PeriodLocked(period, info, rules.admin_names(session, bureau_id))


def ensure_open_for_org(session: Session, org_id: int | None, period: str | None) -> None:
    """ensure_open for the bureau an org unit belongs to."""
    if org_id is None or not period:
        return
    ensure_open(session, scope.bureau_of(session.get(OrgUnit, org_id)), period)


def locked_periods(session: Session, bureau_id: int, periods: list[str], now: datetime | None = None) -> dict[str, LockInfo]:
    """Which of these periods are locked, and how."""
    out = {}
    for p in periods:
        info = lock_of(session, bureau_id, p, now)
        if info is not None:
            out[p] = info
    return out


def set_lock(session: Session, principal: Principal, bureau_id: int, period: str) -> LockInfo:
    """Close the period (workflow.cycle.lock confirms first). Audited."""
    if lock_of(session, bureau_id, period) is not None:
        raise Invalid(f"{label(period)}已经锁定，无需再次锁定。")
    row = session.scalar(select(PeriodLock).where(PeriodLock.bureau_id == bureau_id, PeriodLock.period == period))
    name = principal.display_name or principal.username
    now = now_utc()
    if row is None:
        row = PeriodLock(bureau_id=bureau_id, period=period)
        session.add(row)
    row.locked, row.at, row.user_id, row.user_name, row.reason = True, now, principal.user_id, name, None
    session.flush()
    audit.record(session, principal, "period_lock", "period_lock", f"{bureau_id}:{period}",
                 after={"period": period, "locked": True}, bureau_id=bureau_id)
    return LockInfo(period, now, name)


def unlock(session: Session, principal: Principal, bureau_id: int, period: str, reason: str) -> None:
    """Open a locked period again: the bureau's admins only, with a reason. Audited."""
    scope.require(principal.role == "admin" and scope.can_view_bureau(principal, bureau_id),
                  "只有本局管理员可以解锁填报期。")
    reason = clean_reason(reason, "解锁")
    info = lock_of(session, bureau_id, period)
    if info is None:
        raise Invalid(f"{label(period)}没有锁定，无需解锁。")
    row = session.scalar(select(PeriodLock).where(PeriodLock.bureau_id == bureau_id, PeriodLock.period == period))
    if row is None:
        row = PeriodLock(bureau_id=bureau_id, period=period)
        session.add(row)
    row.locked, row.at, row.user_id = False, now_utc(), principal.user_id
    row.user_name, row.reason = principal.display_name or principal.username, reason
    session.flush()
    audit.record(session, principal, "period_unlock", "period_lock", f"{bureau_id}:{period}",
                 before={"period": period, "locked": True, "by": info.by, "automatic": info.automatic},
                 after={"period": period, "locked": False, "reason": reason}, bureau_id=bureau_id)
