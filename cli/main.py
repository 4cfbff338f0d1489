"""`python -m kpis …`: the command line for admins and scripts. Messages are Chinese.

Each sub-command lives in its own module under cli/commands/ with a `register(subparsers)`
function; they are discovered here, so adding a command touches no shared list. Every command
ends the same way on failure: an error of core.errors' family prints its Chinese lines and exits
with its code; a database that cannot be reached prints one Chinese line and exits 2."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from sqlalchemy.exc import OperationalError

from cli import commands, zh_argparse
from core import settings
from core.errors import EduKPIError, messages_of
from db.session import unreachable_message
from seed import bootstrap

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
    try:
        settings.get()
        why = None if args.command in NEEDS_NO_DATABASE else bootstrap.not_ready()
        if why:
            print(why, file=sys.stderr)
            return 2
        return args.func(args)
    except EduKPIError as err:
        for line in messages_of(err):
            print(line, file=sys.stderr)
        return err.exit_code
    except OperationalError as err:  # cannot connect, cannot open the file, locked for too long
        print(unreachable_message(err), file=sys.stderr)
        return 2
