"""Org units of a plan's bureau: districts and schools."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpis.plans import get_plan
from db.models import OrgUnit

SCHOOL_TYPE_LABELS = {"11": "幼儿园", "21": "小学", "31": "初中", "34": "高中", "36": "中职", "51": "特教"}
LEVEL_LABELS = {"bureau": "教育局", "district": "片区/街道", "school": "学校"}


def is_valid_school_code(code: str, school_type: str | None = None) -> bool:
    """A 学校标识码 is 10 digits; its first two name the school type."""
    if not (isinstance(code, str) and len(code) == 10 and code.isdigit()):
        return False
    if code[:2] not in SCHOOL_TYPE_LABELS:
        return False
    return school_type is None or code[:2] == school_type


def org_units(session: Session, plan_key: str) -> list[dict]:
    bureau = get_plan(session, plan_key).bureau
    rows = [bureau] + list(session.scalars(
        select(OrgUnit).where(OrgUnit.bureau_id == bureau.id).order_by(OrgUnit.level, OrgUnit.code)))
    codes = {o.id: o.code for o in rows}
    order = {"bureau": 0, "district": 1, "school": 2}
    rows.sort(key=lambda o: (order.get(o.level, 9), o.code))
    return [
        {
            "code": o.code, "name": o.name, "level": o.level, "parent_code": codes.get(o.parent_id),
            "school_type": o.school_type, "school_type_name": SCHOOL_TYPE_LABELS.get(o.school_type or ""),
            "ownership": o.ownership, "inclusive": o.inclusive if o.level == "school" else None,
        }
        for o in rows
    ]
