"""`python -m kpis users …` and `python -m kpis backup` as an admin would call them."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import select

from auth import passwords
from db.models import User
from db.session import read_session

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin="", env=None):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, env=env or os.environ.copy(), timeout=300)


def test_add_reads_the_password_from_stdin_and_lists_the_user(demo_db):
    name = f"cli_{uuid.uuid4().hex[:6]}"
    out = run("users", "add", "--username", name, "--role", "district", "--scope", _district_code(),
              stdin="Cli-Secret-4821\n")
    assert out.returncode == 0, out.stderr
    assert f"已创建用户 {name}" in out.stdout and "Cli-Secret-4821" not in out.stdout
    with read_session() as s:
        u = s.scalar(select(User).where(User.username == name))
    assert u.role == "district" and passwords.verify_password(u.password_hash, "Cli-Secret-4821")
    rows = json.loads(run("users", "list", "--json").stdout)
    assert {"username": name, "role": "district", "scope": _district_code(), "active": True}.items() <= \
        next(r for r in rows if r["username"] == name).items()


def _district_code():
    from db.models import OrgUnit
    with read_session() as s:
        b = s.scalar(select(OrgUnit).where(OrgUnit.code == "331081"))
        return s.scalar(select(OrgUnit.code).where(OrgUnit.bureau_id == b.id, OrgUnit.level == "district")
                        .order_by(OrgUnit.code))


def test_there_is_no_password_option(demo_db):
    out = run("users", "add", "--username", "x_y_z", "--role", "admin", "--password", "Abc-12345-xyz")
    assert out.returncode == 2 and "无法识别的参数：--password" in out.stderr
    with read_session() as s:
        assert s.scalar(select(User).where(User.username == "x_y_z")) is None


def test_weak_password_unknown_scope_and_unknown_user_say_what_is_wrong(demo_db):
    name = f"cli_{uuid.uuid4().hex[:6]}"
    weak = run("users", "add", "--username", name, "--role", "admin", stdin="123456\n")
    assert weak.returncode == 2 and "密码太短" in weak.stderr
    bad_scope = run("users", "add", "--username", name, "--role", "school", "--scope", "9999999999",
                    stdin="Cli-Secret-4821\n")
    assert bad_scope.returncode == 2 and "找不到编码为“9999999999”的机构" in bad_scope.stderr
    with read_session() as s:
        assert s.scalar(select(User).where(User.username == name)) is None
    missing = run("users", "disable", "--username", "no_such_user_here")
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_disable_and_reset_password(demo_db):
    name = f"cli_{uuid.uuid4().hex[:6]}"
    assert run("users", "add", "--username", name, "--role", "admin", stdin="Cli-Secret-4821\n").returncode == 0
    assert run("users", "reset-password", "--username", name, stdin="Other-Secret-77\n").returncode == 0
    assert run("users", "disable", "--username", name).returncode == 0
    with read_session() as s:
        u = s.scalar(select(User).where(User.username == name))
    assert not u.active and passwords.verify_password(u.password_hash, "Other-Secret-77")


def test_init_demo_prints_the_demo_accounts(tmp_path):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.db'}"
    plain = run("init", env=env)
    assert plain.returncode == 0 and "演示账户" not in plain.stdout
    listed = run("users", "list", "--json", env=env)
    assert json.loads(listed.stdout) == []  # no demo accounts without demo data
    out = run("init", "--demo", env=env)
    assert out.returncode == 0, out.stderr
    for username in ("demo_admin", "demo_leader", "demo_department", "demo_personnel", "demo_district", "demo_school",
                     "demo_sysadmin"):
        assert username in out.stdout
    assert "demo_sysadmin\t管理员\t全部教育局" in out.stdout  # the one demo account that sees all five plans
    assert "密码：Demo-EduKPI-2468" in out.stdout
    roles = {r["username"]: r["role"] for r in json.loads(run("users", "list", "--json", env=env).stdout)}
    assert roles == {"demo_admin": "admin", "demo_leader": "leader", "demo_department": "department",
                     "demo_personnel": "department", "demo_district": "district", "demo_school": "school", "demo_sysadmin": "admin"}
    assert "不能登录" not in out.stdout
    # Outside demo mode `init --demo` says that the accounts it lists cannot sign in.
    off = run("init", "--demo", env={**env, "EDUKPI_DEMO": "0"})
    assert off.returncode == 0 and "demo_admin" in off.stdout and "演示账户不能登录" in off.stdout, off.stderr

    backup = tmp_path / "backup.db"
    b = run("backup", "-o", str(backup), env=env)
    assert b.returncode == 0 and "已备份到" in b.stdout, b.stderr
    with sqlite3.connect(backup) as conn:
        assert conn.execute("select count(*) from app_user").fetchone()[0] == 7  # the seven demo accounts
        assert conn.execute("select count(*) from school_values").fetchone()[0] > 1000
    again = run("backup", "-o", str(backup), env=env)
    assert again.returncode == 2 and "--force" in again.stderr


def test_backup_on_postgresql_prints_the_pg_dump_command(tmp_path):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = "postgresql+psycopg://edu:s3cret@db.example/edukpi"
    out = run("backup", "-o", str(tmp_path / "x.dump"), env=env)
    assert out.returncode == 0 and "pg_dump --format=custom" in out.stdout
    assert "postgresql://edu:***@db.example/edukpi" in out.stdout and "s3cret" not in out.stdout
