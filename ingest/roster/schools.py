"""A bureau's schools as the 学校与填报期 page lists them, and counts by district."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from kpis.plans import plan_for
from db.models import OrgUnit
from kpis.orgs import SCHOOL_TYPE_LABELS

def bureau_for(session: Session, principal: Principal, plan_key: str, write: bool) -> OrgUnit:
    if write:
        return plan_for(session, principal, plan_key, roles=("admin",),
                        denied="只有{bureau}的管理员可以维护学校名册。").bureau
    return plan_for(session, principal, plan_key, roles=("admin", "leader", "department"),
                    denied="您无权查看{bureau}的学校名册。").bureau


@dataclass(frozen=True)
class SchoolInfo:
    code: str
    name: str
    district_code: str
    district: str
    school_type: str
    ownership: str
    inclusive: bool
    opened_on: str | None
    closed_on: str | None
    contact_person: str | None = None
    contact_phone: str | None = None

    @property
    def type_label(self) -> str:
        return SCHOOL_TYPE_LABELS.get(self.school_type, "")

    def open_in(self, period: str) -> bool:
        return (self.opened_on is None or self.opened_on <= period) and (self.closed_on is None or self.closed_on >= period)


def schools_of(session: Session, bureau: OrgUnit) -> tuple[list[OrgUnit], list[OrgUnit]]:
    orgs = list(session.scalars(select(OrgUnit).where(OrgUnit.bureau_id == bureau.id).order_by(OrgUnit.code)))
    return [o for o in orgs if o.level == "district"], [o for o in orgs if o.level == "school"]


def list_schools(session: Session, principal: Principal, plan_key: str) -> list[SchoolInfo]:
    """The bureau's schools by district (districts in code order), then by code."""
    bureau = bureau_for(session, principal, plan_key, write=False)
    districts, schools = schools_of(session, bureau)
    names = {d.id: (d.code, d.name) for d in districts}
    order = {d.id: i for i, d in enumerate(districts)}
    schools.sort(key=lambda o: (order.get(o.parent_id, len(order)), o.code))
    return [SchoolInfo(o.code, o.name, *names.get(o.parent_id, ("", "")), o.school_type or o.code[:2],
                       o.ownership or "", bool(o.inclusive), o.opened_on, o.closed_on, o.contact_person,
                       o.contact_phone) for o in schools]


def counts_by_district(schools: list[SchoolInfo], period: str) -> list[dict[str, object]]:
    """Per district: schools open in the period by type, the total, and those closed by then."""
    out: dict[str, dict[str, object]] = {}
    for s in schools:
        row = out.setdefault(s.district, {"所属片区": s.district, **{v: 0 for v in SCHOOL_TYPE_LABELS.values()},
                                          "合计（所）": 0, "已停办（所）": 0})
        if s.open_in(period):
            row[s.type_label] += 1
            row["合计（所）"] += 1
        elif s.closed_on is not None and s.closed_on < period:
            row["已停办（所）"] += 1
    return list(out.values())
