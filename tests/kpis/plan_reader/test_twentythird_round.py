"""Rules of stop 32 (the twenty-third round), each on short texts written for the test (none taken from a labelled
set)."""

from kpis.plan_reader import extract
from kpis.plan_reader.evaluate import ACCEPT_THRESHOLD
from kpis.plan_reader.numbers import parse_number
from tests.kpis.plan_reader.reading import accepted


def test_a_sum_written_with_its_lower_places_reads_whole():
    # 2,140万868元 is 21,400,868元, not 868元; 104亿6118万元 is 10,461,180,000元 (the lower part of 亿 counts 万)
    assert parse_number("2,140万868") == 21_400_868
    assert parse_number("104亿6118", "万") == 10_461_180_000
    text = "某县教师宿舍建设计划\n今年投入经费2,140万868元，新建教师宿舍10间。"
    assert (21_400_868, "元", ">=") in accepted(text)
    big = "某市公共托育建设计划\n今年投入总经费104亿6118万元，新建托育机构30家。"
    assert (10_461_180_000, "元", ">=") in accepted(big)
    # the old readings stand: 3万5000多名 and 7千900名
    assert parse_number("3万5000") == 35_000 and parse_number("7千900") == 7_900


def test_related_stories_listed_with_their_dates_are_page_furniture():
    # a page lists other stories under its text, each a bulleted headline ending in its date: none is the plan's
    text = ("某市教育工作会议召开\n今年将新建公办幼儿园25所\n"
            "- 某市推出13条措施 促进基础设施领域发展2024-03-04\n- 某县举办节后首场招聘会 服务6999人2024-03-04\n")
    assert accepted(text) == [(25, "所", ">=")]
    # a plan's own bulleted line with a deadline date in it stays
    plan = "某县学前教育计划\n- 2024-09-01前新建公办幼儿园3所\n"
    assert accepted(plan) == [(3, "所", ">=")]


def test_a_story_of_a_five_year_plan_dated_before_it_speaks_for_the_plans_first_year():
    # dated 2020, the headline names 十四五 (2021–2025): 2015's share is the last period's, 4万个 the plan's
    text = ("某区“十四五”教育规划:5年将新增学位近4万个\n发布时间:2020-11-19 13:38:00来源: 某网\n"
            "某区“十四五”时期将新增学位近4万个。这个比例2015年仅为70%，2015年以来持续提升。")
    assert extract(text)[0].year == 2021
    assert (70, "%", ">=") not in accepted(text)
    # a story dated inside the period keeps its own year
    inside = ("某区“十四五”教育规划中期评估\n发布时间:2023-06-01 09:00:00来源: 某网\n"
              "2023年将新增学位5000个，2022年新增学位4000个，2022年新建学校5所。")
    assert extract(inside)[0].year == 2023


def test_a_past_years_level_after_increased_to_is_no_deadline():
    # 增至2020年的36.2万人, read in a 2021 plan: where the count stood in 2020, not a target set for 2020
    text = "某区2021年教育工作要点\n全区在校生从2015年的31.5万人，增至2020年的36.2万人。今年新增学位3000个。"
    assert accepted(text) == [(3000, "个", ">=")]
    # a deadline ahead written the same way stays (到2025年的目标)
    ahead = "某区2021年教育工作要点\n在校生规模增至2025年的40万人。"
    assert (400000, "人", ">=") in accepted(ahead)


def test_a_later_year_with_its_place_before_the_verb_is_the_year_planned_for():
    # 2022 is named more often (its results), 2023年，某市计划… is the year the story plans for
    text = ("某市十大工程今年这样安排\n2022年度某市十大工程总结大会召开，2023年，某市计划实施重点项目545个。\n"
            "2022年，全市新建幼儿园、中小学80所，普通高中下达招生计划9.25万人，较上年增长13.9%。2022年完成投资348亿元。")
    assert extract(text)[0].year == 2023
    assert (13.9, "%", "increase_by") not in accepted(text)


def test_news_of_schools_opening_states_its_count_after_the_verb_to_come():
    # 13所新建中学将在秋季开学投用, 50所新建学校将一同投用: the count is the subject of the opening ahead
    text = "某区2020年学校建设\n今年秋季开学，50所新建学校将一同投用。13所新建中学将在秋季开学投用。"
    assert accepted(text) == [(50, "所", ">="), (13, "所", ">=")]
    # a count already opened stays a result
    assert accepted("某区2020年学校建设\n去年，50所新建学校已一同投用。") == []


def test_a_headline_the_body_also_states_as_a_plan_keeps_its_first_statement():
    # the body says 13所 open this autumn (a plan) and, of 2019, that the 13所 were among 50 begun (a result): the
    # headline is still the plan's first statement
    text = ("某区13所新建中学将在秋季开学投用\n\n2020-05-16 01:37:18  来源:某网\n\n"
            "某区将于今年秋季开学投用13所新建中学。据了解，某区于2019年7月30日开工新建学校50所，这13所中学就包含在其中。")
    kept = [c for c in extract(text)[1] if c.value == 13 and c.confidence >= ACCEPT_THRESHOLD]
    assert [c.source.startswith("某区13所") for c in kept] == [True]


def test_the_name_of_an_attached_list_is_no_target():
    # (附100所建设名单) names the list printed below; the body's 两年内改扩建100所县中 is the target
    text = "某省县中建设项目今年启动(附100所建设名单)\n\n2023-03-01 09:00 来源:某网\n\n今年起，全省两年内改扩建100所县中。"
    kept = [c for c in extract(text)[1] if c.confidence >= ACCEPT_THRESHOLD]
    assert [(c.value, c.source) for c in kept] == [(100, "全省两年内改扩建100所县中")]


def test_tenths_in_digits_and_a_grouped_lower_part_read_as_written():
    # 7成以上 is 70 %, as 七成以上 is; 1,347万4,278元 is 13,474,278元 and 1万6,451千瓦 16,451千瓦
    assert accepted("某市平板计划\n今年纳管率将提升至7成以上。") == [(70, "%", ">=")]
    # the upper end of a range of tenths (3至6成) is no share of its own
    assert accepted("某县双语教育计划\n今年各校须有3至6成以上的教师取得认证。") == []
    assert parse_number("1,347万4,278") == 13_474_278 and parse_number("1万6,451") == 16_451
    text = "某市校园光电计划\n今年全市设置容量1万6,451千瓦，回馈金1,347万4,278元。"
    assert accepted(text) == [(16_451, "千瓦", ">="), (13_474_278, "元", ">=")]


def test_the_words_taiwan_uses_for_renovating_and_installing_commit_as_theirs_do():
    # 整修 (维修), 添购 (购置), 汰换 (更换), 装设 (安装); not 改善, which mainland texts use of 民生 and 条件 and which
    # would carry to the next clause's count of programmes
    assert accepted("某县老旧厕所计划\n今年整修72所学校、共261间老旧厕所。") == [(72, "所", ">="), (261, "间", ">=")]
    assert accepted("某市智慧校园计划\n今年添购5万台平板，汰换300台电脑。") == [(50_000, "台", ">="), (300, "台", ">=")]


def test_a_share_of_pupils_with_a_condition_is_a_prevalence_not_a_target():
    # 8成以上初中学生近视 reports how many are short-sighted; the plan's figure is the rate's fall
    text = "某区近视防控计划\n八成以上初中学生近视，近5成小学生近视。今年近视率下降1个百分点。"
    assert accepted(text) == [(1, "百分点", "decrease_by")]
    assert accepted("某区近视防控计划\n全区30%以上的儿童超重。") == []


def test_those_a_work_will_touch_are_no_deed():
    # 将影响7万5,000名师生 tells who is affected; 将惠及2000名学员 counts those served (a target, as 施政报告 set it)
    assert accepted("某市校舍计划\n这项工程延宕将影响7万5,000名师生。") == []
    assert accepted("某市职业教育计划\n先导计划将惠及2000名学员。") == [(2000, "名", ">=")]


def test_a_name_leaves_the_will_of_its_verb_behind():
    # 计划导入 showed the KPI 纳管率将 for 纳管率将提升至7成以上
    names = [c.name for c in extract("某县2026年工作要点\n纳管率将提升至7成以上，巩固率要达到96%以上。")[1]]
    assert names == ["纳管率", "巩固率"]
