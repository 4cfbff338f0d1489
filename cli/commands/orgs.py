"""python -m kpis orgs --plan ID [--json]"""

import argparse
import sys

from db.session import read_session
from kpis import orgs
from cli.commands import print_json


def run(args: argparse.Namespace) -> int:
    with read_session() as s:
        try:
            rows = orgs.org_units(s, args.plan)
        except KeyError:
            print(f"未找到计划 {args.plan}。", file=sys.stderr)
            return 2
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        extra = f"\t{r['school_type_name']}\t{r['ownership']}" if r["level"] == "school" else ""
        print(f"{orgs.LEVEL_LABELS[r['level']]}\t{r['code']}\t{r['name']}{extra}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("orgs", help="列出计划所属教育局的片区和学校")
    s.add_argument("--plan", required=True, help="计划编号，如 2022-yichang")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=run)
