"""How the reader fared on an imported plan: the review's changes counted as the labelled sets are scored."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from auth.principal import SYSTEM
from db import migrate
from db.session import read_session, write_session
from kpis.catalog import import_review
from kpis.catalog.import_review import ReviewCounts, compare
from kpis.catalog.files import load_catalog
from kpis.catalog.plan_import import save_plan
from kpis.catalog.sync import sync_catalog
from kpis.plan_reader import read_plan

ROOT = Path(__file__).resolve().parents[3]
TEXT = """某市教育局2026年工作要点
一、推进优质均衡
1.扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。
2.提升健康水平。学生近视率下降1个百分点。2025年全市已新增学位8000个。
"""


def cand(item, source, value, unit, accepted=True, comparator=">=", upper=None):
    return dict(item=item, source=source, value=value, value_upper=upper, unit=unit, comparator=comparator,
                accepted=accepted)


def row(item, source, value, unit, comparator=">=", upper=None):
    return dict(item=item, source=source, value=value, value_upper=upper, unit=unit, comparator=comparator)


def test_each_kind_of_change_is_counted_once():
    cands = [cand("1", "新建幼儿园5所", 5, "所"), cand("1", "覆盖率达到92%", 92, "%"),
             cand("2", "近视率下降1个百分点", 1, "百分点", comparator="decrease_by"),
             cand("2", "新增学位 8000个", 8000, "个", accepted=False), cand("3", "建成3所", 3, "所")]
    saved = [row("1", "新建幼儿园5所", 5.0, "所"),  # as read (5 and 5.0 are one value)
             row("1", "覆盖率达到92%", 95, "%"),  # value corrected
             row("2", "新增学位8000个", 8000, "个"),  # below the threshold, ticked (spaces aside, its clause)
             row("2", "开展视力筛查2次", 2, "次")]  # written by the reviewer
    counts = compare(cands, saved)  # 近视率 and 建成3所 were unticked
    assert counts == ReviewCounts(candidates=5, proposed=4, kept=1, corrected=1, dropped=2, rescued=1, added=1)
    assert counts.precision == 1 / 4 and counts.recall == 1 / 4 and counts.saved == 4
    assert "建议采纳 4 项：原样保存 1 项、修改后保存 1 项、取消 2 项；另补选未建议的 1 项、手工添加 1 项" in counts.sentence()


def test_a_changed_unit_comparator_or_upper_value_is_a_correction():
    base = cand("1", "新建幼儿园3-5所", 3, "所", upper=5)
    assert compare([base], [row("1", "新建幼儿园3-5所", 3, "所", upper=5)]).kept == 1
    for changed in (row("1", "新建幼儿园3-5所", 3, "个", upper=5), row("1", "新建幼儿园3-5所", 3, "所", "==", 5),
                    row("1", "新建幼儿园3-5所", 3, "所")):
        assert compare([base], [changed]).corrected == 1


def test_an_untouched_review_reads_as_perfect_and_nothing_as_nothing():
    cands = [cand("1", "a所", 1, "所"), cand("1", "b个", 2, "个", accepted=False)]
    counts = compare(cands, [row("1", "a所", 1, "所")])
    assert (counts.precision, counts.recall) == (1.0, 1.0)
    empty = ReviewCounts()
    assert (empty.precision, empty.recall) == (None, None)
    assert ReviewCounts.from_dict(counts.as_dict()) == counts and counts + empty == counts


@pytest.fixture
def engine(empty_engine):
    migrate.upgrade(empty_engine)
    return empty_engine


def test_a_saved_import_keeps_its_counts_and_the_command_adds_them_up(engine):
    doc = read_plan(TEXT)
    rows = [dict(k) for k in doc["kpis"]]
    assert [r["accepted"] for r in rows] == [True, True, True, False]
    rows[1]["value"] = 95  # 92% corrected
    rows[2]["accepted"] = False  # 近视率 dropped
    rows[3]["accepted"] = True  # the 8000 rescued
    rows.append(dict(accepted=True, item="1", name="学前资源", source="扩大学前资源", value=1, value_upper=None,
                     unit="项", comparator=">=", category=None))  # added by hand
    with write_session(engine) as s:
        result = save_plan(s, SYSTEM, doc, rows, TEXT, "2026-moushi", 2026, doc["title"], "331099", "某市教育局")
    expected = ReviewCounts(candidates=4, proposed=3, kept=1, corrected=1, dropped=1, rescued=1, added=1)
    assert result.reading == expected
    with read_session(engine) as s:
        found = import_review.imported(s)
    assert [(r.plan_key, r.counts) for r in found] == [("2026-moushi", expected)]
    env = dict(os.environ, EDUKPI_DATABASE_URL=engine.url.render_as_string(hide_password=False))
    out = subprocess.run([sys.executable, "-m", "kpis", "catalog", "--reading"], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["计划", "建议采纳", "原样保存"]
    assert lines[1].split("\t") == ["2026-moushi", "3", "1", "1", "1", "1", "1", "33.3%", "25.0%"]
    assert lines[2].split("\t")[0] == "合计（1 份计划）"


def test_the_command_says_when_nothing_was_imported(engine):
    with write_session(engine) as s:  # a database with the catalog's plans, none imported
        sync_catalog(s, load_catalog())
    env = dict(os.environ, EDUKPI_DATABASE_URL=engine.url.render_as_string(hide_password=False))
    out = subprocess.run([sys.executable, "-m", "kpis", "catalog", "--reading"], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0 and "还没有在“计划导入”页保存过计划" in out.stdout
