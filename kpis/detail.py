"""指标详情: one KPI in depth — definition and its history, the monthly trend against the target
and pace line, districts ranked, every school's own figure, and the 科室's updates.

Every function checks the Principal through figures.resolve_scope and computes with kpis/compute."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from auth import scope as authz
from auth.principal import Principal
from db.models import BureauUpdate, DataElement, Kpi, Plan, Submission, User
from kpis import applicability, compute, figures, progress, quality
from kpis.catalog.query import format_target_values, version_at
from kpis.catalog.departments import owner_of
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import parse, shift
from kpis.vocabulary import Comparator, DataPath, KpiKind

SCHOOL_COLUMNS = ["学校标识码", "学校名称", "片区/街道", "学校类型", "本校数值", "报送状态", "数据问题"]


@dataclass
class KpiDetail:
    scope: figures.Scope
    definition: compute.KpiDef
    result: compute.KpiResult
    trend: pd.DataFrame  # period, value, level, expected, target, status, withheld, reported, expected_count
    districts: pd.DataFrame  # 片区/街道, value, status, withheld, reported, expected_count (best first)
    schools: pd.DataFrame  # SCHOOL_COLUMNS
    distribution: pd.DataFrame | None  # dispersion KPIs: each school's xᵢ and weight nᵢ
    history: list[dict]  # definition versions, oldest first
    bureau_updates: pd.DataFrame  # 科室 entries (bureau KPIs at bureau scope)
    issues: pd.DataFrame  # data-quality issues of the formula's elements this period
    elements: dict[str, str] = field(default_factory=dict)  # element code → name used by the formula


def _kpi(session: Session, plan_key: str, code: str) -> tuple[Kpi, Plan]:
    row = session.execute(select(Kpi, Plan).join(Plan, Plan.id == Kpi.plan_id)
                          .where(Kpi.code == code, Plan.plan_key == plan_key)
                          .options(selectinload(Kpi.versions))).first()
    if row is None:
        raise figures.ScopeError(f"计划 {plan_key} 中没有编号为 {code} 的指标。")
    return row[0], row[1]


def trend_periods(plan_year: int, period: str) -> list[str]:
    """The months shown in the trend: January of the plan year up to the period (at most 24 months)."""
    y, _ = parse(period)
    start = f"{plan_year}-01" if y >= plan_year else shift(period, -11)
    months = []
    p = start
    while p <= period and len(months) < 24:
        months.append(p)
        p = shift(p, 1)
    return months[-24:]


def definition_history(kpi: Kpi) -> list[dict]:
    out = []
    for v in sorted(kpi.versions, key=lambda v: (v.valid_from, v.id or 1 << 62)):
        out.append({"valid_from": v.valid_from, "valid_to": v.valid_to, "name": v.name, "unit": v.unit,
                    "revised_by": v.revised_by, "reason": v.reason,
                    "target_text": format_target_values(v.comparator, v.target, v.target_upper, v.unit, v.kind),
                    "kind": v.kind, "formula": v.formula, "pace": v.pace, "source": v.source,
                    "owner": owner_of(v.owner, v.category), "note": v.note})
    return out


def kpi_detail(session: Session, principal: Principal, plan_key: str, code: str, period: str,
               district: str | None = None, school: str | None = None, school_type: str | None = None,
               coverage_threshold: float = compute.DEFAULT_COVERAGE_THRESHOLD) -> KpiDetail:
    figures.check_period(period)
    scope = figures.resolve_scope(session, principal, plan_key, district, school, school_type)
    kpi, plan = _kpi(session, plan_key, code)
    d = figures.to_def(kpi.code, version_at(kpi, period), plan.year)
    months = trend_periods(plan.year, period)
    defs = {m: figures.to_def(kpi.code, version_at(kpi, m), plan.year) for m in months}
    needed = {shift(months[0], -1), *months}
    for dm in defs.values():
        bp = compute.baseline_period_of(dm)
        if dm.is_relative and bp:
            needed.add(bp)
    element_codes = sorted({e for dm in defs.values() for e in compute.required_elements(dm)})
    is_bureau = d.data_path == DataPath.BUREAU or d.kind in compute.BUREAU_KINDS
    schools = figures.load_schools(session, scope)
    wides = figures.load_wide(session, scope, sorted(needed), element_codes) if element_codes else {}
    bureau = figures.load_bureau(session, scope) if is_bureau else None
    inp = compute.Inputs.from_wide(schools, wides, bureau)
    kw = dict(coverage_threshold=coverage_threshold)
    result = compute.compute_kpi(d, inp, period, **kw)
    reason = None
    if scope.school_id is not None and scope.school_id in schools.index:
        reason = applicability.not_applicable_reason(d, figures.school_facts(schools.loc[scope.school_id]))
        if reason:  # one school outside the formula's terms: 不适用, and no trend of zeros
            result = applicability.not_applicable(result, reason)

    rows = []
    for m in months:
        r = result if m == period or reason else compute.compute_kpi(defs[m], inp, m, with_previous=False, **kw)
        rows.append((m, r.value, r.level, r.expected, defs[m].target, r.status, r.withheld, r.reported,
                     r.expected_count))
    trend = pd.DataFrame(rows, columns=["period", "value", "level", "expected", "target", "status", "withheld",
                                        "reported", "expected_count"])

    names = figures.district_names(session, scope)
    districts = pd.DataFrame(columns=["片区/街道", "value", "status", "withheld", "reported", "expected_count"])
    if not is_bureau and scope.level == "bureau":
        groups = compute.by_group(d, inp, period, names, **kw)
        districts = pd.DataFrame([(n, r.value, r.shown_status, r.withheld, r.reported, r.expected_count)
                                  for _, n, r in groups], columns=districts.columns)
        lower_better = d.comparator == Comparator.LE
        districts = districts.sort_values("value", ascending=lower_better, na_position="last").reset_index(drop=True)

    school_table = pd.DataFrame(columns=SCHOOL_COLUMNS)
    distribution = None
    issues = pd.DataFrame(columns=quality.ISSUE_COLUMNS)
    if not is_bureau:
        values = compute.long_values({p: w for p, w in wides.items() if p in (period, shift(period, -1))})
        per = compute.per_school(d, schools, values, period)
        exp = schools.loc[per.index]
        subs = figures.rows_frame(session.execute(
            select(Submission.org_unit_id, Submission.status, Submission.uploaded_at, Submission.on_time)
            .where(Submission.period == period, Submission.org_unit_id.in_([int(i) for i in exp.index]))).all(),
            ["org_id", "status", "uploaded_at", "on_time"]) if len(exp) else \
            pd.DataFrame(columns=["org_id", "status", "uploaded_at", "on_time"])
        deadline = figures.deadline_of(session, scope, period)
        states = progress.classify(exp, names, subs, deadline).set_index("学校标识码")
        elements = quality.elements_frame(session)
        issues = quality.find_issues(values, elements, period)
        issues = issues[issues["org_id"].isin(per.index)]
        flags = issues.groupby("org_id")["kind"].agg(lambda k: "、".join(sorted(set(k))))
        school_table = pd.DataFrame({
            "学校标识码": exp["code"], "学校名称": exp["name"], "片区/街道": exp["district_id"].map(names),
            "学校类型": exp["school_type"].map(SCHOOL_TYPE_LABELS), "本校数值": per["value"],
            "报送状态": exp["code"].map(states["报送状态"]), "数据问题": flags.reindex(per.index).fillna(""),
        }).sort_values(["片区/街道", "学校标识码"]).reset_index(drop=True)
        if d.kind == KpiKind.DISPERSION:
            rep = per[per["reported"]]
            distribution = pd.DataFrame({"学校名称": exp.loc[rep.index, "name"], "value": rep["value"],
                                         "weight": rep["weight"]}).reset_index(drop=True)
        issues = issues.join(schools[["code", "name"]], on="org_id")

    # The 科室's check-ins as a timeline, newest first (需要协调 and 备注 since migration 1701).
    updates = pd.DataFrame(columns=["期间", "数值", "说明", "需要协调", "备注", "佐证", "填报时间", "填报人"])
    if is_bureau:
        q = (select(BureauUpdate.period, BureauUpdate.value, BureauUpdate.note, BureauUpdate.needs_coordination,
                    BureauUpdate.checkin_note, BureauUpdate.evidence, BureauUpdate.created_at, User.display_name)
             .outerjoin(User, User.id == BureauUpdate.user_id)
             .where(BureauUpdate.kpi_id == kpi.id).order_by(BureauUpdate.created_at.desc(), BureauUpdate.id.desc()))
        updates = figures.rows_frame(session.execute(q).all(), list(updates.columns))

    element_names = dict(session.execute(select(DataElement.code, DataElement.name)
                                         .where(DataElement.code.in_(element_codes))).all()) if element_codes else {}
    return KpiDetail(scope, d, result, trend, districts, school_table, distribution, definition_history(kpi),
                     updates, issues.reset_index(drop=True), element_names)


def kpi_choices(session: Session, principal: Principal, plan_key: str) -> list[tuple[str, str]]:
    """(code, name) of every KPI of the plan, in plan order, for a picker; the plan's bureau must be
    the principal's (PermissionDenied otherwise)."""
    plan = figures._plan(session, plan_key)
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权查看该教育局的指标。")
    kpis = session.scalars(select(Kpi).where(Kpi.plan_id == plan.id)
                           .options(selectinload(Kpi.versions)).order_by(Kpi.position))
    return [(k.code, version_at(k).name) for k in kpis]

