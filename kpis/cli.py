"""`python -m kpis …`: the command line for admins and scripts. Messages are Chinese."""

from __future__ import annotations

import argparse
import json
import sys

from db.session import read_session
from kpis import catalog_query, orgs, setup


def _print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_init(args: argparse.Namespace) -> int:
    report = setup.initialise(with_demo=args.demo)
    c = report.catalog
    if c.nothing_changed:
        print("数据库已是最新：目录无变化。")
    else:
        print(f"已载入目录：新增计划 {c.plans_added} 个、指标 {c.kpis_added} 项、"
              f"数据元素 {c.elements_added} 个、定义新版本 {c.versions_added} 个。")
    for plan, d in report.demo.items():
        if d.schools:
            print(f"演示数据 {plan}：片区 {d.districts} 个、学校 {d.schools} 所、"
                  f"报送 {d.submissions} 份、数据 {d.values} 条、科室进展 {d.updates} 条。")
        else:
            print(f"演示数据 {plan}：已存在，未重复生成。")
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    with read_session() as s:
        known = {p.key for p in catalog_query.plans(s)}
        if args.plan and args.plan not in known:
            print(f"未找到计划 {args.plan}。可选：{'、'.join(sorted(known))}", file=sys.stderr)
            return 2
        rows = catalog_query.catalog(s, args.plan)
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        v = type("V", (), {k: r[k] for k in ("comparator", "target", "target_upper", "unit")})
        print(f"{r['plan']}\t{r['code']}\t{r['name']}\t{catalog_query.format_target(v)}\t"
              f"{catalog_query.KIND_LABELS[r['kind']]}")
    print(f"共 {len(rows)} 项指标。")
    return 0


def cmd_orgs(args: argparse.Namespace) -> int:
    with read_session() as s:
        try:
            rows = orgs.org_units(s, args.plan)
        except KeyError:
            print(f"未找到计划 {args.plan}。", file=sys.stderr)
            return 2
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        extra = f"\t{r['school_type_name']}\t{r['ownership']}" if r["level"] == "school" else ""
        print(f"{orgs.LEVEL_LABELS[r['level']]}\t{r['code']}\t{r['name']}{extra}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kpis", description="EduKPI 教育工作要点指标看板 命令行工具")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    s = sub.add_parser("init", help="创建或升级数据库并载入指标目录")
    s.add_argument("--demo", action="store_true", help="同时生成演示数据（片区、学校、12个月数据）")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("catalog", help="列出指标目录")
    s.add_argument("--plan", help="计划编号，如 2022-yichang")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=cmd_catalog)

    s = sub.add_parser("orgs", help="列出计划所属教育局的片区和学校")
    s.add_argument("--plan", required=True, help="计划编号，如 2022-yichang")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=cmd_orgs)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "init" and not setup.is_initialised():
        print("数据库尚未初始化，请先运行：python -m kpis init --demo", file=sys.stderr)
        return 2
    return args.func(args)
