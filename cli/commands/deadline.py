"""python -m kpis deadline --plan ID [--period YYYY-MM --set "YYYY-MM-DD HH:MM" | --reset]

Without --period: the bureau's periods with their deadlines (默认 or 已调整). With --set: a new
deadline for the period (Beijing time; not before the month has ended). With --reset: back to the
default (the 10th of the next month, 23:59)."""

import argparse
import sys

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from db.session import read_session, write_session
from kpis import deadlines
from cli.commands import print_json


def run(args: argparse.Namespace) -> int:
    try:
        if not args.period:
            if args.set or args.reset:
                print("请用 --period YYYY-MM 指定要调整的填报期。", file=sys.stderr)
                return 2
            with read_session() as s:
                rows = deadlines.list_deadlines(s, SYSTEM, args.plan)
            if args.json:
                print_json([{"period": r.period, "deadline": r.deadline.isoformat(), "default": r.is_default}
                            for r in rows])
                return 0
            for r in rows:
                print(f"{r.period}\t{deadlines.show(r.deadline)}\t{r.state}")
            return 0
        if bool(args.set) == bool(args.reset):
            print("请给出 --set \"YYYY-MM-DD HH:MM\"（新的截止时间）或 --reset（恢复默认）之一。", file=sys.stderr)
            return 2
        with write_session() as s:
            if args.reset:
                change = deadlines.reset_deadline(s, SYSTEM, args.plan, args.period)
            else:
                change = deadlines.set_deadline(s, SYSTEM, args.plan, args.period, args.set)
        print(change.message)
        return 0
    except (deadlines.DeadlineError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("deadline", help="填报截止时间：列出各期截止时间，或调整、恢复某一期")
    s.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou（用其所属教育局）")
    s.add_argument("--period", help="填报期 YYYY-MM，如 2026-01")
    s.add_argument("--set", metavar="时间", help="新的截止时间（北京时间），如 \"2026-02-20 23:59\"")
    s.add_argument("--reset", action="store_true", help="恢复默认截止时间（次月10日 23:59）")
    s.add_argument("--json", action="store_true", help="列出时以 JSON 输出")
    s.set_defaults(func=run)
