"""Rules of issue 19's seventh round, each on short texts written for the test (none taken from a labelled set):
the text-level genre gate (a report's figures are results unless something around them looks forward) and the
failure classes read in real_blind6 and real_dev7."""

from kpis.plan_reader import extract
from kpis.plan_reader.genre import is_report
from tests.kpis.plan_reader.reading import accepted


_NEWS = ("本报讯（记者 李明）记者日前从县教育局获悉，{body}据介绍，截至目前，全县共有各类学校120所。\n\n"
         "责任编辑：王红\n")


def test_a_news_report_is_a_report_and_a_plan_on_a_news_site_is_not():
    assert is_report(_NEWS.format(body="今年秋季全县新增幼儿园6所。"))
    plan = "某县教育局2026年工作要点\n本报讯（记者 李明）据介绍，截至目前，…\n一、主要目标\n新建幼儿园6所。\n责任编辑：王红\n"
    assert not is_report(plan)
    assert not is_report("一、主要目标\n全县新增幼儿园6所，新增学位1800个。\n")
    outline = _NEWS.format(body="\n一、扩大资源\n（一）新建幼儿园6所。\n")  # a plan's outline under a byline
    assert not is_report(outline)


def test_in_a_report_a_bare_figure_is_a_result_and_a_forward_one_a_target():
    text = _NEWS.format(body="今年秋季全县新增幼儿园6所，新增学位1800个。明年全县将新建小学3所。")
    assert accepted(text) == [(3, "所", ">=")]


def test_in_a_plan_the_same_bare_figures_stay_targets():
    text = "某县教育局2026年工作要点\n一、主要目标\n全县新增幼儿园6所，新增学位1800个。\n"
    assert accepted(text) == [(6, "所", ">="), (1800, "个", ">=")]


def test_a_forward_word_later_in_the_sentence_speaks_for_its_own_clause_only():
    body = "从前年到去年全县新建学校20所，新增学位9000个，今年还将新增学位4000个。"
    assert accepted(_NEWS.format(body=body)) == [(4000, "个", ">=")]


def test_a_paragraph_lead_in_with_a_colon_looks_forward_for_its_list():
    body = "\n今年的民生实事项目如下：\n1.新建幼儿园4所\n2.新增学位1200个\n"
    assert accepted(_NEWS.format(body=body)) == [(4, "所", ">="), (1200, "个", ">=")]


def test_pinyin_inside_a_forward_word_does_not_hide_it():
    body = "今年，全县积极争(zhēng)取资金，实施校舍改造项目15个。"
    assert accepted(_NEWS.format(body=body)) == [(15, "个", ">=")]


def test_what_a_project_brings_once_built_looks_forward():
    body = "项目建成后，为县城新增学位2400个。"
    assert accepted(_NEWS.format(body=body)) == [(2400, "个", ">=")]


def test_a_headline_figure_the_body_announces_as_planned_is_kept():
    text = "全县今秋新增学位2600个\n\n" + _NEWS.format(body="今年秋季开学前，全县将新增学位2600个。")
    assert (2600, "个", ">=") in accepted(text)


def test_a_news_paragraph_opening_with_the_site_name_is_no_title_line():
    text = "某某网\n\n某县扩充学位\n\n某某网消息 3月2日，记者从县教育局了解到，今年全县将新建小学2所、幼儿园4所。\n"
    assert accepted(text) == [(2, "所", ">="), (4, "所", ">=")]


def test_greater_than_is_a_floor_and_less_than_a_ceiling():
    text = "一、主要目标\n到2027年，学前教育毛入园率大于95%，义务教育阶段生师比小于15:1。\n"
    assert accepted(text) == [(95, "%", ">="), (15, "比", "<=")]


def test_a_span_of_past_years_is_no_deadline_ahead():
    body = "2019到2023年间，全县建设幼儿园项目30个，新增学位9000个。"
    assert accepted(_NEWS.format(body=body)) == []


def test_progress_as_of_a_date_stays_progress_when_it_names_the_plan_year():
    text = ("2026年某县教育局民生实事进展情况\n2026年全县为民办实事新建公办幼儿园10所。"
            "截至5月，2026年新建10所公办幼儿园，已开工建设4所，开工率40%。\n")
    got = accepted(text)
    assert got[0] == (10, "所", ">=") and (4, "所", ">=") not in got and (40, "%", ">=") not in got


def test_a_share_of_the_task_is_progress():
    text = "某县普惠性幼儿园建设进展\n今年要求新建普惠性幼儿园50所。截至6月底，已开工建设30所，占任务数的60%。\n"
    assert accepted(text) == [(50, "所", ">=")]


def test_more_of_the_same_this_year_is_a_result():
    text = "今年以来，全市持续扩充教育资源，今年又有4所新学校投入使用，全市新增学位1.2万个。\n"
    assert accepted(text) == []


def test_what_a_sentence_sets_aside_is_no_target():
    text = "一、主要目标\n今年新建幼儿园8所。除了以上在建的8所幼儿园外，另有3所公办幼儿园将开始招生。\n"
    assert accepted(text) == [(8, "所", ">="), (3, "所", ">=")]


def test_a_planned_enrolment_is_a_target_and_an_enrolment_a_statistic():
    plan = "一、统筹各类教育\n1.普通高中计划招生1.2万人，中等职业教育计划招生8000人。\n"
    assert accepted(plan) == [(12000, "人", ">="), (8000, "人", ">=")]
    stats = "三、事业发展\n全省共有普通高中500所，招生30.5万人，在校生90万人。\n"
    assert accepted(stats) == []


def test_these_five_years_look_back():
    text = "某县两会\n代县长在政府工作报告中说，这五年，全县新建各类学校30所，补充招聘教师800人。明年全县将新建幼儿园3所。\n"
    assert accepted(text) == [(3, "所", ">=")]


def test_a_figure_whose_clause_says_it_will_be_opened_is_a_target():
    text = "一、学前教育\n年底前，全县还有9所幼儿园将陆续投入使用。\n"
    assert accepted(text) == [(9, "所", ">=")]


def test_a_figure_naming_a_goals_level_is_a_target():
    text = "一、学前教育\n经测算，全县能够如期迈向90%的普及目标。\n"
    assert accepted(text) == [(90, "%", ">=")]


def test_opening_new_kindergartens_is_a_commitment():
    text = "一、学前教育\n全区新开3所普惠性幼儿园。\n"
    assert accepted(text) == [(3, "所", ">=")]


def test_the_same_figure_in_another_districts_paragraph_is_that_districts_own_target():
    text = ("某市各区公布今年实事项目\n甲区今年将扩大托育服务供给，新增托位500个。\n"
            "乙区今年将支持幼儿园开设托班，新增托位500个。\n")
    assert accepted(text) == [(500, "个", ">="), (500, "个", ">=")]


def test_a_headline_ends_where_its_date_line_stood():
    text = ("某某新闻网\n\n某县扩充学位供给\n\n2026-03-02 09:30 来源：某某日报\n\n"
            "3月2日，记者从县教育局了解到，今年全县将投建小学2所，新增学位1800个。\n")
    tree, cands = extract(text)
    lead = tree.sections[0].items[0].text
    # (since stop 27 the site's name is page furniture, so the headline is the title and the lead starts after the date)
    assert tree.title == "某县扩充学位供给" and lead.splitlines()[0].startswith("3月2日")
    assert accepted(text) == [(2, "所", ">="), (1800, "个", ">=")]


def test_a_rise_from_the_present_level_reaches_a_target():
    text = "一、主要目标\n到2028年，全县普惠性幼儿园覆盖率由目前的78%提升至90%。\n"
    assert accepted(text) == [(90, "%", ">=")]
