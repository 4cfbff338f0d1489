"""Load the reviewed catalog (seed/catalog/*.json) into the database, idempotently.

Running it twice changes nothing. When a KPI's definition in the catalog differs from its open
version, the open version is closed and a new one starts, so figures already shown under the old
definition keep their meaning. A KPI whose catalog definition has not changed since it was last
applied (same digest) is left alone, so an admin's revision (kpis/revise.py) survives restarts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DataElement, Kpi, KpiVersion, OrgUnit, Plan, PlanItem, PlanSection
from kpis.periods import previous_period
from kpis.catalog.files import Catalog, load_catalog, plan_text_path, qualified

# The fields of a KPI version that make up its definition (what a change is judged on).
DEFINITION_FIELDS = (
    "name", "category", "source", "unit", "comparator", "target", "target_upper",
    "baseline_value", "baseline_period", "kind", "data_path", "frequency", "pace", "owner",
    "formula", "note",
)


@dataclass
class SyncReport:
    plans_added: int = 0
    kpis_added: int = 0
    versions_added: int = 0
    elements_added: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def nothing_changed(self) -> bool:
        return not (self.plans_added or self.kpis_added or self.versions_added or self.elements_added)


def definition_digest(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _definition(k: dict) -> dict:
    baseline = k.get("baseline") or {}
    return {
        "name": k["name"], "category": k["category"], "source": k["source"], "unit": k["unit"],
        "comparator": k["comparator"], "target": float(k["target"]),
        "target_upper": None if k["target_upper"] is None else float(k["target_upper"]),
        "baseline_value": baseline.get("value"), "baseline_period": baseline.get("period"),
        "kind": k["kind"], "data_path": k["data_path"], "frequency": k["frequency"],
        "pace": k["pace"], "owner": k["owner"], "formula": k.get("formula"), "note": k.get("note"),
    }


def _sync_elements(session: Session, catalog: Catalog, report: SyncReport) -> None:
    existing = {e.code: e for e in session.scalars(select(DataElement))}
    for el in catalog.elements:
        row = existing.get(el["code"])
        values = dict(name=el["name"], unit=el.get("unit", ""), type=el["type"],
                      min_value=el.get("min"), max_value=el.get("max"),
                      school_types=list(el.get("school_types", [])), description=el.get("description"))
        if row is None:
            session.add(DataElement(code=el["code"], **values))
            report.elements_added += 1
        else:
            for k, v in values.items():
                if getattr(row, k) != v:
                    setattr(row, k, v)


def _bureau(session: Session, code: str, name: str) -> OrgUnit:
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if org is None:
        org = OrgUnit(code=code, name=name, level="bureau")
        session.add(org)
        session.flush()
    return org


def _sync_tree(session: Session, plan: Plan, doc: dict) -> dict[str, PlanItem]:
    """Sections and items, matched by position; returns items by the references a KPI may use: the
    number ("7", first wins — the validator refuses an ambiguous one) and section.number ("七.一是")."""
    by_number: dict[str, PlanItem] = {}
    sections = list(plan.sections)
    for s_pos, s in enumerate(doc["sections"]):
        if s_pos < len(sections):
            sec = sections[s_pos]
            sec.number, sec.title = s["number"], s["title"]
        else:
            sec = PlanSection(position=s_pos, number=s["number"], title=s["title"])
            plan.sections.append(sec)
        items = list(sec.items)
        for i_pos, it in enumerate(s["items"]):
            if i_pos < len(items):
                item = items[i_pos]
            else:
                item = PlanItem(position=i_pos)
                sec.items.append(item)
            item.number, item.title, item.owner, item.text = it["number"], it["title"], it["owner"], it["text"]
            by_number.setdefault(it["number"], item)
            by_number.setdefault(qualified(s["number"], it["number"]), item)
    session.flush()
    return by_number


def sync_catalog(session: Session, catalog: Catalog | None = None, today_period: str | None = None) -> SyncReport:
    catalog = catalog or load_catalog()
    report = SyncReport()
    _sync_elements(session, catalog, report)
    for doc in catalog.plans:
        bureau = _bureau(session, doc["bureau"]["code"], doc["bureau"]["name"])
        plan = session.scalar(select(Plan).where(Plan.plan_key == doc["plan"]))
        text_path = plan_text_path(doc["plan"])
        source_text = text_path.read_text(encoding="utf-8") if text_path else None
        if plan is None:
            plan = Plan(plan_key=doc["plan"], bureau=bureau, year=doc["year"], title=doc["title"],
                        script=doc["script"], source_text=source_text)
            session.add(plan)
            report.plans_added += 1
        else:
            plan.title, plan.year, plan.script = doc["title"], doc["year"], doc["script"]
            if source_text:
                plan.source_text = source_text
        session.flush()
        items = _sync_tree(session, plan, doc)
        start = f"{doc['year']}-01"
        for pos, k in enumerate(doc["kpis"]):
            kpi = session.scalar(select(Kpi).where(Kpi.code == k["code"]))
            definition = _definition(k)
            item = items.get(k["item"])
            digest = definition_digest(definition)
            if kpi is None:
                kpi = Kpi(plan_id=plan.id, code=k["code"], position=pos, item_id=item.id if item else None,
                          catalog_digest=digest)
                kpi.versions.append(KpiVersion(valid_from=start, **definition))
                session.add(kpi)
                report.kpis_added += 1
                continue
            kpi.position, kpi.item_id = pos, item.id if item else None
            if kpi.catalog_digest == digest:
                continue  # the file did not change since it was applied: keep any admin revision
            kpi.catalog_digest = digest
            current = next((v for v in kpi.versions if v.valid_to is None), None)
            if current is not None and all(getattr(current, f) == definition[f] for f in DEFINITION_FIELDS):
                continue
            # A changed definition starts a new version; earlier periods keep the old one.
            begins = max(start, today_period or start)
            if current is not None:
                if current.valid_from >= begins:
                    for f in DEFINITION_FIELDS:
                        setattr(current, f, definition[f])
                    report.changed.append(k["code"])
                    continue
                current.valid_to = previous_period(begins)
            kpi.versions.append(KpiVersion(valid_from=begins, **definition))
            report.versions_added += 1
            report.changed.append(k["code"])
    session.flush()
    return report
