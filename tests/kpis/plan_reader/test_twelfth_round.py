"""Rules of issue 19's twelfth round, each on short texts written for the test (none taken from a labelled set): a
ceiling verb (控制为, 控制在, 降至, 不超过) before a rate's bare figure gives a percentage held at or under it; a row of a
规划's indicator table whose cells a page set a space apart and which ends in its attribute (约束性/预期性) is read as a
row even without its header; a row whose name ends in 人次 counts 人次."""

from kpis.plan_reader.tables import rebuild_cell_tables
from tests.kpis.plan_reader.reading import accepted


def test_a_rate_held_under_a_bare_figure_is_a_percentage_ceiling():
    text = ("某县教育局2026年工作计划\n一、主要目标\n1、初中学生年辍学率控制为0.5,小学近视率降至30以内。\n"
            "2、大班额比例不超过5。\n")
    assert accepted(text) == [(0.5, "%", "<="), (30, "%", "<="), (5, "%", "<=")]


def test_controlled_at_zero_is_a_rate_of_zero_percent():
    assert accepted("2026年，全县小学生年辍学率控制为0。") == [(0, "%", "<=")]


def test_a_count_after_a_ceiling_verb_keeps_its_own_unit():
    assert accepted("2026年，全县大班额数量控制为3个。") == [(3, "个", "<=")]
    assert accepted("2026年，新建学校数不超过120。") != [(120, "%", "<=")]  # no rate noun, no percentage


def test_a_spaced_indicator_row_ending_in_its_attribute_is_a_table_row():
    text = ("某县“十五五”规划主要指标\n社会事业 每千人口托位数(个) 1.5 ≥ 4.5 预期性\n"
            "中小学生体质健康达标率(%) - ≥93% 约束性\n"
            "人均图书馆藏书(册) - 3 预期性\n"
            "社区学校年培训人次 - 15万 预期性\n")
    assert accepted(text) == [(4.5, "个", ">="), (93, "%", ">="), (3, "册", ">="), (150000, "人次", ">=")]


def test_a_line_ending_in_an_attribute_word_is_no_row_when_it_is_prose_or_has_no_figure():
    # a sentence (punctuation) or no figure before the attribute: the line is left as it is
    for line in ("这些指标分为约束性和预期性两类，其中3项为约束性", "学前教育 普及 预期性", "3 学前教育 预期性"):
        assert rebuild_cell_tables(line) == line
