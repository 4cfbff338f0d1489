"""Rules of stop 30 (the twenty-first round): a page that prints its title twice, counts a survey gave, places a work
is done in, and 部分 — each on short texts written for the test (none taken from a labelled set)."""

from kpis.plan_reader import extract
from tests.kpis.plan_reader.reading import accepted


def test_a_title_printed_again_further_down_keeps_the_story_before_it():
    # A print view or the next page of a story repeats the headline: the paragraph between is still read, and the
    # repeated title is no text of its own.
    text = ("某县教育人才招聘 教师需求旺\n\n当地今年计划招聘118名教师。\n\n某县教育人才招聘 教师需求旺\n\n"
            "学校计划招聘10名左右教师。")
    assert accepted(text) == [(118, "名", ">="), (10, "名", "==")]
    lead = extract(text)[0].sections[0].items[0].text
    assert "当地今年计划招聘118名教师" in lead and lead.count("某县教育人才招聘") == 0


def test_what_a_count_or_survey_gave_is_no_target_even_in_the_year_it_names():
    text = "2024年县中振兴计划\n据教育部统计，2024年全国普通高中在校生达2922.28万人。今年全县计划新增高中学位800个。"
    assert accepted(text) == [(800, "个", ">=")]
    # …unless its own clause looks ahead (据调查，…，力争到2027年降至40%)
    ahead = "某县近视防控方案\n据调查，全县学生近视率力争到2027年降至40%以下。"
    assert accepted(ahead) == [(40, "%", "<=")]


def test_the_places_a_work_is_done_in_are_counted_places_not_a_target():
    text = "某市招聘会\n今年招聘会由21所高校在全国20座城市陆续举办，全市计划招聘教师300名。"
    assert (20, "座", ">=") not in accepted(text) and (300, "名", ">=") in accepted(text)


def test_parts_of_a_document_are_no_count_of_bu():
    text = "某市教育强市建设实施意见\n该《意见》分指导思想、建设目标、主要任务、工作措施4部分。到2027年，新建学校10所。"
    assert accepted(text) == [(10, "所", ">=")]


def test_a_clause_after_an_event_dated_to_its_day_inherits_no_verb():
    # …22日在长春举办，吸引…625家单位参会: the fair took place; the count that came is no target of the bureau.
    text = "某市招聘会\n招聘会22日在长春举办，吸引27个省份的625家教育单位参会。全市计划招聘教师300名。"
    assert accepted(text) == [(300, "名", ">=")]
    # a plan's verb without a day still lends itself (举办培训班10期，覆盖教师2000名)
    assert (2000, "名", ">=") in accepted("某县教师培训计划\n今年举办培训班10期，覆盖教师2000名。")


def test_a_figure_typeset_with_a_space_after_each_digit_reads_whole():
    # Some old texts are typed 7 2 ％, 3 5 0 万: the figure is the digits run together, and the reviewer still sees
    # the text as written.
    [c] = [c for c in extract("今年，基本普及九年义务教育的地区要增加到全国人口的7 2 ％。")[1]]
    assert (c.value, c.unit, c.comparator) == (72, "%", ">=") and c.source.endswith("7 2 ％")
    # a table row's single-digit cells are no spaced figure
    assert (567, "所") not in [(c.value, c.unit) for c in extract("某县学校布局\n学校数 5 6 7\n今年新建学校3所。")[1]]


def test_full_width_commas_between_full_width_digits_group_thousands_and_cut_no_source():
    text = "１９５６年工作安排\n１９５６年全国小学校新招生２，３００万人，在校学生达到６，２００万人以上。"
    cands = extract(text)[1]
    assert [(c.value, c.unit) for c in cands] == [(23000000, "人"), (62000000, "人")]
    assert cands[0].source.endswith("小学校新招生２，３００万人")  # not cut at the comma inside the figure
    # an ASCII thousands comma keeps its clause whole too; a full-width comma between ASCII digits still ends one
    [a] = extract("今年新增学位6,590个。")[1]
    assert (a.value, a.source) == (6590, "今年新增学位6,590个")
    assert [c.value for c in extract("某县计划\n入学率达到95，100所学校建成智慧校园。")[1]] == [95, 100]


def test_a_task_named_as_done_does_not_turn_a_report_of_progress_to_the_plan():
    # 目前，…已投入资金…，完成31所学校的新建和改扩建任务，新增学位3.4万个: the 任务 is what was done, so the 学位 are too.
    text = "某市民生工程\n目前，全市已投入资金5.27亿元，完成31所学校的新建和改扩建任务，新增学位3.4万个。今年将新建学校2所。"
    assert accepted(text) == [(2, "所", ">=")]
    # …while a task set for the year still turns it (目前…，今年的任务是新增学位5000个)
    assert (5000, "个", ">=") in accepted("某市民生工程\n目前，全市已新建学校3所，今年的任务是新增学位5000个。")


def test_more_verbs_of_a_plan_commit_to_their_figures():
    text = ("某区2023年为民实事\n在中小学校安装直饮水机240个。投放80台专用校车。开办16所公办及普惠性幼儿园。"
            "中班计划补招60人。全市将有60所义务教育学校实现班班通。")
    assert accepted(text) == [(240, "个", ">="), (80, "台", ">="), (16, "所", ">="), (60, "人", ">="),
                              (60, "所", ">=")]
    assert accepted("2020年统计公报\n“十三五”时期研究生扩招20.74%。") == []  # a 公报's growth


def test_a_headline_ending_on_an_exclamation_is_still_a_headline():
    # 这30所新建幼儿园9月开园! … the body's 今年全县将有30所…: the headline states the target first, the body makes it one
    text = "这30所新建幼儿园9月开园!\n今年全县将有30所新建幼儿园投入使用，新增学位2700个。"
    [head] = [c for c in extract(text)[1] if c.value == 30 and c.source.startswith("这30所")]
    assert head.confidence >= 0.5 and "标题中的数字，正文说明这是计划" in head.reasons


def test_a_count_in_wan_running_into_its_noun_takes_the_nouns_unit():
    [c] = extract("某市十五五教育规划\n未来五年新增10万普高学位。")[1]
    assert (c.value, c.unit, c.comparator) == (100000, "个", ">=") and c.confidence >= 0.5
    assert any("按其后的名词" in r for r in c.reasons)  # the reviewer is told the unit was read from the noun
    assert [(c.value, c.unit) for c in extract("某县计划\n今年为全县1.2万名学生免费体检，覆盖14万小学生。")[1]][-1] == (140000, "人")
    assert [c.value for c in extract("某县\n全市有10万余条道路。")[1] if c.confidence >= 0.5] == []  # no noun it knows


def test_a_verb_passes_down_a_list_of_its_own_unit():
    text = "某市学校建设\n项目建成后，可新增小学学位12690个，初中学位3000个，幼儿学位1890个，高中学位1200个。"
    assert accepted(text) == [(12690, "个", ">="), (3000, "个", ">="), (1890, "个", ">="), (1200, "个", ">=")]
    # …but not down a list of other things (建筑面积 and 投资 are no 学位)
    mixed = "某市学校建设\n新增小学学位1200个，初中学位300个，建筑面积2万平方米，投资1亿元。"
    assert (100000000, "元", ">=") not in accepted(mixed)


def test_a_percentage_then_a_count_is_no_range():
    cands = extract("某县\n今年学生人数减少17.83%至917人。")[1]
    assert [(c.value, c.value_upper, c.unit) for c in cands] == [(17.83, None, "%"), (917, None, "人")]
    assert [(c.value, c.value_upper) for c in extract("某县\n近视率下降10%-20%。")[1]] == [(10, 20)]


def test_graduates_counted_and_a_need_are_the_basis_of_a_plan_not_its_target():
    text = "某省学前教育\n今年我省学前教育专业毕业生为1053人，对新增幼儿教师的需求约为4000人。全省计划新建幼儿园358所。"
    assert accepted(text) == [(358, "所", ">=")]


def test_a_time_that_names_a_service_is_no_figure():
    text = ("某市规划\n构筑城区15分钟、30分钟公共文化服务圈，城乡社区15分钟托育服务圈基本形成。今年建设一批24小时书店。"
            "确保中小学生每天校内体育活动时间不少于1小时。")
    assert accepted(text) == [(1, "小时", ">=")]  # a floor on the school day's sport stays a target


def test_hours_counted_with_a_measure_word_are_hours_and_a_tariff_is_another_fields():
    [c] = extract("某县教师培训\n在职教师每年参加不少于50个学时的培训。")[1]
    assert (c.value, c.unit, c.comparator) == (50, "学时", ">=")
    assert accepted("某县学校联网\n比同行业互联网线路资费优惠20%。") == []


def test_a_result_word_that_opens_a_plan_is_no_result():
    # 计划5年内共招收… counts what is to come; 十二五期间将实现… is a span ahead — unlike 共录取 or 十二五期间新建 alone.
    assert accepted("某省\n湖南计划5年内共招收农村定向生10000人。") == [(10000, "人", ">=")]
    assert accepted("某市\n意见明确了“十二五”期间将实现各区县中心100%达标。") == [(100, "%", ">=")]
    assert accepted("某省\n十二五期间新建学校50所。今年共录取新生500人。") == []


def test_schools_closing_a_list_in_words_then_the_standard_they_reach():
    assert accepted("某区智慧校园创建\n2015年首先使景山中学等三所学校达“智慧校园”标准。") == [(3, "所", ">=")]
    assert accepted("某区\n景山中学等三所学校获评先进。") == []


PROGRESS = ("某市2023年1—3月十件民生实事进展情况\n\n"
            "2023年全市十件民生实事涉及年度投资目标5.79亿元。1—3月，完成投资1.17亿元，占年度投资目标20.2%。\n\n"
            "一、保障好重点群体就业，开展补贴性职业技能培训2万人次。\n\n"
            "年度投资目标15495万元，1—3月完成投资2513万元，占年度投资目标的16.22%。\n\n"
            "推进情况：1.全市统筹开展补贴性职业技能培训5585人次。\n\n"
            "二、加强教育科技工作，新建、改扩建公办幼儿园7所，遴选培育公办义务教育强校计划项目学校50所，"
            "化解义务教育“大班额”452个；选派120名科技特派员赴基层开展服务。\n\n"
            "年度投资目标19291万元，1—3月完成投资5370万元，占年度投资目标的27.84%。\n\n"
            "推进情况：1.六枝特区林场幼儿园进行基础施工。\n")


def test_a_progress_report_against_the_years_investment_reads_its_headings_as_the_targets():
    # 二、 runs on for more than a heading's length, but it continues the sequence 一、 began: it opens a section, and
    # its figures are the year's tasks; what the 推进情况 tell, and the money spent against the year's, are results.
    tree, cands = extract(PROGRESS)
    assert [s.number for s in tree.sections if s.number] == ["一", "二"]
    kept = {(c.value, c.unit) for c in cands if c.confidence >= 0.5}
    assert {(20000, "人次"), (7, "所"), (50, "所"), (452, "个")} <= kept
    assert not kept & {(5585, "人次"), (117000000, "元"), (20.2, "%"), (16.22, "%"), (25130000, "元")}


def test_a_school_year_written_as_a_span_is_no_range():
    # (当局计划在1998-99起的5个年度内兴建73所: the span's 起 is no unit either)
    assert (99, "起", ">=") not in accepted("某地\n当局计划在1998-99起的5个年度内兴建73所小学。")
    assert accepted("某县\n新建学校3-5所，2019-2020年新增学位2000个。") == [(3, "所", ">="), (2000, "个", ">=")]


def test_a_share_of_a_whole_whose_percent_sign_was_lost_is_a_percentage():
    [c] = extract("某县教育局工作计划\n民办学校在校学生数占全县在校学生总数的10以上。")[1]
    assert (c.value, c.unit, c.comparator) == (10, "%", ">=") and c.confidence >= 0.5
    assert any("“占比”的数值按百分数记" in r for r in c.reasons)


def test_a_breadcrumb_that_lost_its_separators_is_furniture_and_a_figure_keeps_its_unit_in_its_source():
    text = ("首页  ?  教育  ?  教育资讯\n\n沈阳今年改造136所幼儿园 其中扩增学位改造40所\n\n"
            "5月20日，市教育局相关负责人透露，今年沈阳将改造136所幼儿园。")
    first = extract(text)[1][0]
    assert first.source == "沈阳今年改造136所"  # not 教育资讯…沈阳今年改造136: the crumbs are the page's, the 所 the figure's


def test_a_share_right_after_the_count_it_divides_is_a_statistic():
    text = "某市学前教育三年提升\n全市规范化幼儿园1494所占比83%；民办标准化学校282所，占比78.33%。公办园在园幼儿占比65%以上。"
    assert accepted(text) == [(65, "%", ">=")]


def test_by_the_years_end_looks_forward_in_a_report():
    text = ("沈阳这个区将建29所学校\n日前，记者从区教育局获悉，据介绍，截至目前已建成学校10所。"
            "到年底，普惠性幼儿园覆盖率达到80%，公办幼儿园在园幼儿数占比达到50%。")
    assert {(80, "%", ">="), (50, "%", ">=")} <= set(accepted(text))


def test_a_headline_set_apart_by_a_blank_line_ends_before_its_story():
    text = "沈阳今年改造136所幼儿园 其中扩增学位改造40所\n\n今年沈阳将改造136所幼儿园。"
    kept = [(c.value, c.unit) for c in extract(text)[1] if c.confidence >= 0.5]
    assert kept == [(136, "所"), (40, "所")]  # the headline's two (40所 no longer read as qualifying the story's 136所)
    # a blank line further down, inside a paragraph a PDF copy wrapped, joins as before
    wrapped = "某县教育局2026年工作要点\n一、扩大资源\n1.新建幼儿园\n\n3所，新增学位900个。"
    assert accepted(wrapped) == [(3, "所", ">="), (900, "个", ">=")]
