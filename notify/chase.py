"""催报: which schools of each district have not submitted a period's figures, as of a given time.

The classification is kpis.progress.classify (按时 / 逾期 / 未报送), fed with the uploads made up to
that time, so `notify run --at` two days before a deadline sees what was missing then. A school's
contact is shown where the roster has one (optional OrgUnit fields: CONTACT_FIELDS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import OrgUnit, Plan, ReportingPeriod, Submission
from kpis import figures, progress
from kpis.deadlines import CHINA, beijing
from kpis.periods import make, shift

# Contact columns a roster may carry; read when the model has them, else only names are shown.
CONTACT_FIELDS = ("contact_person", "contact_phone")  # the roster's 联系人 and 联系电话 (migration 1902)


@dataclass(frozen=True)
class Outstanding:
    org_id: int
    code: str
    name: str
    state: str  # progress.MISSING or progress.LATE
    contact: str  # "联系人 张三 13800000000", or "" where the roster has none
    email: str | None

    @property
    def line(self) -> str:
        mark = "（逾期报送）" if self.state == progress.LATE else ""
        return f"{self.name}{mark}" + (f"（{self.contact}）" if self.contact else "")


@dataclass(frozen=True)
class District:
    id: int
    code: str
    name: str


def _scope(session: Session, bureau_id: int) -> figures.Scope:
    bureau = session.get(OrgUnit, bureau_id)
    return figures.Scope(plan_key="", plan_year=0, bureau_id=bureau_id, bureau_name=bureau.name)


def deadline(session: Session, bureau_id: int, period: str) -> datetime:
    return figures.deadline_of(session, _scope(session, bureau_id), period)


def periods_near(session: Session, bureau_id: int, at: datetime) -> list[str]:
    """Periods whose deadline may fall near `at`: the month before, this month, and any stored period
    with a deadline within 40 days either side (an adjusted deadline can be late)."""
    at = beijing(at)
    this = make(at.year, at.month)
    found = {shift(this, -2), shift(this, -1), this}
    for period, due in session.execute(select(ReportingPeriod.period, ReportingPeriod.deadline)
                                       .where(ReportingPeriod.bureau_id == bureau_id)):
        if abs((beijing(due) - at).days) <= 40:
            found.add(period)
    return sorted(found)


def days_to(due: datetime, at: datetime) -> int:
    """Calendar days from `at` to the deadline, Beijing dates: 1 on the day before, 0 on the day."""
    return (beijing(due).date() - beijing(at).date()).days


def _wall(t) -> datetime | None:  # noqa: ANN001
    """A stored upload time as Beijing wall-clock time (SQLite keeps it without its offset)."""
    if t is None or pd.isna(t):
        return None
    t = pd.Timestamp(t).to_pydatetime()
    return t.astimezone(CHINA).replace(tzinfo=None) if t.tzinfo else t


def outstanding(session: Session, bureau_id: int, period: str, at: datetime,
                district_id: int | None = None) -> tuple[list[District], dict[int, list[Outstanding]]]:
    """The bureau's districts, and per district id the schools not on time as of `at` (未报送 first).

    Before the deadline that is the schools with no accepted upload yet; after it, also those that
    uploaded late. Schools not open in the period are left out, as 填报进度 does."""
    scope = _scope(session, bureau_id)
    schools = figures.load_schools(session, scope)
    schools = schools[schools["opened_on"].isna() | (schools["opened_on"] <= period)]
    schools = schools[schools["closed_on"].isna() | (schools["closed_on"] >= period)]
    if district_id is not None:
        schools = schools[schools["district_id"] == district_id]
    districts = [District(i, c, n) for i, c, n in session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name).where(OrgUnit.bureau_id == bureau_id,
                                                           OrgUnit.level == "district").order_by(OrgUnit.code))]
    due = deadline(session, bureau_id, period)
    subs = figures.rows_frame(session.execute(
        select(Submission.org_unit_id, Submission.status, Submission.uploaded_at, Submission.on_time)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .where(Submission.period == period, OrgUnit.bureau_id == bureau_id)).all(),
        ["org_id", "status", "uploaded_at", "on_time"])
    if not subs.empty:
        cutoff = beijing(at).replace(tzinfo=None)
        subs = subs[[(_wall(t) or cutoff) <= cutoff for t in subs["uploaded_at"]]]
    table = progress.classify(schools, {d.id: d.name for d in districts}, subs, due)
    contacts = _contacts(session, list(schools.index))
    by_code = {code: (org_id, d) for org_id, code, d in zip(schools.index, schools["code"], schools["district_id"])}
    out: dict[int, list[Outstanding]] = {}
    order = {progress.MISSING: 0, progress.LATE: 1}
    rows = table[table["报送状态"] != progress.ON_TIME]
    for code, name, state in sorted(zip(rows["学校标识码"], rows["学校名称"], rows["报送状态"]),
                                    key=lambda r: (order[r[2]], r[0])):
        org_id, d = by_code[code]
        contact, email = contacts.get(org_id, ("", None))
        out.setdefault(int(d), []).append(Outstanding(int(org_id), code, name, state, contact, email))
    return districts, out


def _contacts(session: Session, org_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """联系人 and 联系电话 as the message shows them; no school e-mail address is kept yet (None)."""
    out: dict[int, tuple[str, str | None]] = {}
    for chunk in range(0, len(org_ids), 1000):
        for org_id, person, phone in session.execute(
                select(OrgUnit.id, OrgUnit.contact_person, OrgUnit.contact_phone)
                .where(OrgUnit.id.in_(org_ids[chunk:chunk + 1000]))):
            shown = " ".join(v for v in (person, phone) if v)
            out[org_id] = ((f"联系人 {shown}" if shown else ""), None)
    return out


def plan_for(session: Session, bureau_id: int, period: str) -> Plan | None:
    """The bureau's plan of the period's year (else its newest), for links and statuses."""
    year = int(period[:4])
    plans = list(session.scalars(select(Plan).where(Plan.bureau_id == bureau_id).order_by(Plan.year)))
    return next((p for p in plans if p.year == year), plans[-1] if plans else None)


def deadline_text(due: datetime) -> str:
    t = beijing(due)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def today(at: datetime) -> date:
    return beijing(at).date()
