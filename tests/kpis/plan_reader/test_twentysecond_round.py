"""Rules of stop 31 (the twenty-second round), each on short texts written for the test (none taken from a labelled
set)."""

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
