"""The one current period of a bureau: what every page opens on when the address names no period.

The rule (docs/decisions.md, "One current period per bureau"): the *open reporting period* is the
month before today's month in Beijing time (its figures are due on the 10th, kpis.deadlines). While
that month lies in the plan year it is the current period; before the plan year starts it is the
plan's January; after the plan year it is the plan's last month (December), and the plan has ended:
admins and leaders are told to import next year's plan. The clock is injected (``now``) so the rule
is tested on both sides of the year's end; ``now()`` below is the one place the pages read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from auth.scope import bureau_of
from core import timezones
from db.models import OrgUnit, Plan
from kpis.periods import make, shift
from kpis.plans import plan_for


def now() -> datetime:
    """The clock of the period rule (tests replace it: during the plan year, after it)."""
    return timezones.now_utc()


@dataclass(frozen=True)
class CurrentPeriod:
    period: str  # YYYY-MM: the default period of every page for this plan
    plan_year: int
    open_period: str  # the month whose figures are being reported now
    ended: bool  # the plan year is over (today is in a later calendar year)

    @property
    def notice(self) -> str | None:
        """The line admins and leaders see on every page once the plan year is over."""
        if not self.ended:
            return None
        return f"{self.plan_year}年工作要点已结束；请导入{self.plan_year + 1}年工作要点"


def open_period(at: datetime | None = None) -> str:
    """The month being reported at ``at`` (default now): last month in Beijing time."""
    t = timezones.beijing(at or now())
    return shift(make(t.year, t.month), -1)


def of_plan_year(plan_year: int, at: datetime | None = None) -> CurrentPeriod:
    """The rule itself, for a plan of ``plan_year`` at the time ``at``."""
    at = at or now()
    opened = open_period(at)
    period = min(max(opened, make(plan_year, 1)), make(plan_year, 12))
    return CurrentPeriod(period, plan_year, opened, timezones.beijing(at).year > plan_year)


def for_plan(session: Session, principal: Principal, plan_key: str, at: datetime | None = None) -> CurrentPeriod:
    """The current period of a plan the principal may read (PlanNotFound / PermissionDenied otherwise)."""
    return of_plan_year(plan_for(session, principal, plan_key).year, at)


def newest_plan_year(session: Session, bureau_id: int) -> int | None:
    """The year of the bureau's newest plan (the one its reporting is measured against), or None."""
    return session.scalar(select(func.max(Plan.year)).where(Plan.bureau_id == bureau_id))


def for_bureau(session: Session, bureau_id: int, at: datetime | None = None) -> CurrentPeriod | None:
    """The bureau's current period, by its newest plan; None when the bureau has no plan yet.
    (No principal: it says which month is current, nothing about the bureau's data.)"""
    year = newest_plan_year(session, bureau_id)
    return None if year is None else of_plan_year(year, at)


def for_org(session: Session, org_code: str, at: datetime | None = None) -> CurrentPeriod | None:
    """The current period of the bureau an org unit (school, district, bureau) belongs to."""
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
    bureau = bureau_of(org)
    return None if bureau is None else for_bureau(session, bureau, at)
