"""python -m kpis catalog [--plan ID] [--reading] [--json]"""

import argparse
import sys

from db.session import read_session
from kpis.catalog import import_review, query as catalog_query
from cli.commands import print_json


def _percent(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def reading(args: argparse.Namespace) -> int:
    """Each imported plan's review counts and the reader's precision and recall over them."""
    with read_session() as s:
        rows = import_review.imported(s)
    total = import_review.pooled(rows)
    if args.json:
        print_json([{"plan": r.plan_key, "title": r.title, "at": r.at.isoformat(), **r.counts.as_dict(),
                     "precision": r.counts.precision, "recall": r.counts.recall} for r in rows])
        return 0
    if not rows:
        print("还没有在“计划导入”页保存过计划，没有读取复核记录。")
        return 0
    print("计划\t建议采纳\t原样保存\t修改后保存\t取消\t补选\t手工添加\t精确率\t召回率")
    for r in [*rows, None]:
        c, name = (r.counts, r.plan_key) if r else (total, f"合计（{len(rows)} 份计划）")
        print(f"{name}\t{c.proposed}\t{c.kept}\t{c.corrected}\t{c.dropped}\t{c.rescued}\t{c.added}"
              f"\t{_percent(c.precision)}\t{_percent(c.recall)}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.reading:
        return reading(args)
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
    s.add_argument("--reading", action="store_true",
                   help="计划导入的读取复核统计：每份导入计划建议采纳、原样保存、修改、取消、补选、手工添加的指标数，"
                        "以及读取的精确率和召回率")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=run)
