"""Preview a roster against the database (added / changed / unchanged / not listed) and apply it in the
caller's transaction with one audit row, or refuse it whole."""

from __future__ import annotations


from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import Principal
from db.models import OrgUnit
from ingest.issues import Issue
from kpis.orgs import SCHOOL_TYPE_LABELS
from ingest.roster.model import (CLOSED, CODE, COLUMNS, FIELDS, OPENED, SCHOOL_FIELDS, FieldChange,
                                 RosterPreview, RosterRejected, SchoolChange)
from ingest.roster.reading import read_roster
from ingest.roster.schools import bureau_for, schools_of

def _school_values(o: OrgUnit, district_name: str) -> dict[str, object]:
    return {"name": o.name, "district": district_name, "ownership": o.ownership or "",
            "inclusive": bool(o.inclusive), "opened_on": o.opened_on, "closed_on": o.closed_on,
            "contact_person": o.contact_person, "contact_phone": o.contact_phone}


_LABEL_OF = {v: k for k, v in FIELDS.items()}


def preview_roster(session: Session, principal: Principal, plan_key: str, filename: str, content: bytes) -> RosterPreview:
    """What importing the file would do; writes nothing."""
    bureau = bureau_for(session, principal, plan_key, write=True)
    preview = RosterPreview(bureau.code, bureau.name, filename)
    rows, errors, warnings, sheet = read_roster(filename, content)
    preview.errors, preview.warnings, preview.rows = errors, warnings, rows
    districts, schools = schools_of(session, bureau)
    dname = {d.id: d.name for d in districts}
    by_code = {o.code: o for o in schools}
    # Codes held elsewhere: a school of another bureau, or any org unit that is not a school here.
    codes = [r.code for r in rows]
    foreign = {c for i in range(0, len(codes), 900) for c in session.scalars(
        select(OrgUnit.code).where(OrgUnit.code.in_(codes[i:i + 900]))) if c not in by_code}
    known_districts = {d.name for d in districts}
    new_districts: list[str] = []
    for r in rows:
        if r.code in foreign:
            preview.errors.append(Issue("学校标识码已被其他教育局的机构使用", expected="本局学校的标识码",
                                        fix="请核对学校标识码；如该校确已划归本局，请联系系统管理员处理",
                                        sheet=sheet,
                                        row=r.row, column=CODE, value=r.code))
            continue
        if r.district not in known_districts and r.district not in new_districts:
            new_districts.append(r.district)
        old = by_code.get(r.code)
        if old is None:
            vals = r.values()
            changes = tuple(FieldChange(f, _LABEL_OF[f], None, vals[f]) for f in
                            ("ownership", "inclusive", "opened_on", "closed_on", "contact_person", "contact_phone")
                            if f in vals and vals[f] not in (None, "", False))
            changes = (FieldChange("school_type", "学校类型", None, SCHOOL_TYPE_LABELS[r.school_type]),) + changes
            preview.added.append(SchoolChange(r.code, r.name, r.district, "新增", changes))
            continue
        before = _school_values(old, dname.get(old.parent_id, ""))
        after = r.values()
        if "inclusive" not in after and before["inclusive"] and not (
                r.school_type == "11" and after.get("ownership", before["ownership"]) == "民办"):
            after["inclusive"] = False  # 普惠性 is a fact of private kindergartens only
        opened, closed = after.get("opened_on", before["opened_on"]), after.get("closed_on", before["closed_on"])
        if opened and closed and closed < opened:
            preview.errors.append(Issue(f"停办年月早于系统中记录的开办年月（{opened}）", expected=f"{opened} 或之后",
                                        fix="请核对停办年月，或在名册中加上“开办年月”列一并修改",
                                        sheet=sheet, row=r.row, column=CLOSED if "closed_on" in after else OPENED,
                                        value=closed if "closed_on" in after else opened))
            continue
        changes = tuple(FieldChange(f, _LABEL_OF[f], before[f], after[f]) for f in
                        SCHOOL_FIELDS if f in after and before[f] != after[f])
        target = preview.changed if changes else preview.unchanged
        target.append(SchoolChange(r.code, r.name, r.district, "修改" if changes else "不变", changes))
    listed = {r.code for r in rows}
    preview.unlisted = [SchoolChange(o.code, o.name, dname.get(o.parent_id, ""), "名册中未列出")
                        for o in schools if o.code not in listed] if rows else []
    preview.new_districts = new_districts
    preview.errors.sort(key=lambda i: (i.row or 0, COLUMNS.index(i.column) if i.column in COLUMNS else 99))
    return preview


def _next_district_code(session: Session, bureau: OrgUnit) -> str:
    """The bureau's code and a 3-digit number, as the demo generator numbers districts: the next free one."""
    taken = set(session.scalars(select(OrgUnit.code).where(OrgUnit.code.like(f"{bureau.code}%"))))
    n = 1
    while f"{bureau.code}{n:03d}" in taken:
        n += 1
    return f"{bureau.code}{n:03d}"


def apply_roster(session: Session, principal: Principal, plan_key: str, filename: str, content: bytes) -> RosterPreview:
    """Check the file again and write it in the caller's transaction (one audit row), or raise RosterRejected."""
    preview = preview_roster(session, principal, plan_key, filename, content)
    if preview.errors:
        raise RosterRejected(preview)
    if not preview.has_changes:
        return preview
    bureau = bureau_for(session, principal, plan_key, write=True)
    districts, schools = schools_of(session, bureau)
    district_of = {d.name: d for d in districts}
    for name in preview.new_districts:
        d = OrgUnit(code=_next_district_code(session, bureau), name=name, level="district",
                    parent_id=bureau.id, bureau_id=bureau.id)
        session.add(d)
        session.flush()
        district_of[name] = d
    by_code = {o.code: o for o in schools}
    rows = {r.code: r for r in preview.rows}
    before_log: dict[str, object] = {}
    after_log: dict[str, object] = {}
    for c in preview.added:
        r = rows[c.code]
        session.add(OrgUnit(code=r.code, name=r.name, level="school", parent_id=district_of[r.district].id,
                            bureau_id=bureau.id, school_type=r.school_type, ownership=r.ownership,
                            inclusive=bool(r.inclusive), opened_on=r.opened_on, closed_on=r.closed_on,
                            contact_person=r.contact_person, contact_phone=r.contact_phone))
        after_log[r.code] = {"name": r.name, "district": r.district, "ownership": r.ownership,
                             "inclusive": bool(r.inclusive), "opened_on": r.opened_on, "closed_on": r.closed_on,
                             "contact_person": r.contact_person, "contact_phone": r.contact_phone}
    for c in preview.changed:
        o = by_code[c.code]
        for f in c.changes:
            if f.field == "district":
                o.parent_id = district_of[f.after].id
            else:
                setattr(o, f.field, f.after)
        before_log[c.code] = {f.field: f.before for f in c.changes}
        after_log[c.code] = {f.field: f.after for f in c.changes}
    session.flush()
    audit.record(session, principal, "import_roster", "org_unit", bureau.code,
                 before={"roster": before_log} if before_log else None,
                 after={"filename": filename, "schools_added": len(preview.added),
                        "schools_changed": len(preview.changed), "districts_added": preview.new_districts,
                        "roster": after_log})
    return preview
