"""Rules of issue 19's eleventh round, each on short texts written for the test (none taken from a labelled set): a rate
whose % a copy dropped, a speech judged as a report is, a line naming a span gone by, what a survey found, a 自评表 row
whose target is words, the perfective after a figure, and 人/次."""

from kpis.plan_reader import extract
from tests.kpis.plan_reader.reading import accepted


def test_a_rate_whose_percent_sign_was_dropped_is_read_as_a_percentage():
    text = ("某县教育局2026年工作思路\n一、主要目标\n1、学前教育:学前三年毛入园率达96以上。\n"
            "2、义务教育:小学入学率、巩固率为100,初中巩固率达99.8,残疾儿童入学率均达97.50。\n")
    assert accepted(text) == [(96, "%", ">="), (100, "%", ">="), (99.8, "%", ">="), (97.5, "%", ">=")]
    _tree, cands = extract(text)
    assert all(any("%" in r for r in c.reasons) for c in cands)  # the reviewer is told the sign was supplied


def test_a_bare_figure_after_a_rate_is_no_percentage_when_it_cannot_be_one_or_is_a_ratio():
    assert accepted("2026年，全县中小学生师比例达到15:1。") == [(15, "比", ">=")]  # a ratio keeps its own reading
    assert accepted("2026年，全县学校数量保持为120所。") == [(120, "所", ">=")]  # a unit of its own wins
    assert all(u != "%" for _v, u, _c in accepted("2026年，覆盖率达150。"))  # 150 cannot be a share


def test_a_speech_that_reviews_gives_its_figures_as_results():
    text = ("某市副市长在全市教育工作会议上的讲话\n\n同志们：\n今天召开全市教育工作会议，我讲两点意见。\n"
            "一、充分肯定教育事业取得的成绩\n过去一年，全市教育系统做了大量工作。学前三年毛入园率达97.2%，"
            "义务教育巩固率达99.1%；新建改扩建学校14所，全市高中阶段毛入学率为95.6%。\n")
    assert accepted(text) == []
    _tree, cands = extract(text)
    assert cands  # kept for the reviewer below the threshold, not dropped


def test_a_speech_still_sets_the_targets_its_words_look_forward_to():
    text = ("同志们：\n今年全市教育工作的主要任务是：今年要新建幼儿园8所，力争学前三年毛入园率达到98%，"
            "到2028年，全市义务教育巩固率保持在99.5%以上。\n")
    assert accepted(text) == [(8, "所", ">="), (98, "%", ">="), (99.5, "%", ">=")]


def test_a_plan_that_cites_a_speech_is_no_speech():
    from kpis.plan_reader.genre import is_speech
    plan = "某县教育局2026年工作要点\n深入学习贯彻省委书记在全省教育大会上的重要讲话精神。\n一、主要目标\n1.新建学校3所。\n"
    assert not is_speech(plan)
    assert accepted(plan) == [(3, "所", ">=")]
    assert is_speech("在全县开学工作会议上的讲话\n一、回顾\n")


def test_a_line_naming_a_span_gone_by_heads_a_review_like_a_review_label():
    text = ("3月5日，省长在省人代会上作政府工作报告，谈及教育时这样说：\n过去五年\n"
            "● 义务教育巩固率由93.0%提高到95.0%，新建校舍2000所。\n● 今年将新建学校300所。\n")
    assert accepted(text) == [(300, "所", ">=")]
    # only the words on a line of their own are a label; a sentence that opens with them is read as before
    from kpis.plan_reader.lexicon import RESULT_LABEL
    assert RESULT_LABEL.fullmatch("过去五年") and RESULT_LABEL.fullmatch("五年来：") and RESULT_LABEL.fullmatch("近3年")
    assert not RESULT_LABEL.fullmatch("过去五年的经验要坚持。") and not RESULT_LABEL.fullmatch("五年")


def test_a_form_writing_person_times_as_people_per_time_counts_person_times():
    text = "某县2026年度助学项目绩效目标表\n\n一级指标 | 二级指标 | 三级指标 | 指标值\n产出指标 | 数量指标 | 资助学生 | >=350人/次\n"
    assert accepted(text) == [(350, "人次", ">=")]


def test_what_a_survey_found_is_the_state_measured_to_the_paragraphs_end():
    text = ("某区近视防控目标确定，到2030年，小学生近视率控制在35%以内。\n"
            "2026年春季的视力筛查数据显示，全区小学生近视率为44.5%，高于全省平均水平5个百分点；初中生近视率76.2%。\n"
            "今年将新建学校视力监测站12个。\n")
    assert accepted(text) == [(35, "%", "<="), (12, "个", ">=")]


def test_a_finding_named_after_a_commitment_leaves_the_commitment():
    assert accepted("2026年，全县将新建幼儿园4所。调查显示，全县适龄幼儿入园需求持续增长。") == [(4, "所", ">=")]


def test_a_self_assessment_row_whose_target_is_words_gives_no_target_from_its_actual_column():
    text = ("某县2026年度营养餐项目绩效自评表\n\n"
            "一级指标\t二级指标\t三级指标\t指标值\t全年实际完成值\n"
            "效益指标\n学生营养健康状况\n有所改善\t98%\n"
            "质量指标\n供餐覆盖率\t≥95%\t97%\n")
    assert accepted(text) == [(95, "%", ">=")]


def test_a_row_of_words_and_a_figure_under_a_target_column_alone_still_gives_its_figure():
    text = ("某县2026年度营养餐项目绩效目标表\n\n"
            "一级指标\t二级指标\t三级指标\t指标值\n"
            "质量指标\n供餐覆盖率\t98%\n")
    assert accepted(text) == [(98, "%", ">=")]


def test_a_verb_in_the_perfective_after_the_figure_tells_a_deed_done():
    assert accepted("2026年，全县将新建学校3所。此前，教育局与12个乡镇签订了责任书，8所学校通过了验收。") == [(3, "所", ">=")]
    _tree, cands = extract("2026年，教育局要与12个乡镇签订责任书。")  # no 了: still ahead, not a deed done
    assert cands and not any("已经取得" in r for c in cands for r in c.reasons)
