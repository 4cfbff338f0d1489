"""Rules of issue 19's ninth round, each on short texts written for the test (none taken from a labelled set): how a
绩效评价 table carries its target beside its score, what a page prints under its text, and what makes a figure in a
report a commitment rather than a result, a forecast or a statistic."""

from kpis.plan_reader.debris import is_debris
from tests.kpis.plan_reader.reading import accepted


def test_an_attachment_link_under_the_text_is_page_furniture():
    assert is_debris("2026年度某县营养改善计划绩效目标表.xlsx")
    assert is_debris("附件1：某区学校名单.docx")
    assert not is_debris("新建学校3所，新增学位1200个。")
    # the title printed again as the attachment's name no longer hides the table under it
    text = ("某县2026年度营养改善项目绩效指标表\n指标名称指标值\n产出指标数量指标受益学校覆盖率100%\n"
            "某县2026年度营养改善项目绩效指标表.xlsx")
    assert accepted(text) == [(100, "%", ">=")]


def test_a_scored_indicator_table_cuts_each_score_from_its_target():
    text = ("某县2026年度助学项目绩效评价指标表\n"
            "一级指标二级指标指标名称目标值分值\n"
            "产出指标数量指标受助学生人数达到1850 15\n"
            "产出指标数量指标资金到位率100%15\n"
            "质量指标资助对象识别准确率98%以上20\n"
            "效益指标学生满意度90%20\n"
            "制度建设情况健全与否10\n"
            "总分\n")
    text = text.replace("1850 15", "185015")  # the target and its score glued as the page prints them
    assert accepted(text) == [(1850, "人", ">="), (100, "%", ">="), (98, "%", ">="), (90, "%", ">=")]


def test_a_glued_score_without_a_score_shown_apart_is_its_last_two_digits():
    text = ("某校2026年项目绩效评价表\n指标名称指标值分值\n产出指标数量指标培训教师人数达到32020\n"
            "效益指标家长满意度95%以上")
    assert (320, "人", ">=") in accepted(text)


def test_a_table_row_counting_people_takes_its_unit_from_the_name():
    text = "指标\t目标值\n受资助学生人数\t2400\n"
    assert accepted(text) == [(2400, "人", ">=")]


def test_a_clause_of_work_done_ends_the_reach_of_a_forward_word_before_it():
    text = ("某报讯（记者 王平）据了解，今年全县有12个幼儿园项目列入民生实事，其中新建5所，改扩建7所，"
            "上半年已完成投资800万元，开工率为90%，其中主体在建4所。")
    assert accepted(text) == [(5, "所", ">="), (7, "所", ">=")]
    # a clause that names a plan while reporting what is done is no forward word (完成计划的…)
    assert accepted("某报讯（记者 王平）据了解，今年列入实事的项目已开工6个，完成计划的40%，主体在建3个。") == []


def test_a_share_of_the_plan_completed_is_progress():
    assert accepted("全县完成年度计划的45%。") == []
    assert accepted("全县占年度任务的60%。") == []


def test_a_completion_rate_in_a_report_is_progress_unless_its_own_clause_commits():
    done = "某报讯（记者 王平）截至目前，全县实事项目已开工9个，对照年度任务要求，完成率均达80%以上。"
    assert accepted(done) == []
    ahead = "某报讯（记者 王平）据了解，截至目前已开工9个项目。县教育局表示，年底前项目完成率将达到100%。"
    assert accepted(ahead) == [(100, "%", ">=")]
    # a plan's own completion rate is a target as before
    assert accepted("某县2026年教育工作要点\n一、主要目标\n重点项目完成率达到100%。") == [(100, "%", ">=")]


def test_building_verbs_with_bracketed_kinds_of_work_are_verbs():
    assert accepted("全县新(扩)建幼儿园6所，新（改、扩）建小学2所。") == [(6, "所", ">="), (2, "所", ">=")]
    assert accepted("今年的任务指标是“全市新(扩)建幼儿园20所”。") == [(20, "所", ">=")]


def test_hai_you_after_a_commitment_goes_on_with_its_list():
    assert accepted("今年全县将新建幼儿园4所，还有3所小学扩容。") == [(4, "所", ">="), (3, "所", ">=")]
    assert accepted("今年全县将新建幼儿园4所，还有3所小学没有食堂。") == [(4, "所", ">=")]
    assert accepted("全县新建幼儿园4所，还有3所小学扩容。") == [(4, "所", ">=")]


def test_a_past_years_task_named_in_its_review_does_not_turn_the_review():
    text = ("某县教育基建工作总结与2026年工作计划\n一、2025年项目建设工作总结\n（一）薄弱环节改善项目\n"
            "我县2025年度薄弱环节改善项目建设任务为新建学生宿舍楼等4栋校舍，规划总投资900万元。工程现已完工。\n"
            "二、2026年项目建设计划\n（一）新建幼儿园3所。")
    assert accepted(text) == [(3, "所", ">=")]
    # the plan year's task in a review still turns it
    turned = "某县2026年工作计划\n一、2025年工作总结\n全县新建学校4所。2026年建设任务为新建幼儿园3所。"
    assert accepted(turned) == [(3, "所", ">=")]


def test_page_furniture_is_read_without_the_pinyin_printed_inside_it():
    assert is_debris("當(dāng)前位置:某某網(wǎng) > 教育新聞 > 正文")
    assert not is_debris("當(dāng)前全縣新建學(xué)校3所。")


def test_a_deadline_before_a_figure_and_the_work_after_it_make_a_target():
    assert accepted("某县年底前12所新学校开工") == [(12, "所", ">=")]
    assert accepted("全区2026年底前5所幼儿园建成投用。") == [(5, "所", ">=")]
    # a deadline alone, or a figure with its work but no deadline, is not enough
    assert accepted("某县12所新学校开工") == []


def test_the_parts_of_a_breakdown_keep_the_verb_of_their_sum():
    assert accepted("新增学位3000个，其中幼儿园600个，小学1400个，初中1000个。") == [
        (3000, "个", ">="), (600, "个", ">="), (1400, "个", ">="), (1000, "个", ">=")]
    # without 其中, a verb-less clause after another verb-less one inherits nothing
    assert (1000, "个", ">=") not in accepted("新增学位3000个，幼儿园600个，学校总数1000个。")


def test_a_forecast_of_people_or_of_a_need_is_no_commitment():
    assert accepted("全县户籍人口预计每年将新增1-2万人。") == []
    assert accepted("预计全市适龄儿童入学人数达到3.5万人。") == []
    assert accepted("项目建成后，预计可满足约1.2万名适龄儿童的入园需求。") == []
    # a forecast of the bureau's own work is its commitment, as before
    assert accepted("今年预计新增学位3000个。") == [(3000, "个", ">=")]


def test_in_news_of_a_plan_a_paragraph_the_reporter_was_told_of_results_is_judged_as_a_report():
    news = ("本报讯（记者 王平）昨天，全县召开教育工作会议，定下今年工作目标：新建幼儿园5所。\n"
            "据了解，今年全县教育质量明显提升，学前三年毛入园率达92.5%，取得新的突破。")
    assert accepted(news) == [(5, "所", ">=")]
    # the same kind of paragraph relaying the plan, with no achievement in it, stays the plan's
    relayed = ("本报讯（记者 王平）昨天，全县召开教育工作会议，定下今年工作目标。\n"
               "据悉，新建公办幼儿园13所，新增学位2400个。")
    assert accepted(relayed) == [(13, "所", ">="), (2400, "个", ">=")]


def test_a_level_of_schooling_named_完成率_is_no_measure_of_progress():
    from kpis.plan_reader.genre import _MEASURE
    assert _MEASURE.search("项目完成率") and _MEASURE.search("开工率")
    assert not _MEASURE.search("初中教育完成率")


def test_the_parts_of_work_done_are_done_too():
    assert accepted("全县已建成学校12所，其中小学8所，初中4所。") == []
    # a programme's count (共有…列入实事) is no work done: its parts keep their own verbs
    assert accepted("今年全县共有9个项目列入实事，其中新建幼儿园5所，改扩建4所。") == [(5, "所", ">="), (4, "所", ">=")]
