"""python -m kpis template (--school CODE | --district CODE) --period YYYY-MM -o FILE"""

import argparse
import sys
from pathlib import Path

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from ingest.template import build_template


def run(args: argparse.Namespace) -> int:
    code = args.school or args.district
    try:
        content = build_template(SYSTEM, code, args.period)
    except (ValueError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"已生成填报模板：{out}（{len(content) // 1024 + 1} KB）")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("template", help="生成学校或片区的填报模板（.xlsx）")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--school", metavar="学校标识码", help="学校标识码（10 位）")
    who.add_argument("--district", metavar="片区代码", help="片区/街道代码：生成每校一行的多校工作簿")
    s.add_argument("--period", required=True, metavar="YYYY-MM", help="填报期间，如 2025-03")
    s.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件路径")
    s.set_defaults(func=run)
