"""Rules of stop 32 (the twenty-third round), each on short texts written for the test (none taken from a labelled
set)."""

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
