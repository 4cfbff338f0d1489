"""python -m kpis import PATH... [--user NAME]: import filled templates (files or folders)."""

import argparse
import sys
from pathlib import Path

from auth.identity import principal_named
from auth.principal import SYSTEM, Principal
from db.session import read_session
from ingest.upload import upload
from kpis.periods import label

SUFFIXES = {".xlsx", ".xls", ".csv", ".xlsm"}


def _files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                            and not f.name.startswith(("~$", ".")))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    return files, missing


def _principal(name: str | None) -> Principal:
    """The named user, whose scope applies (an unknown or disabled name is refused: UnknownUser,
    exit 2); without --user the system imports."""
    if not name:
        return SYSTEM
    with read_session() as s:
        return principal_named(s, name)


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // max(total, 1)
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


def run(args: argparse.Namespace) -> int:
    files, missing = _files(args.paths)
    for m in missing:
        print(f"✗ 找不到 {m}", flush=True)
    if not files and not missing:
        print("没有找到可导入的文件（.xlsx、.xls、.csv）。", file=sys.stderr)
        return 2
    who = _principal(args.user)
    uploader = args.user or "命令行导入"
    rejected = len(missing)
    show_bar = sys.stderr.isatty()
    for i, f in enumerate(files, start=1):
        if show_bar:
            print(f"\r{_bar(i - 1, len(files))} {f.name[:40]}", end="", file=sys.stderr, flush=True)
        try:
            r = upload(who, f.name, f.read_bytes(), uploader=uploader, commit=True)
        except OSError as exc:
            r = None
            line = f"✗ 已拒收 {f}：无法读取文件（{exc.strerror or exc}）"
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            r = None
            line = f"✗ 已拒收 {f}：{exc}"
        if r is not None:
            when = label(r.period) if r.period else "期间未知"
            if r.status == "accepted":
                late = "" if r.on_time else "，迟报"
                line = f"✓ 已接收 {f}：{when}，{r.schools} 所学校、{r.values} 个数值（{r.changed} 个有变化{late}）"
                if r.refused:
                    line += f"；{len(r.refused_schools)} 所被拒收（{'、'.join(r.refused_schools)}）：" + \
                        " ".join(e.message for e in r.refused[:5])
            elif r.status == "identical" and r.same_bytes:
                line = f"= 未变化 {f}：与{when}已采用的文件完全相同，未重复导入"
            elif r.status == "identical":
                line = f"= 未变化 {f}：数值与{when}已报数据完全相同，未重复导入"
            else:
                reasons = " ".join(e.message for e in r.errors[:5])
                more = f" 另有 {len(r.errors) - 5} 处问题。" if len(r.errors) > 5 else ""
                line = f"✗ 已拒收 {f}：{reasons}{more}"
        if r is None or r.status == "rejected":
            rejected += 1
        if show_bar:
            print("\r" + " " * 80 + "\r", end="", file=sys.stderr)
        print(line, flush=True)
    if show_bar:
        print(f"{_bar(len(files), len(files))}", file=sys.stderr)
    accepted = len(files) + len(missing) - rejected
    print(f"共 {len(files) + len(missing)} 个文件：{accepted} 个已接收，{rejected} 个被拒收。")
    return 1 if rejected else 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("import", help="导入填好的学校报表（文件或文件夹）")
    s.add_argument("paths", nargs="+", metavar="路径", help="文件或文件夹（文件夹中的 .xlsx、.xls、.csv 都会导入）")
    s.add_argument("--user", metavar="用户名", help="记为上传人的用户名")
    s.set_defaults(func=run)
