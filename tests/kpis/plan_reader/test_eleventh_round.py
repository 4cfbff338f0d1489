"""Rules of issue 19's eleventh round, each on short texts written for the test (none taken from a labelled set): a rate
whose % a copy dropped, …"""

from kpis.plan_reader import extract
from kpis.plan_reader.targets import ACCEPT_THRESHOLD


def accepted(text):
    _tree, cands = extract(text)
    return [(c.value, c.unit, c.comparator) for c in cands if c.confidence >= ACCEPT_THRESHOLD]


def test_a_rate_whose_percent_sign_was_dropped_is_read_as_a_percentage():
    text = ("某县教育局2026年工作思路\n一、主要目标\n1、学前教育:学前三年毛入园率达96以上。\n"
            "2、义务教育:小学入学率、巩固率为100,初中巩固率达99.8,残疾儿童入学率均达97.50。\n")
    assert accepted(text) == [(96, "%", ">="), (100, "%", ">="), (99.8, "%", ">="), (97.5, "%", ">=")]
    _tree, cands = extract(text)
    assert all(any("%" in r for r in c.reasons) for c in cands)  # the reviewer is told the sign was supplied


def test_a_bare_figure_after_a_rate_is_no_percentage_when_it_cannot_be_one_or_is_a_ratio():
    assert accepted("2026年，全县中小学生师比例达到15:1。") == [(15, "比", ">=")]  # a ratio keeps its own reading
    assert accepted("2026年，全县学校数量保持为120所。") == [(120, "所", ">=")]  # a unit of its own wins
    assert all(u != "%" for _v, u, _c in accepted("2026年，覆盖率达150。"))  # 150 cannot be a share
