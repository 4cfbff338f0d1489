"""`python -m kpis` as a script would call it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"plan", "code", "name", "category", "source", "unit", "comparator", "target",
            "target_upper", "baseline", "kind", "data_path", "frequency"}


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env or os.environ.copy(), timeout=300)


def test_catalog_json_lists_every_target(demo_db):
    out = run("catalog", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["plan"] for r in rows} == {"2021-wujin", "2022-yichang", "2022-zhuji", "2024-county", "2025-taizhou"}
    assert len(rows) >= 55
    for r in rows:
        assert REQUIRED <= set(r), r["code"]
    wujin = next(r for r in rows if r["code"] == "WJ21-01")
    assert (wujin["comparator"], wujin["target"], wujin["unit"]) == (">=", 6590, "个")


def test_catalog_for_one_plan_and_unknown_plan(demo_db):
    rows = json.loads(run("catalog", "--plan", "2022-yichang", "--json").stdout)
    assert rows and {r["plan"] for r in rows} == {"2022-yichang"}
    bad = run("catalog", "--plan", "2030-nowhere")
    assert bad.returncode == 2 and "未找到计划" in bad.stderr


def test_orgs_json(demo_db):
    out = run("orgs", "--plan", "2025-taizhou", "--json")
    rows = json.loads(out.stdout)
    levels = [r["level"] for r in rows]
    assert levels[0] == "bureau" and rows[0]["name"] == "温岭市教育局"
    districts = {r["code"]: r for r in rows if r["level"] == "district"}
    assert any(d["name"] == "大溪镇" for d in districts.values())
    schools = [r for r in rows if r["level"] == "school"]
    assert schools and all(s["parent_code"] in districts for s in schools)
    assert all(s["code"][:2] == s["school_type"] and s["ownership"] in ("公办", "民办") for s in schools)


def test_init_on_a_fresh_database_prints_what_it_did(tmp_path):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    first = run("init", env=env)
    assert first.returncode == 0 and "已载入目录" in first.stdout
    second = run("init", env=env)
    assert second.returncode == 0 and "无变化" in second.stdout


def test_commands_before_init_say_what_to_do(tmp_path):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'none.db'}"
    out = run("catalog", env=env)
    assert out.returncode == 2 and "python -m kpis init" in out.stderr
