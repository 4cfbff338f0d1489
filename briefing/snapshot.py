"""Briefing snapshots: a month's figures frozen into a numbered, self-contained JSON document.

A snapshot holds everything the briefing shows — plan, bureau, month, every KPI's figure, target,
status, coverage, owner, unit and display texts, last month's statuses (for "changed since last
month"), the monthly series of the key KPIs and the narrative — so that rendering it again months
later gives the same page without reading live data. Every function takes the acting Principal
and checks it with auth.scope; creating a snapshot is audited in the same transaction."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth import audit
from auth import scope as authz
from auth.principal import Principal
from briefing import followup_section
from briefing.errors import BriefingError
from kpis.plans import PlanNotFound, get_plan
from db.models import Briefing, Plan
from workflow import locks
from kpis import compute, figures, formatting
from kpis.detail import trend_periods
from kpis.periods import label, shift
from kpis.vocabulary import DataPath
from core.timezones import CHINA, now_utc

SNAPSHOT_VERSION = 1
# Roles that may read and generate briefings (the page list in app.py uses the same roles).
BRIEFING_ROLES = ("leader", "admin", "department")
MAX_KEY_KPIS = 8
# The order in which KPIs deserve a leader's attention.
SEVERITY = {compute.BEHIND: 0, compute.WARN: 1, compute.WITHHELD_LABEL: 2, compute.NO_DATA: 3,
            compute.MET: 4, compute.NOT_DUE: 5}


def _check(principal: Principal, plan: Plan) -> None:
    authz.require(principal.role in BRIEFING_ROLES, "只有局领导、科室和管理员可以查看或生成月度简报。")
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权查看该教育局的月度简报。")


def _plan(session: Session, plan_key: str) -> Plan:
    try:
        return get_plan(session, plan_key)
    except PlanNotFound as exc:  # a briefing's own refusals are BriefingErrors, this one too
        raise BriefingError(str(exc)) from exc


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def _kpi_entry(r: compute.KpiResult, prev: compute.KpiResult | None,
               trend: list[dict[str, Any]]) -> dict[str, Any]:
    from briefing.narrative import value_digits

    entry = {
        "code": r.code, "name": r.name, "category": r.category or "其他", "kind": r.kind,
        "data_path": r.data_path, "unit": r.unit, "level_unit": r.level_unit, "comparator": r.comparator,
        "target": r.target, "target_upper": r.target_upper, "pace": r.pace,
        "value": _num(r.value), "level": _num(r.level), "expected": _num(r.expected),
        "status": r.status, "shown_status": r.shown_status, "withheld": r.withheld, "colour": r.colour,
        "reported": r.reported, "expected_count": r.expected_count,
        "previous": _num(r.previous), "change": _num(r.change), "change_unit": r.change_unit,
        "baseline": _num(r.baseline), "baseline_period": r.baseline_period,
        "owner": r.owner or "办公室",
        "prev_status": prev.status if prev else None,
        "prev_shown_status": prev.shown_status if prev else None,
        "texts": {
            "value": formatting.value_text(r), "target": formatting.target_text(r),
            "expected": formatting.expected_text(r), "level": formatting.level_text(r),
            "coverage": formatting.coverage_text(r), "change": formatting.change_text(r),
        },
        "trend": trend,
    }
    # the value as the paragraph states it: a KPI that missed its target is never rounded onto it
    entry["texts"]["value"] = formatting.value_text(r, value_digits(entry))
    return entry


def key_kpis(kpis: list[dict[str, Any]], limit: int = MAX_KEY_KPIS) -> list[str]:
    """The KPIs drawn as small multiples: those needing attention first (滞后, 预警, 覆盖不足, 无数据),
    then the rest in plan order; only KPIs with at least one figure in their series, and no milestone
    (a line of 0s and 1s says less than its 已完成/未完成 in the lists)."""
    drawable = [k for k in kpis if k.get("kind") != "milestone" and any(p["value"] is not None for p in k["trend"])]
    ranked = sorted(enumerate(drawable), key=lambda ik: (SEVERITY.get(ik[1]["shown_status"], 9), ik[0]))
    return [k["code"] for _, k in ranked[:limit]]


def build_snapshot(session: Session, principal: Principal, plan_key: str, period: str,
                   coverage_threshold: float = compute.DEFAULT_COVERAGE_THRESHOLD,
                   today: date | None = None) -> dict[str, Any]:
    """Compute the briefing of a plan and month for the whole bureau (not stored; see create_briefing).
    `today` (Beijing) decides which 督办 items are overdue; the clock's date when not given."""
    from briefing.narrative import paragraph  # the narrative is a pure function of the snapshot

    plan = _plan(session, plan_key)
    _check(principal, plan)
    # A locked period is final: the briefing counts only the figures the bureau confirmed, and says so.
    lock = locks.lock_of(session, plan.bureau_id, period)
    try:
        scope, results = figures.plan_status(session, principal, plan_key, period,
                                             coverage_threshold=coverage_threshold, confirmed_only=lock is not None)
    except figures.ScopeError as exc:
        raise BriefingError(str(exc)) from exc
    prev_period = shift(period, -1)
    months = trend_periods(plan.year, period)
    all_months = sorted(set(months) | {prev_period})
    defs_by_month = {m: figures.kpi_defs(session, plan_key, m) for m in all_months}
    needed: set[str] = set(all_months)
    for m in all_months:
        needed |= set(figures.periods_needed(defs_by_month[m], m, months_back=0))
    inp = figures.load_inputs(session, scope, defs_by_month[period], sorted(needed))
    series: dict[str, dict[str, compute.KpiResult]] = {}
    for m in all_months:
        for r in compute.compute_all(defs_by_month[m], inp, m, include_bureau=True,
                                     coverage_threshold=coverage_threshold, with_previous=False):
            series.setdefault(r.code, {})[m] = r
    kpis = []
    for r in results:
        trend = [{"period": m, "value": _num(x.value), "expected": _num(x.expected), "status": x.shown_status}
                 for m in months if (x := series.get(r.code, {}).get(m)) is not None]
        kpis.append(_kpi_entry(r, series.get(r.code, {}).get(prev_period), trend))
    school = [k for k in kpis if k["data_path"] == DataPath.SCHOOL]
    bureau = [k for k in kpis if k["data_path"] != DataPath.SCHOOL]
    counts = compute.status_counts(results)
    snap: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "plan": {"key": plan.plan_key, "title": plan.title, "year": plan.year, "bureau": scope.bureau_name},
        "period": period, "period_label": label(period),
        "previous_period": prev_period, "previous_label": label(prev_period),
        "months": months,
        "coverage_threshold": coverage_threshold,
        "counts": counts,
        "coverage": {
            "school_kpis": len(school),
            "school_kpis_complete": sum(1 for k in school if k["expected_count"] and k["reported"] >= k["expected_count"]),
            "reported": sum(k["reported"] for k in school),
            "expected": sum(k["expected_count"] for k in school),
            "bureau_kpis": len(bureau),
            "bureau_reported": sum(1 for k in bureau if k["reported"]),
        },
        "kpis": kpis,
        "key_kpis": key_kpis(kpis),
    }
    snap["confirmed_only"] = lock is not None
    snap["followup"] = followup_section.section(session, plan, kpis, period, prev_period,
                                                today or now_utc().astimezone(CHINA).date(),
                                                followup_section.last_briefing_at(session, plan))
    snap["narrative"] = paragraph(snap)
    if lock is not None:
        snap["narrative"].append(f"本期数据{lock.text()}，本简报只采用教育局已确认的学校数据。")
    return snap


def create_briefing(session: Session, principal: Principal, plan_key: str, period: str,
                    coverage_threshold: float = compute.DEFAULT_COVERAGE_THRESHOLD,
                    today: date | None = None) -> Briefing:
    """Freeze the month into the plan's next numbered snapshot (call inside write_session())."""
    snap = build_snapshot(session, principal, plan_key, period, coverage_threshold, today)
    plan = _plan(session, plan_key)
    number = (session.scalar(select(func.max(Briefing.number)).where(Briefing.plan_id == plan.id)) or 0) + 1
    now = datetime.now(timezone.utc)
    snap["number"] = number
    snap["created_at"] = now.isoformat(timespec="seconds")
    snap["created_by"] = principal.display_name or principal.username
    row = Briefing(plan_id=plan.id, period=period, number=number, created_at=now,
                   created_by=principal.user_id, snapshot=snap)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "briefing", row.id,
                 after={"plan": plan_key, "period": period, "number": number})
    return row


def list_briefings(session: Session, principal: Principal, plan_key: str) -> list[Briefing]:
    """The plan's briefings, newest number first."""
    plan = _plan(session, plan_key)
    _check(principal, plan)
    return list(session.scalars(select(Briefing).where(Briefing.plan_id == plan.id)
                                .order_by(Briefing.number.desc())))


def get_briefing(session: Session, principal: Principal, plan_key: str, number: int) -> Briefing:
    plan = _plan(session, plan_key)
    _check(principal, plan)
    row = session.scalar(select(Briefing).where(Briefing.plan_id == plan.id, Briefing.number == number))
    if row is None:
        raise BriefingError(f"计划 {plan_key} 没有第 {number} 期简报。请在“简报归档”页查看已有的期号。")
    return row


def latest_for_period(session: Session, principal: Principal, plan_key: str, period: str) -> Briefing | None:
    plan = _plan(session, plan_key)
    _check(principal, plan)
    return session.scalar(select(Briefing).where(Briefing.plan_id == plan.id, Briefing.period == period)
                          .order_by(Briefing.number.desc()).limit(1))


def changed_kpis(snap: dict[str, Any]) -> list[dict[str, Any]]:
    """KPIs whose shown status differs from last month's (a KPI without last month counts as unchanged)."""
    return [k for k in snap["kpis"] if k.get("prev_shown_status") and k["prev_shown_status"] != k["shown_status"]]


def attention_kpis(snap: dict[str, Any]) -> list[dict[str, Any]]:
    """滞后 first, then 预警 — the off-track list with owners."""
    out = [k for k in snap["kpis"] if k["shown_status"] in (compute.BEHIND, compute.WARN)]
    return sorted(out, key=lambda k: SEVERITY[k["shown_status"]])


def value_change(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[float | None, str]:
    """How a KPI's figure moved from snapshot a to snapshot b, as the briefing shows the figures
    (two decimals): rates (% and the 百分点 of relative targets) in 百分点, the rest in their unit —
    (1.78, '+1.78 个百分点'), (800.0, '+800 套'), (0.0, '持平'); (None, reason) when not comparable."""
    if a is None or b is None:
        return None, "—"
    if a["value"] is None or b["value"] is None:
        return None, "无数据"
    if a["unit"] != b["unit"] or a["comparator"] != b["comparator"]:
        return None, "定义已变，不可比"
    delta = round(round(b["value"], 2) - round(a["value"], 2), 2)
    if abs(delta) < 1e-9:
        return 0.0, "持平"
    unit = "百分点" if a["unit"] in ("%", "百分点") else a["unit"]
    return delta, f"{'+' if delta > 0 else '−'}{formatting.with_unit(abs(delta), unit)}"


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """Two snapshots side by side, KPI by KPI (matched by code): rows for the archive's comparison,
    each with the value change from a to b (value_change)."""
    by_code = {k["code"]: k for k in b["kpis"]}
    rows = []
    for k in a["kpis"]:
        o = by_code.pop(k["code"], None)
        rows.append({"code": k["code"], "name": k["name"], "a": k, "b": o})
    for o in by_code.values():
        rows.append({"code": o["code"], "name": o["name"], "a": None, "b": o})
    for r in rows:
        r["change"], r["change_text"] = value_change(r["a"], r["b"])
    return rows


def month_order(briefings: list[Briefing]) -> list[Briefing]:
    """Briefings in month order (oldest month first; within a month by number) for the pickers."""
    return sorted(briefings, key=lambda b: (b.period, b.number))


def store_file(session: Session, principal: Principal, briefing: Briefing, fmt: str, content: bytes) -> None:
    """Keep a rendered file with its snapshot (call inside write_session(); audited)."""
    from db.models import BriefingFile

    plan = session.get(Plan, briefing.plan_id)
    _check(principal, plan)
    row = BriefingFile(briefing_id=briefing.id, format=fmt, content=content)
    session.add(row)
    session.flush()
    audit.record(session, principal, "export", "briefing_file", row.id,
                 after={"briefing": briefing.id, "number": briefing.number, "format": fmt, "bytes": len(content)})


def file_counts(session: Session, principal: Principal, briefing_ids: list[int]) -> dict[int, dict[str, int]]:
    """briefing id → {format: how many files kept}; every briefing must be one the principal may see."""
    from db.models import BriefingFile

    if not briefing_ids:
        return {}
    for plan in session.scalars(select(Plan).join(Briefing, Briefing.plan_id == Plan.id)
                                .where(Briefing.id.in_(briefing_ids)).distinct()):
        _check(principal, plan)
    rows = session.execute(select(BriefingFile.briefing_id, BriefingFile.format, func.count())
                           .where(BriefingFile.briefing_id.in_(briefing_ids))
                           .group_by(BriefingFile.briefing_id, BriefingFile.format)).all()
    out: dict[int, dict[str, int]] = {}
    for bid, fmt, n in rows:
        out.setdefault(bid, {})[fmt] = n
    return out
