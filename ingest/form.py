"""在线填报: a school's figures typed into a form in the browser (or on a phone).

The form is one more way to fill the template's row, not a second write path: `submit_form` builds
the very sheet a one-school template would give (header and one row), keeps it as a small CSV for
the submission's bytes, and hands both to `ingest.upload.upload` — the same validation, rules,
preview, atomic store, history, audit and deadline as an uploaded file, with source 'form'."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine, select

from auth import scope
from auth.principal import Principal
from db.models import OrgUnit
from db.session import read_session
from ingest import checks, store
from ingest.issues import Issue
from ingest.read import Sheet
from ingest.upload import UploadResult, load_context, upload
from kpis.periods import is_period

SHEET = "网页填报"


class Source(StrEnum):
    """submission.source: how the figures came in."""

    FILE = "file"
    FORM = "form"


@dataclass(frozen=True)
class FormField:
    code: str
    name: str
    unit: str
    type: str  # int float percent bool
    min_value: float | None
    max_value: float | None
    hint: str  # the plausible range, as the template's 说明 writes it
    header: str  # the template's column header (issues name it)
    in_force: float | None  # what the period holds now (the form is prefilled with it)
    last: float | None  # the last earlier period that has the element
    last_period: str | None

    def show(self, x: float | None) -> str:
        if x is None:
            return "—"
        if self.type == "bool":
            return "是" if x else "否"
        u = "" if self.unit in ("", "%") else f" {self.unit}"
        return f"{x:g}{u}" if self.type != "percent" else f"{x:g}%"


@dataclass(frozen=True)
class FormSpec:
    school_code: str
    school_name: str
    period: str
    deadline: datetime
    fields: list[FormField]

    @property
    def correcting(self) -> bool:
        return any(f.in_force is not None for f in self.fields)


def _school(s, principal: Principal, school_code: str) -> OrgUnit:
    org = s.scalar(select(OrgUnit).where(OrgUnit.code == school_code))
    if org is None or org.level != "school":
        raise ValueError(f"未找到学校：{school_code}")
    scope.require(scope.can_submit_for(principal, scope.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)),
                  f"您无权为“{org.name}”填报数据。")
    return org


def form_spec(principal: Principal, school_code: str, period: str, engine: Engine | None = None) -> FormSpec:
    """The school's fields for the period, with the values in force and the last ones reported."""
    if not is_period(period):
        raise ValueError(f"期间格式应为 YYYY-MM（如 2025-03），收到：{period}")
    with read_session(engine) as s:
        org = _school(s, principal, school_code)
        rules, schools, element_ids = load_context(s, int(org.bureau_id or 0), {org.code})
        info = schools.get(org.code)
        held = store.current_values(s, [org.id], period).get(org.id, {})
        past = checks.history_values(s, [org.id], period).get(org.id, [])
        deadline = store.deadline_of(s, int(org.bureau_id or 0), period)
    fields = []
    for r in rules:
        if info is None or r.code not in info.elements:
            continue
        el = element_ids[r.code]
        hist = checks.element_history(past, el)
        fields.append(FormField(r.code, r.name, r.unit, r.type, r.min_value, r.max_value, r.expected(), r.header,
                                held.get(el), hist[0][1] if hist else None, hist[0][0] if hist else None))
    return FormSpec(org.code, org.name, period, deadline, fields)


def _cell(f: FormField, value: object) -> object:
    """What the form gave, as a person would have typed it into the template's cell."""
    if value is None:
        return ""
    if f.type == "bool":
        if isinstance(value, str):
            return value
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and f.type == "int":
        return int(value)
    return value


def form_sheet(spec: FormSpec, values: dict[str, object]) -> tuple[Sheet, bytes]:
    """The one-row sheet of the form, and the same rows as CSV (the submission's stored bytes)."""
    header = ["学校标识码", "学校名称", "期间"] + [f.header for f in spec.fields]
    row = [spec.school_code, spec.school_name, spec.period] + [_cell(f, values.get(f.code)) for f in spec.fields]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, row])
    return Sheet(SHEET, [header, row], kind="form"), buf.getvalue().encode("utf-8-sig")


def form_filename(spec: FormSpec) -> str:
    return f"网页填报_{spec.school_code}_{spec.period}.csv"


def submit_form(principal: Principal, spec: FormSpec, values: dict[str, object], *, commit: bool = False,
                engine: Engine | None = None, now: datetime | None = None) -> UploadResult:
    """Preview (commit=False) or store the form's values through ingest.upload — the same path as a file."""
    sheet, content = form_sheet(spec, values)
    return upload(principal, form_filename(spec), content, period=spec.period, org_code=spec.school_code,
                  commit=commit, engine=engine, now=now, source=Source.FORM, parsed=(sheet, []))


def field_errors(result: UploadResult, spec: FormSpec) -> dict[str, list[str]]:
    """Each problem under the field it concerns (a rule names both fields); '' holds the rest."""
    by_header = {f.header: f.code for f in spec.fields}
    out: dict[str, list[str]] = {}
    for i in result.errors + result.refused:
        text = short_message(i)
        for col in (i.column, i.related):
            if col in by_header:
                out.setdefault(by_header[col], []).append(text)
        if i.column not in by_header:
            out.setdefault("", []).append(text)
    return out


def short_message(i: Issue) -> str:
    """An issue without the sheet/row/column a form has no use for."""
    return i.describe(where=False, value=i.related is None)
