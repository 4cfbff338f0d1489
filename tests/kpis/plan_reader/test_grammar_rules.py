"""One test per rule of the generalised target grammar (issue 8's audit), each on several sentences
written for the test — none taken from the five plans, the dev set or the held-out set — with
sentences the rule must leave alone."""

import pytest

from kpis.plan_reader import read_plan
from kpis.plan_reader.targets import ACCEPT_THRESHOLD, extract_targets


def accepted(text, year=2026):
    return [(c.value, c.value_upper, c.unit, c.comparator)
            for c in extract_targets(text, "1", year) if c.confidence >= ACCEPT_THRESHOLD]


# --- a past year or an achieved result is judged within the figure's own clause -----------------

@pytest.mark.parametrize("text,want", [
    ("全区义务教育巩固率2025年为99.1%，今年力争达到99.5%。", [(99.5, None, "%", ">=")]),
    ("小学入学率2025年已达100%。", []),
    ("2025年全县入园率为97%，2026年提升至98%。", [(98, None, "%", ">=")]),
    ("2025年，全县新建幼儿园3所，新增学位900个。", []),
    ("截至2025年底，全市共有中小学156所，在校生12万人。", []),
    ("党的二十大以来，全市累计建成智慧校园120所。", []),
    ("去年以来，新增公办学位2000个，建成食堂5个。", []),
])
def test_past_years_and_look_backs(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("本科上线率较2025年提高2个百分点。", [(2, None, "百分点", "increase_by")]),
    ("与2025年相比，近视率下降0.5个百分点。", [(0.5, None, "百分点", "decrease_by")]),
    ("实施教育强区三年行动（2024—2026年），新建学校6所。", [(6, None, "所", ">=")]),
    ("落实《2024-2026年学前教育行动计划》，新增普惠学位800个。", [(800, None, "个", ">=")]),
])
def test_baselines_spans_and_titles_are_not_past_years(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("全县现有幼儿园50所，今年新建幼儿园3所。", [(3, None, "所", ">=")]),
    ("目前全市有中小学140所，年内新增学校4所。", [(4, None, "所", ">=")]),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", [(4.5, None, "个", ">=")]),
    ("一般公共预算教育经费同比增长8%。", [(8, None, "%", "increase_by")]),
    ("全市已建成智慧校园80所，新增学位已达3000个。", []),
    ("超额完成年度任务，圆满完成了新建学校6所的目标。", []),
])
def test_achieved_results_are_judged_in_their_clause(text, want):
    assert accepted(text) == want


def test_a_look_back_section_is_past_until_it_turns_to_this_year():
    doc = read_plan("某县教育局2026年工作要点\n一、2025年工作回顾\n全县新增学位3000个，建成幼儿园5所，近视率下降0.8个百分点。"
                    "今年将新建幼儿园8所。\n二、主要成绩\n创建省级示范校4所。\n三、2026年主要目标\n新增学位4000个。\n")
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [("一", 8), ("三", 4000)]
    reasons = [r for k in doc["kpis"] if k["value"] == 3000 for r in k["reasons"]]
    assert "回顾以往工作的段落，不是本年目标" in reasons


# --- a paragraph that opens with a look back is past until a sentence turns to this year ------------

def kpis_of(text):
    return [(k["item"], k["value"]) for k in read_plan(text)["kpis"] if k["accepted"]]


@pytest.mark.parametrize("text,want", [
    # the opening sentence names the past; the figures run on over ； and 。 in the same paragraph
    ("某区教育局2026年工作要点\n过去一年，全区投入教育经费21亿元；新开办学校5所，新增学位6000个；"
     "优良率达到56%，较上年提高2个百分点。\n主要目标：新增学位7000个。\n", [("导语", 7000)]),
    ("某市教育局2026年工作要点\n2025年，全市教育系统攻坚克难，各项事业取得新进展：新增公办学位3.2万个；"
     "新增优质均衡县4个；3所高校进入全国百强。\n2026年全市新增公办学位3.5万个。\n", [("导语", 35000)]),
    ("某县教育局2026年工作要点\n一年来，全县教育工作取得显著成效。新建幼儿园3所。培训教师2000人次。\n"
     "今年新建幼儿园4所。\n", [("导语", 4)]),
    # a short heading line (第一，回顾2025年) is a part of its own, a look back by its heading
    ("某区教育局2026年工作要点\n第一，回顾2025年\n全区新增学位9000个，建成体育场馆4座。\n"
     "第二，2026年主要目标任务\n新增学位1万个。\n", [("第二", 10000)]),
    # the look back ends where a sentence turns to this year (总体要求, 新的一年, 2026年)
    ("某市教育局2026年工作要点\n十八大以来，全市新建学校120所。2026年工作的总体要求是：新建学校8所。\n",
     [("导语", 8)]),
])
def test_a_paragraph_opening_with_a_look_back_is_past(text, want):
    assert kpis_of(text) == want


@pytest.mark.parametrize("text,want", [
    # a goal, task or plan named in passing does not end a look back: 紧扣“…”目标, 完成年度目标任务, 营养改善计划
    ("某县教育局2026年工作要点\n2025年，全县紧扣“办好每一所学校”目标，各项工作取得新成效。新建学校4所；新增学位2000个。\n"
     "一、扩大资源\n1.新建学校5所。\n", [("1", 5)]),
    ("某县教育局2026年工作要点\n2025年，全县教育工作取得新成效：巩固率达到95%；全县3万人次学生享受营养改善计划，"
     "本科上线人数首次突破200人；教师普通话达标率达到96.8%。\n一、扩大资源\n1.新建学校5所。\n", [("1", 5)]),
    ("某区教育局2026年工作要点\n一、2025年工作回顾\n全区圆满完成年度目标任务，新建学校5所，招聘教师300名。"
     "按照“三年行动计划”，改造操场12个。\n二、2026年重点工作\n1.新建学校6所。\n", [("1", 6)]),
    ("某区教育局2026年工作计划\n第一部分　2025年工作回顾\n2025年，全区紧扣“学有优教”目标，取得新进展。全年教育投入20亿元，"
     "新增学位8000个。\n第二部分　2026年重点工作\n一、扩大资源\n（一）新建学校。新建学校6所。\n", [("（一）", 6)]),
    # a goal announced, an intention or a word of this year or ahead does
    ("某区教育局2026年工作要点\n过去一年，全区新建学校4所。主要目标：新建学校6所。\n", [("导语", 6)]),
    ("某区教育局2026年工作要点\n一年来，全区新建学校4所。下一步，全区新建学校7所。\n", [("导语", 7)]),
    ("某区教育局2026年工作要点\n2025年，全区新建学校4所。力争再建学校3所，确保新增学位2000个。\n",
     [("导语", 3), ("导语", 2000)]),
    ("某区教育局2026年工作要点\n回顾过去一年，全区新建学校4所。全年工作目标是：新增学位3000个。\n", [("导语", 3000)]),
])
def test_a_look_back_ends_only_where_a_sentence_turns_to_this_year(text, want):
    assert kpis_of(text) == want


@pytest.mark.parametrize("text,want", [
    # a past year inside a paragraph speaks for its own sentence only
    ("某区教育局2026年工作要点\n全区将新建学校5所。2025年全区已建成学校3所。新增学位2000个。\n",
     [("导语", 5), ("导语", 2000)]),
    # a paragraph opening with this year, or with 确保…取得新成效, looks forward
    ("某区教育局2026年工作要点\n确保各项工作取得新成效。全年新建学校5所。\n", [("导语", 5)]),
    ("某区教育局2026年工作要点\n推动各项工作取得新突破。全市新建学校5所。\n", [("导语", 5)]),
    # a baseline (在去年基础上) is no look back
    ("某区教育局2026年工作要点\n在去年基础上，全区再新建学校4所。新增学位1500个。\n", [("导语", 4), ("导语", 1500)]),
    ("某区教育局2026年工作要点\n2026年，全区教育系统取得新突破，新建学校6所。\n", [("导语", 6)]),
    # one sentence with both years: its own clauses decide, and the next paragraph is not past
    ("某区教育局2026年工作要点\n2025年全区入园率为97%，2026年提升至98%。\n新建幼儿园3所。\n",
     [("导语", 98), ("导语", 3)]),
    # a paragraph of its own after a look back is past only while no sentence has turned
    ("某区教育局2026年工作要点\n过去一年，全区新建学校4所。\n新的一年，全区新建学校6所。\n新增学位3000个。\n",
     [("导语", 6), ("导语", 3000)]),
])
def test_paragraphs_that_do_not_look_back(text, want):
    assert kpis_of(text) == want


def test_paragraphs_stay_lines_of_the_item_text():
    # a wrapped line joins its sentence; a line ending with 。 ends its paragraph
    doc = read_plan("某区教育局2026年工作要点\n一、主要目标\n全区新建学校5所，\n新增学位2000个。\n招聘教师100名。\n")
    assert doc["sections"][0]["items"][0]["text"] == "全区新建学校5所，新增学位2000个。\n招聘教师100名。"


# --- soft intentions are verbs, not the nouns that contain them --------------------------------

@pytest.mark.parametrize("text,want", [
    ("研究生学历教师比例达到20%。", [(20, None, "%", ">=")]),
    ("遴选课程改革试点校8所，创建省级教育评价改革试点学校2所。", [(8, None, "所", ">="), (2, None, "所", ">=")]),
    ("新增“岗课赛证”融通试点专业不少于30个，遴选试点地区6个、试点城市2个。",
     [(30, None, "个", ">="), (6, None, "个", ">="), (2, None, "个", ">=")]),
    ("遴选智慧教育试点项目12项，建设试点基地5个。", [(12, None, "项", ">="), (5, None, "个", ">=")]),
    ("试点推广学分银行覆盖学校20所。", []),
    ("在3个区县试点推行弹性学制。", []),
    ("依托市教育科学研究院，培育教研基地10个。", [(10, None, "个", ">=")]),
    ("研究建立3个区域教研中心。", []),
    ("试点推行10所学校的弹性离校制度。", []),
    ("逐步探索建设2所未来学校。", []),
])
def test_soft_intentions_are_verbs_only(text, want):
    assert accepted(text) == want


# --- comparators written as symbols ------------------------------------------------------------

def test_comparator_symbols():
    assert accepted("学前三年毛入园率≥98%，近视率≤50%，肥胖率＜10%，巩固率>=99%，差异系数≤0.4。") == [
        (98, None, "%", ">="), (50, None, "%", "<="), (10, None, "%", "<="), (99, None, "%", ">="), (0.4, None, "系数", "<=")]
    assert accepted("招收幼儿年龄≥3岁，班额≤45人。") == [(45, None, "人", "<=")]


# --- commitment verbs, and a rate noun right before its figure ---------------------------------

@pytest.mark.parametrize("text,want", [
    ("培养青年骨干教师200名。", [(200, None, "名", ">=")]),
    ("全年投入教育资金1.2亿元。", [(120000000, None, "元", ">=")]),
    ("安排学前教育专项经费800万元。", [(8000000, None, "元", ">=")]),
    ("一本上线人数突破1000人。", [(1000, None, "人", ">=")]),
    ("为农村学校配备专职校医50名。", [(50, None, "名", ">=")]),
    ("开工建设学校4所，竣工交付学校3所。", [(4, None, "所", ">="), (3, None, "所", ">=")]),
    ("多渠道筹措资金5000万元。", [(50000000, None, "元", ">=")]),
    ("实施薄弱学校改造项目12个。", [(12, None, "个", ">=")]),
    ("校园“护学岗”设置率100%，学生资助覆盖面100%。", [(100, None, "%", ">="), (100, None, "%", ">=")]),
])
def test_commitment_verbs_and_rate_nouns(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text", [
    "总投资4.6亿元的新校区9月投入使用。",
    "全市中小学共计1200个班级。",
])
def test_figures_without_a_commitment_stay_below_the_threshold(text):
    assert accepted(text) == []


# --- the comparator comes from the words nearest the figure ------------------------------------

@pytest.mark.parametrize("text,want", [
    ("校外培训机构压减率保持在95%以上。", (95, None, "%", ">=")),
    ("非教学任务清单事项压减30%以上。", (30, None, "%", "decrease_by")),
    ("校园安全事故发生率较上年下降10%。", (10, None, "%", "decrease_by")),
    ("学生近视率降至45%以下。", (45, None, "%", "<=")),
    ("体质健康不合格率下降到5%。", (5, None, "%", "<=")),
    ("教育经费比上年增长8%以上。", (8, None, "%", "increase_by")),
    ("辍学减少率达到20%。", (20, None, "%", ">=")),
    ("优良率提升至60%。", (60, None, "%", ">=")),
    ("近视率在下降的基础上再降低1个百分点。", (1, None, "百分点", "decrease_by")),
    ("在近视率下降的同时，优良率提高2个百分点。", (2, None, "百分点", "increase_by")),
])
def test_the_nearest_verb_decides_the_comparator(text, want):
    assert accepted(text) == [want]


# --- units with a longer form than their first character ---------------------------------------

@pytest.mark.parametrize("text,want", [
    ("举办家长学校专题讲座120场次。", (120, None, "场次", ">=")),
    ("组织校长外出考察10批次。", (10, None, "批次", ">=")),
    ("新增实验设备500台套。", (500, None, "台套", ">=")),
    ("新增教学仪器300台（套）。", (300, None, "台", ">=")),
    ("力争在省运会上获得金牌10枚以上。", (10, None, "枚", ">=")),
    ("新建标准足球场5块。", (5, None, "块", ">=")),
    ("建成学生宿舍楼3栋。", (3, None, "栋", ">=")),
    ("举办骨干教师培训班12期。", (12, None, "期", ">=")),
])
def test_units(text, want):
    assert accepted(text) == [want]


# --- Chinese numerals closing a list, percentages in words -------------------------------------

@pytest.mark.parametrize("text,want", [
    ("新建城东小学、城西小学两所学校。", [(2, None, "所", ">=")]),
    ("建成投用南湖幼儿园等三所幼儿园。", [(3, None, "所", ">=")]),
    ("普惠性幼儿园覆盖率达到百分之九十以上。", [(90, None, "%", ">=")]),
    ("确保百分之百的乡镇建成公办中心园。", [(100, None, "%", ">=")]),
    ("落实“三个一”要求，坚持两个确立，执行八项规定。", []),
    ("建立三项制度，完善两个机制。", []),
])
def test_chinese_numerals_in_lists_and_percent_words(text, want):
    assert accepted(text) == want


# --- a figure in brackets that defines a noun is no target -------------------------------------

@pytest.mark.parametrize("text,want", [
    ("义务教育学校大班额（56人以上）保持动态清零。", [(0, None, "个", "<=")]),
    ("普通高中优质学校（省一级以上）达到3所。", [(3, None, "所", ">=")]),
    ("小规模学校（100人以下）全部纳入集团化办学，新建集团4个。", [(4, None, "个", ">=")]),
])
def test_bracketed_definitions(text, want):
    assert accepted(text) == want


# --- tables pasted as text ---------------------------------------------------------------------

def test_table_rows_take_the_target_column_and_the_unit_of_the_name():
    text = ("序号\t指标\t2025年\t2026年目标\n1\t学前三年毛入园率（%）\t97.9\t≥98.5\n2\t学生近视率（%）\t52.6\t≤51.6\n"
            "3\t教师培训完成率（%）\t98.2\t100\n4\t新增公办学位（个）\t3000\t3600\n5\t创建现代化学校\t6所\t8所")
    cands = [c for c in extract_targets(text, "1", 2026) if c.confidence >= ACCEPT_THRESHOLD]
    assert [(c.value, c.unit, c.comparator) for c in cands] == [
        (98.5, "%", ">="), (51.6, "%", "<="), (100, "%", ">="), (3600, "个", ">="), (8, "所", ">=")]
    assert cands[0].source == "学前三年毛入园率（%）\t97.9\t≥98.5" and cands[0].name == "学前三年毛入园率"
    for c in cands:
        assert text[c.start:c.end] == c.source


def test_table_rows_without_a_header_and_prose_cells():
    text = "1\t学前三年毛入园率\t≥98%\t基础教育科\n2\t加强党建\t年内创建党建示范校10所，培育品牌5个\t组织科\n3\t序号说明\t见附件"
    assert accepted(text) == [(98, None, "%", ">="), (10, None, "所", ">="), (5, None, "个", ">=")]


def test_a_row_of_prose_cells_is_no_header_even_when_it_says_完成():
    assert accepted("加强党建\t年内完成示范校创建10所\t组织科") == [(10, None, "所", ">=")]


def test_a_prose_cell_opening_with_its_figure_reads_on_from_the_task():
    text = ("序号\t工作任务\t目标值\t责任科室\t完成时限\n"
            "3\t新建、改扩建公办幼儿园\t6所，新增公办学位1080个\t学前教育科\t2026年12月底\n"
            "4\t招聘中小学教师\t200名以上\t人事科\t8月底前\n"
            "5\t推进集团化办学\t两个，覆盖学校18所\t基础教育科\t全年\n"
            "6\t学生资助\t按时足额发放，资助学生2000人次\t资助中心\t全年")
    cands = [c for c in extract_targets(text, "1", 2026) if c.confidence >= ACCEPT_THRESHOLD]
    assert [(c.value, c.unit, c.comparator) for c in cands] == [
        (6, "所", ">="), (1080, "个", ">="), (200, "名", ">="), (2, "个", ">="), (18, "所", ">="), (2000, "人次", ">=")]
    assert "".join(cands[0].source.split()) == "新建、改扩建公办幼儿园6所"
    for c in cands:
        assert text[c.start:c.end] == c.source
    # a figure in the middle of a prose cell keeps its own clause
    assert accepted("2\t校园安全\t力争全年新建智慧安防校园12所\t安全科") == [(12, None, "所", ">=")]


@pytest.mark.parametrize("text,want", [
    ("4\t校舍安全隐患整治\tC、D级危房清零\t后勤保障科\t2026年6月底前", [(0, None, "个", "<=")]),
    ("17\t校园安全\t重大安全责任事故零发生；校园“三防”建设达标率100%\t安全稳定科\t全年",
     [(0, None, "起", "<="), (100, None, "%", ">=")]),
    ("18\t控辍保学\t义务教育阶段辍学学生动态清零\t基础教育科", [(0, None, "人", "<=")]),
    ("9\t校外培训\t“双减”工作持续深化；无证机构零容忍\t监管科", []),
])
def test_table_cells_with_a_zero_or_two_sentences(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("全年教育支出预算14.6亿元，生均公用经费不低于900元。", [(1460000000, None, "元", ">="), (900, None, "元", ">=")]),
    ("局机关年度部门预算3200万元。", [(32000000, None, "元", ">=")]),
    ("2025年教育支出预算12.1亿元，执行率98%。", []),
    ("严格预算管理，预算执行进度按月通报。", []),
])
def test_a_budget_states_its_level(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    # a problem or the present state, described with 仍有/尚有/依然存在: no target
    ("北部片区部分小学起始年级仍有超过45人的班级。", []),
    ("全县尚有12所学校未建成标准化食堂，年内新建食堂12个。", [(12, None, "个", ">=")]),
    ("部分乡镇依然存在旱厕30个，教师缺编仍有120名。", []),
    # a count of people right before 的 + a school unit sets its size, not a target
    ("消除超过45人的班级，小学班额不超过45人。", [(45, None, "人", "<=")]),
    ("撤并不足100人的乡村小规模学校3所。", [(3, None, "所", ">=")]),
    ("对2000人以上的学校配备专职校医。", []),
    # other counts before 的 stay, and so do 还有 as "also" and figures after the state in their own clause
    ("组建500人的志愿者服务队伍，培训教师3000人。", [(500, None, "人", ">="), (3000, None, "人", ">=")]),
    ("新建学校5所，还将新增学位2000个。", [(5, None, "所", ">="), (2000, None, "个", ">=")]),
    ("城区仍有大班额，年内新建学校3所。", [(3, None, "所", ">=")]),
    ("对仍有辍学风险的学生建档率达到100%。", [(100, None, "%", ">=")]),
    ("选派骨干教师20名到乡村学校，培训100名校长。", [(20, None, "名", ">="), (100, None, "名", ">=")]),
])
def test_problems_and_unit_sizes_are_no_targets(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    # a count of the names just quoted: programmes, no quantity
    ("持续推进“控辍保学、学前学普、质量提升、强师固本”四项重点工作，新建学校3所。", [(3, None, "所", ">=")]),
    ("统筹推进“双减”“五项管理”“课后服务”3项工作，招聘教师50名。", [(50, None, "名", ">=")]),
    ("落实“县管校聘”、“职称评聘”两项改革任务。", []),
    ("深化“学位扩容、质量提升”2项改革。", []),
    # and, unquoted, a Chinese numeral count of 重点工作/主要任务: the plan's own headings
    ("全力抓好学位扩容、质量提升两项重点工作，完成三项主要任务，新建学校3所。", [(3, None, "所", ">=")]),
    # a count of what is built or named, or a number that is not the number of names, stays
    ("建成“智慧教室”200间。", [(200, None, "间", ">=")]),
    ("评选“优秀教师、优秀班主任”120名。", [(120, None, "名", ">=")]),
    ("新建“书香校园、平安校园”示范校12所。", [(12, None, "所", ">=")]),
    ("创建“平安校园、文明校园”3所。", [(3, None, "所", ">=")]),
    ("创建“平安校园、文明校园”2所。", [(2, None, "所", ">=")]),
    ("打造“红色研学、生态研学”精品线路2条，培育“一校一品”项目12个。", [(2, None, "条", ">="), (12, None, "个", ">=")]),
])
def test_counts_of_quoted_programme_names(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("聚焦学位供给、质量提升、队伍建设、安全保障四个方面，新增学位3000个。", [(3000, None, "个", ">=")]),
    ("从3个方面推进改革，覆盖学校20所。", [(20, None, "所", ">=")]),
    ("实施“强基、提质、赋能”三项行动和两个工程，新建学校5所。", [(5, None, "所", ">=")]),
    ("确定重点工作任务25项，清单实行动态管理。", []),
    ("本要点共明确12个方面48项重点任务。", []),
    ("分解细化年度工作任务86项，梳理出任务清单事项60项。", []),
    # delivering tasks, and counts of things that are no headings, stay targets
    ("完成重点改革任务20项，新建学校覆盖全区3个片区。", [(20, None, "项", ">="), (3, None, "个", ">=")]),
    ("开展专项行动3次，新建智慧校园2个。", [(3, None, "次", ">="), (2, None, "个", ">=")]),
    ("明确年内新建学校10所，新增重点实验室3个。", [(10, None, "所", ">="), (3, None, "个", ">=")]),
])
def test_counts_of_the_plans_own_headings_and_tasks(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("落实《体育法》第三十三条关于保障学生在校期间每天参加至少1小时体育锻炼的规定。", []),
    ("严格执行省教育厅关于初中书面作业平均完成时间不超过90分钟的要求，学生体质合格率达到93%以上。",
     [(93, None, "%", ">=")]),
    ("贯彻教育部关于每个20万人口以上的县建好1所特殊教育学校的部署。", []),
    # 关于 that opens a document named before a figure of the plan's own, or no 的规定 after the figure
    ("出台关于推进集团化办学的意见，新组建教育集团6个。", [(6, None, "个", ">=")]),
    ("关于学前教育，全区新建幼儿园4所。", [(4, None, "所", ">=")]),
])
def test_figures_inside_a_cited_provision(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("校园周边200米范围内无网吧、无游戏厅等经营场所。", []),
    ("学校周围100米以内禁止设立烟酒销售网点，校园周边500米内实现视频监控全覆盖。", []),
    ("城区学校1公里范围内的适龄儿童全部就近入学。", []),
    # distances that are the plan's figures
    ("小学服务半径控制在1公里以内，新建塑胶跑道400米。", [(1, None, "公里", "<="), (400, None, "米", ">=")]),
    ("建设健身步道3公里，新建室外游泳池2座。", [(3, None, "公里", ">="), (2, None, "座", ">=")]),
])
def test_distances_that_draw_a_zone(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text", ["近年来，全县累计新建学校30所。", "五年来新增学位2.1万个。", "多年来坚持每年培训教师3000人次。"])
def test_years_since_open_a_look_back(text):
    assert accepted(text) == []


def test_sections_about_the_present_state_are_look_backs():
    from kpis.plan_reader.structure import is_past_heading
    assert is_past_heading("基本情况", 2026) and is_past_heading("2025年工作回顾", 2026)
    assert is_past_heading("主要工作成效", 2026) and is_past_heading("2025年重点工作", 2026)
    assert not is_past_heading("2026年目标任务", 2026) and not is_past_heading("回顾与2026年主要目标", 2026)
    assert not is_past_heading("扩大优质资源供给", 2026) and not is_past_heading("2026年重点工作", 2026)


# --- zero targets: 清零, 零发生, 为零, 零事故, in the unit of the noun they count --------------------

@pytest.mark.parametrize("text,want", [
    ("确保校园消防安全事故零发生。", [(0, None, "起", "<=")]),
    ("全年校车交通责任事故为零。", [(0, None, "起", "<=")]),
    ("努力实现校园欺凌事件零發生。", [(0, None, "起", "<=")]),
    ("创建平安校园，实现零事故。", [(0, None, "起", "<=")]),
    ("无证托育机构动态清零，义务教育阶段失学儿童保持清零。", [(0, None, "家", "<="), (0, None, "人", "<=")]),
    ("存量C级危房校舍清零。", [(0, None, "个", "<=")]),
    ("未达标幼儿园年内清零。", [(0, None, "所", "<=")]),
    ("学生食物中毒发生率为零。", [(0, None, "%", "<=")]),
])
def test_zero_targets_take_the_unit_of_what_they_count(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text", [
    "对师德失范行为零容忍，家校沟通零距离。",
    "推行幼小衔接零起点教学，化整为零推进改革。",
    "全市学生体育赛事实现金牌零的突破。",
    "2025年全区校园安全责任事故零发生。",
    "过去一年已实现食品安全事故为零。",
])
def test_zero_words_that_set_no_target(text):
    assert accepted(text) == []


# --- ratios written N:1, and lists of unitless levels ------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("普通高中生师比控制在12.5:1以内。", [(12.5, None, "比", "<=")]),
    ("公办幼儿园师幼比不高于15：1，保教人员配备率达到100%。", [(15, None, "比", "<="), (100, None, "%", ">=")]),
    ("小学、初中、高中生师比分别控制在18:1、13:1和12.5:1以内。",
     [(18, None, "比", "<="), (13, None, "比", "<="), (12.5, None, "比", "<=")]),
    ("特教学校生师比3:1。", []),  # no verb commits to it: shown, not pre-accepted
    ("县级财政按1:1比例配套专项资金，本次会议于9:30开始。", []),
])
def test_ratios_n_to_1_are_levels_in_the_unit_比(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text,want", [
    ("小学、初中校际综合差异系数分别控制在0.40、0.35以内。", [(0.4, None, "系数", "<="), (0.35, None, "系数", "<=")]),
    ("三个片区差异系数分别不高于0.5、0.45、0.4。",
     [(0.5, None, "系数", "<="), (0.45, None, "系数", "<="), (0.4, None, "系数", "<=")]),
    ("均衡指数分别达到0.9和0.95。", [(0.9, None, "", ">="), (0.95, None, "", ">=")]),
    ("差异系数控制在0.45以内、编号12的项目另行安排。", [(0.45, None, "系数", "<=")]),
])
def test_lists_of_unitless_levels_share_their_verb(text, want):
    assert accepted(text) == want


def test_a_table_ratio_is_a_level_in_比():
    text = "指标\t2025年\t2026年目标\n义务教育生师比\t17.2:1\t≤17:1"
    assert accepted(text) == [(17, None, "比", "<=")]


# --- ranges (3至5个, 2～4所, 5到8个, 10-15人) are targets even without a verb ----------------------

@pytest.mark.parametrize("text,want", [
    ("县职教中心与本地企业合作实训基地3至5个。", [(3, 5, "个", ">=")]),
    ("每个学区牵头学校2～4所。", [(2, 4, "所", ">=")]),
    ("各乡镇中心校名师团队5到8个。", [(5, 8, "个", ">=")]),
    ("新增省级优质课程4~6门，校企共建产业学院1-2个。", [(4, 6, "门", ">="), (1, 2, "个", ">=")]),
])
def test_ranges_are_plan_figures(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text", [
    "2025年全县新建学校3-4所。",
    "托班招收2至3岁幼儿，实施2024—2026年三年行动。",
    "项目审批时限压缩在3-6个月内。",
])
def test_ranges_that_are_no_targets(text):
    assert accepted(text) == []


# --- a Chinese numeral count before a noun that holds numerals of its own -----------------------

@pytest.mark.parametrize("text,want", [
    ("秋季前建成两所九年一贯制学校。", [(2, None, "所", ">=")]),
    ("新建三所十二年一贯制学校，创成两所一级幼儿园。", [(3, None, "所", ">="), (2, None, "所", ">=")]),
    ("培育四所三星级普通高中。", [(4, None, "所", ">=")]),
    ("落实“三个一”要求，建设四个一流学科，推行一校一品。", []),
    ("实施三个一工程。", []),
])
def test_chinese_numeral_counts_before_nouns_with_numerals(text, want):
    assert accepted(text) == want


# --- counting words: 户, 起, 位, 份, 千瓦…; 年 only for a number of years ----------------------------

@pytest.mark.parametrize("text,want", [
    ("每名班主任每学期家访不少于8户。", [(8, None, "户", ">=")]),
    ("全年较大以上校园安全事故控制在1起以内。", [(1, None, "起", "<=")]),
    ("引进博士研究生10位，发放调查问卷2000份。", [(10, None, "位", ">="), (2000, None, "份", ">=")]),
    ("打造精品课100堂，开展督导检查2轮。", [(100, None, "堂", ">="), (2, None, "轮", ">=")]),
    ("校园光伏装机容量新增300千瓦。", [(300, None, "千瓦", ">=")]),
    ("新增劳动力平均受教育年限达到14.2年以上。", [(14.2, None, "年", ">=")]),
    ("主要劳动年龄人口平均受教育年限提高到11年。", [(11, None, "年", ">=")]),
    ("学前教育免费年限延长至3年。", [(3, None, "年", ">=")]),
])
def test_counting_words_and_years_as_a_unit(text, want):
    assert accepted(text) == want


@pytest.mark.parametrize("text", [
    "连续3年开展专项督导，用2年时间完成改造。",
    "自2026年起实施，试点期满1.5年后评估。",
    "全市中小学生达到12万人次以上的活动另行安排，3年内不再调整。",
])
def test_years_after_a_number_are_mostly_no_unit(text):
    assert [w for w in accepted(text) if w[2] == "年"] == []


@pytest.mark.parametrize("text", [
    "确保教育投入保持2位数增长。",
    "本办法自2026年3月1起施行。",
    "对教龄满30年的乡村教师颁发荣誉证书。",
])
def test_counting_words_that_count_nothing(text):
    assert accepted(text) == []


# --- a table's direction: lower-is-better indicators and targets below the baseline --------------

def test_table_targets_take_the_direction_of_the_indicator():
    text = ("指标\t基期值\t目标值\n义务教育学校大班额（个）\t4\t0\n普通高中学生流失率（%）\t1.2\t1.0\n"
            "薄弱校舍面积（平方米）\t5000\t3000\n新增学位（个）\t3600\t2400\n学生体质健康优良率（%）\t55\t58\n"
            "家长满意度（%）\t95\t95")
    assert accepted(text) == [(0, None, "个", "<="), (1, None, "%", "<="), (3000, None, "平方米", "<="),
                              (2400, None, "个", ">="), (58, None, "%", ">="), (95, None, "%", ">=")]


def test_table_rows_without_a_baseline_use_the_noun():
    text = "序号\t指标\t2026年目标\n1\t校园安全责任事故（起）\t0\n2\t小学生师比\t17:1\n3\t教师培训（人次）\t1500"
    assert accepted(text) == [(0, None, "起", "<="), (17, None, "比", "<="), (1500, None, "人次", ">=")]


# --- change nouns: 降幅/降低幅度 are decrease_by, 增幅/增长幅度 increase_by --------------------------

@pytest.mark.parametrize("text,want", [
    ("中小学生近视率年度降幅不低于0.5个百分点。", [(0.5, None, "百分点", "decrease_by")]),
    ("学生肥胖率下降幅度≥1个百分点。", [(1, None, "百分点", "decrease_by")]),
    ("财政教育经费增幅不低于6%。", [(6, None, "%", "increase_by")]),
    ("优质学位增长幅度达到10%以上。", [(10, None, "%", "increase_by")]),
    ("近视率降幅1个百分点，肥胖率增幅控制在0.5个百分点以内。",
     [(1, None, "百分点", "decrease_by"), (0.5, None, "百分点", "increase_by")]),
    ("招生规模降幅控制在3%以内。", [(3, None, "%", "<=")]),
])
def test_change_nouns_set_the_direction(text, want):
    assert accepted(text) == want


def test_a_table_change_noun_beats_its_symbol():
    text = ("指标\t2025年\t2026年目标\n中小学生近视率年度降幅\t\t≥1个百分点\n教育经费增幅（%）\t4\t≥5\n"
            "肥胖率降低幅度（百分点）\t\t≥0.5")
    assert accepted(text) == [(1, None, "百分点", "decrease_by"), (5, None, "%", "increase_by"),
                              (0.5, None, "百分点", "decrease_by")]


@pytest.mark.parametrize("text,want", [
    ("优质均衡达标指标数较上年增加五个。", [(5, None, "个", "increase_by")]),
    ("城区学校大班额数量比上年减少10个，在校生规模较2025年增加1200人。",
     [(10, None, "个", "decrease_by"), (1200, None, "人", "increase_by")]),
    ("省级示范校与上年相比增加3所以上。", [(3, None, "所", "increase_by")]),
    # without a baseline right before it, an added count is a floor
    ("增加公办学位1000个，新增幼儿园3所。", [(1000, None, "个", ">="), (3, None, "所", ">=")]),
    ("较上年增加投入，新建学校3所。", [(3, None, "所", ">=")]),
    ("较上年新增学位2000个。", [(2000, None, "个", ">=")]),
])
def test_a_count_changed_against_last_year(text, want):
    assert accepted(text) == want


# --- 左右 is about: == (the labelled sets mark such figures optional) -----------------------------

@pytest.mark.parametrize("text,want", [
    ("全年公开招聘中小学教师200名左右。", [(200, None, "名", "==")]),
    ("力争普通高中本科上线率达到65%左右。", [(65, None, "%", "==")]),
    ("普通高中在校生规模控制在8000人左右。", [(8000, None, "人", "==")]),
    ("教育经费比上年增长6%左右，近视率下降1个百分点左右。",
     [(6, None, "%", "increase_by"), (1, None, "百分点", "decrease_by")]),
    ("新建幼儿园5所以上，招聘教师100名。", [(5, None, "所", ">="), (100, None, "名", ">=")]),
    # 约 before the figure is about too, unless it qualifies a change
    ("资助家庭经济困难幼儿约1200人，全年投入教育经费约3.2亿元。",
     [(1200, None, "人", "=="), (320000000, None, "元", "==")]),
    ("教育经费增长约8%，用水量下降约5%，近视率下降约0.5个百分点。",
     [(8, None, "%", "increase_by"), (5, None, "%", "decrease_by"), (0.5, None, "百分点", "decrease_by")]),
    ("签约共建学校6所，新建幼儿园大约4所。", [(6, None, "所", ">="), (4, None, "所", "==")]),
])
def test_about_is_equal_not_a_floor(text, want):
    assert accepted(text) == want


def test_about_says_why_it_is_equal():
    [c] = extract_targets("全年招聘教师120名左右。", "1", 2026)
    assert c.comparator == "==" and any("左右" in r for r in c.reasons)
    [c] = extract_targets("全年招聘教师约120名。", "1", 2026)
    assert c.comparator == "==" and any("“约”" in r for r in c.reasons)


# --- ranks are not targets: shown with a low confidence, never pre-accepted ---------------------

@pytest.mark.parametrize("text", [
    "力争全市教育现代化监测排名进入全省前8名。",
    "高考综合评价位居全市前3位，中考成绩全省排名前10%。",
    "青少年体育竞赛成绩稳居全市前5。",
    "确保教育满意度保持全区前列，争创全省第2名。",
    "推动优势学科进入ESI全球前1%，工程学跻身全球前1‰。",
    "力争学校综合排名跻身QS世界前500名。",
])
def test_ranks_are_not_targets(text):
    assert accepted(text) == []
    for c in extract_targets(text, "1", 2026):
        assert c.confidence < ACCEPT_THRESHOLD


@pytest.mark.parametrize("text,want", [
    ("9月底前100名新教师完成入职培训，年底前培训骨干教师50名。", [(50, None, "名", ">=")]),
    ("遴选前期试点学校10所。", [(10, None, "所", ">=")]),
])
def test_counts_after_a_deadline_are_no_ranks(text, want):
    assert accepted(text) == want
    assert not any("名次" in r for c in extract_targets(text, "1", 2026) for r in c.reasons)


def test_a_ratio_written_1_to_n_is_shown_for_the_reviewer_to_confirm():
    cands = extract_targets("公办幼儿园师幼比不低于1：7，小学师生比达到1:19。", "1", 2026)
    assert [(c.value, c.unit, c.comparator) for c in cands] == [(7, "比", "<="), (19, "比", "<=")]
    assert all(c.confidence < ACCEPT_THRESHOLD and any("请确认" in r for r in c.reasons) for c in cands)
    assert accepted("县财政按1:1:1比例配套资金，会议9:30开始。") == []


# --- verbs of renewal and running (更新, 更换, 添置, 维修, 修缮, 办好) commit to their count --------------

@pytest.mark.parametrize("text,want", [
    ("为全县中小学更新课桌椅2.3万套。", [(23000, None, "套", ">=")]),
    ("更换学生饮水设备300台，添置图书10万册。", [(300, None, "台", ">="), (100000, None, "册", ">=")]),
    ("维修校舍1.2万平方米，修缮老旧教学楼6栋。", [(12000, None, "平方米", ">="), (6, None, "栋", ">=")]),
    ("规范办好村级教学点48个，办好乡镇公办中心幼儿园12所。", [(48, None, "个", ">="), (12, None, "所", ">=")]),
    # not 建立 or 规范 alone: 建立三项制度, 规范两项程序 name rules, they do not count them
    ("建立三项制度，规范两项程序。", []),
    # the verb must stand before the figure
    ("全县中小学课桌椅1.5万套需要更新。", []),
])
def test_renewal_and_running_verbs_commit_to_a_count(text, want):
    assert accepted(text) == want


# --- 研究 is an intention only before the verb it defers; a firm comparator outweighs it ---------------

@pytest.mark.parametrize("text,want", [
    ("局党组全年专题研究教育工作不少于6次。", [(6, None, "次", ">=")]),
    ("校长办公会每学期研究安全工作至少2次。", [(2, None, "次", ">=")]),
    ("研究出台配套政策不少于3项。", [(3, None, "项", ">=")]),
    ("全年组织专题研究教育工作12次。", [(12, None, "次", ">=")]),
    # still soft: 研究 deferring a verb without a firm comparator, and 鼓励/探索 even with one
    ("研究设立教育发展基金500万元。", []),
    ("研究制定配套政策3项。", []),
    ("鼓励学校开设特色课程不少于3门，探索建设未来学校不少于2所。", []),
])
def test_research_is_soft_only_before_a_deferred_verb(text, want):
    assert accepted(text) == want


def test_each_figure_of_a_分别_list_takes_the_lists_verb():
    from kpis.plan_reader import ACCEPT_THRESHOLD, extract
    got = [(c.value, c.unit) for c in extract("初中入学率、巩固率、毕业率分别为100%、99.9%、99.8%。")[1]
           if c.confidence >= ACCEPT_THRESHOLD]
    assert got == [(100, "%"), (99.9, "%"), (99.8, "%")]


def test_新改建_is_a_verb_but_改建而成_describes_a_building():
    from kpis.plan_reader import ACCEPT_THRESHOLD, extract
    assert [(c.value, c.unit) for c in extract("新、改建30个社区体育公园。")[1] if c.confidence >= ACCEPT_THRESHOLD] == [(30, "个")]
    assert [c for c in extract("该园由原厂房改建而成，辐射5个社区。")[1] if c.confidence >= ACCEPT_THRESHOLD] == []


# --- what a school term opened with is a result, unless the sentence looks forward (issue 19, fifth round) ---

def test_a_report_of_what_the_term_opened_with_is_results_until_it_turns():
    from kpis.plan_reader import extract
    text = "今年秋季开学\n全市新建学校3所，改扩建学校12所，增加学位5200个。\n根据全年计划\n全年计划新增学位8000个\n"
    got = [(c.value, c.unit) for c in extract(text)[1] if c.confidence >= ACCEPT_THRESHOLD]
    assert got == [(8000, "个")]
    assert accepted("秋季开学，全区新增学位2000个，建成幼儿园3所。") == []
    # a sentence that names the term as a deadline looks forward
    assert accepted("秋季开学前将建成幼儿园3所，新增学位900个。") == [(3, None, "所", ">="), (900, None, "个", ">=")]
    assert accepted("确保秋季开学投用学校2所。") == [(2, None, "所", ">=")]
