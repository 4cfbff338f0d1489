"""督办 items for the demo data: two red KPIs of the demo bureau's newest plan get an item each, so
every demo account meets the 督办 loop on its first visit — the 局领导 sees open items and what is
still 未安排督办, the 科室 has one to report on (a KPI it enters itself, already 处理中), the 片区
one to start (a school KPI behind in its district, 待处理). Opened through followup's own services,
as a leader would on the 督办 page; nothing when the plan already has items."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import followup
from auth.identity import UnknownUser, principal_named
from auth.users import DEMO_DEPARTMENT
from core import timezones
from db.models import FollowupItem, OrgUnit, Plan
from kpis import current, figures
from kpis.vocabulary import DataPath, Status

DEPARTMENT_ITEM = ("新建公办园受征地影响开工推迟，关停整合进度慢于计划。",
                   "逐园制定关停整合方案并明确时间表；每月在科室填报中更新进展。")
DISTRICT_ITEM = ("街道内部分学校该项指标低于目标，拉低了全街道的进度。",
                 "街道逐校分析原因、制定整改计划，下月报送前逐校复核。")


def open_items(session: Session) -> int:
    """Open the demo's 督办 items (see the module's docstring); returns how many were opened."""
    try:
        leader = principal_named(session, "demo_leader")
        officer = principal_named(session, "demo_department")
        district_officer = principal_named(session, "demo_district")
    except UnknownUser:  # no demo accounts (or not in demo mode): nobody to open them
        return 0
    plan = session.scalar(select(Plan).where(Plan.bureau_id == leader.bureau_id).order_by(Plan.year.desc()).limit(1))
    if plan is None or session.scalar(select(func.count()).select_from(FollowupItem)
                                      .where(FollowupItem.plan_id == plan.id)):
        return 0
    today = timezones.beijing(timezones.now_utc()).date()
    period = current.of_plan_year(plan.year).period
    opened = 0
    _, bureau = figures.plan_status(session, leader, plan.plan_key, period)
    own = next((r for r in bureau if r.shown_status == Status.BEHIND and r.owner == DEMO_DEPARTMENT
                and r.data_path == DataPath.BUREAU), None)
    if own is not None:
        item = followup.open_item(session, leader, plan.plan_key, own.code, period, cause=DEPARTMENT_ITEM[0],
                                  measures=DEPARTMENT_ITEM[1], owner=DEMO_DEPARTMENT, due=today + timedelta(days=20),
                                  today=today)
        followup.progress(session, officer, item, "已约谈相关幼儿园举办者，两所园的关停方案已报局审定。", today=today)
        opened += 1
    district = session.get(OrgUnit, district_officer.scope_org_id)
    _, local = figures.plan_status(session, leader, plan.plan_key, period, district.code)
    behind = next((r for r in local if r.shown_status == Status.BEHIND and r.data_path == DataPath.SCHOOL), None)
    if behind is not None:
        followup.open_item(session, leader, plan.plan_key, behind.code, period, cause=DISTRICT_ITEM[0],
                           measures=DISTRICT_ITEM[1], owner=district.code, due=today + timedelta(days=10),
                           today=today, scope=district.code)
        opened += 1
    return opened
