"""Helpers for the reporting-cycle tests: real uploads through ingest, principals of the demo accounts,
and a snapshot of everything a refused action must leave alone."""

from __future__ import annotations

from sqlalchemy import func, select

from auth.identity import principal_named
from auth.principal import SYSTEM, Principal
from db.models import (AuditLog, BureauUpdate, PeriodLock, ReportingState, ReportingTransition, SchoolValues,
                       Submission)
from db.session import read_session
from ingest.template import build_template
from ingest.upload import upload
from tests.ingest.helpers import PRIMARY, SCHOOL, fill

PLAN = "2025-taizhou"


def who(name: str) -> Principal:
    with read_session() as s:
        return principal_named(s, name)


def send(period: str, school: str = SCHOOL, students: int = 812, as_: Principal = SYSTEM, name: str = "本校.xlsx",
         **cells: object):
    """Upload a filled template for the school and period (committed); returns the result. `cells`
    override PRIMARY by header prefix."""
    content = fill(build_template(SYSTEM, school, period), default=dict(PRIMARY, 在校学生数=students, **cells))
    r = upload(as_, name, content, period=period, org_code=school, commit=True)
    assert r.status == "accepted", [i.message for i in r.errors]
    return r


def state_row(school: str, period: str) -> tuple[str, int | None, int] | None:
    from db.models import OrgUnit

    with read_session() as s:
        org = s.scalar(select(OrgUnit.id).where(OrgUnit.code == school))
        r = s.scalar(select(ReportingState).where(ReportingState.org_unit_id == org, ReportingState.period == period))
        return None if r is None else (r.state, r.submission_id, r.version)


def snapshot() -> dict[str, object]:
    """Row counts and the newest ids of every table a cycle action or an upload could write."""
    with read_session() as s:
        out: dict[str, object] = {}
        for model in (Submission, SchoolValues, ReportingState, ReportingTransition, AuditLog, BureauUpdate, PeriodLock):
            out[model.__tablename__] = s.scalar(select(func.count()).select_from(model))
        out["states"] = sorted((r.org_unit_id, r.period, r.state, r.version, r.submission_id)
                               for r in s.scalars(select(ReportingState)))
        out["locks"] = sorted((r.bureau_id, r.period, r.locked) for r in s.scalars(select(PeriodLock)))
        return out
