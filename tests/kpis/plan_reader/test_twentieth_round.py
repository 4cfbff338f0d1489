"""Rules of stop 29 (the twentieth round): an indicator table copied one cell to a line (as a PDF or a page's table
comes out as text), the figures of a list sharing their verb, and float noise in 亿 — each on short texts written for
the test (none taken from a labelled set)."""

from kpis.plan_reader import extract
from kpis.plan_reader.numbers import clean_number
from tests.kpis.plan_reader.reading import accepted

PLAN = "某市教育事业发展规划（2026—2030年）\n一、发展目标\n（二）核心指标\n"
HEADER = "一级\n二级\n十四五期间\n2030目标\n"


def test_a_table_one_cell_to_a_line_under_a_level_header_with_a_target_year():
    # The header names its columns 一级/二级 and 2030目标 (a year without 年); a category line (更公平的教育) is no row.
    text = PLAN + HEADER + "更公平的教育\n普惠性幼儿园覆盖率（%）\n91.5\n95\n城乡教育共同体数量（个）\n100\n120\n"
    assert accepted(text) == [(95, "%", ">="), (120, "个", ">=")]


def test_rows_under_an_indicator_named_on_its_own_line_take_its_unit_and_direction():
    # 入学率（%） then 学前段 | 95.5 | 96 …: each split row is the named indicator's, with its unit; a coefficient
    # falls (≤), as the sentence grammar reads 差异系数.
    text = (PLAN + HEADER + "残疾儿童少年入学率（%）\n学前段\n95.5\n96\n义务段\n99.2\n100\n"
            "校际差异系数\n小学段\n0.42\n0.38\n")
    assert accepted(text) == [(96, "%", ">="), (100, "%", ">="), (0.38, "系数", "<=")]
    names = [c.name for c in extract(text)[1]]
    assert names[:2] == ["残疾儿童少年入学率学前段", "残疾儿童少年入学率义务段"]


def test_a_target_in_words_after_the_baseline_sets_no_figure_and_a_worded_comparator_cell_does():
    text = (PLAN + HEADER + "生均教育经费（万元）\n1.8\n逐年只增不减\n"
            "优质高中指标到校比例（%）\n50\n不少于60\n")
    assert accepted(text) == [(60, "%", ">=")]  # 1.8万元 is the baseline; 不少于60 is the target


def test_later_figures_of_a_list_in_one_unit_share_the_first_ones_verb():
    text = PLAN + "到2030年，小学、初中、高中学生近视率分别控制在40%、60%、70%。"
    assert accepted(text) == [(40, "%", "<="), (60, "%", "<="), (70, "%", "<=")]


def test_a_figure_in_yi_reads_without_float_noise():
    # 2.3亿元 is 230000000 元, as the review page shows it; 2.3 × 10⁸ in binary floats is 229999999.99999997.
    assert clean_number(2.3 * 100_000_000) == 230_000_000 and clean_number(0.1 + 0.2) == 0.3
    assert accepted(PLAN + "1.年度教育经费投入达到2.3亿元。") == [(230000000, "元", ">=")]


REPORT = "某市2026年民生实事项目\n一、教育\n"


def test_the_verbs_of_a_livelihood_list_upgrade_and_expand():
    text = REPORT + "扩充优质普通高中公办学位6万个，提质升级800所中小学校食堂。"
    assert accepted(text) == [(60000, "个", ">="), (800, "所", ">=")]


def test_the_same_figure_for_two_stages_of_schooling_is_two_targets():
    text = REPORT + "增加2万个普惠性学前教育学位。加强义务教育学校共同体建设。增加2万个普通高中学位。"
    assert accepted(text) == [(20000, "个", ">="), (20000, "个", ">=")]
    # …while the same stage's figure again is one target, stated twice
    again = REPORT + "增加2万个普通高中学位。全年共增加2万个普通高中学位。"
    assert accepted(again) == [(20000, "个", ">=")]


def test_a_count_of_a_citys_livelihood_programmes_is_no_target():
    text = REPORT + "今年将接续办好12件市级重点民生实事，包括：新建幼儿园20所。"
    assert accepted(text) == [(20, "所", ">=")]


def test_students_counted_with_a_floor_before_them_are_a_target_schools_picked_by_size_are_not():
    assert accepted(REPORT + "为150万名以上中小学生开展心理健康测评。") == [(1500000, "名", ">=")]
    assert accepted(REPORT + "为200人以上的中小学配备专职心理教师。") == []


def test_a_bulletins_figures_of_other_fields_are_not_pre_ticked_a_task_of_another_field_stays_for_the_reviewer():
    news = ("新闻联播\n本台消息，某区新建幼儿园12所。全区公路通车总里程突破3万公里，空气质量优良天数比率达到98.5%，"
            "国际航线达到50条。")
    assert accepted(news) == [(12, "所", ">=")]
    found = {c.value: c.reasons for c in extract(news)[1]}
    assert "不是教育领域的指标" in found[98.5]
    # a livelihood list's task in another field is set as a task (完成…改造): left as the grammar reads it
    assert (600, "个", ">=") in accepted(REPORT + "完成老旧小区改造600个，新建幼儿园10所。")


def test_household_visits_keep_their_unit_and_a_road_length_is_another_fields():
    assert accepted(REPORT + "为未成年人家庭开展家庭教育指导服务1万户次。") == [(10000, "户次", ">=")]
    news = "新闻联播\n本台消息，某县新建幼儿园6所。该公路全长80.5公里，两地通行由5小时缩短至3小时。"
    assert accepted(news) == [(6, "所", ">=")]


SCHOOL = "某中学2026年工作要点\n一、主要目标\n"


def test_more_than_written_as_one_character_is_a_floor():
    assert accepted(SCHOOL + "1.重点高校录取超12人。") == [(12, "人", ">=")]
    assert accepted(REPORT + "支持逾20所县域普通高中补短板。") == [(20, "所", ">=")]


def test_teachers_or_schools_named_before_their_share_and_what_they_are_to_do():
    assert accepted(SCHOOL + "1.其他教师100%制定个人专业发展规划。") == [(100, "%", ">=")]
    assert accepted(SCHOOL + "1.全县学校100%建成标准化食堂。") == [(100, "%", ">=")]
    assert accepted(SCHOOL + "1.教师学历合格率100%。") == [(100, "%", ">=")]  # a rate, as before


def test_a_bulletins_paragraph_of_another_field_sets_nothing_the_schools_paragraph_does():
    news = ("新闻联播\n本台消息，教育部拟选800所试点学校开展急救教育。\n"
            "前三个月我国与东盟进出口1730.5亿元，同比增长17.3%，其中出口达到902.7亿元，规模再创新高。")
    assert accepted(news) == [(800, "所", ">=")]
    # a numbered line of a livelihood list is the list's, whatever its field (7.改造路网及村内道路160公里)
    assert (160, "公里", ">=") in accepted(REPORT + "6.新建幼儿园3所。\n7.改造路网及村内道路160公里。")


def test_departments_are_no_unit_of_parts():
    news = "新闻联播\n本台消息，今年将新建儿童之家500个，全国妇联等11部门联合推进。"
    assert accepted(news) == [(500, "个", ">=")]
    assert [c.unit for c in extract(news)[1]] == ["个"]  # 11部门 is no figure at all


def test_an_aim_the_plan_names_as_its_target_is_one():
    assert accepted(SCHOOL + "1.今年的目标是12个学生考上重点大学。") == [(12, "个", ">=")]
    assert accepted(REPORT + "全年中职招生目标为6万人。") == [(60000, "人", ">=")]


def test_places_where_a_work_is_done_or_who_came_are_no_target():
    news = ("新闻联播\n本台消息，今年将在14个市州城区新建幼儿园30所。项目用于支持浙江等10个省，"
            "来自上海合作组织成员国共26个国家的代表参加。")
    assert accepted(news) == [(30, "所", ">=")]


def test_recruiting_is_a_plan_verb_and_a_total_enrolled_is_a_statistic():
    assert accepted(REPORT + "银龄讲学计划今年招募5000名退休教师。") == [(5000, "名", ">=")]
    assert accepted(REPORT + "专项计划共计招收7261人。") == []


def test_round_counts_that_only_share_a_verb_and_running_totals_in_round_figures_are_no_target():
    news = ("新闻联播\n本台消息，今年将新建实训基地20个，1500多名专家与技术骨干承担着指导任务。"
            "该项目累计为中西部农村学校补充教师约118万人。")
    assert accepted(news) == [(20, "个", ">=")]
