"""python -m kpis extract PLAN.txt|.docx|.pdf [--json | --catalog] — works without a database."""

import argparse
import sys
from pathlib import Path

from cli.commands import print_json


def run(args: argparse.Namespace) -> int:
    from kpis.plan_reader import ACCEPT_THRESHOLD, read_plan
    from kpis.plan_reader.sources import PlanFileError, read_plan_file

    path = Path(args.plan)
    if not path.exists():
        print(f"找不到文件 {path}。请给出工作要点的 .txt、.docx 或 .pdf 文件路径。", file=sys.stderr)
        return 2
    try:
        text = read_plan_file(path.name, path.read_bytes())
    except PlanFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    doc = read_plan(text)
    kpis = doc["kpis"] if args.all else [k for k in doc["kpis"] if k["accepted"]]
    if args.catalog:
        print_json(doc)
        return 0
    if args.json:
        print_json([{
            "item": k["item"], "source": k["source"], "value": k["value"], "value_upper": k["value_upper"],
            "unit": k["unit"], "comparator": k["comparator"], "name": k["name"], "category": k["category"],
            "confidence": k["confidence"], "reasons": k["reasons"],
        } for k in kpis])
        return 0
    items = sum(len(s["items"]) for s in doc["sections"])
    print(f"{doc['title']}（{doc['year'] or '年份未知'}年）：{len(doc['sections'])} 个部分、{items} 条任务。")
    for k in kpis:
        upper = f"–{k['value_upper']}" if k["value_upper"] is not None else ""
        print(f"{k['item']}\t{k['comparator']}\t{k['value']}{upper} {k['unit']}\t置信度 {k['confidence']:.2f}\t{k['source']}")
    hidden = "" if args.all else f"（置信度低于 {ACCEPT_THRESHOLD} 的未列出，加 --all 查看）"
    print(f"共 {len(kpis)} 项候选指标{hidden}。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("extract", help="从工作要点文本中提取量化指标候选（无需数据库）")
    s.add_argument("plan", metavar="计划文件", help="工作要点的 .txt（UTF-8 或 GB18030）、.docx 或文字版 .pdf 文件")
    s.add_argument("--json", action="store_true", help="以 JSON 列表输出候选指标")
    s.add_argument("--catalog", action="store_true", help="输出指标目录格式的完整计划文档（含条目树）")
    s.add_argument("--all", action="store_true", help="也列出置信度低的候选")
    s.set_defaults(func=run)
