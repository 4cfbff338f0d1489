"""python -m kpis actions list --plan ID [--period YYYY-MM] [--json]
python -m kpis actions add --kpi CODE --period YYYY-MM --cause TEXT --measures TEXT --owner 科室或片区编码
                           --due YYYY-MM-DD --user NAME [--scope CODE]

督办 items from the command line. Listing reads as the system (every item of the plan); adding acts
as --user, a leader or admin account, checked exactly as on the 督办 page."""

from __future__ import annotations

import argparse
from datetime import date

from sqlalchemy import select

import followup
from auth.identity import principal_named
from auth.principal import SYSTEM
from cli.commands import print_json
from core.errors import Invalid
from core.timezones import CHINA, now_utc
from db.models import Kpi, Plan
from db.session import read_session, write_session
from kpis.followup_view import date_text, one_line
from kpis.periods import is_period, label


def _today() -> date:
    return now_utc().astimezone(CHINA).date()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Invalid(f"办结期限应写作 YYYY-MM-DD（如 2026-01-10），收到：{text}") from None


def _list(args: argparse.Namespace) -> int:
    if args.period and not is_period(args.period):
        raise Invalid(f"期间格式应为 YYYY-MM（如 2025-06），收到：{args.period}")
    today = _today()
    with read_session() as s:
        items = followup.list_items(s, SYSTEM, args.plan, period=args.period)
    if args.json:
        print_json([{"id": v.id, "kpi": v.kpi_code, "kpi_name": v.kpi_name, "period": v.period, "scope": v.scope_code,
                     "scope_name": v.scope_name, "state": str(v.state), "cause": v.cause, "measures": v.measures,
                     "owner": v.owner, "owner_name": v.owner_name, "due": v.due.isoformat(),
                     "overdue": v.overdue(today)} for v in items])
        return 0
    if not items:
        print("没有督办事项。" if not args.period else f"{label(args.period)}没有督办事项。")
        return 0
    for v in items:
        print(f"#{v.id}\t{v.kpi_code} {v.kpi_name}\t{v.scope_name}\t{v.state_text(today)}\t{v.owner_name}\t"
              f"期限 {date_text(v.due)}\t原因：{one_line(v.cause, 30)}\t措施：{one_line(v.measures, 30)}")
    return 0


def _add(args: argparse.Namespace) -> int:
    due = _date(args.due)
    with write_session() as s:
        who = principal_named(s, args.user)
        plan_id = s.scalar(select(Kpi.plan_id).where(Kpi.code == args.kpi))
        if plan_id is None:
            raise Invalid(f"未找到指标 {args.kpi}。请用 python -m kpis catalog 查看指标编号。")
        plan_key = s.get(Plan, plan_id).plan_key
        item_id = followup.open_item(s, who, plan_key, args.kpi, args.period, cause=args.cause,
                                     measures=args.measures, owner=args.owner, due=due, today=_today(),
                                     scope=args.scope)
    print(f"已发起第 {item_id} 号督办事项：{args.kpi}，{label(args.period)}，办结期限 {date_text(due)}。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actions", help="督办事项：列出（list）或发起（add）")
    acts = p.add_subparsers(dest="action", required=True, metavar="操作")
    ls = acts.add_parser("list", help="列出计划的督办事项")
    ls.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou")
    ls.add_argument("--period", help="只列出该期间（YYYY-MM）发起的事项")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出（每项一个对象）")
    ls.set_defaults(func=_list)
    add = acts.add_parser("add", help="为滞后或预警的指标发起督办（局领导或管理员）")
    add.add_argument("--kpi", required=True, help="指标编号，如 TZ25-06")
    add.add_argument("--period", required=True, help="指标滞后或预警的期间 YYYY-MM")
    add.add_argument("--cause", required=True, help="原因分析")
    add.add_argument("--measures", required=True, help="整改措施")
    add.add_argument("--owner", required=True, help="责任单位：科室名称或片区/街道编码")
    add.add_argument("--due", required=True, help="办结期限 YYYY-MM-DD")
    add.add_argument("--user", required=True, help="以哪位局领导或管理员的名义发起（用户名）")
    add.add_argument("--scope", help="片区/街道或学校编码（不填为全局）")
    add.set_defaults(func=_add)
