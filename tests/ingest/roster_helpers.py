"""Hand-made school rosters and a fresh database with the catalog but no schools (a real bureau after init)."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from db.models import AuditLog, OrgUnit
from db.session import read_session, write_session
from ingest import roster

PLAN = "2024-county"  # 某县教育体育局 (340122)
BUREAU = "340122"
HEADER = "学校标识码,学校名称,所属片区,办学性质,普惠性,开办年月,停办年月"
ROSTER = "\n".join([
    HEADER,
    "2134010001,店埠中心小学,店埠镇,公办,,2001-09,",
    "1134010001,撮镇阳光幼儿园,撮镇镇,民办,是,2019-09,",
    "3134010001,店埠初级中学,店埠镇,公办,,,",
]) + "\n"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx_bytes(rows: list[list[object]], sheet: str = "学校名册") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def org_rows(engine) -> list[tuple]:
    """Every org_unit row, every column: what "the database is unchanged" compares."""
    with read_session(engine) as s:
        return [tuple(getattr(o, c.key) for c in OrgUnit.__table__.columns)
                for o in s.scalars(select(OrgUnit).order_by(OrgUnit.id))]


def audit_count(engine, action: str = "import_roster") -> int:
    with read_session(engine) as s:
        return len(list(s.scalars(select(AuditLog).where(AuditLog.action == action))))


def apply(engine, content: bytes, who, filename: str = "名册.csv", plan: str = PLAN) -> roster.RosterPreview:
    with write_session(engine) as s:
        return roster.apply_roster(s, who, plan, filename, content)


def preview(engine, content: bytes, who, filename: str = "名册.csv", plan: str = PLAN) -> roster.RosterPreview:
    with read_session(engine) as s:
        return roster.preview_roster(s, who, plan, filename, content)
