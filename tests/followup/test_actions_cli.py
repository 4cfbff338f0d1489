"""python -m kpis actions add / list, as a script calls them."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from db.models import FollowupItem
from db.session import read_session
from tests.cli.test_cli import run
from tests.followup.conftest import PLAN


def count() -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(FollowupItem))


def test_add_then_list_as_json(clean):
    out = run("actions", "add", "--kpi", "TZ25-06", "--period", "2025-11", "--cause", "学位不足",
              "--measures", "新园12月底前招生", "--owner", "学前教育科", "--due", "2099-01-10", "--user", "demo_leader")
    assert out.returncode == 0, out.stderr
    assert "已发起第" in out.stdout and "2099年1月10日" in out.stdout
    rows = json.loads(run("actions", "list", "--plan", PLAN, "--json").stdout)
    assert [{k: r[k] for k in ("kpi", "scope", "state", "cause", "measures", "owner", "due", "overdue")} for r in rows] == [
        {"kpi": "TZ25-06", "scope": "331081", "state": "待处理", "cause": "学位不足", "measures": "新园12月底前招生",
         "owner": "学前教育科", "due": "2099-01-10", "overdue": False}]
    assert json.loads(run("actions", "list", "--plan", PLAN, "--period", "2025-10", "--json").stdout) == []
    text = run("actions", "list", "--plan", PLAN)
    assert "公办园在园幼儿占比" in text.stdout and "待处理" in text.stdout


def test_add_refusals_exit_with_a_chinese_line_and_write_nothing(clean):
    cases = [
        (["--user", "demo_department"], 1, "只有局领导和管理员"),
        (["--user", "nobody"], 2, "不存在"),
        (["--due", "2099/01/10"], 1, "YYYY-MM-DD"),
        (["--owner", "财务处"], 1, "未知的责任单位"),
        (["--kpi", "TZ25-02"], 1, "只有滞后或预警"),
        (["--kpi", "XX-01"], 1, "未找到指标"),
    ]
    base = {"--kpi": "TZ25-06", "--period": "2025-11", "--cause": "c", "--measures": "m", "--owner": "学前教育科",
            "--due": "2099-01-10", "--user": "demo_leader"}
    for change, code, message in cases:
        args = {**base, change[0]: change[1]}
        out = run("actions", "add", *[x for kv in args.items() for x in kv])
        assert (out.returncode, message in out.stderr) == (code, True), (change, out.stderr)
        assert "Traceback" not in out.stderr
    assert count() == 0
    bad = run("actions", "list", "--plan", "2030-nowhere")
    assert bad.returncode == 2 and "未找到计划" in bad.stderr
