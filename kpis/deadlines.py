"""填报截止时间: a bureau's reporting periods with their deadlines, and the admin's changes to them.

The rule of the default deadline lives here (the 10th of the next month, 23:59 Beijing time);
ingest.store.deadline_of and kpis.figures.deadline_of read a stored reporting_period row first and
fall back to it. Setting a deadline re-judges the period's uploads (submission.on_time) in the same
transaction, so 数据填报's history and 填报进度 agree with the deadline in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import Principal
from kpis.plans import plan_for
from db.models import OrgUnit, ReportingPeriod, Submission
from kpis.periods import current_period, is_period, label, parse, shift
from core.errors import Invalid
from core.timezones import CHINA  # noqa: F401 - Beijing time, defined once

DEADLINE_DAY = 10
MAX_AFTER_MONTH_END = timedelta(days=366)  # later than this is taken for a typing mistake in the year


class DeadlineError(Invalid):
    """A deadline or period the admin typed that cannot be used; str(exc) is a Chinese message."""


@dataclass(frozen=True)
class PeriodDeadline:
    period: str
    deadline: datetime  # Beijing time, tz-aware
    is_default: bool  # True when it is the default rule's deadline (stored or not)
    stored: bool  # a reporting_period row exists

    @property
    def label(self) -> str:
        return label(self.period)

    @property
    def state(self) -> str:
        return "默认" if self.is_default else "已调整"


def default_deadline(period: str) -> datetime:
    """Figures for a month are due on the 10th of the next month, 23:59 Beijing time."""
    y, m = parse(shift(period, 1))
    return datetime(y, m, DEADLINE_DAY, 23, 59, tzinfo=CHINA)


def month_end(period: str) -> datetime:
    """The first instant after the month (the 1st of the next month, 00:00 Beijing time)."""
    y, m = parse(shift(period, 1))
    return datetime(y, m, 1, 0, 0, tzinfo=CHINA)


def beijing(t: datetime) -> datetime:
    """A time in Beijing time. Stored times come back aware (db.types.UTCDateTime); a naive one is a
    time a person typed, which is Beijing time."""
    return t.replace(tzinfo=CHINA) if t.tzinfo is None else t.astimezone(CHINA)


def show(t: datetime) -> str:
    """2026年2月10日 23:59, as 数据填报 writes a deadline."""
    t = beijing(t)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def show_input(t: datetime) -> str:
    """The form parse_deadline reads back: 2026-02-20 23:59."""
    return beijing(t).strftime("%Y-%m-%d %H:%M")


def parse_deadline(text: str) -> datetime:
    """'2026-02-20 23:59' (also 2026/2/20 23:59, or a date alone = 23:59 that day) → Beijing time."""
    t = (text or "").strip().replace("/", "-").replace("：", ":")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            d = datetime.strptime(t, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d":
            d = d.replace(hour=23, minute=59)
        return d.replace(tzinfo=CHINA)
    raise DeadlineError(f"截止时间“{text}”无法识别。应为“年-月-日 时:分”（北京时间），如 2026-02-20 23:59。")


def _bureau_of(session: Session, principal: Principal, plan_key: str, write: bool) -> OrgUnit:
    if write:
        return plan_for(session, principal, plan_key, roles=("admin",),
                        denied="只有{bureau}的管理员可以调整填报截止时间。").bureau
    return plan_for(session, principal, plan_key, denied="您无权查看{bureau}的填报期。").bureau


def _check_period(period: str) -> None:
    if not is_period(period):
        raise DeadlineError(f"填报期“{period}”格式不对。应为 YYYY-MM，如 2026-01。")


def window(today: date | None = None) -> list[str]:
    """The last 13 months (this month included) and next month, oldest first."""
    now = current_period(today)
    return [shift(now, i) for i in range(-12, 2)]


def list_deadlines(session: Session, principal: Principal, plan_key: str, today: date | None = None) -> list[PeriodDeadline]:
    """Newest first: every period the bureau has a stored deadline for, and the window around today."""
    bureau = _bureau_of(session, principal, plan_key, write=False)
    stored = {rp.period: beijing(rp.deadline) for rp in
              session.scalars(select(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau.id))}
    out = []
    for p in sorted(set(stored) | set(window(today)), reverse=True):
        due = stored.get(p, default_deadline(p))
        out.append(PeriodDeadline(p, due, due == default_deadline(p), p in stored))
    return out


def _rejudge(session: Session, bureau_id: int, period: str, due: datetime) -> int:
    """Set submission.on_time of the period's uploads against the deadline; returns how many flipped."""
    rows = session.execute(
        select(Submission.id, Submission.uploaded_at, Submission.on_time)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .where(Submission.period == period, OrgUnit.bureau_id == bureau_id)).all()
    flips = [(sid, beijing(at) <= due) for sid, at, on_time in rows
             if at is not None and on_time != (beijing(at) <= due)]
    if flips:  # ORM bulk UPDATE by primary key: one executemany, however many uploads the period has
        session.execute(update(Submission), [{"id": sid, "on_time": ok} for sid, ok in flips])
    return len(flips)


@dataclass(frozen=True)
class DeadlineChange:
    period: str
    before: datetime
    after: datetime
    rejudged: int  # uploads whose 按时/逾期 changed

    @property
    def message(self) -> str:
        text = f"{label(self.period)}的截止时间已由 {show(self.before)} 改为 {show(self.after)}"
        if self.before == self.after:
            text = f"{label(self.period)}的截止时间仍为 {show(self.after)}，未做修改"
        if self.rejudged:
            text += f"；{self.rejudged} 份已上传报表的按时/逾期判定随之改变"
        return text + "。"


def set_deadline(session: Session, principal: Principal, plan_key: str, period: str,
                 deadline: datetime | str) -> DeadlineChange:
    """Store a period's deadline (admin of the bureau only; audited). It may not fall before the month ends."""
    bureau = _bureau_of(session, principal, plan_key, write=True)
    _check_period(period)
    due = parse_deadline(deadline) if isinstance(deadline, str) else beijing(deadline)
    due = due.replace(second=0, microsecond=0)
    end = month_end(period)
    if due < end:
        raise DeadlineError(
            f"{label(period)}的截止时间不能早于该月结束：填写的是 {show(due)}，"
            f"应为 {show(end)} 或之后（数据要在月底之后才能统计）。请改为下月的某一天，如 {show(default_deadline(period))}。")
    if due > end + MAX_AFTER_MONTH_END:
        raise DeadlineError(
            f"{label(period)}的截止时间 {show(due)} 比该月结束晚了一年以上，可能是年份填错了。"
            f"请检查年份，如 {show(default_deadline(period))}。")
    return _write(session, principal, bureau, period, due)


def reset_deadline(session: Session, principal: Principal, plan_key: str, period: str) -> DeadlineChange:
    """Back to the default rule: the stored row is removed (admin of the bureau only; audited)."""
    bureau = _bureau_of(session, principal, plan_key, write=True)
    _check_period(period)
    return _write(session, principal, bureau, period, None)


def _write(session: Session, principal: Principal, bureau: OrgUnit, period: str, due: datetime | None) -> DeadlineChange:
    rp = session.scalar(select(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau.id,
                                                      ReportingPeriod.period == period))
    before = beijing(rp.deadline) if rp is not None else default_deadline(period)
    if due is None:
        after = default_deadline(period)
        if rp is not None:
            session.delete(rp)
    else:
        after = due
        if rp is None:
            session.add(ReportingPeriod(bureau_id=bureau.id, period=period, deadline=due))
        else:
            rp.deadline = due
    session.flush()
    flipped = _rejudge(session, bureau.id, period, after) if after != before else 0
    if after != before:
        audit.record(session, principal, "reset_deadline" if due is None else "set_deadline", "reporting_period",
                     f"{bureau.code}:{period}", before={"period": period, "deadline": show(before)},
                     after={"period": period, "deadline": show(after), "rejudged": flipped})
    return DeadlineChange(period, before, after, flipped)
