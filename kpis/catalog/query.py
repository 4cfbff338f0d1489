"""Read-side views of the catalog: KPI definitions as plain dicts and the plan tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Kpi, KpiVersion, Plan, PlanSection
from kpis.catalog import milestone
from kpis.catalog.departments import owner_of
from kpis.plans import plan_for

KIND_LABELS = {
    "ratio": "比率", "sum": "合计", "mean": "平均", "share_of_schools": "达标学校占比",
    "dispersion": "差异系数", "bureau_count": "科室填报数", "milestone": "里程碑",
}
COMPARATOR_LABELS = {">=": "≥", "<=": "≤", "==": "=", "decrease_by": "下降", "increase_by": "提高"}
DATA_PATH_LABELS = {"school": "学校填报", "bureau": "科室填报"}
FREQUENCY_LABELS = {"monthly": "每月", "quarterly": "每季度", "annual": "每年"}


@dataclass
class PlanSummary:
    key: str
    year: int
    title: str
    bureau: str
    bureau_code: str


def plans(session: Session) -> list[PlanSummary]:
    rows = session.scalars(select(Plan).options(selectinload(Plan.bureau)).order_by(Plan.year, Plan.plan_key))
    return [PlanSummary(p.plan_key, p.year, p.title, p.bureau.name, p.bureau.code) for p in rows]


def version_at(kpi: Kpi, period: str | None = None) -> KpiVersion:
    """The definition in force in a period (the newest when no period is given)."""
    # Ties on valid_from: a version replaced in its own first month ends before it starts and is
    # never picked for a period; the one that replaced it is newer (higher id).
    versions = sorted(kpi.versions, key=lambda v: (v.valid_from, v.id or 1 << 62))
    if period is None:
        open_versions = [v for v in versions if v.valid_to is None]
        return (open_versions or versions)[-1]
    for v in reversed(versions):
        if v.valid_from <= period and (v.valid_to is None or period <= v.valid_to):
            return v
    return versions[0]


def format_target_values(comparator: str, target: float, target_upper: float | None, unit: str,
                         kind: str | None = None) -> str:
    """'≥ 50%', '1–2 所', '下降 1 个百分点', '年内完成' (a milestone) — the target as a leader reads it."""
    def num(x: float) -> str:
        # Thousands separators, as every value is written (6,590 个 beside 6,590 个), no trailing zeros.
        return format(x, ",.12g")
    if kind == "milestone":
        return milestone.TARGET_TEXT
    sep = "" if unit == "%" else " "
    if comparator in ("decrease_by", "increase_by"):
        unit_text = "个百分点" if unit == "百分点" else unit
        return f"{COMPARATOR_LABELS[comparator]} {num(target)} {unit_text}".strip()
    if target_upper is not None:
        return f"{num(target)}–{num(target_upper)}{sep}{unit}".strip()
    return f"{COMPARATOR_LABELS[comparator]} {num(target)}{sep}{unit}".strip()


def format_target(v: KpiVersion) -> str:
    return format_target_values(v.comparator, v.target, v.target_upper, v.unit, v.kind)


def kpi_dict(plan_key: str, kpi: Kpi, v: KpiVersion) -> dict:
    return {
        "plan": plan_key, "code": kpi.code, "name": v.name, "category": v.category, "source": v.source,
        "unit": v.unit, "comparator": v.comparator, "target": v.target, "target_upper": v.target_upper,
        "baseline": ({"period": v.baseline_period, "value": v.baseline_value} if v.baseline_period else None),
        "kind": v.kind, "data_path": v.data_path, "frequency": v.frequency, "pace": v.pace,
        "owner": owner_of(v.owner, v.category), "formula": v.formula,
        "valid_from": v.valid_from, "valid_to": v.valid_to,
    }


def _kpis_query(plan_key: str | None):
    q = select(Kpi, Plan.plan_key).join(Plan, Kpi.plan_id == Plan.id).options(selectinload(Kpi.versions))
    if plan_key:
        q = q.where(Plan.plan_key == plan_key)
    return q.order_by(Plan.year, Plan.plan_key, Kpi.position)


def catalog(session: Session, plan_key: str | None = None) -> list[dict]:
    return [kpi_dict(pk, k, version_at(k)) for k, pk in session.execute(_kpis_query(plan_key))]


@dataclass
class TreeItem:
    number: str
    title: str
    owner: str | None
    text: str
    kpis: list[dict] = field(default_factory=list)


@dataclass
class TreeSection:
    number: str
    title: str
    items: list[TreeItem] = field(default_factory=list)

    @property
    def kpi_count(self) -> int:
        return sum(len(i.kpis) for i in self.items)


def plan_tree(session: Session, plan_key: str) -> list[TreeSection]:
    plan = session.scalar(
        select(Plan).where(Plan.plan_key == plan_key)
        .options(selectinload(Plan.sections).selectinload(PlanSection.items))
    )
    if plan is None:
        raise KeyError(plan_key)
    by_item: dict[int, list[dict]] = {}
    for k, pk in session.execute(_kpis_query(plan_key)):
        d = kpi_dict(pk, k, version_at(k))
        d["target_text"] = format_target(version_at(k))
        by_item.setdefault(k.item_id or 0, []).append(d)
    tree = []
    for sec in plan.sections:
        ts = TreeSection(sec.number, sec.title)
        for it in sec.items:
            ts.items.append(TreeItem(it.number, it.title, it.owner, it.text, by_item.get(it.id, [])))
        tree.append(ts)
    return tree


def plans_for(session: Session, principal) -> list[PlanSummary]:  # noqa: ANN001 - auth.principal.Principal
    """The plans a principal may read: those of their own bureau (all of them for a system-wide admin)."""
    from auth.scope import can_view_bureau

    bureaus = dict(session.execute(select(Plan.plan_key, Plan.bureau_id)).all())
    return [p for p in plans(session) if can_view_bureau(principal, bureaus[p.key])]


def plan_tree_for(session: Session, principal, plan_key: str) -> list[TreeSection]:  # noqa: ANN001
    """plan_tree, after checking again that the principal may read this plan's bureau."""

    plan_for(session, principal, plan_key, denied="您只能查看本局的工作要点。")
    return plan_tree(session, plan_key)
