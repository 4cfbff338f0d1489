"""Rules of stop 25 (the sixteenth round), for shapes a bureau's own plan takes, each on short texts written for the
test (none taken from a labelled set)."""

from tests.kpis.plan_reader.reading import accepted

PLAN = "某县教育局2026年工作要点\n一、学校建设\n"


def test_a_year_s_work_to_complete_is_a_target_in_a_plan():
    # 全年完成 was read as a result in every text; in a 工作要点 it is the year's task (a report's is still gated)
    assert accepted(PLAN + "1.全年完成2147所农村学校取暖改造。") == [(2147, "所", ">=")]


def test_a_school_counted_in_characters_before_its_size_in_classes():
    # 一所 was skipped (a character numeral before a digit: 四个100%), and the 36个班 of its size read instead
    text = PLAN + "1.新建一所36个班的小学。\n2.新建1所24班规模的初中。\n3.规划新建一所20个教学班的幼儿园，能容纳600名幼儿。"
    assert accepted(text)[:3] == [(1, "所", ">="), (1, "所", ">="), (1, "所", ">=")]


def test_the_same_words_around_other_figures_are_another_target():
    # 新建一所36个班的小学 and 新建一所24个班的小学 share their words but not their sizes: two schools, not one restated
    text = PLAN + "1.新建一所36个班的小学，新建一所24个班的小学。"
    assert accepted(text) == [(1, "所", ">="), (1, "所", ">=")]


def test_a_place_between_the_verb_and_a_count_in_characters():
    assert accepted(PLAN + "1.改扩建城区两所闲置校舍，新建乡镇三所公办幼儿园。") == [(2, "所", ">="), (3, "所", ">=")]


def test_a_school_size_in_brackets_defines_a_class():
    text = PLAN + ("1.规模较大的学校（在校生500人以上）实行集中供暖，规模较小的学校(在校生500人以下)采用电采暖，"
                   "全年改造取暖设施30所。\n2.新建幼儿园10所（其中公办8所以上）。")
    assert accepted(text) == [(30, "所", ">="), (10, "所", ">="), (8, "所", ">=")]


def test_progress_as_of_now_speaks_for_the_clauses_after_it_wherever_it_stands():
    # a reply's 办理情况: the plan (25所) and, after 目前…, how far it has come (11个 under way, 3个 handed over)
    text = ("关于对市人大第24号建议的答复\n二、办理情况\n"
            "为改善办园条件，全市新建幼儿园25所，目前项目已经全部招标，开工建设11个，交付使用项目3个。\n"
            "三、下一步工作\n今年新建幼儿园6所，目前已完成选址，计划新增学位1200个。")
    assert accepted(text) == [(25, "所", ">="), (6, "所", ">="), (1200, "个", ">=")]


def test_a_span_back_to_now_speaks_for_its_sentence_though_its_first_clause_has_a_figure():
    text = ("关于对县政协第12号提案的答复\n一、现状\n城区学位紧张。\n二、办理情况\n2019年以来我局争取资金1.13亿元，用于89所幼儿园的新建或改造，"
            "新建、改造面积88840平方米。今年新建幼儿园6所，新增学位1200个。")
    assert accepted(text) == [(6, "所", ">="), (1200, "个", ">=")]


def test_a_text_s_year_is_not_a_deadline_it_plans_for_nor_an_event_s_name():
    from kpis.plan_reader.titles import plan_year

    # 到2025年计划遴选 is 计划 the verb after a deadline, not a 2025年计划; 北京2022年冬奥会 is an event's year
    text = ("教育部：2020年遴选2000所冰雪运动特色学校\n通知称，到2020年，计划遴选出2000所特色学校，到2025年计划遴选出5000所"
            "特色学校。遴选北京2022年冬奥会示范学校，北京2022年冬奥会将至。")
    assert plan_year("", text) == 2020
    assert (2000, "所", ">=") in accepted(text)


def test_ji_yi_xia_is_a_ceiling_like_yi_xia():
    text = PLAN + "1.到2030年，婴儿死亡率分别控制在7.5‰及以下和5‰及以下。\n2.学生近视率控制在50%及以下。"
    assert accepted(text) == [(7.5, "‰", "<="), (5, "‰", "<="), (50, "%", "<=")]


def test_a_year_ahead_in_the_figure_s_own_clause_outweighs_the_date_the_sentence_was_said():
    text = ("2026年全国教育工作会议召开\n会议部署了2026年重点任务。司长在2025年11月的论坛上介绍，主要指标包括学前教育毛入园率"
            "(2027年达到93%，2035年达到98%)、高中阶段教育完成率(2027年达到86%)。")
    assert accepted(text) == [(93, "%", ">="), (98, "%", ">="), (86, "%", ">=")]


def test_a_clause_repeated_word_for_word_is_one_target():
    said = "到2022年和2030年，国家学生体质健康标准达标优良率分别达到50%及以上和60%及以上。"
    text = "国务院印发健康中国行动意见\n《意见》提出，" + said + "\n《意见》还指出，要实施中小学健康促进行动。" + said
    assert accepted(text) == [(50, "%", ">="), (60, "%", ">=")]


def test_a_size_in_people_that_picks_the_schools_is_no_target():
    text = PLAN + "1.全县200人以上寄宿制学校配备专职心理教师，全年培训心理教师300名。"
    assert accepted(text) == [(300, "名", ">=")]


def test_tenths_are_a_share():
    text = PLAN + "1.七成以上村小接入千兆宽带，九成五的学校建成智慧校园。\n2.一成不变，三五成群，八成为新建学校，建成学校5所。"
    assert accepted(text) == [(70, "%", ">="), (95, "%", ">="), (5, "所", ">=")]


def test_a_share_of_schools_before_what_they_are_to_do():
    # the verb comes after the share (90%以上的学校开齐…): the share was a description (56人以上的班级) or had no verb
    text = PLAN + ("1.全县90%以上的学校开齐开足国家课程。\n2.全市40%的城市中小学将设专职心理教师。\n3.全县80%的幼儿园要创成等级园。\n"
                   "4.全县现有80%的学校建成智慧校园，56人以上的班级全部消除。")
    assert accepted(text) == [(90, "%", ">="), (40, "%", ">="), (80, "%", ">=")]


def test_a_figure_that_opens_a_sentence_is_read():
    # the character before a figure at a sentence's start was "", and "" is in every string: 由/从 (a starting point)
    # and 〔[【 (a document number) dropped every figure that opened a sentence
    text = PLAN + "1. 90%以上的学校开齐开足国家课程。3所新建学校将于年内投入使用。"
    assert accepted(text) == [(90, "%", ">="), (3, "所", ">=")]


def test_an_enrolment_plan_is_a_target_as_a_planned_enrolment_is():
    text = PLAN + "1.全县普通高中招生计划6500人，中职招生计划3000人。"
    assert accepted(text) == [(6500, "人", ">="), (3000, "人", ">=")]


def test_thousands_grouped_with_commas_are_one_figure():
    # 6,590个 was read as 6 and 590; a full-width comma between figures still ends a clause
    text = PLAN + "1.新增学位6,590个，完成投资1,200万元，新建校舍120,000.5平方米。\n2.新建学校5所，100所幼儿园完成改造。"
    assert accepted(text) == [(6590, "个", ">="), (12000000, "元", ">="), (120000.5, "平方米", ">="), (5, "所", ">="),
                              (100, "所", ">=")]


def test_a_table_gives_its_units_in_a_column_of_their_own():
    # 指标名称 | 单位 | 目标值: the unit was looked for in the figure and the name only, and no row was read
    text = ("某县教育局2026年工作要点\n序号\t指标名称\t计量单位\t2025年完成\t2026年目标\n1\t新建幼儿园\t所\t3\t5\n"
            "2\t普惠性幼儿园覆盖率\t%\t90\t92\n3\t新增学位\t个\t3,200\t4,000\n4\t近视率\t%\t52.3\t51.3\n")
    assert accepted(text) == [(5, "所", ">="), (92, "%", ">="), (4000, "个", ">="), (51.3, "%", "<=")]
    pipes = "某县教育局2026年工作要点\n| 序号 | 指标名称 | 单位 | 目标值 |\n| 1 | 新建幼儿园 | 所 | 5 |\n| 2 | 普惠性幼儿园覆盖率 | % | 92 |\n"
    assert accepted(pipes) == [(5, "所", ">="), (92, "%", ">=")]
    tens = ("某县教育局2026年工作要点\n序号\t指标\t单位\t基期值\t目标值\n1\t新增学位\t万个\t1.2\t1.5\n"
            "2\t教育投入\t万元\t5000\t6000\n")
    assert accepted(tens) == [(15000, "个", ">="), (60000000, "元", ">=")]


TWO_ROW_HEADER = [["序号", "指标名称", "单位", "2025年", "", "2026年"], ["", "", "", "目标值", "完成值", "目标值"],
                  ["1", "新建幼儿园", "所", "3", "3", "5"], ["2", "普惠性幼儿园覆盖率", "%", "90", "91", "92"]]


def test_a_second_header_row_names_its_columns_within_the_first():
    # 2025年 | | 2026年 over 目标值 | 完成值 | 目标值: this year's 目标值, not last year's; the blank cells keep their columns
    text = "某县教育局2026年工作要点\n附件：主要指标\n" + "\n".join("\t".join(r) for r in TWO_ROW_HEADER) + "\n"
    assert accepted(text) == [(5, "所", ">="), (92, "%", ">=")]


def test_a_word_table_with_merged_header_cells_keeps_its_columns():
    import io

    import docx

    from kpis.plan_reader.sources import read_plan_file

    d = docx.Document()
    d.add_paragraph("某县教育局2026年工作要点")
    table = d.add_table(rows=4, cols=6)
    for i, row in enumerate(TWO_ROW_HEADER):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for j in range(3):  # 序号, 指标名称, 单位 merged down both header rows; 2025年 across its two columns
        table.cell(0, j).merge(table.cell(1, j))
    table.cell(0, 3).merge(table.cell(0, 4))
    buf = io.BytesIO()
    d.save(buf)
    text = read_plan_file("plan.docx", buf.getvalue())
    assert text.split("\n")[1] == "序号\t指标名称\t单位\t2025年\t\t2026年"
    assert accepted(text) == [(5, "所", ">="), (92, "%", ">=")]


def test_a_rule_s_ceiling_and_floor_with_de():
    # 不得高于 is a ceiling as 不高于 is (it was read ≥); 不得低于 a floor
    text = PLAN + "1.各科“C”级不得高于5%，不得超过3人；合格率不得低于95%。"
    assert accepted(text) == [(5, "%", "<="), (3, "人", "<="), (95, "%", ">=")]
