"""python -m kpis status --plan ID --period YYYY-MM [--district CODE] [--school CODE] [--type 21] [--json]"""

import argparse
import sys

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from db.session import read_session
from kpis import figures
from kpis.catalog import milestone
from kpis.catalog.query import format_target_values
from cli.commands import print_json
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label
from kpis.vocabulary import DataPath, KpiKind


def _num(x):
    return None if x is None else round(float(x), 4)


def as_json(r) -> dict:
    return {
        "code": r.code, "name": r.name, "category": r.category, "kind": r.kind,
        "value": _num(r.value), "unit": r.unit, "level": _num(r.level), "level_unit": r.level_unit,
        "target": r.target, "target_upper": r.target_upper, "comparator": r.comparator, "pace": r.pace,
        "expected": _num(r.expected), "status": r.status, "colour_withheld": r.withheld,
        "coverage": {"reported": r.reported, "expected": r.expected_count},
        "previous": _num(r.previous), "change": _num(r.change), "change_unit": r.change_unit,
        "baseline": _num(r.baseline), "baseline_period": r.baseline_period, "definition_from": r.version_from,
    }


def _fmt(x, unit):
    if x is None:
        return "无数据"
    sep = "" if unit in ("%", "") else " "
    return f"{x:,.2f}".rstrip("0").rstrip(".") + sep + unit


def run(args: argparse.Namespace) -> int:
    threshold = args.coverage / 100.0
    with read_session() as s:
        try:
            scope, results = figures.plan_status(s, SYSTEM, args.plan, args.period, args.district, args.school,
                                                 args.type, coverage_threshold=threshold)
        except (figures.ScopeError, PermissionDenied) as exc:
            print(str(exc), file=sys.stderr)
            return 2
    if args.json:
        print_json([as_json(r) for r in results])
        return 0
    print(f"{scope.label}　{label(args.period)}")
    for r in results:
        target = format_target_values(r.comparator, r.target, r.target_upper, r.unit, r.kind)
        cov = f"{r.reported}/{r.expected_count} 所已报送" if r.data_path == DataPath.SCHOOL else ("已填报" if r.reported else "未填报")
        value = milestone.word(r.value) if r.kind == KpiKind.MILESTONE else _fmt(r.value, r.unit)
        print(f"{r.code}\t{r.name}\t{value}\t目标 {target}\t{r.shown_status}\t{cov}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("status", help="某计划某月每项指标的数值、目标、状态和报送覆盖")
    s.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou")
    s.add_argument("--period", required=True, help="期间 YYYY-MM，如 2025-06")
    s.add_argument("--district", help="片区/街道代码（见 python -m kpis orgs）")
    s.add_argument("--school", help="学校标识码（10位）")
    s.add_argument("--type", choices=sorted(SCHOOL_TYPE_LABELS), help="只统计一种学校类型：11 幼儿园 21 小学 31 初中 34 高中 36 中职 51 特教")
    s.add_argument("--coverage", type=float, default=80.0, help="报送覆盖率低于此百分比时不着色（默认 80）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=run)
