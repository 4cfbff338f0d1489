"""python -m kpis catalog [--plan ID] [--json]"""

import argparse
import sys

from db.session import read_session
from kpis.catalog import query as catalog_query
from cli.commands import print_json


def run(args: argparse.Namespace) -> int:
    with read_session() as s:
        known = {p.key for p in catalog_query.plans(s)}
        if args.plan and args.plan not in known:
            print(f"未找到计划 {args.plan}。可选：{'、'.join(sorted(known))}", file=sys.stderr)
            return 2
        rows = catalog_query.catalog(s, args.plan)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        target = catalog_query.format_target_values(r["comparator"], r["target"], r["target_upper"], r["unit"],
                                                      r["kind"])
        print(f"{r['plan']}\t{r['code']}\t{r['name']}\t{target}\t{catalog_query.KIND_LABELS[r['kind']]}")
    print(f"共 {len(rows)} 项指标。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("catalog", help="列出指标目录")
    s.add_argument("--plan", help="计划编号，如 2022-yichang")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=run)
