"""python -m kpis demo [--plan ID|all] [--schools N] [--months M]: demo or scale data on an empty bureau."""

import argparse
import sys
import time

from db.session import write_session
from seed import bootstrap
from seed import demo
from kpis.catalog.files import load_catalog


def run(args: argparse.Namespace) -> int:
    if args.schools is not None and args.schools < 1:
        print("学校数 --schools 必须是正整数。", file=sys.stderr)
        return 2
    if not 1 <= args.months <= 120:
        print("月数 --months 必须在 1 到 120 之间。", file=sys.stderr)
        return 2
    bootstrap.initialise(with_demo=False)
    keys = [d["plan"] for d in load_catalog().plans]
    if args.plan == "all":
        chosen = keys
    elif args.plan in keys:
        chosen = [args.plan]
    else:
        print(f"未找到计划 {args.plan}。可选：{'、'.join(keys)} 或 all", file=sys.stderr)
        return 2
    for key in chosen:
        started = time.perf_counter()
        with write_session() as s:
            d = demo.generate(s, key, schools_total=args.schools, months=args.months)
        if d.schools:
            print(f"演示数据 {key}：片区 {d.districts} 个、学校 {d.schools} 所、报送 {d.submissions} 份、"
                  f"数据 {d.values} 条、科室进展 {d.updates} 条，用时 {time.perf_counter() - started:.1f} 秒。")
        else:
            print(f"演示数据 {key}：该教育局已有学校，未重复生成（请换一个空数据库）。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("demo", help="生成演示数据或规模测试数据（只对尚无学校的教育局生成）")
    s.add_argument("--plan", default="2025-taizhou", help="计划编号，或 all 表示全部计划（默认 2025-taizhou）")
    s.add_argument("--schools", type=int, help="学校总数（不给则按片区生成常规规模）")
    s.add_argument("--months", type=int, default=12, help="生成的月数，从计划年度1月起（另加上年12月基期，默认 12）")
    s.set_defaults(func=run)
