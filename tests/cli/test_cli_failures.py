"""The command line fails cleanly: one Chinese line and exit 2 for a database that cannot be used, a
setting with a bad value, or a --user that names no active account (never the system user)."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from db.models import Submission
from db.session import read_session
from tests.ingest.helpers import PRIMARY, SCHOOL, fill

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def _one_line_chinese(out) -> str:
    assert out.returncode == 2, out
    assert "Traceback" not in out.stderr and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_postgres_server_not_running_is_one_chinese_line_without_the_password():
    line = _one_line_chinese(run("catalog", env={
        "EDUKPI_DATABASE_URL": "postgresql+psycopg://edukpi:s3cret-pw@127.0.0.1:1/edukpi"}))
    assert line == ("无法使用数据库 postgresql+psycopg://edukpi:***@127.0.0.1:1/edukpi："
                    "数据库服务器没有运行或无法连接，请启动 PostgreSQL 或检查主机名和端口。")
    assert "s3cret-pw" not in line


def test_sqlite_file_in_a_missing_folder(tmp_path):
    url = f"sqlite:///{tmp_path}/没有这个文件夹/edukpi.db"
    line = _one_line_chinese(run("status", "--plan", "2025-taizhou", "--period", "2025-06",
                                 env={"EDUKPI_DATABASE_URL": url}))
    assert line == f"无法使用数据库 {url}：无法打开数据库文件，请检查文件夹是否存在、是否有读写权限。"


def test_a_setting_with_a_bad_value_stops_the_command():
    line = _one_line_chinese(run("catalog", env={"EDUKPI_SESSION_IDLE_MINUTES": "2h"}))
    assert line == ("环境变量 EDUKPI_SESSION_IDLE_MINUTES 的值“2h”无效：应为大于 0 的分钟数，如 120。"
                    "请改正或删除该变量后重新启动。")


def _submissions() -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


def test_unknown_or_disabled_user_is_refused_and_nothing_is_imported(demo_db, tmp_path):
    out = run("template", "--school", SCHOOL, "--period", "2026-10", "-o", str(tmp_path / "t.xlsx"))
    assert out.returncode == 0, out.stderr
    filled = tmp_path / "好.xlsx"
    filled.write_bytes(fill((tmp_path / "t.xlsx").read_bytes(), default=PRIMARY))
    before = _submissions()
    line = _one_line_chinese(run("import", str(filled), "--user", "no_such_officer"))
    assert line == "用户“no_such_officer”不存在。请用 python -m kpis users list 查看用户名。"
    assert _submissions() == before

    subprocess.run([sys.executable, "-m", "kpis", "users", "add", "--username", "cli_gone_officer2", "--role",
                    "admin", "--scope", "331081"], cwd=ROOT, input="Gone-Officer-4821\n", text=True,
                   capture_output=True, check=True)
    assert run("users", "disable", "--username", "cli_gone_officer2").returncode == 0
    line = _one_line_chinese(run("import", str(filled), "--user", "cli_gone_officer2"))
    assert line.startswith("用户“cli_gone_officer2”已停用或不能登录")
    assert _submissions() == before


def test_the_app_does_not_start_on_a_bad_setting():
    out = subprocess.run([sys.executable, "app.py", "--server.headless", "true", "--server.port", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "EDUKPI_SESSION_IDLE_MINUTES": "2h"})
    assert out.returncode == 2
    assert out.stderr.strip() == ("环境变量 EDUKPI_SESSION_IDLE_MINUTES 的值“2h”无效：应为大于 0 的分钟数，如 120。"
                                  "请改正或删除该变量后重新启动。")


def test_a_database_behind_the_code_asks_for_the_migration(tmp_path):
    from alembic import command

    from db import migrate
    from db.session import make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0604")
    engine.dispose()
    line = _one_line_chinese(run("catalog", env={"EDUKPI_DATABASE_URL": url}))
    assert line == (f"数据库的结构版本（0604）比程序旧，需要迁移到 {migrate.head_revision()}："
                    "请先运行 python -m kpis init（会保留已有数据），再重试。")
