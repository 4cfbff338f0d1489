"""Remove a plan a test created in the shared test database, so later tests see only the five plans."""

from sqlalchemy import delete, select

from db.models import Kpi, KpiVersion, OrgUnit, Plan, PlanItem, PlanSection
from db.session import write_session


def remove_plan(plan_key: str, bureau_code: str | None = None) -> None:
    with write_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == plan_key))
        if plan is not None:
            kpi_ids = list(s.scalars(select(Kpi.id).where(Kpi.plan_id == plan.id)))
            s.execute(delete(KpiVersion).where(KpiVersion.kpi_id.in_(kpi_ids)))
            s.execute(delete(Kpi).where(Kpi.id.in_(kpi_ids)))
            section_ids = list(s.scalars(select(PlanSection.id).where(PlanSection.plan_id == plan.id)))
            s.execute(delete(PlanItem).where(PlanItem.section_id.in_(section_ids)))
            s.execute(delete(PlanSection).where(PlanSection.id.in_(section_ids)))
            s.execute(delete(Plan).where(Plan.id == plan.id))
        if bureau_code:
            s.execute(delete(OrgUnit).where(OrgUnit.code == bureau_code, OrgUnit.level == "bureau"))


def remove_schools(codes: list[str], districts: list[str] = ()) -> None:
    """Remove schools (and districts) a roster test added to the shared database; they have no data."""
    with write_session() as s:
        s.execute(delete(OrgUnit).where(OrgUnit.code.in_(list(codes)), OrgUnit.level == "school"))
        if districts:
            s.execute(delete(OrgUnit).where(OrgUnit.name.in_(list(districts)), OrgUnit.level == "district"))


def restore_deadline(bureau_code: str, period: str, deadline=None) -> None:  # noqa: ANN001 - datetime | None
    """Put a period's reporting_period row back as it was (None: no row, the default applies)."""
    from db.models import ReportingPeriod

    with write_session() as s:
        bureau = s.scalar(select(OrgUnit).where(OrgUnit.code == bureau_code))
        s.execute(delete(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau.id, ReportingPeriod.period == period))
        if deadline is not None:
            s.add(ReportingPeriod(bureau_id=bureau.id, period=period, deadline=deadline))
