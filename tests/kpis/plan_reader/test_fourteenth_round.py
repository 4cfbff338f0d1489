"""Rules of issue 19's fourteenth round (precision on news), each on short texts written for the test (none taken from
a labelled set): money in a report is a means, not a target; a sum per head with no floor or raise is a rate of
payment, not a target."""

from tests.kpis.plan_reader.reading import accepted

REPORT = ("本报讯（记者 王明）记者从县教育局获悉，今年全县将新建幼儿园3所，计划投资2000万元。"
          "据介绍，截至目前，已建成2所。")


def test_money_in_a_report_is_a_means():
    assert accepted(REPORT) == [(3, "所", ">=")]


def test_money_in_a_plan_stays_a_target():
    text = "某县2026年教育工作要点\n一、主要目标\n1、新建幼儿园3所，全年安排教育经费1.5亿元。"
    assert accepted(text) == [(3, "所", ">="), (150000000, "元", ">=")]


def test_a_sum_per_head_without_a_floor_is_a_rate_of_payment():
    text = "某县2026年教育工作要点\n一、主要任务\n1、新建幼儿园3所，每辆校车更新补助3万元。"
    assert accepted(text) == [(3, "所", ">=")]


def test_a_sum_per_head_with_a_floor_or_a_raise_is_a_target():
    text = "某县2026年教育工作要点\n一、主要任务\n1、乡村教师生活补助每人每月不低于500元。\n2、生均公用经费提高到每生每年1600元。"
    assert accepted(text) == [(500, "元", ">="), (1600, "元", ">=")]


def test_a_headline_under_a_breadcrumb_is_a_sentence_of_its_own():
    # the headline's 未来 looks forward for its own figure, not for the body's statistics after it
    text = ("首页 > 要闻 > 正文\n某市未来三年新建学校100所\n"
            "本报讯 记者获悉，今年全市共招收新生8万人，比上年增加5000人。据介绍，截至目前，已建成学校20所。\n")
    assert accepted(text) == [(100, "所", ">=")]


def test_a_change_against_a_base_year_after_a_level_set_restates_the_level():
    text = "某县2026年教育工作要点\n一、主要目标\n1、全县公办幼儿园提高到39所，比2020年增加18所。"
    assert accepted(text) == [(39, "所", ">=")]
    # the change stated alone is the target
    assert accepted("某县2026年教育工作要点\n一、主要目标\n1、公办幼儿园比上年增加5所。") == [(5, "所", "increase_by")]
