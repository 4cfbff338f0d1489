"""Which data elements a bureau's schools report: those the school-path KPI formulas use.

Shared by the demo generator and the upload pipeline, so a template asks exactly for what the
dashboards compute from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DataElement, Kpi, OrgUnit, Plan
from kpis.catalog.formula import formula_elements

# Every school reports its size, whatever its plan computes: ratios and weights need it.
ALWAYS = ("kg_enrolled", "students")


def plan_element_codes(session: Session, plan: Plan) -> set[str]:
    """The elements the plan's open KPI definitions use, plus the basic sizes."""
    used = set(ALWAYS)
    for k in session.scalars(select(Kpi).where(Kpi.plan_id == plan.id)):
        for v in k.versions:
            if v.valid_to is None:
                used |= set(formula_elements(v.formula))
    return used


def bureau_element_codes(session: Session, bureau_id: int) -> set[str]:
    used: set[str] = set()
    for plan in session.scalars(select(Plan).where(Plan.bureau_id == bureau_id)):
        used |= plan_element_codes(session, plan)
    return used


def bureau_elements(session: Session, bureau_id: int) -> list[DataElement]:
    """The elements any school of the bureau reports, in catalog order."""
    used = bureau_element_codes(session, bureau_id)
    return [e for e in session.scalars(select(DataElement).order_by(DataElement.id)) if e.code in used]


def school_elements(session: Session, school: OrgUnit, elements: list[DataElement] | None = None) -> list[DataElement]:
    """The elements this school reports: its bureau's elements that apply to its school type."""
    elements = elements if elements is not None else bureau_elements(session, int(school.bureau_id or 0))
    return [e for e in elements if school.school_type in (e.school_types or [])]
