"""Rules between numbers (catalog data), checked on stored figures by 数据质量, and the outlier
references of ingest.checks — pure functions, hand-computed."""

from __future__ import annotations

import pandas as pd
import pytest

from ingest.checks import reference
from kpis import quality
from kpis.catalog.files import CatalogError
from kpis.catalog.rules import Importance, check, load_rules, rule_problems


def test_catalog_rules_load_and_cover_the_parts_and_wholes():
    rules = {r.code: r for r in load_rules()}
    assert rules["myopia_le_screened"].left == ("myopia_students",) and rules["myopia_le_screened"].right == ("vision_screened",)
    assert rules["screened_le_students"].importance == Importance.HARD
    assert rules["fitness_grades_le_tested"].left == ("fitness_excellent", "fitness_good")
    assert rules["psych_le_teachers"].importance == Importance.SOFT


def test_a_bad_rule_is_refused_with_its_reason():
    elements = {"a": {"type": "int"}, "flag": {"type": "bool"}}
    bad = [{"code": "x", "left": ["a"], "op": "<=", "right": ["nope"], "importance": "hard", "message": "不能多于"},
           {"code": "y", "left": ["flag"], "op": "<=", "right": ["a"], "importance": "firm", "message": "不能多于"}]
    assert any("importance" in p or "firm" in p for p in rule_problems(bad, elements))
    assert rule_problems(bad[:1], elements) == ["rules.json 规则 x: 引用了未定义的数据元素 nope"]
    assert isinstance(CatalogError("x"), Exception)


def test_check_on_one_school():
    rules = load_rules()
    breaches = check(rules, {"myopia_students": 600, "vision_screened": 560, "students": 812})
    assert [(b.rule.code, b.left, b.right) for b in breaches] == [("myopia_le_screened", 600.0, 560.0)]
    # 560 ≤ 812 holds; a kindergarten's figures meet no rule of the primary elements
    assert check(rules, {"kg_enrolled": 200, "kg_quality_enrolled": 150}) == []
    grades = check(rules, {"fitness_excellent": 300, "fitness_good": 301, "fitness_tested": 600, "students": 700})
    assert [(b.rule.code, b.left, b.right) for b in grades] == [("fitness_grades_le_tested", 601.0, 600.0)]


def test_stored_data_rule_breaches_by_school():
    values = pd.DataFrame([(1, "myopia_students", "2026-03", 600.0), (1, "vision_screened", "2026-03", 560.0),
                           (1, "students", "2026-03", 812.0), (2, "myopia_students", "2026-03", 300.0),
                           (2, "vision_screened", "2026-03", 560.0), (2, "psych_teachers", "2026-03", 6.0),
                           (2, "teachers", "2026-03", 5.0), (3, "myopia_students", "2026-02", 900.0),
                           (3, "vision_screened", "2026-02", 100.0)],
                          columns=["org_id", "element", "period", "value"])
    elements = pd.DataFrame([("myopia_students", "近视学生数", "人"), ("vision_screened", "视力筛查学生数", "人"),
                             ("students", "在校学生数", "人"), ("psych_teachers", "心理健康教育教师数", "人"),
                             ("teachers", "专任教师数", "人")], columns=["code", "name", "unit"]).set_index("code")
    out = quality.rule_breaches(values, elements, "2026-03")
    assert list(zip(out["org_id"], out["kind"])) == [(1, quality.RULE), (2, quality.RULE_SOFT)]
    assert out.iloc[0]["message"].startswith("近视学生数 600 人，多于视力筛查学生数 560 人：")


@pytest.mark.parametrize("x, in_force, history, kind, text, outlier", [
    (1580, 580, [], "in_force", "本期已报为 580人", True),  # a correction, whatever last month held
    (590, 580, [("2026-02", 100)], "in_force", "本期已报为 580人", False),
    (1580, None, [("2026-02", 580)], "last", "上期为 580人", True),
    (600, None, [("2025-11", 580)], "last", "2025年11月（最近有数据的一期）为 580人", False),
    # median 100, MAD 1: 130 is 0.6745·30/1 = 20.2 robust z and 30 > max(10 % of 100, 5)
    (130, None, [("2026-02", 100), ("2026-01", 102), ("2025-12", 98), ("2025-11", 101), ("2025-10", 99)],
     "history", "近 5 期中位数为 100人", True),
    (104, None, [("2026-02", 100), ("2026-01", 102), ("2025-12", 98), ("2025-11", 101), ("2025-10", 99)],
     "history", "近 5 期中位数为 100人", False),  # z = 2.7
])
def test_outlier_reference(x, in_force, history, kind, text, outlier):
    ref = reference(x, "2026-03", in_force, history, "人")
    assert (ref.kind, ref.text, ref.outlier) == (kind, text, outlier)


def test_no_reference_for_a_first_report():
    assert reference(580, "2026-03", None, [], "人") is None
