"""An admin revises a KPI definition: a new version from a chosen month, with who and why.

History is never rewritten: the version in force before the chosen month keeps its periods, so a
figure shown under the old target keeps its meaning. A revision that starts in the same month as the
current version replaces it for those months; the replaced version stays in the history, marked by a
span that ends before it starts (version_at never picks it). Every revision is audited, and the
catalog sync leaves a revised KPI alone until its catalog file changes (Kpi.catalog_digest)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import Principal
from kpis.plans import plan_for
from db.models import DataElement, Kpi, KpiVersion, Plan
from db.session import read_session, write_session
from kpis.catalog import milestone
from kpis.catalog.query import version_at
from kpis.catalog.sync import DEFINITION_FIELDS
from kpis.catalog.formula import formula_elements
from kpis.periods import is_period, label, previous_period
from core.errors import Invalid
from kpis.vocabulary import KpiKind

# What an admin may change, with the label a message uses. Category and source clause stay as the
# plan wrote them; the kind and formula change together (see _check_formula).
FIELD_LABELS = {
    "name": "指标名称", "unit": "单位", "comparator": "比较方式", "target": "目标值", "target_upper": "目标上限",
    "baseline_value": "基线值", "baseline_period": "基线期间", "kind": "计算方式", "data_path": "数据来源",
    "frequency": "频次", "pace": "判断方式", "owner": "责任科室", "formula": "计算公式", "note": "说明",
}
COMPARATORS = (">=", "<=", "==", "decrease_by", "increase_by")
KINDS = ("ratio", "sum", "mean", "share_of_schools", "dispersion", "bureau_count", "milestone")
SCHOOL_KINDS = ("ratio", "sum", "mean", "share_of_schools", "dispersion")
FREQUENCIES = ("monthly", "quarterly", "annual")
PACES = ("level", "linear", "end_of_year")
SCHOOL_TYPES = ("11", "21", "31", "34", "36", "51")
CONDITION_OPS = ("==", "!=", ">=", "<=", ">", "<")


class RevisionError(Invalid):
    """The revision is refused; .problems are Chinese sentences that say what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Revision:
    code: str
    valid_from: str
    changed: dict[str, tuple[Any, Any]]  # field → (before, after)
    replaced_same_month: bool


def kpi_choices(principal: Principal, plan_key: str, engine: Engine | None = None) -> list[tuple[str, str]]:
    """(code, current name) of every KPI of the plan, in plan order, for an admin to pick from."""
    with read_session(engine) as s:
        plan = _plan(s, principal, plan_key)
        kpis = s.scalars(select(Kpi).where(Kpi.plan_id == plan.id).order_by(Kpi.position)).all()
        return [(k.code, version_at(k).name) for k in kpis]


def element_choices(principal: Principal, plan_key: str, engine: Engine | None = None) -> list[dict[str, Any]]:
    """The data elements a school can report (code, name, unit, type, school types reporting it), for
    an admin of the plan's bureau writing a formula (PermissionDenied otherwise)."""
    with read_session(engine) as s:
        _plan(s, principal, plan_key)
        return [{"code": e.code, "name": e.name, "unit": e.unit, "type": e.type, "school_types": e.school_types}
                for e in s.scalars(select(DataElement).order_by(DataElement.code))]


def current_definition(principal: Principal, plan_key: str, code: str,
                       engine: Engine | None = None) -> dict[str, Any]:
    """The open version's definition fields plus valid_from (what the revise form starts from)."""
    with read_session(engine) as s:
        kpi, _plan = _kpi(s, principal, plan_key, code)
        v = version_at(kpi)
        return {**{f: getattr(v, f) for f in DEFINITION_FIELDS}, "valid_from": v.valid_from}


def revise(principal: Principal, plan_key: str, code: str, changes: dict[str, Any], valid_from: str,
           reason: str, engine: Engine | None = None) -> Revision:
    """Start a new version of the KPI's definition from valid_from, in one transaction with its audit
    row; refuse with every problem at once (RevisionError) and change nothing."""
    with write_session(engine) as s:
        return _revise(s, principal, plan_key, code, changes, valid_from, reason)


def _revise(session: Session, principal: Principal, plan_key: str, code: str, changes: dict[str, Any],
            valid_from: str, reason: str) -> Revision:
    kpi, plan = _kpi(session, principal, plan_key, code)
    current = version_at(kpi)
    before = {f: getattr(current, f) for f in DEFINITION_FIELDS}
    unknown = sorted(set(changes) - set(FIELD_LABELS))
    if unknown:
        raise RevisionError([f"不能修改的字段：{'、'.join(unknown)}（原文条款和类别以计划为准）。"])
    after = {**before, **{k: _clean(v) for k, v in changes.items()}}
    problems = _check(session, after, plan.year)
    problems += _check_start(valid_from, current, plan.year)
    if not (reason or "").strip():
        problems.append("请填写修改原因（例如“局务会调整年度目标”），它会显示在定义历史中。")
    changed = {f: (before[f], after[f]) for f in DEFINITION_FIELDS if before[f] != after[f]}
    if not changed and not problems:
        problems.append("新定义与现行定义完全相同，无需保存。")
    if problems:
        raise RevisionError(problems)

    same_month = current.valid_from == valid_from
    # The old version ends the month before; when both start in the same month it ends before it
    # starts, i.e. it is replaced for every month and kept only as history.
    current.valid_to = previous_period(valid_from)
    kpi.versions.append(KpiVersion(valid_from=valid_from, revised_by=principal.display_name or principal.username,
                                   reason=reason.strip(), **after))
    session.flush()
    audit.record(session, principal, "update", "kpi_version", kpi.code,
                 before={**{f: before[f] for f in changed}, "valid_from": current.valid_from},
                 after={**{f: after[f] for f in changed}, "valid_from": valid_from, "reason": reason.strip()})
    return Revision(kpi.code, valid_from, changed, same_month)


def _plan(session: Session, principal: Principal, plan_key: str) -> Plan:
    return plan_for(session, principal, plan_key, roles=("admin",), denied="只有本局的管理员可以修改指标定义。")


def _kpi(session: Session, principal: Principal, plan_key: str, code: str) -> tuple[Kpi, Plan]:
    plan = _plan(session, principal, plan_key)
    kpi = session.scalar(select(Kpi).where(Kpi.plan_id == plan.id, Kpi.code == code))
    if kpi is None:
        raise RevisionError([f"未找到计划 {plan_key} 中的指标 {code}。"])
    return kpi, plan


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _check_start(valid_from: str, current: KpiVersion, year: int) -> list[str]:
    if not is_period(valid_from or ""):
        return [f"生效月份“{valid_from}”不是有效的月份，请写成 YYYY-MM，例如 {year}-07。"]
    if valid_from < current.valid_from:
        return [f"生效月份不能早于现行定义的生效月份（{label(current.valid_from)}）：已经按现行定义显示过的月份不能改写。"]
    if not valid_from.startswith(f"{year}-"):
        return [f"生效月份必须在计划年度 {year} 年之内。"]
    return []


def _check(session: Session, d: dict[str, Any], year: int) -> list[str]:
    problems = []
    if not d["name"]:
        problems.append("指标名称不能为空。")
    if not d["unit"]:
        problems.append("单位不能为空（例如 %、所、个、人、小时）。")
    if d["comparator"] not in COMPARATORS:
        problems.append(f"比较方式“{d['comparator']}”无效，可选：不低于、不高于、等于、下降、提高。")
    for f in ("target", "target_upper", "baseline_value"):
        v = d[f]
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)):
            problems.append(f"{FIELD_LABELS[f]}必须是数字，现在是“{v}”。")
    if d["target"] is None:
        problems.append("目标值不能为空。")
    elif isinstance(d["target_upper"], (int, float)) and isinstance(d["target"], (int, float)) \
            and d["target_upper"] < d["target"]:
        problems.append(f"目标上限（{d['target_upper']:g}）不能小于目标值（{d['target']:g}）。")
    if d["comparator"] in ("decrease_by", "increase_by"):
        if d["baseline_value"] is None or not d["baseline_period"]:
            problems.append("“下降/提高”类目标需要基线值和基线期间（例如 2024 年末的近视率）。")
        elif not is_period(d["baseline_period"]) or d["baseline_period"] >= f"{year}-01":
            problems.append(f"基线期间“{d['baseline_period']}”应是 {year} 年之前的月份，写成 YYYY-MM。")
    if d["frequency"] not in FREQUENCIES:
        problems.append(f"频次“{d['frequency']}”无效，可选：每月、每季度、每年。")
    if d["pace"] not in PACES:
        problems.append(f"判断方式“{d['pace']}”无效，可选：当期水平、按月累计、年末考核。")
    if d["kind"] not in KINDS:
        problems.append(f"计算方式“{d['kind']}”无效。")
    else:
        problems += _check_formula(session, d)
        if d["kind"] == KpiKind.MILESTONE:  # (the data path was checked with the formula)
            problems += [f"{p}。" for p in milestone.problems({**d, "data_path": "bureau"})]
    return problems


def _check_formula(session: Session, d: dict[str, Any]) -> list[str]:
    kind, f = d["kind"], d["formula"]
    expected_path = "school" if kind in SCHOOL_KINDS else "bureau"
    if d["data_path"] != expected_path:
        return [f"计算方式与数据来源不一致：{'学校填报' if expected_path == 'school' else '科室填报'}的计算方式"
                f"需要数据来源为“{'学校填报' if expected_path == 'school' else '科室填报'}”。"]
    if expected_path == "bureau":
        return [] if not f else ["科室填报的指标不使用计算公式，请清空公式。"]
    if not isinstance(f, dict):
        return ["学校填报的指标需要计算公式：选择参与计算的数据项。"]
    problems = []
    if kind == "ratio":
        for part, name in (("numerator", "分子"), ("denominator", "分母")):
            terms = f.get(part)
            if not isinstance(terms, list) or not terms or not all(isinstance(t, dict) and t.get("element") for t in terms):
                problems.append(f"比率指标的{name}至少要有一个数据项。")
        factor = f.get("factor", 1)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
            problems.append(f"比率的倍数必须是正数（百分比写 100），现在是“{factor}”。")
    elif kind == "sum":
        terms = f.get("terms")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, dict) and t.get("element") for t in terms):
            problems.append("合计指标至少要有一个数据项。")
    elif kind in ("mean", "share_of_schools"):
        if not isinstance(f.get("element"), str) or not f["element"]:
            problems.append("请选择参与计算的数据项。")
        if kind == "share_of_schools" and f.get("op", "==") not in CONDITION_OPS:
            problems.append(f"达标条件的比较符“{f.get('op')}”无效，可选：{'、'.join(CONDITION_OPS)}。")
    elif kind == "dispersion":
        if not isinstance(f.get("numerator"), str) or not isinstance(f.get("denominator"), str):
            problems.append("差异系数需要一个指标数据项（分子）和一个学生数数据项（分母）。")
    types = f.get("school_types")
    if types is not None and (not isinstance(types, list) or not types or any(t not in SCHOOL_TYPES for t in types)):
        problems.append(f"学校类型只能从 {'、'.join(SCHOOL_TYPES)} 中选择，且至少选一种。")
    names = formula_elements(f)
    known = set(session.scalars(select(DataElement.code).where(DataElement.code.in_(names)))) if names else set()
    missing = [n for n in names if n not in known]
    if missing:
        problems.append(f"公式中的数据项不存在：{'、'.join(missing)}。请从数据项目录中选择。")
    return problems
