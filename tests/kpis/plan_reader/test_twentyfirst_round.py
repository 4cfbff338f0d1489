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
