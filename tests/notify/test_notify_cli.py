"""python -m kpis notify …: the issue's command lines, end to end in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kpis(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, env=dict(os.environ), input=stdin,
                          capture_output=True, text=True, timeout=180)


def test_channel_add_list_test_run_and_log(notify_env, robot):
    key = "k-cli-d1-0042"
    r = kpis("notify", "channel", "add", "--plan", "2025-taizhou", "--name", "太平街道群", "--kind", "wecom",
             "--target", robot.url(key), "--scope", "331081001")
    assert r.returncode == 0, r.stderr
    assert "已添加渠道“太平街道群”" in r.stdout and key not in r.stdout
    r = kpis("notify", "channel", "add", "--plan", "2025-taizhou", "--name", "全局钉钉", "--kind", "dingtalk",
             "--target", robot.dingtalk_url("tok-cli"), "--secret", "-", stdin="SECcli0123456789\n")
    assert r.returncode == 0, r.stderr
    listed = json.loads(kpis("notify", "channel", "list", "--json").stdout)
    assert [(c["name"], c["kind"], c["scope"], c["signed"]) for c in listed] == [
        ("太平街道群", "wecom", "331081001", False), ("全局钉钉", "dingtalk", "331081", True)]
    assert key not in json.dumps(listed) and "SECcli" not in json.dumps(listed)
    r = kpis("notify", "channel", "test", "--name", "太平街道群")
    assert r.returncode == 0 and "已送达" in r.stdout
    r = kpis("notify", "run", "--at", "2026-01-08 09:30")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("已送达\t太平街道群\t催报提醒\t331081001\t2025-12")
    again = kpis("notify", "run", "--at", "2026-01-08 09:30")
    assert again.stdout.strip() == "没有需要发送的通知。"
    log = json.loads(kpis("notify", "log", "--plan", "2025-taizhou", "--json").stdout)
    assert [(m["channel"], m["rule"], m["status"], m["attempts"]) for m in log] == [
        ("太平街道群", "chase", "sent", 1), ("太平街道群", "test", "sent", 1)]
    assert log[0]["text"].startswith("【催报提醒】温岭市教育局·太平街道")
    assert all(key not in m["text"] for m in log)
    bad = kpis("notify", "channel", "add", "--plan", "2025-taizhou", "--name", "错", "--kind", "wecom",
               "--target", "not-a-url")
    assert bad.returncode != 0 and "Webhook 地址无效" in bad.stderr
    rule = kpis("notify", "rule", "set", "--plan", "2025-taizhou", "--kind", "chase", "--time", "08:30",
                "--days-before", "3")
    assert rule.returncode == 0 and "截止前 3 天和前 1 天的 08:30" in rule.stdout
