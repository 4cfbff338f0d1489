"""Rules of issue 19's tenth round, each on short texts written for the test (none taken from a labelled set): how a
自评表 marks its target column beside its actual column, how a completion report states the year's tasks in its
headings and their results under them, and what in a form is a date rather than a count."""

from kpis.plan_reader import extract
from kpis.plan_reader.targets import ACCEPT_THRESHOLD
from tests.kpis.plan_reader.reading import accepted


def _cells(*cells):
    """A table a web page flattened one cell to a line, blank lines between."""
    return "\n\n".join(cells) + "\n"


def test_a_self_assessment_table_reads_its_target_column_not_its_actual_column():
    text = ("某校2026年度课后服务项目绩效自评表\n\n" + _cells(
        "一级指标", "二级指标", "三级指标", "年初目标值(A", "实际完成值(B",
        "产出指标", "数量指标", "参与课后服务学生比例", "≥80%", "86%",
        "质量指标", "课后服务课程开设合格率", "100%", "97%",
        "满意度指标", "家长满意度", "≥90%", "93%"))
    assert accepted(text) == [(80, "%", ">="), (100, "%", ">="), (90, "%", ">=")]


def test_the_actual_column_is_never_taken_even_when_it_is_the_last_or_carries_a_sign():
    text = ("某县2026年度校舍维修项目支出绩效自评表\n\n" + _cells(
        "一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值",
        "产出指标", "数量指标", "维修校舍面积(平方米)", "1200", "≥1350",
        "时效指标", "项目按期完工率", "100%", "92%"))
    assert accepted(text) == [(1200, "平方米", ">="), (100, "%", ">=")]


def test_a_plan_table_with_a_target_column_only_reads_as_before():
    text = ("某县2026年度学前教育项目绩效目标表\n\n" + _cells(
        "一级指标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "新增普惠性学位数(个)", "600",
        "效益指标", "学前三年毛入园率", "≥95%"))
    assert accepted(text) == [(600, "个", ">="), (95, "%", ">=")]


def test_a_completion_report_takes_its_headings_as_the_years_tasks_and_the_text_under_them_as_results():
    text = ("关于2026年某市民生实事项目完成情况的通报\n"
            "各有关部门认真组织实施，十项民生实事全部完成。\n"
            "一、新建幼儿园12所，新增学位3600个\n"
            "市级财政下达补助资金1.2亿元，完成年度计划的105%。全市开工新建幼儿园14所，新增学位4020个。\n"
            "二、改造农村学校运动场30个\n"
            "全市完成改造33个，完成年度计划的110%。\n")
    assert accepted(text) == [(12, "所", ">="), (3600, "个", ">="), (30, "个", ">=")]
    _tree, cands = extract(text)
    heading = [c for c in cands if c.confidence >= ACCEPT_THRESHOLD]
    assert all(c.start == c.end for c in heading)  # its clause is in the heading: no span of the item's text


def test_headings_of_a_plan_without_a_measure_against_the_plan_are_not_read_as_tasks_twice():
    text = ("某县2026年教育工作要点\n"
            "一、扩大学前教育资源\n"
            "新建幼儿园5所，新增学位1500个。\n"
            "二、改善办学条件\n"
            "改造运动场10个。\n")
    assert accepted(text) == [(5, "所", ">="), (1500, "个", ">="), (10, "个", ">=")]


def test_a_day_of_a_date_cut_from_its_day_word_is_no_count():
    text = "某校2026年项目自评表\n填报日期:2027年1月12\n项目名称\n新建学生食堂1个。"
    assert (12, "项", ">=") not in accepted(text)
    assert accepted(text) == [(1, "个", ">=")]


def test_a_time_of_day_after_a_dated_line_is_no_count():
    text = "某县新建学校投入使用\n2026年9月1日10:30 | 来源：某县教育局\n文章插图9月1日上午8:30\n今年将新建学校2所。"
    assert accepted(text) == [(2, "所", ">=")]


def test_a_figure_whose_own_clause_says_the_work_is_done_is_a_result():
    text = "某县2026年教育工作要点\n一、改善办学条件\n今年改造教室照明600间，其中城区学校120间教室已安装了护眼灯。"
    assert accepted(text) == [(600, "间", ">=")]


def test_a_report_lists_achievements_after_its_lead_in_whatever_the_verbs():
    text = ("某省特殊教育发展新闻发布会举行\n来源：某某日报\n"
            "省教育厅负责人在新闻发布会上表示，推进特殊教育改革发展取得了显著成绩：一是普及水平明显提高，入学率超过95%。\n"
            "二是保障水平提高。省里将生均公用经费提高到7000元，专项补助经费提高到2亿元。\n")
    assert accepted(text) == []


def test_a_report_without_such_a_lead_in_keeps_its_forward_figures():
    text = ("某省特殊教育发展新闻发布会举行\n来源：某某日报\n"
            "省教育厅负责人在新闻发布会上表示，近年来特殊教育发展较快。\n"
            "下一步，省里将生均公用经费提高到7000元。\n")
    assert accepted(text) == [(7000, "元", ">=")]


def test_a_paragraph_the_reporter_was_told_that_gives_running_totals_reports_results():
    text = ("某区将为20所学校增配空调\n2026-05-06 来源：某区教育局\n今年，某区将为20所学校新购置空调800台。\n"
            "据了解，某区2025年启动清凉校园工程。2025年，某区累计投入资金1500万元，为30所学校更换空调共计2100台。\n")
    assert accepted(text) == [(20, "所", ">="), (800, "台", ">=")]


def test_a_numbered_point_written_as_one_sentence_of_tasks_is_read():
    text = "某县2026年学前教育工作安排\n（一）新增公办幼儿园学位2000个，新建公办幼儿园8所。\n（二）加强师资建设。\n"
    assert accepted(text) == [(2000, "个", ">="), (8, "所", ">=")]


def test_a_season_of_this_year_before_a_count_and_the_opening_after_it_look_forward_in_news():
    text = ("某市今年秋季12所新建公办幼儿园可投入使用\n2026-04-10 来源：某某晚报\n"
            "记者获悉，省财政下达某市幼儿园建设补助资金3000万元。据了解，目前在建幼儿园20所。\n")
    assert accepted(text) == [(12, "所", ">=")]
