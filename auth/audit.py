"""The audit log: every change to data, definitions and users, with who, when, before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.principal import Principal
from auth.scope import bureau_of
from db.models import AuditLog, utcnow


def record(session: Session, who: Principal, action: str, entity: str, entity_id: object = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           bureau_id: int | None = None) -> AuditLog:
    """Add an audit row in the caller's transaction, so the log and the change commit together.

    `bureau_id` is the bureau the change concerns; by default the bureau of what `entity_id` names
    (bureau_of_entity), else the actor's. It decides which bureau admins read the row."""
    entity_id = None if entity_id is None else str(entity_id)
    if bureau_id is None:
        bureau_id = bureau_of_entity(session, entity, entity_id) or who.bureau_id
    row = AuditLog(user_id=who.user_id, action=action, entity=entity, entity_id=entity_id,
                   before=_jsonable(before), after=_jsonable(after), bureau_id=bureau_id)
    session.add(row)
    return row


def record_many(session: Session, who: Principal, action: str, entity: str,
                rows: list[tuple[object, dict[str, Any] | None, dict[str, Any] | None]]) -> None:
    """Many audit rows of one action (entity_id, before, after) in the caller's transaction, in bulk."""
    if not rows:
        return
    now = utcnow()
    session.flush()
    out = []
    for eid, b, a in rows:
        eid = None if eid is None else str(eid)
        out.append({"at": now, "user_id": who.user_id, "action": action, "entity": entity, "entity_id": eid,
                    "before": _jsonable(b), "after": _jsonable(a),
                    "bureau_id": bureau_of_entity(session, entity, eid) or who.bureau_id})
    session.connection().execute(AuditLog.__table__.insert(), out)


def bureau_of_entity(session: Session, entity: str, entity_id: str | None) -> int | None:
    """The bureau whose user, upload, 科室 update, KPI, plan, roster, deadline or briefing an audit row
    names; None when it names none (or nothing that exists). Migration 0604 backfills the same way."""
    from db.models import Briefing, BriefingFile, BureauUpdate, Kpi, OrgUnit, Plan, Submission, User

    if not entity_id:
        return None
    number = int(entity_id) if entity_id.isdigit() else None
    if entity in ("user", "session") and number is not None:
        user = session.get(User, number)
        return bureau_of(session.get(OrgUnit, user.scope_org_id)) if user and user.scope_org_id else None
    if entity == "submission" and number is not None:
        sub = session.get(Submission, number)
        return bureau_of(session.get(OrgUnit, sub.org_unit_id)) if sub and sub.org_unit_id else None
    if entity == "bureau_update" and number is not None:
        return session.scalar(select(Plan.bureau_id).join(Kpi, Kpi.plan_id == Plan.id)
                              .join(BureauUpdate, BureauUpdate.kpi_id == Kpi.id).where(BureauUpdate.id == number))
    if entity in ("kpi", "kpi_version"):
        return session.scalar(select(Plan.bureau_id).join(Kpi, Kpi.plan_id == Plan.id).where(Kpi.code == entity_id))
    if entity == "plan":
        return session.scalar(select(Plan.bureau_id).where(Plan.plan_key == entity_id))
    if entity in ("org_unit", "reporting_period"):  # a bureau's code, or "<bureau code>:<period>"
        code = entity_id.split(":", 1)[0]
        return bureau_of(session.scalar(select(OrgUnit).where(OrgUnit.code == code)))
    if entity == "briefing" and number is not None:
        return session.scalar(select(Plan.bureau_id).join(Briefing, Briefing.plan_id == Plan.id)
                              .where(Briefing.id == number))
    if entity == "briefing_file" and number is not None:
        return session.scalar(select(Plan.bureau_id).join(Briefing, Briefing.plan_id == Plan.id)
                              .join(BriefingFile, BriefingFile.briefing_id == Briefing.id)
                              .where(BriefingFile.id == number))
    return None


def _jsonable(d: dict[str, Any] | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out: dict[str, Any] = {}
    for k, v in d.items():
        out[k] = v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
    return out


# ---- reading the log (the 审计日志 page) ------------------------------------------------------

ACTION_LABELS = {
    "create": "新建", "update": "修改", "delete": "删除", "disable": "停用", "enable": "启用",
    "reset_password": "重置密码", "change_scope": "修改角色和范围", "sign_in": "登录", "sign_out": "退出登录",
    "upload": "上传", "accept": "接收", "reject": "退回", "supersede": "替换", "record": "录入",
    "sync": "同步", "generate": "生成",
    "import_roster": "导入学校名册", "set_deadline": "调整截止时间", "reset_deadline": "恢复默认截止时间",
    "change_password": "修改本人密码", "bureau_update": "科室录入",
    "resend": "重新发送", "acknowledge": "标记已处理",
    "submit_values": "写入数值", "upload_identical": "重复上传（未写入）", "upload_over_cap": "超出每日存储上限（未写入）",
    "upload_rejected": "上传被拒绝", "upload_rows_refused": "部分行被拒绝",
    "cycle_submit": "提交报表", "cycle_approve": "片区审核通过", "cycle_return": "退回报表", "cycle_confirm": "教育局确认",
    "cycle_settings": "修改审核流程设置", "period_lock": "确认并锁定", "period_unlock": "解锁", "export": "导出",
    "import_plan": "导入工作要点",
    "followup_progress": "督办：更新进展", "followup_submit": "督办：申请办结", "followup_accept": "督办：验收通过",
    "followup_return": "督办：退回整改", "followup_ask_extension": "督办：申请延期",
    "followup_grant_extension": "督办：同意延期", "followup_refuse_extension": "督办：不同意延期",
}
ENTITY_LABELS = {
    "user": "用户", "session": "登录会话", "submission": "报送文件", "data_value": "学校数据", "school_values": "学校数据",
    "bureau_update": "科室进展", "kpi": "指标", "kpi_version": "指标定义", "plan": "工作要点", "org_unit": "机构",
    "reporting_period": "填报期", "briefing": "简报", "catalog": "指标目录",
    "notify_channel": "通知渠道", "notify_rule": "通知规则", "notify_outbox": "通知",
    "followup_item": "督办事项", "reporting_state": "报表状态", "period_lock": "期间锁定", "workflow_setting": "审核流程设置",
    "briefing_file": "简报文件",
}
FIELD_LABELS = {
    "username": "用户名", "display_name": "姓名", "role": "角色", "scope": "范围编码", "scope_name": "数据范围",
    "department": "科室", "active": "启用", "password": "密码", "client": "客户端地址", "value": "数值",
    "note": "备注", "evidence": "佐证", "period": "期间", "status": "状态", "filename": "文件名",
    "target": "目标值", "name": "名称", "owner": "责任科室",
    "address": "地址", "signed": "加签", "enabled": "启用", "schedule": "发送时间", "params": "参数",
    "error": "错误",
    "schools": "学校数", "added": "新增数值个数", "changed": "变动数值个数", "superseded": "被替换的报送数",
    "valid_from": "生效月份", "reason": "原因", "comparator": "比较方式", "target_upper": "目标上限",
    "baseline_value": "基线值", "baseline_period": "基线期间", "unit": "单位", "kind": "计算方式",
    "data_path": "数据来源", "frequency": "频次", "pace": "判断方式", "formula": "计算公式",
    "deadline": "截止时间", "rejudged": "按时/逾期改判的报送数", "schools_added": "新增学校数",
    "schools_changed": "修改学校数", "districts_added": "新建片区", "roster": "学校明细",
    "other_sessions_ended": "结束的其他登录数", "attachments": "佐证文件", "kpi": "指标", "label": "期间名称",
    "plan": "工作要点", "cause": "原因分析", "measures": "整改措施", "due": "办结期限", "requested_due": "申请延期至",
    "state": "状态", "checkin_note": "进展备注", "needs_coordination": "需要协调", "auto_lock_days": "自动锁定天数",
    "automatic": "自动", "briefing": "简报", "bureau": "教育局", "by": "操作人", "bytes": "字节数", "errors": "问题",
    "format": "格式", "items": "条目数", "kpis": "指标数", "kpis_added": "新增指标数", "locked": "已锁定",
    "number": "期号", "org_unit_id": "机构编号", "reading": "计划读取复核", "sha256": "文件指纹", "stored_today": "今日已存储",
    "submission": "报送编号", "supersedes": "替换的报送", "title": "标题", "values": "数值个数", "year": "年度",
    "confirmers": "确认人", "district_review": "片区审核",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    who: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changes: str  # "角色：学校填报员 → 片区/街道；启用：是 → 否" (Chinese labels where known)


def _label_value(key: str, v: Any) -> str:
    from auth.principal import ROLES
    if v is None:
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if key == "role":
        return ROLES.get(str(v), str(v))
    if key == "attachments" and isinstance(v, list):  # [{name, type, size, sha256}, …] of 科室填报
        return "、".join(f"{a.get('name')}（{a.get('size')} 字节，sha256 {str(a.get('sha256'))[:12]}…）"
                        for a in v if isinstance(a, dict))
    return str(v)


def describe_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    before, after = before or {}, after or {}
    parts = []
    for key in list(dict.fromkeys([*before, *after])):
        label = FIELD_LABELS.get(key, key)
        if key in before and key in after:
            if before[key] != after[key]:
                parts.append(f"{label}：{_label_value(key, before[key])} → {_label_value(key, after[key])}")
        elif key in after:
            parts.append(f"{label}：{_label_value(key, after[key])}")
        else:
            parts.append(f"{label}：{_label_value(key, before[key])} → （删除）")
    return "；".join(parts)


def before_after(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(field label, value before, value after) for every field of either side."""
    before, after = before or {}, after or {}
    return [(FIELD_LABELS.get(k, k), _label_value(k, before[k]) if k in before else "—",
             _label_value(k, after[k]) if k in after else "—")
            for k in dict.fromkeys([*before, *after])]


def entries(session: Session, who: Principal, limit: int = 500, actions: list[str] | None = None,
            username: str | None = None, since: datetime | None = None,
            until: datetime | None = None) -> list[AuditEntry]:
    """The newest entries a principal may read: admins only; a bureau's admin sees every change that
    concerns their bureau (audit_log.bureau_id), whoever made it — its users, the CLI and the system,
    a system-wide admin; a system-wide admin sees everything."""
    from auth.scope import require
    from db.models import User

    require(who.role == "admin", "只有管理员可以查看审计日志。")
    users = {u.id: u for u in session.scalars(select(User))}
    q = select(AuditLog).order_by(AuditLog.id.desc())
    if who.bureau_id is not None:
        q = q.where(AuditLog.bureau_id == who.bureau_id)
    if actions:
        q = q.where(AuditLog.action.in_(actions))
    if since is not None:
        q = q.where(AuditLog.at >= since)
    if until is not None:
        q = q.where(AuditLog.at < until)
    if username:
        ids = [u.id for u in users.values() if username.strip().lower() in u.username.lower()]
        q = q.where(AuditLog.user_id.in_(ids))
    out: list[AuditEntry] = []
    for row in session.execute(q.limit(limit)).scalars():
        actor = users.get(row.user_id) if row.user_id is not None else None
        who_text = f"{actor.display_name or actor.username}（{actor.username}）" if actor else "系统"
        out.append(AuditEntry(row.id, row.at, who_text, ACTION_LABELS.get(row.action, row.action),
                              ENTITY_LABELS.get(row.entity, row.entity), row.entity_id, row.before, row.after,
                              describe_changes(row.before, row.after)))
    return out
