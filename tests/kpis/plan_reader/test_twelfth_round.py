"""Rules of issue 19's twelfth round, each on short texts written for the test (none taken from a labelled set): a
ceiling verb (控制为, 控制在, 降至, 不超过) before a rate's bare figure gives a percentage held at or under it."""

from kpis.plan_reader import extract
from kpis.plan_reader.targets import ACCEPT_THRESHOLD


def accepted(text):
    _tree, cands = extract(text)
    return [(c.value, c.unit, c.comparator) for c in cands if c.confidence >= ACCEPT_THRESHOLD]


def test_a_rate_held_under_a_bare_figure_is_a_percentage_ceiling():
    text = ("某县教育局2026年工作计划\n一、主要目标\n1、初中学生年辍学率控制为0.5,小学近视率降至30以内。\n"
            "2、大班额比例不超过5。\n")
    assert accepted(text) == [(0.5, "%", "<="), (30, "%", "<="), (5, "%", "<=")]


def test_controlled_at_zero_is_a_rate_of_zero_percent():
    assert accepted("2026年，全县小学生年辍学率控制为0。") == [(0, "%", "<=")]


def test_a_count_after_a_ceiling_verb_keeps_its_own_unit():
    assert accepted("2026年，全县大班额数量控制为3个。") == [(3, "个", "<=")]
    assert accepted("2026年，新建学校数不超过120。") != [(120, "%", "<=")]  # no rate noun, no percentage
