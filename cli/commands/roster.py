"""python -m kpis roster export --plan ID -o FILE | roster import FILE --plan ID [--yes]

The school roster (学校名册) of a plan's bureau: export it as .xlsx, edit it, import it. import
prints the preview (added, changed field by field, unchanged, not listed) and writes only with
--yes; any error in the file means nothing is written and the exit code is 1."""

import argparse
import sys
from pathlib import Path

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from db.session import read_session, write_session
from ingest import roster


def _export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        print(f"输出文件应以 .xlsx 结尾：{out}", file=sys.stderr)
        return 2
    with read_session() as s:
        content = roster.export_roster(s, SYSTEM, args.plan)
        n = len(roster.list_schools(s, SYSTEM, args.plan))
    try:
        out.write_bytes(content)
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"已导出学校名册（{n} 所学校）到 {out}" if n else f"本局还没有学校，已导出空白名册模板到 {out}")
    return 0


def _print_preview(p: roster.RosterPreview) -> None:
    print(f"{p.bureau_name}（{p.bureau_code}） 学校名册 {p.filename}")
    for issue in p.errors:
        print(f"  错误：{issue.message}")
    for issue in p.warnings:
        print(f"  提示：{issue.message}")
    for row in p.change_table():
        print(f"  {row['操作']}\t{row['学校标识码']}\t{row['学校名称']}\t{row['所属片区']}\t{row['变更内容']}")
    print(p.summary)


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件：{path}", file=sys.stderr)
        return 2
    content = path.read_bytes()
    if not args.yes:
        with read_session() as s:
            p = roster.preview_roster(s, SYSTEM, args.plan, path.name, content)
        _print_preview(p)
        if p.errors:
            return 1
        if p.has_changes:
            print("以上为预览，尚未写入。确认无误后加 --yes 再运行一次即可导入。")
        return 0
    try:
        with write_session() as s:
            p = roster.apply_roster(s, SYSTEM, args.plan, path.name, content)
    except roster.RosterRejected as exc:
        _print_preview(exc.preview)
        return 1
    _print_preview(p)
    print("已导入。" if p.has_changes else "名册与系统一致，没有需要写入的内容。")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return _export(args) if args.roster_action == "export" else _import(args)
    except KeyError:
        print(f"未找到计划 {args.plan}。请用 python -m kpis catalog 查看计划编号。", file=sys.stderr)
        return 2
    except PermissionDenied as exc:
        print(str(exc), file=sys.stderr)
        return 2


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("roster", help="学校名册：export 导出为 Excel，import 从 Excel/CSV 导入（先预览，加 --yes 写入）")
    actions = s.add_subparsers(dest="roster_action", required=True, metavar="操作")
    e = actions.add_parser("export", help="导出教育局现有学校（没有学校时为空白模板）")
    e.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou（用其所属教育局）")
    e.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件")
    i = actions.add_parser("import", help="导入学校名册：打印预览；加 --yes 才写入")
    i.add_argument("file", help="学校名册文件（.xlsx、.xls 或 .csv）")
    i.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou（用其所属教育局）")
    i.add_argument("--yes", action="store_true", help="确认写入（不加时只预览）")
    s.set_defaults(func=run)
