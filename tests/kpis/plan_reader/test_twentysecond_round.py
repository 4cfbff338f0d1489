"""Rules of stop 31 (the twenty-second round), each on short texts written for the test (none taken from a labelled
set)."""

from kpis.plan_reader import extract
from tests.kpis.plan_reader.reading import accepted


def test_a_span_back_to_now_after_a_figure_still_speaks_for_the_clauses_after_it():
    # A subtitle joined onto the paragraph puts a figure before 自…以来: what the span brought is still a result.
    text = ("某省教育督导新闻\n全省12个县整体通过评估认定，主任介绍，自2013年启动评估认定工作以来，各地投入不断增加，"
            "新建改扩建学校260所，增加学位27000个。")
    assert accepted(text) == []
    # a turn to this year after the span still reads ahead
    ahead = ("某省教育督导新闻\n全省12个县整体通过评估认定，主任介绍，自2013年启动评估认定工作以来，各地投入不断增加，"
             "今年将新建学校30所。")
    assert accepted(ahead) == [(30, "所", ">=")]


def test_a_size_that_picks_the_schools_after_a_count_leaves_the_count_a_target():
    # 100所 then 在校生规模3500人以上的: the size says which schools, the count of them is the target
    text = "某省职业教育发展规划\n到2020年，重点建设100所在校生规模3500人以上的示范性中等职业学校。"
    assert accepted(text) == [(100, "所", ">=")]
    # a count across a bare noun still qualifies the next (97所中小学2317间教室…)
    whose = "某县护眼灯改造计划\n今年完成97所中小学2317间教室护眼灯改造。"
    assert accepted(whose) == [(2317, "间", ">=")]


def test_a_story_naming_years_only_as_days_speaks_from_its_dateline():
    # The only year is the day of an event the story reports (于2019年7月30日举行); the page is dated 2020: 2019's
    # groundbreaking is history, this autumn's opening the plan.
    text = ("某区13所新建中学将在秋季开学投用\n\n2020-05-16 01:37:18  来源:某网\n\n"
            "据了解，某区于2019年7月30日举行学校建设项目集中开工仪式，开工新建学校50所。今年秋季开学，将新增学位24900个。")
    assert extract(text)[0].year == 2020
    assert (50, "所", ">=") not in accepted(text) and (24900, "个", ">=") in accepted(text)


def test_a_headline_announcing_next_year_dates_the_story_in_the_year_before():
    # dated 2012-12-31, 明年 in the headline: 2012's progress is history, 2013's figures the plan
    text = ("明年新建150所公办幼儿园\n  • 2012年12月31日  来源:某晚报\n"
            "  本报讯 27日,市教育局公布了2012年度学前教育重点工作进展情况。2012年新建幼儿园项目,有90个投入使用。"
            "2013年,全市还将新建公办幼儿园150所,学前三年入园率达到80%以上。")
    assert extract(text)[0].year == 2013
    assert accepted(text) == [(150, "所", ">="), (80, "%", ">=")]


def test_a_report_that_work_is_basically_done_is_a_result():
    text = "某市学前教育进展\n市教育局公布进展情况，计划新建、改扩建的幼儿园66所基本完成。今年将新建幼儿园20所。"
    assert accepted(text) == [(20, "所", ">=")]
    # a deadline's 基本完成 is still the plan
    ahead = "某市学前教育计划\n今年将新建幼儿园20所，年底前基本完成30所幼儿园改造任务。"
    assert (20, "所", ">=") in accepted(ahead)


def test_what_a_report_or_its_data_showed_is_a_statistic():
    text = "某市学前教育通报\n情况通报显示，投入使用项目较多的县区有甲县13个。今年全市将新建幼儿园20所。"
    assert accepted(text) == [(20, "所", ">=")]
    # …unless its own clause plans (数据显示，…力争到2027年达到…)
    ahead = "某市近视防控方案\n监测数据显示，全市学生近视率力争到2027年降至40%以下。"
    assert accepted(ahead) == [(40, "%", "<=")]


def test_a_count_of_the_years_practical_matters_is_no_target_wherever_it_is_named():
    for text in ("某区人大公告\n会议票决出17项某区人民政府2024年为民办实事项目。新建公办幼儿园2所。",
                 "某县人大公告\n会议投票表决确定2017年县政府民生实事项目为10项。新建公办幼儿园2所。",
                 "某区新闻\n区委、区政府将实施27个为民办实事项目。新建公办幼儿园2所。"):
        assert accepted(text) == [(2, "所", ">=")], text
    # a count of a programme's own projects stays (实施30个“全面改薄”项目)
    assert accepted("某县教育计划\n今年实施30个“全面改薄”项目。") == [(30, "个", ">=")]


def test_a_list_pasted_a_task_to_a_line_reads_line_by_line():
    # each line its own task: the noun of one line is not the subject of the next line's figure
    text = ("2024年某区政府为民办实事项目\n\n1\n\n新增100张困难重残养护床位\n完成300户居家环境适老化改造\n\n"
            "3\n\n新增250个公办幼儿园托班托额、250个社区托育“宝宝屋”托额\n开办26个小学生爱心暑托班\n")
    tree, cands = extract(text)
    sources = [c.source for c in cands]
    assert "开办26个小学生爱心暑托班" in sources and not any("托额开办" in s for s in sources)
    assert not any("床位完成" in s for s in sources)
    # …and the next line opening on a year starts a sentence of its own (暑托班 / 2021年第一季度，…)
    dated = "2024年某区为民办实事项目\n\n开办26个小学生爱心暑托班\n\n2021年第一季度，新建11所。"
    assert [c.name for c in extract(dated)[1] if c.value == 26] == ["开办小学生爱心暑托班"]
    # a sentence a copy wrapped mid-clause still runs on (新增学位27 / 00个)
    wrapped = "某县教育工作要点\n今年全县新建幼儿园3所，新增学\n位2700个。"
    assert accepted(wrapped) == [(3, "所", ">="), (2700, "个", ">=")]


def test_a_coverage_rate_in_a_sentence_of_statistics_is_a_statistic_too():
    # 覆盖率 names a rate: its 覆盖 is no verb setting the level
    text = ("某市学前教育新闻\n2017年全市幼儿园达到1619所，较2010年增加了1027所，学前三年入园率达到85%，"
            "普惠性幼儿园覆盖率达到71.6%。到2020年，计划新建公办幼儿园130所。")
    assert accepted(text) == [(130, "所", ">=")]


def test_work_under_way_is_progress_not_a_target():
    text = "某市新闻\n2021年第一季度，新建11所，5所正在进行主体建设，4所正在进行基础建设。"
    assert accepted(text) == [(11, "所", ">=")]
    assert any("正在进行" in r for c in extract(text)[1] if c.value == 5 for r in c.reasons)


def test_a_paragraph_opening_on_tongshi_goes_on_with_the_plan_before_it():
    story = ("今年某区将新增学位3000个\n\n来源:某日报 2025-01-22 10:26\n\n"
             "1月21日,新闻发布会举行,局长介绍,{first}\n\n"
             "同时,树牢“健康第一”理念,实施1700间教室照明改造工程,加强学生心理健康教育。\n")
    ahead = story.format(first="今年全区将进一步完善教育资源统筹调配机制,新增学位3000个,力争让每一个孩子在家门口上好学校。")
    assert (1700, "间", ">=") in accepted(ahead)
    # …and after a sentence of results it reports results too
    done = story.format(first="去年全区新增学位3000个,让每一个孩子在家门口上好学校。")
    assert (1700, "间", ">=") not in accepted(done)


def test_a_later_year_the_text_will_act_in_is_its_plan_year():
    text = ("某市持续开展校舍建设工程\n来源:某新闻网\n记者从市政府新闻发布会上获悉,我市在2021年将持续开展中小学幼儿园校舍建设工程,"
            "项目达64个。\n2020年,我市实施了提升工程,全年共新建、改扩建中小学、幼儿园103所。其中2020年竣工的项目85个。")
    assert extract(text)[0].year == 2021
    assert (103, "所", ">=") not in accepted(text)
    # a span's end or a deadline is no such year (2012年至2013年将继续…, 到2025年计划…)
    span = "某市校安工程\n2012年全市计划实施校安工程项目150个。2012年至2013年将继续实施校安工程。"
    assert extract(span)[0].year == 2012


def test_a_headline_count_of_schools_is_announced_by_a_count_of_school_projects():
    text = ("今年某市新建11所中小学\n04.02.2015 11:22\n本文来源: 某新闻网\n"
            "记者昨日从市教育局了解到,今年,全市将启动11个中小学校新建项目,建成后将新增8064个学位。")
    assert (11, "所", ">=") in accepted(text)


def test_a_related_articles_list_under_a_columns_blurb_is_no_footer():
    text = ("专栏名称: 某城\n某地本地活动最全发布平台,城市八卦、吃喝玩乐......关注某城,便捷生活随身携带!\n相关文章推荐\n"
            "某俱乐部 · 某地新建一所高等学校! · 4 小时前\n\n某区近日发布政府工作报告\n\n教育\n\n"
            "1.改扩建两所村级幼儿园,完成14所中小学塑胶化操场改造。\n2.新建3所民办普惠性幼儿园。\n")
    assert (14, "所", ">=") in accepted(text) and (3, "所", ">=") in accepted(text)
    # a story's own footer still ends it
    story = ("某县教育新闻\n今年全县将新建幼儿园3所，改造中小学操场14所，新增学位1200个，招聘教师80名，切实办好人民满意的教育。\n"
             "相关文章\n某市新建学校20所")
    assert (20, "所", ">=") not in accepted(story)


def test_a_sentence_opened_by_an_estimate_for_a_past_year_and_economic_figures_are_no_targets():
    text = ("某区政府工作报告新闻\n2022年某区15件民生实事清单同步出炉，内容包括新建学校18所。\n"
            "预计2021年某区实现地区生产总值630亿元，经济体量增长47%。一般公共预算收入突破100亿元，上市企业数量超过10家。")
    assert accepted(text) == [(18, "所", ">=")]


def test_a_papers_line_of_day_and_time_dates_the_story():
    text = ("某市将新建一批学校\n\n某日报 2022-04-08 11:26 大字\n\n"
            "本报讯 记者从全市教育工作会议获悉,2022年某市计划新建幼儿园123所。\n\n"
            "2021年,全市教育事业主要指标持续上升,学前三年毛入园率达94.19%。2021年,全市新建成学校42所。")
    assert extract(text)[0].year == 2022
    assert accepted(text) == [(123, "所", ">=")]


def test_the_progress_against_the_plan_is_a_result():
    text = "某市民生实事进展\n据了解,今年上半年减免6.48万名幼儿保教费,完成计划进度116.6%。今年将新建幼儿园5所。"
    assert (116.6, "%", ">=") not in accepted(text)


def test_a_past_year_after_who_said_it_still_opens_the_sentence():
    text = ("某市2024年教育工作会议召开\n会议介绍,2023年全市新改扩建公办幼儿园38所,新增公办园学位1.2万个、义务教育学位9000个。"
            "2024年,全市将新改扩建公办幼儿园25所。")
    assert accepted(text) == [(25, "所", ">=")]


def test_the_childrens_share_placed_is_a_target():
    text = "某市民生实事\n为持有居住证的农民工随迁子女100%提供公办学位。"
    assert accepted(text) == [(100, "%", ">=")]


def test_the_kinds_of_a_count_and_the_plans_own_targets_counted_are_no_targets():
    text = "某市儿童友好工程\n该工程聚力建设儿童友好9类试点单元50个。"
    assert (9, "类", ">=") not in accepted(text)
    meta = "某市儿童友好城市工作台账\n按照“五个友好”细化分解形成137项年度具体工作目标，新增托位500个。"
    assert accepted(meta) == [(500, "个", ">=")]


def test_an_attachments_number_is_no_figure():
    text = "某县招聘公告\n\n一、招聘计划\n\n具体招聘岗位详见岗位表(附件1:《某县2023年度专项招聘教师岗位表》)。"
    assert accepted(text) == []


def test_a_projects_site_and_work_already_done_are_no_targets():
    text = "某市教育项目\n今年新建学校3所，其中实验小学教学楼和运动场建设项目占地8.5亩。"
    assert accepted(text) == [(3, "所", ">=")]
    done = ("某区新闻\n今年将新开办学校10所。我们看到7栋建筑已经拔地而起。"
            "今年上半年全市已新开工改造城镇老旧小区241个。")
    assert accepted(done) == [(10, "所", ">=")]


def test_selecting_teachers_is_a_plans_verb():
    text = "某县2025年十件惠民实事\n选拔100名专(兼)职心理健康教师。"
    assert accepted(text) == [(100, "名", ">=")]


def test_pupils_counted_before_the_line_they_are_to_pass_are_a_target():
    text = "某镇学区2021年秋学校工作计划\n（三）教育教学\n中考120人进一中分数线。"
    assert accepted(text) == [(120, "人", ">=")]


def test_a_day_a_year_or_a_span_leaves_an_opening_clause_figureless():
    text = ("今年某区将新增2万个幼儿园学位\n来源:某网 时间: 2017-02-23\n"
            "在22日召开的2017年民生领域重点工作新闻发布会上,副厅长介绍,截至2016年底,全区幼儿园达到3672所,"
            "学前三年毛入园率达到90%。\n据了解,某区于2014—2016年实施三年行动计划以来,新增幼儿园932所。"
            "今年,某区将新增学位2万个。")
    assert accepted(text) == [(20000, "个", ">=")]
    # a year inside a span the sentence named, reaching the plan's year, is a stage of the plan
    stage = ("某区智慧校园创建\n某区教育局计划从2015至2018年分步骤完成创建任务,2015年为开局阶段,首先使10所学校达到标准;"
             "2018年全区学校全部达标。")
    assert (10, "所", ">=") in accepted(stage)


def test_growth_and_prices_are_another_fields_figures():
    text = "某市2026年工作要点\n一、主要目标\n地区生产总值增长5%左右，居民消费价格涨幅2%左右，新增中学学位1万个。"
    assert accepted(text) == [(10000, "个", ">=")]
