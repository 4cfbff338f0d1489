"""Rules of stop 26 (the seventeenth round), for shapes a bureau's own plan takes, each on short texts written for the
test (none taken from a labelled set)."""

from tests.kpis.plan_reader.reading import accepted

PLAN = "某市教育局2026年工作要点\n一、职业教育\n"


def test_a_list_run_on_past_a_semicolon_keeps_the_verb_of_its_first_part():
    # 创建成…3所；市级职教中心1个；…: the parts after ；name only what and how many — the verb is the first part's
    text = PLAN + ("1.全市要创建成省重中职校3所；市级职教中心1个；精品专业2个、市重专业10个；国家级示范校1-2所，"
                   "省级实训基地3个；组建2个职教集团。")
    assert accepted(text) == [(3, "所", ">="), (1, "个", ">="), (2, "个", ">="), (10, "个", ">="),
                              (1, "所", ">="), (3, "个", ">="), (2, "个", ">=")]


def test_a_semicolon_list_after_a_result_or_with_words_of_its_own_is_not_lifted():
    # the list continues a result (已建成), or its part says what happened (投入使用): no verb to share
    assert accepted(PLAN + "1.去年已建成幼儿园5所；中小学3所。") == []
    assert accepted(PLAN + "1.新建幼儿园5所；其余学校均已投入使用3所。") == [(5, "所", ">=")]
    # a figure after a ；with its own clause of words is not a name and its figure
    assert accepted(PLAN + "1.新建幼儿园5所；由于资金不足，暂缓的项目有3个。") == [(5, "所", ">=")]


def test_a_plan_that_sets_each_year_its_figures_reads_every_year_of_it():
    # a 三年行动计划 read as of its middle year: the first year's line is the schedule, not a look back
    text = ("（二）具体目标任务\n1、提高普及程度\n"
            "2024年，学前三年毛入园率达到91%以上。\n2025年，学前三年毛入园率达到93%以上。\n"
            "2026年，学前三年毛入园率达到95%以上。\n2、加快幼儿园建设\n2024年全市新建幼儿园12所。\n"
            "今年是计划的第二年，2025年全市计划新建幼儿园10所。")
    got = accepted(text)
    assert (91, "%", ">=") in got and (12, "所", ">=") in got
    assert got == [(91, "%", ">="), (93, "%", ">="), (95, "%", ">="), (12, "所", ">="), (10, "所", ">=")]


def test_years_of_a_review_are_no_schedule():
    # year after year of results, none after the plan's year: a look back, as before
    text = ("某县教育局2026年工作要点\n一、回顾\n2023年，新建幼儿园3所。\n2024年，新建幼儿园4所。\n"
            "2025年，新建幼儿园5所。\n二、2026年目标\n新建幼儿园6所。")
    assert accepted(text) == [(6, "所", ">=")]


def test_a_share_of_schools_with_a_deadline_before_its_verb_or_without_de():
    text = PLAN + ("1、90%的中职院校在2026年底按标准建成数字化校园。\n2、80%中小学学校完成“班班通”建设。\n"
                   "3、60%的学校已完成改造。")
    assert accepted(text) == [(90, "%", ">="), (80, "%", ">=")]


def test_without_de_only_the_schools_right_after_the_share_are_its_schools():
    # 四成城市中小学校将建立…: a place between the share and its schools needs 的 to read as a share of them
    assert accepted(PLAN + "1、到2026年，有四成城市中小学校将建立心理辅导室。") == []


def test_a_count_of_schools_then_the_work_they_are_to_have_done():
    text = PLAN + "1、全年6所小学完成扩建。\n2、实验小学等4所小学在校内完成改造。\n3、去年已有3所学校完成改造。"
    assert accepted(text) == [(6, "所", ">="), (4, "所", ">=")]


def test_schools_that_have_not_done_it_are_no_target():
    assert accepted(PLAN + "1、全县还有12所学校未达标。30%的学校没有完成改造。") == []


def test_a_starting_point_with_its_year_a_population_and_a_document_s_own_articles_are_no_targets():
    # each after a clause whose verb the figure would otherwise share
    cut = "日前，某省发布实施意见，提出到2026年，学生体质健康达标优良率从2021年的18.5%上"  # the excerpt ends there
    assert accepted(cut) == []
    text = "某省2026年将新建特殊教育学校5所，使全省20万人口以上及接近20万人口的县均有特殊教育学校。"
    assert accepted(text) == [(5, "所", ">=")]
    assert accepted("3月19日，省教育厅印发《关于深化体教融合的实施意见》，包括6个方面，共24条意见。") == []


def test_a_size_that_picks_firms_or_villages_and_a_split_into_groups_are_no_targets():
    text = PLAN + ("1、新建实训基地5个，引导职工1000人以上制造型企业与职业院校共建基地，实施30户以上传统民居连片村寨改造。\n"
                   "2、面试共分4个组进行。")
    assert accepted(text) == [(5, "个", ">=")]


def test_a_look_back_turns_at_the_years_ahead():
    # a review section's paragraph: 未来五年 turns it to the plan, as 今后 and 下一步 do
    text = ("某区教育局2026年工作要点\n一、2025年工作回顾\n全区新改扩建中小学校16所，新开办幼儿园30所。"
            "值得一提的是，未来五年，公办学校的在校学生占比要达到95%。")
    assert accepted(text) == [(95, "%", ">=")]


def test_a_clause_restated_without_the_label_glued_before_it_is_one_target():
    text = "某区五年拟新增学位5万个\n摘要\n民办学校在校学生不超过5%。\n正文\n未来五年，民办学校在校学生不超过5%。"
    assert accepted(text) == [(50000, "个", ">="), (5, "%", "<=")]


def test_places_set_aside_are_no_target():
    text = "今年我省安排资金1亿元，在全省20个重点县以外的其他县新建教师周转宿舍800套。"
    assert accepted(text) == [(100000000, "元", ">="), (800, "套", ">=")]


def test_a_ceiling_on_a_share_of_a_total_named_between_the_word_and_the_figure():
    text = PLAN + ("1、择校生不超过招生计划总数（不含择校生）的20%。\n2、民办学校招生人数不得超过当地招生总数的15%。\n"
                   "3、公费生不低于招生总数的60%。")
    assert accepted(text) == [(20, "%", "<="), (15, "%", "<="), (60, "%", ">=")]


def test_a_standing_commitment_every_year_looks_forward_in_a_report():
    # a news report, where figures without a forward word are results: 每年为…培训 is a commitment going on
    text = ("首批援疆教师赴疆开展支教\n中央政府门户网站 2009年08月28日 来源:新华社\n"
            "新华社乌鲁木齐8月28日电（记者 张某）25名援疆教师28日赴阿克苏地区开展支教活动。\n"
            "据了解，中央将投入3000万元专项资金，继续支持新疆双语教师工作。内地4省市对口支援新疆教育工作，"
            "每年为新疆培训双语教师300名，每两年选派120名教师赴疆支教。")
    assert accepted(text) == [(300, "名", ">="), (120, "名", ">=")]


def test_thousands_grouped_by_a_space_are_one_figure():
    # 15 041平方米 was read as 41 (the 15 dropped as a separate number without a unit)
    assert accepted(PLAN + "1、新增学位1 200个，新建校舍面积15 041平方米。") == [(1200, "个", ">="), (15041, "平方米", ">=")]
    assert accepted(PLAN + "1、2026年 100所学校完成改造。") == [(100, "所", ">=")]  # a year and a count stay apart


def test_a_count_of_people_that_sizes_the_schools_it_picks_is_no_target():
    text = PLAN + "1、对于招收5名以上残疾学生的普通学校，要配备1名以上资源教师。\n2、今年招收残疾学生200名以上。"
    assert accepted(text) == [(1, "名", ">="), (200, "名", ">=")]


def test_a_count_of_schools_then_the_work_named():
    # a 实事 list names the work after the schools: 6所学校旱厕改造、1所学校学生食堂改扩建
    text = PLAN + "1、6所学校旱厕改造、1所学校学生食堂改扩建。"
    assert accepted(text) == [(6, "所", ">="), (1, "所", ">=")]


def test_a_news_page_speaks_from_its_dateline_year_not_a_later_one_it_names_more_often():
    text = ("首页 >> 新闻动态\n我县召开创建教育强县动员大会\n来源:某县新闻网 浏览:1200 2010-3-12\n"
            "会议指出，创建教育强县的目标是：2010年，全县幼儿入园率达到92%以上，初中升高中段比例达到92%。"
            "2013年前完成创建，2013年全面达标，2013年接受评估。")
    assert accepted(text)[:2] == [(92, "%", ">="), (92, "%", ">=")]


def test_the_rate_of_completing_compulsory_education_is_an_indicator_not_progress():
    # 完成率达98% reports a plan's progress; 义务教育完成率 is the share of a cohort that completes school
    text = PLAN + "1、全县幼儿毛入园率达75%，义务教育完成率达98%以上，17岁人口初中教育完成率达95%以上。\n2、项目计划完成率达98%。"
    assert accepted(text) == [(75, "%", ">="), (98, "%", ">="), (95, "%", ">=")]


def test_what_a_project_includes_is_what_it_is_to_deliver_in_a_report():
    text = ("某县推进教育民生实事项目\n本报讯（通讯员 李某）近日，记者在县实验小学看到，学生正在录播教室上课。"
            "县教育局负责人说：“智慧校园建设今年被列入民生实事项目。”据介绍，该项目包括新建6个移动学习终端教室，"
            "添置3所学校纸质图书；建成8个学科专用教室、2个创新实验室等。截至目前，已新建5个录播教室。")
    assert accepted(text) == [(6, "个", ">="), (3, "所", ">="), (8, "个", ">="), (2, "个", ">=")]


def test_a_span_that_runs_through_the_plan_s_year_is_no_past_year():
    text = ("某省2015年职业教育工作要点\n一、规模\n1、从今年起，全省推进职教攻坚。2013年至2020年招生规模达到4.5万人以上；"
            "2011年至2012年招生规模达到3.2万人以上。")
    assert accepted(text) == [(45000, "人", ">=")]


def test_a_course_s_hours_in_its_line_of_a_training_plan_are_no_target():
    text = ("某县2026年教师培训工作方案\n一、项目\n1、中小学教师全员培训 培训时间:3月 培训方式:网络研修 课时数:36课时 "
            "培训对象:全县在职教师5000人\n2、每位教师每年参加培训不少于72学时。")
    got = accepted(text)
    assert (36, "课时", ">=") not in got and (72, "学时", ">=") in got


def test_recruiting_by_plan_and_work_that_will_break_ground():
    assert accepted(PLAN + "1、全省计划招募特岗教师12000人。") == [(12000, "人", ">=")]
    assert accepted("本报讯 今年第一批20所学校的操场将于7月动工。") == [(20, "所", ">=")]


def test_planned_admissions_to_kindergarten_and_school_are_targets():
    text = "某市2026年中小学幼儿园招生计划\n一、幼儿园\n计划入园21000人。\n二、小学\n计划入学15000人。"
    assert accepted(text) == [(21000, "人", ">="), (15000, "人", ">=")]


def test_what_is_to_be_reached_looks_forward_in_a_report():
    text = ("资讯新闻\n本报讯（记者 王某）记者从市教育局获悉，第二期学前教育三年行动计划启动。据介绍，"
            "到期末全市学前三年毛入园率要达到80%，公办园比例要达到15%。去年全市新建幼儿园12所。")
    assert accepted(text) == [(80, "%", ">="), (15, "%", ">=")]


def test_the_number_of_pupils_a_plan_is_made_for_is_no_target():
    text = ("某市2026年中小学招生计划\n一、高中招生\n今年全市初中毕业生人数为12000人，参加中考的考生人数为12500名，"
            "计划招收普通高中新生6500人。\n"
            "二、幼儿园招生\n学前三年幼儿总数为26000人，在园幼儿数占总数80%以上。")
    assert accepted(text) == [(6500, "人", ">="), (80, "%", ">=")]


def test_the_target_a_completion_report_measures_against_is_read():
    text = ("某县教育局关于2026年重点民生实事考核自查报告\n一、普惠性幼儿园覆盖率\n"
            "2026年普惠性幼儿园覆盖率全年任务目标数是80%，实际已完成92%，完成率为115%，已按要求达到本年度考核目标。")
    assert accepted(text) == [(80, "%", ">=")]


def test_putting_forward_is_a_plan_s_verb():
    text = PLAN + "1、推介50位百姓学习之星、40个终身学习品牌项目、300个社区教育学习共同体。"
    assert accepted(text) == [(50, "位", ">="), (40, "个", ">="), (300, "个", ">=")]


def test_a_span_of_hours_is_a_time_not_a_ratio():
    assert accepted(PLAN + "1、开展暑期托管服务，托管时间为8:30-12:00，生师比不高于15:1。") == [(15, "比", "<=")]


def test_a_forecast_of_pupils_is_no_target_but_a_forecast_of_places_is():
    text = PLAN + ("1、高中段在校学生预计达到约7.6万人，初中毕业生预计约2.4万人。\n"
                   "2、预计新增学位3000个。")
    assert accepted(text) == [(3000, "个", ">=")]


def test_a_related_links_line_above_the_story_is_no_footer():
    # 相关推荐 under the headline, before the story: the story is still read; after the story it still ends the page
    text = ("作文网 > 作文大全\n\n明年全市中小学完成语言文字规范化达标创建\n\n2020-12-06 19:50:01\n相关推荐\n\n"
            "市语委办公室工作人员表示，今年全市60%的学校计划完成语言文字工作规范化的创建。\n相关推荐\n新建学校8所的消息")
    assert accepted(text) == [(60, "%", ">=")]


def test_a_rate_below_a_ceiling_and_a_total_enrolment_plan():
    text = "进一步巩固扫盲成果，青壮年文盲率低于3%。2026年普通高中招生总计划6800人。"
    assert accepted(text) == [(3, "%", "<="), (6800, "人", ">=")]


def test_a_rise_against_a_named_year_is_a_change():
    text = PLAN + "1、高考一本上线人数比2025年增10%以上，初中辍学率较上年减5%。"
    assert accepted(text) == [(10, "%", "increase_by"), (5, "%", "decrease_by")]


def test_a_count_of_principles_is_no_target():
    text = PLAN + "1、学校设置坚持按需设置、优化结构、合理布局、坚持标准等4个基本原则，新设置高职院校3所。"
    assert accepted(text) == [(3, "所", ">=")]
