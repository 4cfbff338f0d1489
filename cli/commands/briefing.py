"""python -m kpis briefing --plan ID --period YYYY-MM --format png|pdf|pptx -o PATH [--size 1920x1080] [--new] [--number N]

Renders the month's newest snapshot, freezing the month into the plan's next numbered briefing when
it has none yet or --new is given (--number N re-renders that snapshot; neither reads live data
once the snapshot exists), renders it offline, checks the files and writes them. Exits 2 on bad input and
3 when the briefing could not be rendered; nothing is written then."""

import argparse
import sys
from pathlib import Path

from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from briefing import export, layout, snapshot
from db.session import read_session, write_session
from kpis import clock
from notify import events as notify_events


def output_paths(path: Path, count: int) -> list[Path]:
    """Page 1 goes to PATH itself; further PNG pages to PATH's stem with -2, -3…"""
    return [path] + [path.with_name(f"{path.stem}-{i}{path.suffix}") for i in range(2, count + 1)]


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if not out.parent.exists():
        print(f"输出目录不存在：{out.parent}。请先创建该目录或换一个路径。", file=sys.stderr)
        return 2
    try:
        if args.number is not None:
            with read_session() as s:
                row = snapshot.get_briefing(s, SYSTEM, args.plan, args.number)
                if args.period and row.period != args.period:
                    print(f"第 {args.number} 期简报是 {row.period} 的，与 --period {args.period} 不一致。", file=sys.stderr)
                    return 2
        else:
            if not args.period:
                print("请用 --period YYYY-MM 指定月份，或用 --number N 重新导出已有的一期简报。", file=sys.stderr)
                return 2
            row = None
            if not args.new:
                with read_session() as s:
                    row = snapshot.latest_for_period(s, SYSTEM, args.plan, args.period)
                if row is not None:
                    print(f"使用已有的 {row.period} 简报快照：第 {row.number} 期（生成于 {clock.stamp(row.created_at)}）。"
                          "如需按最新数据重新生成，请加 --new。")
            if row is None:
                with write_session() as s:
                    row = snapshot.create_briefing(s, SYSTEM, args.plan, args.period)
                    notify_events.briefing_created(s, row, layout.page_count(row.snapshot))  # sent by the worker
                print(f"已生成 {row.period} 简报快照：第 {row.number} 期。")
        snap = row.snapshot
    except (snapshot.BriefingError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        files = export.render(snap, args.format, args.size)
    except export.RenderError as exc:
        print(f"简报导出失败：{exc}", file=sys.stderr)
        return 3
    with write_session() as s:
        fresh = snapshot.get_briefing(s, SYSTEM, args.plan, row.number)
        for data in files:
            snapshot.store_file(s, SYSTEM, fresh, args.format, data)
    paths = output_paths(out, len(files))
    for path, data in zip(paths, files):
        path.write_bytes(data)
    gaps = layout.data_gaps(snap)
    if gaps:
        print(f"注意：{gaps}（简报页面上已注明）")
    for path in paths:
        print(f"已写入 {path}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("briefing", help="生成某计划某月的月度简报快照并导出 PNG、PDF 或 PPTX")
    s.add_argument("--plan", required=True, help="计划编号，如 2025-taizhou")
    s.add_argument("--period", help="月份 YYYY-MM，如 2025-10（生成新的一期快照）")
    s.add_argument("--number", type=int, help="重新导出已有的第 N 期快照（不读取当前数据）")
    s.add_argument("--new", action="store_true", help="即使该月已有快照，也按当前数据生成新的一期")
    s.add_argument("--format", required=True, choices=export.FORMATS, help="导出格式：png（每页一张图）、pdf、pptx")
    s.add_argument("--size", default="1920x1080", choices=sorted(layout.SIZES), help="PNG 的尺寸（默认 1920x1080）")
    s.add_argument("-o", "--output", required=True, help="输出文件路径；PNG 多页时第 2 页起在文件名后加 -2、-3…")
    s.set_defaults(func=run)
