"""python -m kpis cycle status|approve|return|lock|unlock: the monthly reporting cycle.

The same services as the 审核 and 我的待办 pages, with the rights of --user (an existing, active
account). A refusal — outside the user's scope, an impossible step — prints one Chinese line and
exits 1, having changed nothing (cli.main prints every error of core.errors' family)."""

import argparse

from auth.identity import principal_named
from cli.commands import print_json
from db.session import read_session, write_session
from kpis.periods import label
from workflow import cycle, status
from workflow.states import STATES


def _status(args: argparse.Namespace) -> int:
    with read_session() as s:
        who = principal_named(s, args.user) if args.user else None
        if who is None:
            from auth.principal import SYSTEM
            who = SYSTEM
        st = status.cycle_status(s, who, args.plan, args.period, args.district)
    if args.json:
        print_json({"locked": st.locked, "counts": st.counts, "schools": [x.as_json() for x in st.schools]})
        return 0
    lock = f"，{st.lock.text()}" if st.lock else "，未锁定"
    print(f"{st.bureau} {label(st.period)}{lock}")
    print(" · ".join(f"{k} {v}" for k, v in st.counts.items()) + f" / {len(st.schools)} 所")
    for x in st.schools:
        extra = f"\t退回原因：{x.reason}" if x.reason and x.state == "已退回" else ""
        print(f"{x.code}\t{x.name}\t{x.district}\t{x.state}{extra}")
    return 0


def _approve(args: argparse.Namespace) -> int:
    with write_session() as s:
        new = cycle.approve(s, principal_named(s, args.user), args.school, args.period,
                            submission_id=args.submission)
        name = cycle.school_by_code(s, args.school).name
    print(f"“{name}”{label(args.period)}的报表：{new}。")
    return 0


def _return(args: argparse.Namespace) -> int:
    with write_session() as s:
        cycle.return_(s, principal_named(s, args.user), args.school, args.period, args.reason,
                      submission_id=args.submission)
        name = cycle.school_by_code(s, args.school).name
    print(f"“{name}”{label(args.period)}的报表已退回，原因：{args.reason.strip()}")
    return 0


def _lock(args: argparse.Namespace) -> int:
    with write_session() as s:
        done = cycle.lock(s, principal_named(s, args.user), args.plan, args.period)
    print(f"{label(args.period)}已锁定：本次确认 {done.confirmed} 所学校，另有 {done.left} 所学校未确认"
          "（未提交、已退回或待审核）。锁定后不能再上传、填报或修改，解锁需管理员填写原因。")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    with write_session() as s:
        cycle.unlock(s, principal_named(s, args.user), args.plan, args.period, args.reason)
    print(f"{label(args.period)}已解锁，学校可重新提交（重新提交的报表需再次审核）。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cycle", help="月度填报流程：状态、审核通过、退回、锁定、解锁")
    actions = p.add_subparsers(dest="action", required=True, metavar="操作")

    a = actions.add_parser("status", help="某一期各学校的填报状态（" + "、".join(STATES) + "）")
    a.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou")
    a.add_argument("--period", required=True, help="填报期 YYYY-MM")
    a.add_argument("--district", help="只看一个片区/街道（片区代码）")
    a.add_argument("--user", help="以该用户的权限查看（不填为系统）")
    a.add_argument("--json", action="store_true", help="以 JSON 输出")
    a.set_defaults(func=_status)

    for name, helptext, func in (("approve", "审核通过一所学校的报表（片区审核，或教育局确认）", _approve),
                                 ("return", "退回一所学校的报表（须填写原因）", _return)):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("--school", required=True, help="学校标识码")
        a.add_argument("--period", required=True, help="填报期 YYYY-MM")
        a.add_argument("--user", required=True, help="执行操作的用户名（按其权限）")
        a.add_argument("--submission", type=int, help="所审核的提交编号（学校已重新提交时拒绝）")
        if name == "return":
            a.add_argument("--reason", required=True, help="退回原因：哪里有问题、怎样改正")
        a.set_defaults(func=func)

    a = actions.add_parser("lock", help="确认整期数据并锁定")
    a.add_argument("--plan", required=True, help="计划编号")
    a.add_argument("--period", required=True, help="填报期 YYYY-MM")
    a.add_argument("--user", required=True, help="执行操作的用户名（本局管理员或指定的局领导）")
    a.set_defaults(func=_lock)

    a = actions.add_parser("unlock", help="解锁一期（管理员，须填写原因）")
    a.add_argument("--plan", required=True, help="计划编号")
    a.add_argument("--period", required=True, help="填报期 YYYY-MM")
    a.add_argument("--user", required=True, help="执行操作的管理员用户名")
    a.add_argument("--reason", required=True, help="解锁原因")
    a.set_defaults(func=_unlock)
