"""Read what the KPI computation needs from the database, for a plan, a period and a scope.

Every function here takes the acting Principal and checks it with auth.scope before reading
anything: a district officer gets their district's schools and nothing else, whatever the page
asked for. The numbers themselves are computed by kpis/compute.py (pure functions)."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from auth import scope as authz
from auth.principal import Principal
from kpis.plans import get_plan
from db.models import (
    AuditLog,
    BureauUpdate,
    DataElement,
    Kpi,
    KpiVersion,
    OrgUnit,
    Plan,
    ReportingPeriod,
    ReportingState,
    SchoolValues,
    Submission,
    decode_many,
)
from kpis import applicability, compute
from kpis.catalog.query import version_at
from kpis.catalog.departments import owner_of
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import is_period, shift
from core.errors import Invalid
from kpis.vocabulary import KpiKind


class ScopeError(Invalid):
    """A plan, district, school or period that does not exist; str(exc) is a Chinese message."""


@dataclass(frozen=True)
class Scope:
    """Where the figures are taken: a bureau, one of its districts or one school; optionally one school type."""

    plan_key: str
    plan_year: int
    bureau_id: int
    bureau_name: str
    district_id: int | None = None
    district_name: str | None = None
    school_id: int | None = None
    school_name: str | None = None
    school_type: str | None = None

    @property
    def level(self) -> str:
        return "school" if self.school_id else "district" if self.district_id else "bureau"

    @property
    def label(self) -> str:
        parts = [self.bureau_name]
        if self.district_name:
            parts.append(self.district_name)
        if self.school_name:
            parts.append(self.school_name)
        if self.school_type:
            parts.append(f"仅{SCHOOL_TYPE_LABELS.get(self.school_type, self.school_type)}")
        return " · ".join(parts)


def rows_frame(rows, columns: list[str]) -> pd.DataFrame:
    """A DataFrame of query rows. The rows become plain tuples first: handed SQLAlchemy Row objects,
    pandas probes each one for attributes, which took longer than the query itself at province
    size (6.8 s against 1.4 s for 100,000 values)."""
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def _facts(o: OrgUnit) -> authz.OrgFacts:
    return authz.OrgFacts(o.id, o.level, o.parent_id, o.bureau_id)


def _plan(session: Session, plan_key: str) -> Plan:
    """The plan, unchecked: callers check the principal against plan.bureau_id (resolve_scope …)."""
    return get_plan(session, plan_key)


def plan_year(session: Session, principal: Principal, plan_key: str) -> int:
    """The plan's year, for a principal who may see the plan's bureau (PermissionDenied otherwise)."""
    plan = _plan(session, plan_key)
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权查看该教育局的数据。")
    return plan.year


def resolve_scope(session: Session, principal: Principal, plan_key: str, district: str | None = None,
                  school: str | None = None, school_type: str | None = None) -> Scope:
    """Turn codes into a checked Scope. Without district/school the principal's own widest scope is used
    (a district officer's district, a school officer's school); asking for more raises PermissionDenied."""
    plan = _plan(session, plan_key)
    bureau = plan.bureau
    authz.require(authz.can_view_bureau(principal, bureau.id), "您无权查看该教育局的数据。")
    if school_type and school_type not in SCHOOL_TYPE_LABELS:
        raise ScopeError(f"未知的学校类型 {school_type}，可选：{'、'.join(f'{k} {v}' for k, v in SCHOOL_TYPE_LABELS.items())}。")
    if not district and not school and principal.role in ("district", "school") and principal.scope_org_id:
        own = session.get(OrgUnit, principal.scope_org_id)
        if own is not None and own.level == "school":
            school = own.code
        elif own is not None:
            district = own.code
    d_org = s_org = None
    if district:
        d_org = session.scalar(select(OrgUnit).where(OrgUnit.code == district, OrgUnit.level == "district",
                                                     OrgUnit.bureau_id == bureau.id))
        if d_org is None:
            raise ScopeError(f"在{bureau.name}下未找到片区/街道 {district}。请用 python -m kpis orgs --plan {plan_key} 查看代码。")
        authz.require(authz.can_view_org(principal, _facts(d_org)), f"您无权查看{d_org.name}的数据。")
    if school:
        s_org = session.scalar(select(OrgUnit).where(OrgUnit.code == school, OrgUnit.level == "school",
                                                     OrgUnit.bureau_id == bureau.id))
        if s_org is None:
            raise ScopeError(f"在{bureau.name}下未找到学校 {school}。请用 python -m kpis orgs --plan {plan_key} 查看学校标识码。")
        if d_org is not None and s_org.parent_id != d_org.id:
            raise ScopeError(f"{s_org.name}不属于{d_org.name}。")
        authz.require(authz.can_view_org(principal, _facts(s_org)), f"您无权查看{s_org.name}的数据。")
        if d_org is None:
            d_org = session.get(OrgUnit, s_org.parent_id)
    if d_org is None and s_org is None:
        authz.require(authz.can_view_org(principal, _facts(bureau)), "您只能查看本片区或本校的数据。")
    return Scope(plan.plan_key, plan.year, bureau.id, bureau.name,
                 d_org.id if d_org else None, d_org.name if d_org else None,
                 s_org.id if s_org else None, s_org.name if s_org else None, school_type or None)


def scope_options(session: Session, principal: Principal, plan_key: str) -> dict:
    """The districts and schools this principal may pick, and whether the whole bureau is allowed.

    Returns {"bureau": bool, "districts": [(code, name)], "schools": [(code, name, district_code, type)]}."""
    plan = _plan(session, plan_key)
    if not authz.can_view_bureau(principal, plan.bureau_id):
        return {"bureau": False, "districts": [], "schools": []}
    # Plain rows, not ORM objects: a province has 10,000 schools and building as many OrgUnit
    # instances took a second of the first page load.
    orgs = session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.level, OrgUnit.parent_id,
                                  OrgUnit.bureau_id, OrgUnit.school_type)
                           .where(OrgUnit.bureau_id == plan.bureau_id).order_by(OrgUnit.code)).all()
    codes = {o.id: o.code for o in orgs}
    districts = [(o.code, o.name) for o in orgs if o.level == "district" and authz.can_view_org(principal, _facts(o))]
    schools = [(o.code, o.name, codes.get(o.parent_id), o.school_type) for o in orgs
               if o.level == "school" and authz.can_view_org(principal, _facts(o))]
    return {"bureau": authz.can_view_org(principal, _facts(plan.bureau)), "districts": districts, "schools": schools}


# --- loading --------------------------------------------------------------------------------

def kpi_defs(session: Session, plan_key: str, period: str) -> list[compute.KpiDef]:
    """The definitions in force in ``period`` for every KPI of the plan, in plan order."""
    plan = _plan(session, plan_key)
    kpis = session.scalars(select(Kpi).where(Kpi.plan_id == plan.id).options(selectinload(Kpi.versions))
                           .order_by(Kpi.position))
    return [to_def(k.code, version_at(k, period), plan.year) for k in kpis]


def to_def(code: str, v: KpiVersion, plan_year: int | None = None) -> compute.KpiDef:
    return compute.KpiDef(
        code=code, name=v.name, kind=v.kind, unit=v.unit, comparator=v.comparator, target=v.target,
        target_upper=v.target_upper, baseline_value=v.baseline_value, baseline_period=v.baseline_period,
        data_path=v.data_path, frequency=v.frequency, pace=v.pace, formula=v.formula, category=v.category,
        source=v.source, owner=owner_of(v.owner, v.category), valid_from=v.valid_from, valid_to=v.valid_to,
        plan_year=plan_year,
    )


def load_schools(session: Session, scope: Scope) -> pd.DataFrame:
    q = select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.parent_id, OrgUnit.school_type, OrgUnit.ownership,
               OrgUnit.inclusive, OrgUnit.opened_on, OrgUnit.closed_on).where(
        OrgUnit.bureau_id == scope.bureau_id, OrgUnit.level == "school")
    if scope.district_id:
        q = q.where(OrgUnit.parent_id == scope.district_id)
    if scope.school_id:
        q = q.where(OrgUnit.id == scope.school_id)
    if scope.school_type:
        q = q.where(OrgUnit.school_type == scope.school_type)
    df = rows_frame(session.execute(q).all(), ["org_id"] + compute.SCHOOL_COLUMNS)
    return df.set_index("org_id")


def load_wide(session: Session, scope: Scope, periods: list[str],
              elements: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The scope's figures: for each period, a table with one row per reporting school (index org_id)
    and one float column per element code; a school that left an element out has NaN there.

    Each school's period is one school_values row; a period's rows are parsed in one go and become
    the table directly (no long table to pivot: at province size that pivot was most of the load)."""
    q = (select(SchoolValues.org_unit_id, SchoolValues.period, SchoolValues.values_json)
         .join(OrgUnit, OrgUnit.id == SchoolValues.org_unit_id)
         .where(SchoolValues.period.in_(sorted(set(periods))), OrgUnit.bureau_id == scope.bureau_id))
    if scope.district_id:
        q = q.where(OrgUnit.parent_id == scope.district_id)
    if scope.school_id:
        q = q.where(OrgUnit.id == scope.school_id)
    if scope.school_type:
        q = q.where(OrgUnit.school_type == scope.school_type)
    code_of = {str(i): c for i, c in session.execute(select(DataElement.id, DataElement.code))}
    wanted = set(code_of.values()) if elements is None else set(elements)
    rows: dict[str, tuple[list[int], list[str]]] = {p: ([], []) for p in sorted(set(periods))}
    for org, period, text in session.execute(q):
        orgs, texts = rows[period]
        orgs.append(org)
        texts.append(text)
    out = {}
    for period, (orgs, texts) in rows.items():
        w = pd.DataFrame(decode_many(texts), index=pd.Index(orgs, name="org_id"))
        w = w.rename(columns=code_of)
        w = w[[c for c in w.columns if c in wanted]].astype(float)
        w.columns.name = "element"
        out[period] = w
    return out


def load_values(session: Session, scope: Scope, periods: list[str], elements: list[str] | None = None) -> pd.DataFrame:
    """The scope's figures for the periods as a long table (org_id, element code, period, value)."""
    return compute.long_values(load_wide(session, scope, periods, elements))


def load_bureau(session: Session, scope: Scope, periods: list[str] | None = None,
                carried: list[str] = ()) -> pd.DataFrame:
    """科室 entries of the plan's KPIs for the periods (all periods when None); for the KPIs in
    ``carried`` (milestones, which keep their newest earlier entry) every entry up to the last period."""
    q = (select(Kpi.code, BureauUpdate.period, BureauUpdate.value, BureauUpdate.created_at, BureauUpdate.id)
         .join(Kpi, Kpi.id == BureauUpdate.kpi_id).join(Plan, Plan.id == Kpi.plan_id)
         .where(Plan.plan_key == scope.plan_key))
    if periods is not None:
        wanted = BureauUpdate.period.in_(sorted(set(periods)))
        if carried and periods:
            wanted = or_(wanted, and_(Kpi.code.in_(sorted(set(carried))), BureauUpdate.period <= max(periods)))
        q = q.where(wanted)
    return rows_frame(session.execute(q).all(), ["code", "period", "value", "created_at", "id"])


def periods_needed(defs: list[compute.KpiDef], period: str, months_back: int = 1) -> list[str]:
    out = {shift(period, -i) for i in range(months_back + 1)}
    for d in defs:
        bp = compute.baseline_period_of(d)
        if d.is_relative and bp:
            out.add(bp)
    return sorted(out)


def check_period(period: str) -> None:
    if not is_period(period):
        raise ScopeError(f"期间格式应为 YYYY-MM（如 2025-03），收到：{period}")


def load_inputs(session: Session, scope: Scope, defs: list[compute.KpiDef], periods: list[str],
                wides: dict[str, pd.DataFrame] | None = None) -> compute.Inputs:
    return compute.Inputs.from_wide(load_schools(session, scope), wides if wides is not None else
                                    load_wide(session, scope, periods),
                                    load_bureau(session, scope, periods, [d.code for d in defs if d.kind == KpiKind.MILESTONE])
                                    if scope.level == "bureau" and not scope.school_type else None)


CONFIRMED = "已确认"  # workflow.states.State.CONFIRMED, the stored value (workflow sits above kpis)


def confirmed_ids(session: Session, scope: Scope, period: str) -> set[int]:
    """Schools of the scope whose figures for the period the bureau confirmed (reporting_state,
    written by workflow.cycle)."""
    return set(session.scalars(select(ReportingState.org_unit_id).where(
        ReportingState.bureau_id == scope.bureau_id, ReportingState.period == period,
        ReportingState.state == CONFIRMED)))


def _finality(results: list[compute.KpiResult], defs: list[compute.KpiDef], inp: compute.Inputs, period: str,
              confirmed: set[int]) -> None:
    """Fill each school KPI's confirmed / awaiting counts (of the schools that reported)."""
    by_code = {d.code: d for d in defs}
    pool = np.fromiter(confirmed, dtype=np.int64, count=len(confirmed))
    for r in results:
        ids = compute.reporting_ids(by_code[r.code], inp, period)
        if ids is None:
            continue
        r.confirmed = int(np.isin(ids, pool).sum())
        r.awaiting = int(len(ids)) - r.confirmed


def plan_status(session: Session, principal: Principal, plan_key: str, period: str, district: str | None = None,
                school: str | None = None, school_type: str | None = None,
                coverage_threshold: float = compute.DEFAULT_COVERAGE_THRESHOLD,
                confirmed_only: bool = False) -> tuple[Scope, list[compute.KpiResult]]:
    """Every KPI of a plan for a period and scope: the figures the 总览 page and the CLI show.
    `confirmed_only`: this period's school figures only from schools the bureau confirmed.

    Bureau-entered KPIs are bureau-wide: they are included only when the scope is the whole bureau
    (no district, school or school-type filter); in a narrower scope, school KPIs that no school of
    the scope reports for (kindergarten KPIs for a primary school) are left out."""
    check_period(period)
    scope = resolve_scope(session, principal, plan_key, district, school, school_type)  # the principal's right
    if not _sharing:
        return scope, _plan_results(session, scope, plan_key, period, coverage_threshold, confirmed_only)
    key = (scope, period, coverage_threshold, confirmed_only, data_stamp(session))
    with _shared_lock:
        hit = _shared.get(key)
    if hit is not None:
        return scope, copy.deepcopy(hit)
    results = _plan_results(session, scope, plan_key, period, coverage_threshold, confirmed_only)
    with _shared_lock:
        _shared[key] = copy.deepcopy(results)
        while len(_shared) > SHARED_ENTRIES:
            _shared.pop(next(iter(_shared)))  # the oldest first
    return scope, results


# In the app server, the figures of a scope are the same whoever may see it: kept once per process,
# keyed on the data's fingerprint (data_stamp, as the pages' own caches are), for every principal.
# kpis.warmup fills it before the first request, so the first 总览 after a restart does not compute a
# province (issue 18). The CLI and the tests compute afresh (sharing is off unless app.py turns it on).
SHARED_ENTRIES = 32
_shared: dict[tuple, list[compute.KpiResult]] = {}
_shared_lock = threading.Lock()
_sharing = False


def share_across_principals() -> None:
    """Turn the shared figures on for this process (app.py, before the server answers)."""
    global _sharing
    _sharing = True


def _plan_results(session: Session, scope: Scope, plan_key: str, period: str, coverage_threshold: float,
                  confirmed_only: bool) -> list[compute.KpiResult]:
    defs = kpi_defs(session, plan_key, period)
    periods = periods_needed(defs, period)
    wides = load_wide(session, scope, periods)
    inp = load_inputs(session, scope, defs, periods, wides)
    confirmed = confirmed_ids(session, scope, period)
    counted = inp
    if confirmed_only:  # only the schools the bureau confirmed count this period (earlier periods as stored)
        w = wides[period]
        counted = load_inputs(session, scope, defs, periods, {**wides, period: w[w.index.isin(confirmed)]})
    whole_bureau = scope.level == "bureau" and not scope.school_type
    results = compute.compute_all(defs, counted, period, include_bureau=whole_bureau,
                                  coverage_threshold=coverage_threshold)
    _finality(results, defs, inp, period, confirmed)
    if scope.school_id is not None and scope.school_id in inp.schools.index:
        # One school: a KPI outside its type or ownership says 不适用 and why (kpis.applicability).
        results = applicability.at_school(results, defs, school_facts(inp.schools.loc[scope.school_id]))
    elif not whole_bureau:  # a KPI no school in a narrower scope reports for does not apply there
        results = [r for r in results if r.expected_count > 0]
    return results


def school_facts(row: pd.Series) -> dict:
    """A school's row of load_schools as a plain dict, a missing value as None (never NaN)."""
    return {k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in row.items()}


def available_periods(session: Session, principal: Principal, plan_key: str) -> list[str]:
    """Periods with a deadline, or any figures, for the plan's bureau (newest last)."""
    plan = _plan(session, plan_key)
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权查看该教育局的数据。")
    ps = set(session.scalars(select(ReportingPeriod.period).where(ReportingPeriod.bureau_id == plan.bureau_id)))
    ps |= set(session.scalars(select(BureauUpdate.period).join(Kpi, Kpi.id == BureauUpdate.kpi_id)
                              .where(Kpi.plan_id == plan.id).distinct()))
    return sorted(p for p in ps if p >= f"{plan.year}-01")


def default_period(periods: list[str], plan_year: int) -> str:
    """The plan's current period (kpis.current: the open reporting month while the plan year runs,
    its December after it). ``periods`` is no longer consulted: one rule on every page."""
    from kpis import current

    return current.of_plan_year(plan_year).period


# Audit entities whose changes never move a figure (see data_stamp).
NOT_FIGURES = ("session", "user", "briefing", "briefing_file")


def data_stamp(session: Session) -> tuple:
    """Cheap fingerprint of everything figures depend on: changes whenever an upload, a 科室 update,
    a definition or an org unit changes. Pages key their caches on it so figures are never stale."""
    parts = []
    # Values carry no id of their own: every write of school_values adds a submission (and an audit row).
    for col in (Submission.id, BureauUpdate.id, KpiVersion.id, OrgUnit.id):
        parts.append(session.scalar(select(func.max(col))))
    # The newest audit row of a change that can move a figure (in-place edits of schools, deadlines,
    # definitions are audited). Sign-ins, user and briefing rows are left out: otherwise every
    # sign-in anywhere would throw away every cached figure. Walks the primary key from the end.
    parts.append(session.scalar(select(AuditLog.id).where(AuditLog.entity.notin_(NOT_FIGURES))
                                .order_by(AuditLog.id.desc()).limit(1)))
    return tuple(parts)


def district_names(session: Session, scope: Scope) -> dict[int, str]:
    """District id → name within the scope (one district when the scope is a district or school)."""
    q = select(OrgUnit.id, OrgUnit.name).where(OrgUnit.bureau_id == scope.bureau_id, OrgUnit.level == "district")
    if scope.district_id:
        q = q.where(OrgUnit.id == scope.district_id)
    return dict(session.execute(q.order_by(OrgUnit.code)).all())


def deadline_of(session: Session, scope: Scope, period: str):
    """The reporting deadline of a period for the scope's bureau (the stored one, else the default rule)."""
    due = session.scalar(select(ReportingPeriod.deadline).where(
        ReportingPeriod.bureau_id == scope.bureau_id, ReportingPeriod.period == period))
    from kpis.deadlines import beijing, default_deadline
    return default_deadline(period) if due is None else beijing(due)
