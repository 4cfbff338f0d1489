"""python -m kpis backup -o FILE

SQLite: a consistent copy through SQLite's online backup API, safe while the app is running.
PostgreSQL: prints the pg_dump command to use (the app holds no tool of its own for it)."""

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from db.session import database_url


def run(args: argparse.Namespace) -> int:
    url = make_url(database_url())
    out = Path(args.output)
    if url.get_backend_name() != "sqlite":
        target = url.set(drivername="postgresql").render_as_string(hide_password=True)
        print("当前数据库不是 SQLite，请用 PostgreSQL 自带的 pg_dump 备份，例如：")
        print(f"  pg_dump --format=custom --file={out} '{target}'")
        print("恢复：pg_restore --clean --dbname=目标数据库地址 " + str(out))
        return 0
    source = Path(url.database or "")
    if not url.database or not source.exists():
        print(f"找不到数据库文件 {source}，请先运行 python -m kpis init。", file=sys.stderr)
        return 2
    if out.resolve() == source.resolve():
        print("备份文件不能是数据库文件本身，请换一个路径。", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"文件 {out} 已存在；如要覆盖，请加 --force。", file=sys.stderr)
        return 2
    if not out.parent.exists():
        print(f"目录 {out.parent} 不存在，请先创建。", file=sys.stderr)
        return 2
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        with dst:
            src.backup(dst, pages=1024)
        ok = dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        dst.close()
        src.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        print("备份文件完整性检查未通过，已删除，请重试。", file=sys.stderr)
        return 1
    tmp.replace(out)
    print(f"已备份到 {out}（{out.stat().st_size / 1024 / 1024:.1f} MB）。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("backup", help="备份数据库（SQLite 在线备份；PostgreSQL 给出 pg_dump 命令）")
    s.add_argument("-o", "--output", required=True, help="备份文件路径，如 backups/edukpi-2025-06-30.db")
    s.add_argument("--force", action="store_true", help="覆盖已存在的备份文件")
    s.set_defaults(func=run)
