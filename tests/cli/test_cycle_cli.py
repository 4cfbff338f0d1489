"""`python -m kpis cycle …` as written in the issue: status JSON, approve, return, lock, unlock with
--user's rights; a refusal exits 1 with a Chinese line and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.helpers import SCHOOL
from tests.workflow.helpers import PLAN, send, snapshot, state_row

ROOT = Path(__file__).resolve().parents[2]


def cycle(*args):
    return subprocess.run([sys.executable, "-m", "kpis", "cycle", *args], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def test_status_json(demo_db):
    out = cycle("status", "--plan", PLAN, "--period", "2025-03", "--district", "331081001", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["locked"] is True  # the demo locks January to May
    assert set(doc["counts"]) == {"未提交", "已提交", "已退回", "片区已审核", "已确认"}
    assert sum(doc["counts"].values()) == len(doc["schools"]) == 14
    assert {tuple(sorted(s)) for s in doc["schools"]} == {("code", "district", "name", "reason", "state", "submitted_at")}
    assert {s["district"] for s in doc["schools"]} == {"太平街道"}
    assert all(s["state"] == "已确认" for s in doc["schools"] if s["submitted_at"])


def test_the_loop_on_the_command_line(demo_db):
    period = "2027-08"
    sent = send(period)
    before = snapshot()
    refused = cycle("approve", "--school", SCHOOL, "--period", period, "--user", "demo_school")
    assert refused.returncode == 1 and refused.stderr.strip() == "您无权审核“太平第一小学”的报表。"
    never = cycle("approve", "--school", SCHOOL, "--period", "2027-09", "--user", "demo_district")
    assert never.returncode == 1 and "未提交，没有待审核的数据" in never.stderr
    nobody = cycle("lock", "--plan", PLAN, "--period", period, "--user", "no_such_user")
    assert nobody.returncode == 2 and "不存在" in nobody.stderr
    assert snapshot() == before

    back = cycle("return", "--school", SCHOOL, "--period", period, "--user", "demo_district", "--reason", "学生数有误")
    assert back.returncode == 0, back.stderr
    doc = json.loads(cycle("status", "--plan", PLAN, "--period", period, "--json").stdout)
    mine = next(s for s in doc["schools"] if s["code"] == SCHOOL)
    assert mine["state"] == "已退回" and mine["reason"] == "学生数有误"
    again = send(period, students=811)
    ok = cycle("approve", "--school", SCHOOL, "--period", period, "--user", "demo_district",
               "--submission", str(again.submission_id))
    assert ok.returncode == 0 and "片区已审核" in ok.stdout, ok.stderr
    stale = cycle("approve", "--school", SCHOOL, "--period", period, "--user", "demo_admin",
                  "--submission", str(sent.submission_id))
    assert stale.returncode == 1 and "重新提交" in stale.stderr
    locked = cycle("lock", "--plan", PLAN, "--period", period, "--user", "demo_admin")
    assert locked.returncode == 0 and "已锁定：本次确认 1 所学校" in locked.stdout, locked.stderr
    assert state_row(SCHOOL, period)[0] == "已确认"
    assert json.loads(cycle("status", "--plan", PLAN, "--period", period, "--json").stdout)["locked"] is True
    no_reason = cycle("unlock", "--plan", PLAN, "--period", period, "--user", "demo_admin", "--reason", " ")
    assert no_reason.returncode == 1 and "请填写解锁原因" in no_reason.stderr
    opened = cycle("unlock", "--plan", PLAN, "--period", period, "--user", "demo_admin", "--reason", "更正")
    assert opened.returncode == 0, opened.stderr
    assert json.loads(cycle("status", "--plan", PLAN, "--period", period, "--json").stdout)["locked"] is False
