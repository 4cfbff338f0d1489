"""科室填报: department officers record progress on their bureau-level KPIs, one period at a time,
with a note and evidence. Every row is kept (the newest of a KPI and period counts), every
change is in the audit log."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from kpis.plans import get_plan
from db.models import BureauAttachment, BureauUpdate, Kpi, Plan, User
from db.session import read_session, write_session
from kpis.catalog.query import format_target, version_at
from kpis.catalog.departments import owner_of
from ingest.evidence import EvidenceFile, check_files
from kpis.periods import is_period, label
from kpis.vocabulary import DataPath, KpiKind
from workflow import locks

MAX_NOTE = 2000
MAX_EVIDENCE = 500


@dataclass(frozen=True)
class BureauKpi:
    code: str
    name: str
    unit: str
    kind: str  # bureau_count | milestone | …
    target_text: str
    owner: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}（目标 {self.target_text}）"


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class AttachmentFile:
    name: str
    content_type: str
    content: bytes


def _plan(s: Session, plan_key: str) -> Plan:
    return get_plan(s, plan_key, with_bureau=False)


def editable_kpis(principal: Principal, plan_key: str, engine: Engine | None = None) -> list[BureauKpi]:
    """The plan's bureau-level KPIs this principal may update (their 科室's, or all for an admin)."""
    with read_session(engine) as s:
        plan = _plan(s, plan_key)
        out = []
        for k in s.scalars(select(Kpi).where(Kpi.plan_id == plan.id).order_by(Kpi.position)):
            v = version_at(k)
            owner = owner_of(v.owner, v.category)
            if v.data_path == DataPath.BUREAU and scope.can_edit_kpi(principal, plan.bureau_id, owner):
                out.append(BureauKpi(k.code, v.name, v.unit, v.kind, format_target(v), owner))
        return out


def _kpi_checked(s: Session, principal: Principal, code: str, edit: bool) -> tuple[Kpi, Plan]:
    kpi = s.scalar(select(Kpi).where(Kpi.code == code))
    if kpi is None:
        raise ValueError(f"未找到指标 {code}")
    plan = s.get(Plan, kpi.plan_id)
    v = version_at(kpi)
    if edit:
        scope.require(v.data_path == DataPath.BUREAU, f"指标 {code} 由学校填报，不能在科室填报中修改。")
        scope.require(scope.can_edit_kpi(principal, plan.bureau_id, owner_of(v.owner, v.category)),
                      f"指标 {code} 归{owner_of(v.owner, v.category)}填报，您无权修改。")
    else:
        scope.require(scope.can_view_bureau(principal, plan.bureau_id), "您无权查看该指标。")
    return kpi, plan


def update_history(principal: Principal, kpi_code: str, engine: Engine | None = None) -> list[dict]:
    """Every update of the KPI, newest first; `current` marks the row that counts for its period."""
    with read_session(engine) as s:
        kpi, _plan_ = _kpi_checked(s, principal, kpi_code, edit=False)
        rows = list(s.scalars(select(BureauUpdate).where(BureauUpdate.kpi_id == kpi.id)
                              .order_by(BureauUpdate.period.desc(), BureauUpdate.created_at.desc(), BureauUpdate.id.desc())))
        names = {u.id: u.display_name or u.username for u in s.scalars(select(User))}
        files: dict[int, list[AttachmentInfo]] = {}
        if rows:  # names and sizes only; the bytes are fetched one file at a time (attachment_file)
            for a in s.execute(select(BureauAttachment.id, BureauAttachment.update_id, BureauAttachment.file_name,
                                      BureauAttachment.content_type, BureauAttachment.size, BureauAttachment.sha256)
                               .where(BureauAttachment.update_id.in_([r.id for r in rows]))
                               .order_by(BureauAttachment.id)):
                files.setdefault(a.update_id, []).append(AttachmentInfo(a.id, a.file_name, a.content_type, a.size,
                                                                        a.sha256))
        seen: set[str] = set()
        out = []
        for r in rows:
            out.append({"period": r.period, "value": r.value, "note": r.note or "", "evidence": r.evidence or "",
                        "by": names.get(r.user_id, "系统") if r.user_id else "系统", "at": r.created_at,
                        "current": r.period not in seen, "id": r.id, "attachments": files.get(r.id, []),
                        "needs_coordination": bool(r.needs_coordination), "checkin_note": r.checkin_note or ""})
            seen.add(r.period)
        return out


def record_update(principal: Principal, kpi_code: str, period: str, value: float | None, note: str,
                  evidence: str = "", engine: Engine | None = None, now: datetime | None = None,
                  attachments: Sequence[tuple[str, bytes]] = (), needs_coordination: bool = False,
                  checkin_note: str = "") -> int:
    """Store a new figure for (KPI, period), with its evidence files (name, bytes), in one
    transaction. The 科室's check-in rides along: whether the bureau must coordinate, and a free
    note (shown on 指标详情's timeline). Raises ValueError (Chinese) for bad input or a refused
    file, PermissionDenied."""
    if not is_period(period or ""):
        raise ValueError(f"期间格式应为 YYYY-MM（如 2025-03），收到：{period}")
    missing = value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
    if not missing and value < 0:
        raise ValueError(f"数值不能为负数（填写的是 {value:g}）。")
    note = (note or "").strip()
    evidence = (evidence or "").strip()
    if not note:
        raise ValueError("请填写进展说明：本期做了什么、数值从何而来。")
    if len(note) > MAX_NOTE:
        raise ValueError(f"进展说明过长（{len(note)} 字），请控制在 {MAX_NOTE} 字以内。")
    checkin_note = (checkin_note or "").strip()
    if len(checkin_note) > MAX_NOTE:
        raise ValueError(f"备注过长（{len(checkin_note)} 字），请控制在 {MAX_NOTE} 字以内。")
    if len(evidence) > MAX_EVIDENCE:
        raise ValueError(f"佐证材料说明过长（{len(evidence)} 字），请控制在 {MAX_EVIDENCE} 字以内。")
    files: list[EvidenceFile] = check_files(list(attachments))  # every file is checked before anything is written
    with write_session(engine) as s:
        kpi, plan = _kpi_checked(s, principal, kpi_code, edit=True)
        locks.ensure_open(s, plan.bureau_id, period)  # a locked period: refused, nothing written
        v = version_at(kpi, period)
        if missing:
            raise ValueError("请选择完成情况：已完成或未完成。" if v.kind == KpiKind.MILESTONE else "请填写本期数值。")
        if v.kind == KpiKind.MILESTONE and value not in (0, 1):
            raise ValueError("里程碑指标请填 1（已完成）或 0（未完成）。")
        if v.unit in ("个", "所", "人", "名", "套", "项", "次", "家", "支", "场") and not float(value).is_integer():
            raise ValueError(f"“{v.name}”以{v.unit}计，应为整数（填写的是 {value:g}）。")
        before = s.scalar(select(BureauUpdate).where(BureauUpdate.kpi_id == kpi.id, BureauUpdate.period == period)
                          .order_by(BureauUpdate.created_at.desc(), BureauUpdate.id.desc()).limit(1))
        row = BureauUpdate(kpi_id=kpi.id, period=period, value=float(value), note=note, evidence=evidence or None,
                           user_id=principal.user_id, needs_coordination=bool(needs_coordination),
                           checkin_note=checkin_note or None, **({"created_at": now} if now else {}))
        s.add(row)
        s.flush()
        for f in files:
            s.add(BureauAttachment(update_id=row.id, file_name=f.name, content_type=f.content_type, size=f.size,
                                   sha256=f.sha256, content=f.content, uploaded_by=principal.user_id,
                                   **({"uploaded_at": now} if now else {})))
        s.flush()
        audit.record(s, principal, "bureau_update", "bureau_update", row.id,
                     before=None if before is None else {"kpi": kpi_code, "period": period, "value": before.value,
                                                         "note": before.note, "evidence": before.evidence},
                     after={"kpi": kpi_code, "period": period, "value": float(value), "note": note,
                            "evidence": evidence, "label": label(period),
                            "needs_coordination": bool(needs_coordination), "checkin_note": checkin_note,
                            **({"attachments": [{"name": f.name, "type": f.content_type, "size": f.size,
                                                 "sha256": f.sha256} for f in files]} if files else {})})
        return row.id


def attachment_file(principal: Principal, attachment_id: int, engine: Engine | None = None) -> AttachmentFile:
    """One evidence file's bytes, for a reader who may see the KPI's bureau (PermissionDenied otherwise)."""
    with read_session(engine) as s:
        a = s.get(BureauAttachment, attachment_id)
        if a is None:
            raise ValueError("未找到该佐证文件，可能已被删除，请刷新页面。")
        update = s.get(BureauUpdate, a.update_id)
        kpi = s.get(Kpi, update.kpi_id)
        _kpi_checked(s, principal, kpi.code, edit=False)
        return AttachmentFile(a.file_name, a.content_type, bytes(a.content))
