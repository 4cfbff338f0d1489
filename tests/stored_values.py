"""The stored figures as one row per value, for tests to check against hand-computed numbers.

School figures are stored one row per (period, school) with their values as JSON (db.models.SchoolValues);
tests read them through here so each assertion names the school, element and value it means."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DataElement, OrgUnit, SchoolValues, decode_values


class Value(NamedTuple):
    org_id: int
    school: str
    parent_id: int | None
    ownership: str | None
    school_type: str | None
    period: str
    element_id: int
    element: str
    value: float
    submission_id: int | None


def stored_values(s: Session, *, school: str | None = None, period: str | None = None,
                  element: str | None = None) -> list[Value]:
    """Every stored value (optionally of one school code, period, element code), in key order."""
    codes = dict(s.execute(select(DataElement.id, DataElement.code)).all())
    q = (select(SchoolValues.org_unit_id, OrgUnit.code, OrgUnit.parent_id, OrgUnit.ownership, OrgUnit.school_type,
                SchoolValues.period, SchoolValues.values_json, SchoolValues.submission_id)
         .join(OrgUnit, OrgUnit.id == SchoolValues.org_unit_id)
         .order_by(SchoolValues.period, SchoolValues.org_unit_id))
    if school is not None:
        q = q.where(OrgUnit.code == school)
    if period is not None:
        q = q.where(SchoolValues.period == period)
    out = []
    for org, code, parent, ownership, stype, per, text, sub in s.execute(q):
        for el, x in sorted(decode_values(text).items()):
            if element is None or codes[el] == element:
                out.append(Value(org, code, parent, ownership, stype, per, el, codes[el], x, sub))
    return out


def values_by_element(s: Session, school: str, period: str) -> dict[str, float]:
    """element code → value of one school's period."""
    return {v.element: v.value for v in stored_values(s, school=school, period=period)}
