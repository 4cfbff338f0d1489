"""What the upload page offers a principal: the units they may upload for, and the periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select

from auth import scope
from auth.principal import Principal
from db.models import OrgUnit, ReportingPeriod
from db.session import read_session
from ingest import store
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import current_period, previous_period, shift


@dataclass(frozen=True)
class UploadTarget:
    code: str
    name: str
    level: str  # school | district

    @property
    def label(self) -> str:
        if self.level == "district":
            return f"{self.name}（全片区学校，多校工作簿）"
        return f"{self.name}（{SCHOOL_TYPE_LABELS.get(self.code[:2], '学校')}，{self.code}）"


@dataclass(frozen=True)
class PeriodChoice:
    period: str
    deadline: datetime


def upload_targets(principal: Principal, bureau_code: str | None = None, engine: Engine | None = None) -> list[UploadTarget]:
    """A school officer: their school. A district officer: their district's workbook, then each school.
    An admin: every district and school of the bureau (bureau_code picks it for a system admin)."""
    with read_session(engine) as s:
        if principal.role == "school":
            org = s.get(OrgUnit, principal.scope_org_id) if principal.scope_org_id else None
            return [UploadTarget(org.code, org.name, "school")] if org is not None else []
        if principal.role == "district":
            d = s.get(OrgUnit, principal.scope_org_id) if principal.scope_org_id else None
            if d is None:
                return []
            schools = s.scalars(select(OrgUnit).where(OrgUnit.parent_id == d.id, OrgUnit.level == "school")
                                .order_by(OrgUnit.code))
            return [UploadTarget(d.code, d.name, "district")] + [UploadTarget(o.code, o.name, "school") for o in schools]
        if principal.role != "admin":
            return []
        bureau_id = principal.bureau_id
        if bureau_id is None:
            b = s.scalar(select(OrgUnit).where(OrgUnit.code == bureau_code, OrgUnit.level == "bureau")) if bureau_code else None
            if b is None:
                return []
            bureau_id = b.id
        scope.require(scope.can_view_bureau(principal, bureau_id))
        orgs = list(s.scalars(select(OrgUnit).where(OrgUnit.bureau_id == bureau_id, OrgUnit.level.in_(("district", "school")))
                              .order_by(OrgUnit.code)))
        districts = [o for o in orgs if o.level == "district"]
        out: list[UploadTarget] = []
        for d in districts:
            out.append(UploadTarget(d.code, d.name, "district"))
            out += [UploadTarget(o.code, o.name, "school") for o in orgs if o.parent_id == d.id]
        return out


def period_choices(principal: Principal, org_code: str, today: date | None = None,
                   engine: Engine | None = None) -> list[PeriodChoice]:
    """Newest first: the bureau's reporting periods and the twelve months up to last month, with deadlines."""
    with read_session(engine) as s:
        org = s.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
        if org is None:
            return []
        scope.require(scope.can_view_org(principal, scope.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)))
        bureau_id = int(org.bureau_id or org.id)
        known = {rp.period: rp for rp in s.scalars(select(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau_id))}
        last = previous_period(current_period(today))
        periods = set(known) | {shift(last, -i) for i in range(12)}
        return [PeriodChoice(p, store.deadline_of(s, bureau_id, p)) for p in sorted(periods, reverse=True)]
