"""Rules of issue 19's thirteenth round, each on short texts written for the test (none taken from a labelled set):
a number of years in a 分别 list whose subjects name 年限 (…和人均受教育年限分别达到98%和13年) is a target in 年, also in
a second list after a semicolon that reuses the subjects; a figure whose unit was only guessed and which ends the
excerpt (确保202) was cut by the page, not set."""

from tests.kpis.plan_reader.reading import accepted


def test_years_closing_a_fenbie_list_of_rates_and_schooling_years():
    text = "2026年，全县入学率、巩固率和人均受教育年限分别达到98%、99%和13.5年。"
    assert accepted(text) == [(98, "%", ">="), (99, "%", ">="), (13.5, "年", ">=")]


def test_a_second_fenbie_list_after_a_semicolon_takes_the_first_lists_subjects():
    text = "全县入学率和人均受教育年限分别达到98%和13年；到2030年分别达到99%和15年以上。"
    assert (15, "年", ">=") in accepted(text)


def test_years_after_a_list_without_nianxian_stay_a_span():
    # no 年限 among the subjects: 2年 is a span of time, not a target in years
    assert accepted("新建学校3所、改造2年。") == [(3, "所", ">=")]
    assert (2, "年", ">=") not in accepted("人均受教育年限分别达到13年；新建学校3所、改造2年。")


def test_a_guessed_unit_figure_where_the_excerpt_ends_is_cut_off():
    text = "某县教育局2026年工作计划\n一、主要目标\n1、新建幼儿园3所，确保202"
    assert accepted(text) == [(3, "所", ">=")]
    # a written unit at the end stays
    assert accepted("某县教育局2026年工作计划\n一、主要目标\n1、新建幼儿园3所，新增学位200个") == [
        (3, "所", ">="), (200, "个", ">=")]


def test_a_verb_in_the_perfective_before_the_figure_reports_a_deed_done():
    # 了 right after any verb marks the deed done, not only after the verbs listed in lexicon.ACHIEVED
    assert accepted("今年全县推进了5所幼儿园建设。") == []
    assert accepted("今年全区陆续推进了甲幼儿园、乙幼儿园2所公办幼儿园建设，将新增学位600个。") == [(600, "个", ">=")]


def test_a_goal_set_in_the_perfective_still_sets_its_figure():
    # 提出了/确定了 a goal: the goal is the target; 为了 and 了解 are no aspect mark
    assert accepted("会议提出了2026年新增学位5000个的目标。") == [(5000, "个", ">=")]
    assert accepted("为了新增学位5000个，2026年全县新建学校3所。") == [(5000, "个", ">="), (3, "所", ">=")]


def test_a_qizhong_sentence_breaks_down_the_state_the_sentence_before_gave():
    text = ("据了解，全区现有幼儿园41所，在园幼儿10697人。其中，公办幼儿园覆盖率超过50%；"
            "普惠性幼儿园覆盖率超过85%。")
    assert accepted(text) == []


def test_a_qizhong_sentence_that_looks_forward_keeps_its_target():
    assert accepted("全区现有幼儿园41所。其中，公办幼儿园覆盖率要达到60%。") == [(60, "%", ">=")]
    # after a sentence that sets a target, a 其中 breakdown is the target's parts
    assert accepted("2026年全区新增学位3000个。其中，公办幼儿园学位不少于1200个。") == [
        (3000, "个", ">="), (1200, "个", ">=")]
