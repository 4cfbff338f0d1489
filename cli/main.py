"""`python -m kpis …`: the command line for admins and scripts. Messages are Chinese.

Each sub-command lives in its own module under cli/commands/ with a `register(subparsers)`
function; they are discovered here, so adding a command touches no shared list."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from cli import commands
from seed import bootstrap
from cli import zh_argparse

# Commands that work before the database exists.
NEEDS_NO_DATABASE = {"init", "extract", "backup", "demo"}


def build_parser() -> argparse.ArgumentParser:
    zh_argparse.install()
    p = argparse.ArgumentParser(prog="python -m kpis", description="EduKPI 教育工作要点指标看板 命令行工具")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in NEEDS_NO_DATABASE and not bootstrap.is_initialised():
        print("数据库尚未初始化，请先运行：python -m kpis init --demo", file=sys.stderr)
        return 2
    return args.func(args)
