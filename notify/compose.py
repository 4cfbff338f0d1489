"""What each rule says, and to which channels: the drafts of 催报, 逾期名单, review events, status changes
and the monthly briefing. Texts are cut to each robot's limit (notify.messages); a district's message
names only that district's schools, a 科室's only its own KPIs."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from core import settings
from db.models import Briefing, OrgUnit, Plan
from db.models import NotifyChannel
from kpis.periods import label
from notify.chase import District, Outstanding, deadline_text
from notify.messages import TEXT_LIMIT, fit, fit_list
from notify.outbox import Draft
from notify.vocab import ChannelKind, RuleKind, ScopeLevel


def for_scope(channels: list[NotifyChannel], level: ScopeLevel, org_id: int | None = None,
              department: str | None = None) -> list[NotifyChannel]:
    return [c for c in channels if c.scope_level == level.value
            and (level is not ScopeLevel.DEPARTMENT or c.department == department)
            and (level is ScopeLevel.DEPARTMENT or c.scope_org_id == org_id)]


def link(page: str, **params: str | None) -> str | None:
    base = settings.get().public_url
    if not base:
        return None
    return f"{base}/{page}?" + urlencode({k: v for k, v in params.items() if v})


def _tail(url: str | None, page_title: str) -> list[str]:
    return [f"{page_title}：{url}"] if url else [f"请登录 EduKPI 打开“{page_title}”页面查看。"]


def drafts(channels: list[NotifyChannel], rule: RuleKind | str, scope_code: str, scope_org_id: int | None,
           period: str | None, key: str, subject: str, head: list[str], items: list[str], tail: list[str],
           payload: dict | None = None) -> list[Draft]:
    out = []
    for c in channels:
        limit = TEXT_LIMIT.get(ChannelKind(c.kind))
        out.append(Draft(str(rule), c, scope_code, scope_org_id, period, key, subject,
                         fit_list(head, items, tail, limit), payload))
    return out


def chase(channels: list[NotifyChannel], bureau: OrgUnit, plan: Plan | None, district: District, period: str,
          due: datetime, days_left: int, schools: list[Outstanding], day: str) -> list[Draft]:
    """催报 before the deadline to the district's channels; and to each school's own channels."""
    when = "明天截止" if days_left == 1 else f"还有 {days_left} 天截止"
    url = link("reporting_progress", plan=plan.plan_key if plan else None, period=period, district=district.code)
    head = [f"【催报提醒】{bureau.name}·{district.name}",
            f"{label(period)}数据报送截止时间：{deadline_text(due)}（{when}）。",
            f"以下 {len(schools)} 所学校尚未报送："]
    tail = ["请督促以上学校按时报送。", *_tail(url, "填报进度")]
    out = drafts(for_scope(channels, ScopeLevel.DISTRICT, district.id), RuleKind.CHASE, district.code, district.id,
                 period, f"chase|{district.code}|{period}|{day}", f"【催报提醒】{district.name} {label(period)}数据",
                 head, [s.line for s in schools], tail)
    for s in schools:
        own = for_scope(channels, ScopeLevel.SCHOOL, s.org_id)
        text = [f"【催报提醒】{s.name}",
                f"贵校尚未报送{label(period)}的数据，截止时间为 {deadline_text(due)}（{when}）。",
                "请登录 EduKPI 下载本校填报模板，填写后上传。如已报送，请忽略本消息。"]
        out += drafts(own, RuleKind.CHASE, s.code, s.org_id, period, f"chase|{s.code}|{period}|{day}",
                      f"【催报提醒】{s.name} {label(period)}数据请于{deadline_text(due)}前报送", text, [], [])
    return out


def late(channels: list[NotifyChannel], bureau: OrgUnit, plan: Plan | None, district: District, period: str,
         due: datetime, schools: list[Outstanding], day: str) -> list[Draft]:
    """逾期名单 after the deadline: the schools that did not submit on time (未报送 first)."""
    url = link("reporting_progress", plan=plan.plan_key if plan else None, period=period, district=district.code)
    head = [f"【逾期名单】{bureau.name}·{district.name}",
            f"{label(period)}数据已于 {deadline_text(due)} 截止，以下 {len(schools)} 所学校未按时报送："]
    tail = ["请督促尚未报送的学校尽快报送。", *_tail(url, "填报进度")]
    items = [s.line if s.state != "未报送" else f"{s.line}（未报送）" for s in schools]
    return drafts(for_scope(channels, ScopeLevel.DISTRICT, district.id), RuleKind.LATE, district.code, district.id,
                  period, f"late|{district.code}|{period}|{day}", f"【逾期名单】{district.name} {label(period)}数据",
                  head, items, tail)


def review(channels: list[NotifyChannel], rule: RuleKind, school: OrgUnit, district: OrgUnit | None, period: str,
           event_id: str, reason: str | None) -> list[Draft]:
    """退回修改 → the school's channels and its district's; 待审核 → the district's channels."""
    if rule is RuleKind.RETURNED:
        head = [f"【退回修改】{school.name} {label(period)}数据已被退回，请修改后重新报送。"]
        if reason:
            head.append(f"退回原因：{reason}")
        targets = for_scope(channels, ScopeLevel.SCHOOL, school.id)
    else:
        head = [f"【待审核】{school.name} 已报送{label(period)}数据，等待片区/街道审核。"]
        targets = []
    if district is not None:
        targets += for_scope(channels, ScopeLevel.DISTRICT, district.id)
    out = []
    for c in targets:
        scope_code, scope_id = (school.code, school.id) if c.scope_level == ScopeLevel.SCHOOL.value else (
            district.code, district.id)
        out += drafts([c], rule, scope_code, scope_id, period, f"{rule}|{school.code}|{period}|{event_id}",
                      head[0][:120], head, [], ["请登录 EduKPI 打开“数据填报”页面处理。"])
    return out


def status_change(channels: list[NotifyChannel], bureau: OrgUnit, plan: Plan, period: str,
                  changed: list[tuple[str, str, str, str]], day: str) -> list[Draft]:
    """changed: (KPI name, owner 科室, last month's status, this month's). Each 科室 gets its own KPIs,
    the bureau channels all of them."""
    url = link("", plan=plan.plan_key, period=period)
    out = []
    groups: dict[str | None, list[tuple[str, str, str, str]]] = {None: changed}
    for row in changed:
        groups.setdefault(row[1], []).append(row)
    for owner, rows in groups.items():
        targets = (for_scope(channels, ScopeLevel.BUREAU, bureau.id) if owner is None
                   else for_scope(channels, ScopeLevel.DEPARTMENT, department=owner))
        scope_code = bureau.code if owner is None else owner
        who = bureau.name if owner is None else f"{bureau.name}·{owner}"
        head = [f"【指标状态变化】{who}", f"{label(period)}以下 {len(rows)} 项指标转为滞后或预警："]
        items = [f"{name}（{owner_}）：{before or '无'} → {after}" for name, owner_, before, after in rows]
        out += drafts(targets, RuleKind.STATUS_CHANGE, scope_code, bureau.id if owner is None else None, period,
                      f"status_change|{scope_code}|{period}|{day}", f"【指标状态变化】{who} {label(period)}",
                      head, items, ["请相关科室分析原因、落实措施。", *_tail(url, "总览")])
    return out


def briefing(channels: list[NotifyChannel], bureau: OrgUnit, plan: Plan, row: Briefing, pages: int) -> list[Draft]:
    """The monthly briefing to the bureau's channels: 企业微信 a summary and one image per PNG page;
    钉钉 the summary (a custom robot takes no uploaded picture, only a picture URL); email the PDF."""
    snap = row.snapshot
    title = f"【月度简报】{bureau.name} {label(row.period)} 第{row.number}期"
    url = link("briefing", plan=plan.plan_key, period=row.period)
    narrative = snap.get("narrative") or ""
    summary = [title, "".join(narrative) if isinstance(narrative, list) else str(narrative), *_tail(url, "月度简报")]
    key = f"briefing|{bureau.code}|{row.period}|no{row.number}"
    out = []
    for c in for_scope(channels, ScopeLevel.BUREAU, bureau.id):
        kind = ChannelKind(c.kind)
        if kind is ChannelKind.EMAIL:
            out.append(Draft(RuleKind.BRIEFING.value, c, bureau.code, bureau.id, row.period, key, title,
                             "\n".join(summary), {"briefing_id": row.id, "format": "pdf"}))
            continue
        out.append(Draft(RuleKind.BRIEFING.value, c, bureau.code, bureau.id, row.period, key, title,
                         fit("\n".join(summary), TEXT_LIMIT[kind])))
        if kind is ChannelKind.WECOM:
            for page in range(1, pages + 1):
                out.append(Draft(RuleKind.BRIEFING.value, c, bureau.code, bureau.id, row.period,
                                 f"{key}|p{page}", f"{title} 第{page}/{pages}页",
                                 f"{title} 第{page}/{pages}页（图片）",
                                 {"briefing_id": row.id, "format": "png", "page": page}))
    return out


def briefing_plan(session: Session, row: Briefing) -> tuple[Plan, OrgUnit]:
    plan = session.get(Plan, row.plan_id)
    return plan, session.get(OrgUnit, plan.bureau_id)
