"""Channels an admin keeps per bureau: 企业微信 and 钉钉 group robots and email, each for one scope (the
bureau, a district, a school or a 科室). Secrets are encrypted on the way in (notify.vault) and never
come back out to a page, a command's output, the audit log or a log line: only `target_hint`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit
from auth import scope as authz
from auth.principal import Principal
from core.errors import Invalid, NotFound
from db.models import OrgUnit, Plan
from db.models import NotifyChannel
from kpis.catalog.departments import DEFAULT_OWNER
from notify import vault
from notify.transport import SmtpServer
from notify.vocab import ChannelKind, ScopeLevel

EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
DEFAULT_SMTP_PORT = {True: 587, False: 25}


class ChannelError(Invalid):
    """A channel that cannot be saved or found as given; the message says what to change."""


@dataclass(frozen=True)
class ChannelView:
    """What may be shown of a channel: never the webhook, the signing secret or the SMTP password."""

    id: int
    bureau_id: int
    name: str
    kind: ChannelKind
    scope_level: ScopeLevel
    scope_code: str
    scope_name: str
    target_hint: str
    signed: bool
    active: bool
    smtp: str = ""  # "smtp.example.cn:587 STARTTLS 发件人 kpi@example.cn" for email

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": str(self.kind), "scope_level": str(self.scope_level),
                "scope": self.scope_code, "scope_name": self.scope_name, "target": self.target_hint,
                "signed": self.signed, "active": self.active, "smtp": self.smtp}


def bureau_of_plan(session: Session, principal: Principal, plan_key: str) -> OrgUnit:
    plan = session.scalar(select(Plan).where(Plan.plan_key == plan_key))
    if plan is None:
        raise NotFound(f"未找到计划 {plan_key}。请用 python -m kpis catalog 查看计划编号。")
    authz.require(authz.can_view_bureau(principal, plan.bureau_id), "您无权管理该教育局的通知。")
    return session.get(OrgUnit, plan.bureau_id)


def require_admin(principal: Principal, bureau_id: int) -> None:
    authz.require(principal.role == "admin" and authz.can_view_bureau(principal, bureau_id),
                  "只有本局管理员可以管理通知渠道和规则。")


def hint(kind: ChannelKind, target: str) -> str:
    """What is shown again of a target: a robot's scheme and host and the key's last four characters;
    an email address as it is (it is not secret)."""
    if kind is ChannelKind.EMAIL:
        return target
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}/…{target[-4:]}"


def _check_target(kind: ChannelKind, target: str) -> str:
    target = (target or "").strip()
    if kind is ChannelKind.EMAIL:
        addresses = [a.strip() for a in re.split(r"[,;，；\s]+", target) if a.strip()]
        bad = [a for a in addresses if not EMAIL.match(a)]
        if not addresses or bad:
            raise ChannelError(f"收件地址“{target}”无效：请填写电子邮件地址，多个地址用逗号分隔。")
        return ", ".join(addresses)
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ChannelError(f"{kind.label}的 Webhook 地址无效：应以 https:// 开头，"
                           "在群设置 → 群机器人 → 机器人详情中复制完整地址。")
    return target


def _scope(session: Session, bureau: OrgUnit, scope: str | None) -> tuple[ScopeLevel, int | None, str | None]:
    """--scope: an org code (the bureau, a district, a school of the bureau) or a 科室 name."""
    scope = (scope or "").strip()
    if not scope or scope == bureau.code:
        return ScopeLevel.BUREAU, bureau.id, None
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == scope))
    if org is not None:
        if authz.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id).own_bureau != bureau.id:
            raise ChannelError(f"机构 {scope} 不属于{bureau.name}。")
        return ScopeLevel(org.level), org.id, None
    if re.fullmatch(r"\d+", scope):
        raise ChannelError(f"在{bureau.name}下未找到机构编码 {scope}。请用 python -m kpis orgs --plan 计划编号 查看。")
    if not scope.endswith(("科", "室", "处", "中心", "办公室")):
        raise ChannelError(f"范围“{scope}”既不是机构编码，也不像科室名称（如 学前教育科）。")
    return ScopeLevel.DEPARTMENT, None, scope


def departments() -> list[str]:
    """科室 names offered by the page (the default owners; a typed name is accepted too)."""
    return sorted(set(DEFAULT_OWNER.values()) | {"办公室"})


def add_channel(session: Session, principal: Principal, plan_key: str, name: str, kind: str, target: str,
                secret: str | None = None, scope: str | None = None, smtp: dict | None = None) -> ChannelView:
    """Save a channel (in the caller's transaction, audited without its secrets)."""
    bureau = bureau_of_plan(session, principal, plan_key)
    require_admin(principal, bureau.id)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ChannelError("请填写渠道名称（不超过 100 个字符），如“太平街道催报群”。")
    try:
        kind = ChannelKind(kind)
    except ValueError:
        raise ChannelError(f"未知的渠道类型 {kind}，可选：wecom（企业微信）、dingtalk（钉钉）、email（电子邮件）。") from None
    if session.scalar(select(NotifyChannel.id).where(NotifyChannel.bureau_id == bureau.id, NotifyChannel.name == name)):
        raise ChannelError(f"本局已有名为“{name}”的渠道，请换一个名称。")
    target = _check_target(kind, target)
    level, org_id, department = _scope(session, bureau, scope)
    config = None
    if kind is ChannelKind.EMAIL:
        smtp = dict(smtp or {})
        host = str(smtp.get("host") or "").strip()
        sender = str(smtp.get("sender") or "").strip()
        starttls = bool(smtp.get("starttls", True))
        if not host:
            raise ChannelError("请填写邮件服务器（SMTP）地址，如 smtp.example.edu.cn。")
        if not EMAIL.match(sender):
            raise ChannelError("请填写发件人地址，如 kpi@example.edu.cn。")
        try:
            port = int(smtp.get("port") or DEFAULT_SMTP_PORT[starttls])
        except (TypeError, ValueError):
            raise ChannelError("SMTP 端口应为数字，如 587（STARTTLS）或 25。") from None
        if not 0 < port < 65536:
            raise ChannelError("SMTP 端口应在 1 到 65535 之间。")
        config = {"host": host, "port": port, "starttls": starttls, "sender": sender,
                  "username": (str(smtp.get("username") or "").strip() or None)}
    elif kind is ChannelKind.DINGTALK and secret and not secret.strip().startswith("SEC"):
        raise ChannelError("钉钉机器人的加签密钥以 SEC 开头，请在机器人安全设置的“加签”处复制。")
    row = NotifyChannel(bureau_id=bureau.id, name=name, kind=kind.value, scope_level=level.value,
                        scope_org_id=org_id, department=department, target_encrypted=vault.encrypt(target),
                        target_hint=hint(kind, target),
                        secret_encrypted=vault.encrypt(secret.strip()) if secret and secret.strip() else None,
                        config=config, active=True, created_by=principal.user_id)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "notify_channel", row.id, bureau_id=bureau.id,
                 after={"name": name, "kind": kind.label, "scope": scope or bureau.code, "address": row.target_hint,
                        "signed": row.secret_encrypted is not None})
    return _view(session, row)


def _view(session: Session, c: NotifyChannel) -> ChannelView:
    level = ScopeLevel(c.scope_level)
    if level is ScopeLevel.DEPARTMENT:
        code = name = c.department or ""
    else:
        org = session.get(OrgUnit, c.scope_org_id)
        code, name = (org.code, org.name) if org else ("", "")
    smtp = ""
    if c.config:
        smtp = (f"{c.config['host']}:{c.config['port']}" + (" STARTTLS" if c.config.get("starttls") else "")
                + f" 发件人 {c.config['sender']}")
    return ChannelView(c.id, c.bureau_id, c.name, ChannelKind(c.kind), level, code, name, c.target_hint,
                       c.secret_encrypted is not None, c.active, smtp)


def scope_code_of(session: Session, c: NotifyChannel) -> str:
    """The code of the channel's scope (a 科室's name for a department channel)."""
    return _view(session, c).scope_code


def list_channels(session: Session, principal: Principal, plan_key: str | None = None) -> list[ChannelView]:
    q = select(NotifyChannel).order_by(NotifyChannel.bureau_id, NotifyChannel.id)
    if plan_key:
        bureau = bureau_of_plan(session, principal, plan_key)
        require_admin(principal, bureau.id)
        q = q.where(NotifyChannel.bureau_id == bureau.id)
    else:
        authz.require(principal.role == "admin", "只有管理员可以查看通知渠道。")
        if principal.bureau_id is not None:
            q = q.where(NotifyChannel.bureau_id == principal.bureau_id)
    return [_view(session, c) for c in session.scalars(q)]


def find(session: Session, principal: Principal, name: str, plan_key: str | None = None) -> NotifyChannel:
    q = select(NotifyChannel).where(NotifyChannel.name == (name or "").strip())
    if plan_key:
        q = q.where(NotifyChannel.bureau_id == bureau_of_plan(session, principal, plan_key).id)
    elif principal.bureau_id is not None:
        q = q.where(NotifyChannel.bureau_id == principal.bureau_id)
    rows = list(session.scalars(q))
    if not rows:
        raise NotFound(f"未找到名为“{name}”的通知渠道。用 python -m kpis notify channel list 查看已有渠道。")
    if len(rows) > 1:
        raise ChannelError(f"有 {len(rows)} 个教育局都有名为“{name}”的渠道，请用 --plan 指定教育局。")
    require_admin(principal, rows[0].bureau_id)
    return rows[0]


def set_active(session: Session, principal: Principal, channel_id: int, active: bool) -> None:
    row = session.get(NotifyChannel, channel_id)
    if row is None:
        raise NotFound("该通知渠道已不存在。")
    require_admin(principal, row.bureau_id)
    row.active = active
    audit.record(session, principal, "enable" if active else "disable", "notify_channel", row.id,
                 bureau_id=row.bureau_id, after={"name": row.name, "active": active})


def remove(session: Session, principal: Principal, channel_id: int) -> None:
    """Delete a channel and its messages (the log of a channel that no longer exists tells nobody anything)."""
    row = session.get(NotifyChannel, channel_id)
    if row is None:
        raise NotFound("该通知渠道已不存在。")
    require_admin(principal, row.bureau_id)
    audit.record(session, principal, "delete", "notify_channel", row.id, bureau_id=row.bureau_id,
                 before={"name": row.name, "kind": ChannelKind(row.kind).label, "address": row.target_hint})
    from db.models import NotifyOutbox
    from sqlalchemy import delete

    session.execute(delete(NotifyOutbox).where(NotifyOutbox.channel_id == row.id))
    session.delete(row)


def active_channels(session: Session, bureau_id: int) -> list[NotifyChannel]:
    return list(session.scalars(select(NotifyChannel).where(NotifyChannel.bureau_id == bureau_id,
                                                            NotifyChannel.active.is_(True))
                                .order_by(NotifyChannel.id)))


@dataclass(frozen=True)
class Secrets:
    target: str
    secret: str | None


def secrets_of(c: NotifyChannel) -> Secrets:
    """Decrypted target and secret, for the worker's request only."""
    return Secrets(vault.decrypt(c.target_encrypted), vault.decrypt(c.secret_encrypted) if c.secret_encrypted else None)


def smtp_server(c: NotifyChannel, secret: str | None) -> SmtpServer:
    cfg = c.config or {}
    return SmtpServer(cfg["host"], int(cfg["port"]), bool(cfg.get("starttls")), cfg["sender"],
                      cfg.get("username"), secret)
