"""Rules of stop 27 (the eighteenth round), for shapes a bureau's own plan takes, each on short texts written for the
test (none taken from a labelled set)."""

from kpis.plan_reader import extract
from kpis.plan_reader.structure import read_structure
from tests.kpis.plan_reader.reading import accepted

PERIOD_PLAN = ("某县学前教育普及普惠行动计划（2025—2027年）\n一、主要目标\n"
               "到2027年，学前三年毛入园率达到98%以上。\n二、重点任务\n")


def test_a_plan_titled_with_its_period_reads_each_year_of_it_as_its_own():
    # the title names 2025—2027: 2025's and 2026's tasks are the plan's, though its year is 2027
    text = PERIOD_PLAN + "1.2025年新建公办幼儿园3所。\n2.2026年新建公办幼儿园2所。\n3.2024年全县新建幼儿园4所。"
    tree = read_structure(text)
    assert tree.title == "某县学前教育普及普惠行动计划（2025—2027年）" and tree.year == 2027
    # 2024 is before the period: a look back still
    assert accepted(text) == [(98, "%", ">="), (3, "所", ">="), (2, "所", ">=")]


def test_a_plan_titled_with_one_year_still_reads_earlier_years_as_past():
    text = "某县教育局2027年工作要点\n一、重点任务\n1.2025年新建公办幼儿园3所。\n2.2027年新建公办幼儿园2所。"
    assert accepted(text) == [(2, "所", ">=")]


def test_an_item_number_glued_to_the_figure_that_opens_the_item_is_a_number():
    # 3.90%以上的中小学校… after 1. and 2.: item 3 and 90%, not 3.9%
    text = ("某县教育局2026年工作要点\n一、主要目标\n1.学前三年毛入园率达到95%以上。\n2.义务教育巩固率保持在98%。\n"
            "3.90%以上的中小学校建成智慧校园。\n4.60%的学校达到优质均衡标准。")
    assert accepted(text) == [(95, "%", ">="), (98, "%", ">="), (90, "%", ">="), (60, "%", ">=")]
    assert [it.number for sec in read_structure(text).sections for it in sec.items] == ["1", "2", "3", "4"]


def test_a_first_item_glued_to_a_whole_count_is_a_number_and_a_decimal_elsewhere_stays_one():
    # no school is a tenth: 1.10所 is item 1 and 10所; a figure out of sequence stays a decimal (2.5万)
    text = "某县教育局2026年工作要点\n一、主要目标\n1.10所学校创建为市级示范校。"
    assert accepted(text) == [(10, "所", ">=")]
    assert accepted("某县教育局2026年工作要点\n一、主要目标\n1.学前三年毛入园率达到95%以上。\n"
                    "7.5万名学生参加研学，全年新增学位2.5万个。") == [(95, "%", ">="), (25000, "个", ">=")]


def test_a_tracks_length_describes_it_and_its_count_is_the_target():
    text = ("某县教育局2026年工作要点\n一、重点任务\n1.新建200米环形塑胶跑道1条，建设300米标准塑胶跑道2条。\n"
            "2.新建塑胶跑道3000平方米。")
    assert accepted(text) == [(1, "条", ">="), (2, "条", ">="), (3000, "平方米", ">=")]


def test_a_year_with_jiang_after_it_was_still_ahead_when_it_was_said():
    # a report read as of its last year: 2019年将开放… and 2020年将开放… were set, not done
    text = ("某市2021年学校体育场馆开放工作计划\n在2018年开放的14所学校的基础上，2019年将开放35所新学校，"
            "2020年将开放30所新学校，2021年将开放29所新学校。2019年新建幼儿园3所。")
    got = accepted(text)
    assert (35, "所", ">=") in got and (30, "所", ">=") in got and (29, "所", ">=") in got
    assert (14, "所", ">=") not in got and (3, "所", ">=") not in got


def test_a_headlines_rate_is_restated_only_in_its_own_words():
    # the headline's 95% is 高中阶段's; 学前三年毛入园率达到95% in the body is another target
    text = ("某区明确“十四五”发展目标 2025年高中阶段教育毛入学率达95%\n\n来源:某某教育报 时间:2021-11-07\n\n"
            "本报讯 日前,《某区“十四五”教育事业发展规划》印发。\n"
            "某区明确,到2025年,全区学前三年毛入园率达到95%,高中阶段教育毛入学率达到95%。")
    assert accepted(text) == [(95, "%", ">="), (95, "%", ">=")]


def test_a_year_that_is_only_a_base_of_changes_is_not_the_texts_own():
    from kpis.plan_reader.titles import plan_year
    # every year named is the base of a change: the report speaks from the year after
    text = "今年我省高考计划招生30万人，比2007年增加1.3万人。本科计划为14万人，比2007年增加1.7万人。"
    assert plan_year("", text) == 2008
    # a year named as the text's own still wins over the bases
    assert plan_year("", "2010年全市计划招生5万人，比2008年增加1万人，比2008年多两所学校。") == 2010


def test_a_change_given_again_as_a_rate_after_the_level_is_no_target():
    text = ("某市2026年教育事业计划\n一、招生\n1.本科计划为140377人，比2025年增加17313人，增幅为14.1%。\n"
            "2.全市教育经费年均增幅为8%。")
    assert accepted(text) == [(140377, "人", ">="), (8, "%", "increase_by")]


def test_a_future_word_after_the_figure_outweighs_the_year_the_sentence_opens_with():
    # read as of 2014, the 2013 sentence still speaks of work to come (将于7月动工); 已 or 了 would make it done
    text = ("2014年秋季开学，全市近300所中小学校的操场将告别沥青操场。2014年10月之前全部完工。"
            "2013年，第一批30所学校的操场将于7月动工。2013年，第二批20所学校已将操场改造完毕。")
    got = accepted(text)
    assert (30, "所", ">=") in got and (20, "所", ">=") not in got


def test_the_year_a_document_names_itself_by_outweighs_a_page_title_giving_another():
    from kpis.plan_reader.titles import plan_year
    body = ("关于印发2021年某市教育重点建设项目推进实施方案的通知\n《2021年某市教育重点建设项目推进实施方案》已经市政府同意。\n"
            "为确保完成2021年某市教育重点建设项目，特制定如下实施方案。")
    assert plan_year("关于印发2022年某市教育重点建设项目推进实施方案的通知", body) == 2021
    # named once only: the title's year stands
    assert plan_year("关于印发2022年某市教育重点建设项目推进实施方案的通知", body.split("\n")[0]) == 2022
    text = "关于印发2022年某市教育重点建设项目推进实施方案的通知\n" + body + "\n一、目标\n1.新建、改扩建幼儿园15所。"
    assert accepted(text) == [(15, "所", ">=")]


def test_jiang_and_a_short_verb_before_the_figure_is_work_to_come():
    text = "记者从市教育局获悉，今年全市将建8所公办幼儿园，将招募70名银龄教师。"
    assert accepted(text) == [(8, "所", ">="), (70, "名", ">=")]
    # 将近 is about, 已将 is done, 将以 is with: none of them is a plan
    assert accepted("记者获悉，全市已将8所学校纳入改造范围。将近30所学校报名。县里将以这6所学校为样板。") == []


def test_a_pages_buttons_and_breadcrumb_are_no_title():
    from kpis.plan_reader.debris import is_debris
    assert is_debris("注册") and is_debris("闽南网 > 漳州 > 漳州教育 > 正文") and is_debris("·网上投稿·主任信箱")
    assert is_debris("央视网|中国网络电视台|网站地图")
    assert not is_debris("某县教育局2026年工作要点") and not is_debris("新建学校5所") and not is_debris("教育局 > 通知公告")
    # with the button line no title, the headline is the headline: the body's restatement of it is not a second target
    text = ("注册\n闽南网 > 漳州 > 漳州教育 > 正文\n\n某区2026年将投建5所小学10所幼儿园\n\n"
            "2026年，某区将投建5所小学、4所公办幼儿园和6所普惠性幼儿园。\n\n将建5所小学10所幼儿园\n\n"
            "其中，投建区第三实小等5所小学。")
    assert read_structure(text).title == ""
    assert [v for v in accepted(text) if v[0] == 5] == [(5, "所", ">=")]


def test_a_restatement_of_a_figure_that_is_no_target_after_all_is_the_first_statement():
    # the headline (开建, no word of a plan) is judged a report; the body's 今年将新建9所 is then the target
    text = ("央广网\n\n某地开建9所公办幼儿园\n\n2017-05-27 10:20:00来源:央广网\n\n"
            "据报道，记者从县重点工程建设调度会上获悉，今年将新建9所幼儿园，目前均进入施工阶段。")
    assert accepted(text) == [(9, "所", ">=")]


def test_a_page_of_a_government_work_report_is_judged_as_a_speech():
    # the 报告's page lists last year's tasks and what was done: done work without a word of a plan is no target
    text = ("2018年某区政府工作报告(11)\n时间:2019-04-23 13:13 来源:互联网\n"
            "七、(1)完成63所学校风雨连廊建设。全区共开展专项行动699次。\n八、今年要新建学校5所。")
    assert accepted(text) == [(5, "所", ">=")]


def test_a_page_dated_in_a_later_year_it_names_speaks_from_that_year():
    from kpis.plan_reader.titles import plan_year
    text = ("我国义务教育巩固率达到94.8%\n\n来源:某网 发布时间:2020-03-01 22:33:02\n\n"
            "2019年我国九年义务教育巩固率为94.8%。2020年，义务教育巩固率达到95%。2019年我国高中阶段毛入学率为89.5%。")
    assert plan_year("", text) == 2020
    assert (94.8, "%", ">=") not in accepted(text) and (95, "%", ">=") in accepted(text)
    # a repost's update time is no date of the story's own
    assert plan_year("", "更新时间:2022-09-25 02:00:19\n2021年新增学位1800个。2021年新建学校3所。据2022年报道。") == 2021


def test_a_threshold_that_defines_a_stage_or_a_case_is_no_target():
    text = ("某市2026年教育工作要点\n一、目标\n1.高等教育毛入学率在15%以下时属于精英教育阶段，15%至50%为大众化阶段，"
            "50%以上为普及化阶段。\n2.全市高等教育毛入学率达到60%。")
    assert accepted(text) == [(60, "%", ">=")]
    # a condition (…达到1000人时) picks when the rule applies: the rule's own figure is what is set
    assert accepted("某市2026年教育工作要点\n一、目标\n1.学校在校生达到1000人时增设心理教师1名。") == [(1, "名", ">=")]


def test_a_five_year_plans_period_that_ended_before_the_plans_year_is_a_look_back():
    text = ("某省2023年教育工作要点\n一、目标\n1.“十三五”时期，全省高等教育毛入学率由40.0%增长至54.4%。\n"
            "2.“十四五”期间，高等教育毛入学率提高到60%。")
    assert accepted(text) == [(60, "%", ">=")]


def test_set_up_before_digits_counts_and_before_a_numeral_names_rules():
    text = "某县2026年教育工作要点\n一、特殊教育\n1.建立10个县级特殊教育资源中心，在25个普通中小学校建立特殊教育资源教室。\n2.建立三项制度。"
    assert accepted(text) == [(10, "个", ">="), (25, "个", ">=")]


def test_targets_in_the_same_frame_are_not_one_restated():
    text = ("省政府2026年惠民实事具体为：一是加强人才支撑，年度目标为引进留用3600名高层次银龄人才。"
            "二是深化关爱服务，年度目标为遴选3600名高校优秀学生到农村地区开展体育支教。")
    assert accepted(text) == [(3600, "名", ">="), (3600, "名", ">=")]


def test_a_place_named_with_a_numeral_what_came_in_and_how_long_work_lasts_are_no_targets():
    text = ("某市2026年教育工作要点\n一、重点任务\n1.年内完成九台区特殊教育学校的建设任务，改扩建一所县城公办幼儿园。\n"
            "2.开展为期120天的校园安全专项整治。\n3.全市共征集到建议907件，新建学校3所。")
    assert accepted(text) == [(1, "所", ">="), (3, "所", ">=")]


def test_a_count_of_measures_or_kinds_is_no_target():
    text = ("某省2026年职业教育工作要点\n一、总体安排\n1.通过提升职业院校治理能力等11项举措，实施藏区职业教育振兴工程等5项重点工程，"
            "办好15类52项民生实事。\n2.全省中职招生9万人以上。")
    assert accepted(text) == [(90000, "人", ">=")]


def test_what_a_whole_place_has_is_a_statistic_unless_it_needs_the_work():
    text = ("某省2026年特殊教育工作要点\n一、现状与目标\n1.全省有特教学校80所，全市有经认定的普惠幼儿园24所。\n"
            "2.在全省有需求的61个县区新建、改扩建食堂400个。")
    assert accepted(text) == [(400, "个", ">=")]


def test_a_share_of_a_whole_is_a_statistic_unless_it_is_aimed_at():
    text = ("某市2026年教育工作要点\n一、目标\n1.根据省颁发标准，全市共有6959个超过标准班，占总数的31.66%。\n"
            "2.到2027年，生师比逐步达到18:1左右，其中兼职教师占教师总量的30%。\n"
            "3.使公办园在园幼儿占全部在园幼儿的55%以上。\n"
            "4.2026年底前，专任教师中骨干教师占比提升至16%，班主任骨干占班主任总数的22%。")
    got = accepted(text)
    assert (31.66, "%", ">=") not in got
    assert (30, "%", ">=") in got and (55, "%", ">=") in got and (22, "%", ">=") in got


def test_a_span_of_years_running_past_the_reports_year_looks_forward():
    from kpis.plan_reader.genre import looks_forward
    # a 2015 report quoting the plan: a span ending after 2015 looks forward, one that ended before it does not
    later = "2013年至2020年招生规模达到4.5万人以上。"
    done = "2011年至2012年招生规模达到3.2万人以上。"
    assert looks_forward(later, later.index("4.5"), later.index("人以上"), dated=2015)
    assert not looks_forward(done, done.index("3.2"), done.index("人以上"), dated=2015)


def test_items_opening_with_a_year_glued_to_their_number_are_items():
    # 1.2025年新建… is item 1 of a year's work, not 1.2025; the list goes on 2., 3.90%…, 4.
    text = PERIOD_PLAN + ("1.2025年新建公办幼儿园3所，新增学位900个。\n2.2026年新建公办幼儿园2所。\n"
                          "3.90%以上的中小学校建成智慧校园。\n4.建设300米标准塑胶跑道2条。")
    tree = read_structure(text)
    assert [it.number for sec in tree.sections for it in sec.items][-4:] == ["1", "2", "3", "4"]
    assert accepted(text) == [(98, "%", ">="), (3, "所", ">="), (900, "个", ">="), (2, "所", ">="), (90, "%", ">="),
                              (2, "条", ">=")]


def test_places_expanded_by_a_percentage_is_a_rise():
    text = "某县2026年教育工作要点\n一、县中振兴\n1.到2027年，力争县域高中公办学位扩容30%。"
    assert accepted(text) == [(30, "%", "increase_by")]


def test_a_performance_tables_scoring_rules_are_no_targets():
    # the 指标值 is the target; the 评(扣)分标准 beside it (90%得10分, 每减少1%扣1分, 每超出10天扣1分) scores it
    text = ("2026年项目支出绩效目标表\n一级指标二级指标三级指标指标值评(扣)分标准\n"
            "质量指标伙食补助发放率90%以上实际发放金额/应发放金额90%得10分,每减少1%扣1分-定量\n"
            "时效指标任务完成时间2026年12月31日按期完成得10分,每超出10天扣1分-定量\n"
            "满意度指标学生满意度95%以上满意程度95%以上得10分,每降低1%扣1分-定性")
    assert accepted(text) == [(90, "%", ">="), (95, "%", ">=")]


def test_a_headlines_figure_the_body_states_as_a_plan_is_read_at_the_headline():
    # the headline is the target's first statement; the body's words (计划招) make it one, and the body restates it
    text = ("原标题:河南今年拟招 中职生55万人\n昨日，省教育厅公布2018年中等职业学校招生计划，今年全省计划招中职生55万人。")
    tree, cands = extract(text)
    got = [(c.value, c.source[:6]) for c in cands if c.confidence >= 0.5]
    assert got == [(550000, "河南今年拟招")]
    # two statements in the body with the headline's figure: which one it names is not known, the headline stays
    text = ("今年某市教育补短板项目超百个 20个中小学年内竣工\n据了解，今年全市其中年内将有20个中小学项目完工，"
            "还有20个幼儿园项目陆续开建。")
    assert [c.source[:4] for c in extract(text)[1] if c.confidence >= 0.5 and c.value == 20] == ["今年全市", "还有20"]


def test_the_scorer_matches_a_clause_a_text_repeats_at_either_place():
    from types import SimpleNamespace as Cand

    from kpis.plan_reader.evaluate import score_predicted
    text = "牙龈炎患病率到2030年，城市下降20%。营养不良患病率到2030年，城市下降20%。"
    labels = [dict(source="牙龈炎患病率到2030年，城市下降20%", value=20, unit="%", comparator="decrease_by"),
              dict(source="营养不良患病率到2030年，城市下降20%", value=20, unit="%", comparator="decrease_by")]
    cand = dict(source="城市下降20%", value=20, value_upper=None, unit="%", comparator="decrease_by")
    s = score_predicted(text, labels, [Cand(**cand), Cand(**cand)])
    assert (len(s.true_pos), len(s.false_pos), len(s.false_neg)) == (2, 0, 0)
    # a source cut to its figure stands anywhere: it matches at its first place only
    s = score_predicted(text, labels[1:], [Cand(**{**cand, "source": "20%"})])
    assert (len(s.true_pos), len(s.false_pos), len(s.false_neg)) == (0, 1, 1)


def test_a_schools_routine_per_day_or_term_is_no_target_unless_a_floor_is_set_on_it():
    text = ("某校2026年体育工作方案\n一、目标\n1.学校每天上午统一安排30分钟的阳光体育大课间活动，落实每学期2次视力筛查，"
            "劳动课每周1课时。\n2.确保学生每天校内体育活动时间不少于2小时。\n3.100%的教研组实现教研活动主题化。")
    assert accepted(text) == [(2, "小时", ">="), (100, "%", ">=")]


def test_a_list_run_on_after_a_colon_with_its_first_number_glued_to_its_figure():
    text = ("2026年度中小学劳动教育工作计划\n一、总体目标\n2026年重点实现:1.100%学校开足开齐劳动课程;"
            "2.校均建成2个以上校内劳动实践基地;3.劳动教育专任教师配备率达80%。")
    assert accepted(text) == [(100, "%", ">="), (2, "个", ">="), (80, "%", ">=")]


def test_a_verb_governing_the_figure_outweighs_the_change_noun_it_speaks_of():
    text = ("某市2026年学生健康工作要点\n一、目标\n1.全市儿童青少年超重率和肥胖率年均增幅在基线基础上下降70%。\n"
            "2.近视率年度降幅不低于1个百分点。")
    assert accepted(text) == [(70, "%", "decrease_by"), (1, "百分点", "decrease_by")]
