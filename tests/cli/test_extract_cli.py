"""`python -m kpis extract PLAN.txt --json`, without any database."""

import json
import os
import subprocess
import sys
from pathlib import Path

from kpis.catalog.files import plan_text_path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kpis", "extract", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env or os.environ.copy(), timeout=120)


def test_extract_json_without_a_database(tmp_path):
    env = os.environ.copy()
    env["EDUKPI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'never-created.db'}"
    out = run(str(plan_text_path("2022-yichang")), "--json", env=env)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {"source", "value", "unit", "comparator", "value_upper"} <= set(rows[0])
    got = [(r["source"], r["value"], r["value_upper"], r["unit"], r["comparator"]) for r in rows]
    assert ("公办园在园幼儿占比保持在50%以上", 50, None, "%", ">=") in got
    assert ("新组建2-3个行业职教联盟", 2, 3, "个", ">=") in got
    assert len(rows) == 6
    assert not (tmp_path / "never-created.db").exists()


def test_extract_text_output_and_bad_files(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("某县教育局2026年工作要点\n一、重点工作\n1.扩充学位。新增学位1200个。\n", encoding="gb18030")
    out = run(str(plan))
    assert out.returncode == 0 and "1200 个" in out.stdout and "共 1 项候选指标" in out.stdout
    missing = run(str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"%PDF-1.4")
    wrong = run(str(bad))
    assert wrong.returncode == 2 and wrong.stderr.strip() == ("文件 plan.pdf 不是有效的 PDF 文件。"
                                                              "请重新导出 PDF，或上传 .docx、.txt 文件。")
