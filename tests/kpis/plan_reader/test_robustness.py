"""Whatever text an admin pastes, reading it never crashes and every source points into its item."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpis.plan_reader import read_plan
from kpis.plan_reader.targets import extract_targets

PIECES = ["一、", "（一）", "1.", "2、", "一是", "新增", "学位", "3000", "个", "。", "，", "、", "达到", "95", "%",
          "以上", "下降", "1", "个百分点", "“", "”", "《", "》", "十四五", "1+3+N", "第三届", "〔2023〕2号", "已达",
          "两", "所", "2.5万", "平方米", "-", "~", "\n", " ", "清零", "工作要点", "教育局", "2026年", "相关推荐"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60))
def test_reading_never_crashes(parts):
    text = "".join(parts)
    doc = read_plan(text)
    items = {it["number"]: it["text"] for s in doc["sections"] for it in s["items"]}
    for k in doc["kpis"]:
        assert k["item"] in items
        assert items[k["item"]][k["start"]:k["end"]].strip() == k["source"]
        assert 0 <= k["confidence"] <= 1
        assert k["value_upper"] is None or k["value_upper"] >= k["value"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_candidates(text):
    for c in extract_targets(text, "1", 2026):
        assert text[c.start:c.end].strip() == c.source


def test_normalising_folds_traditional_one_character_at_a_time_and_leaves_simplified_alone():
    from kpis.plan_reader.numbers import is_traditional, normalise

    text = "年內計劃新增學位６５９０個，佔比達到52%"
    assert normalise(text) == "年内计划新增学位6590个,占比达到52%"
    assert len(normalise(text)) == len(text)
    assert is_traditional(text)
    # Simplified characters that the old hanziconv map sent to rare variants (溜→熘, 呼→唿, 脊→嵴).
    plain = "呼吁滑溜的脊梁"
    assert normalise(plain) == plain and not is_traditional(plain)


SHAPES = {
    "one sentence": ("今年新建学校5所。", [(5, "所")]),
    "一、 one line each": ("一、新建学校5所。\n二、新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "一、 without stops": ("一、新建学校5所\n二、学前教育毛入园率达到95%以上", [(5, "所"), (95, "%")]),
    "（一） one line each": ("（一）新建学校5所\n（二）学前教育毛入园率达到95%", [(5, "所"), (95, "%")]),
    "1、": ("1、新建学校5所。\n2、新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "（1）": ("（1）新建学校5所。\n（2）新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "1)": ("1) 新建学校5所\n2) 新建幼儿园2所", [(5, "所"), (2, "所")]),
    "①": ("①新建学校5所；②新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "第一条": ("第一条 新建学校5所。\n第二条 新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "bullets": ("● 新建学校5所\n● 新建幼儿园2所", [(5, "所"), (2, "所")]),
    "一是": ("今年要做好以下工作：一是新建学校5所；二是新建幼儿园2所。", [(5, "所"), (2, "所")]),
    "heading over items": ("一、学校建设\n1.新建学校5所\n2.新建幼儿园2所", [(5, "所"), (2, "所")]),
    "markdown table": ("| 指标 | 目标值 |\n| --- | --- |\n| 新建学校 | 5所 |\n| 学前教育毛入园率 | 95% |", [(5, "所"), (95, "%")]),
    "tab table": ("指标\t2025年目标\n新建学校（所）\t5\n学前教育毛入园率（%）\t95", [(5, "所"), (95, "%")]),
    "title and one paragraph": ("某县教育局2025年工作要点\n今年，全县新建学校5所，新增学位2000个，学前教育毛入园率达到95%以上。",
                                [(5, "所"), (2000, "个"), (95, "%")]),
    "full-width digits": ("新建学校５所，学前教育毛入园率达到９５％。", [(5, "所"), (95, "%")]),
    "Chinese numerals": ("新建学校五所，新建幼儿园两所。", [(5, "所"), (2, "所")]),
    "the ratio sign and the small percent sign": ("生师比控制在13.5∶1以内，毛入园率达到95﹪。", [(13.5, "比"), (95, "%")]),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_common_shape_of_a_short_plan_reads_its_targets(shape):
    """A clerk pastes a plan in whatever shape the bureau wrote it; each shape reads the same targets."""
    from kpis.plan_reader import read_plan

    text, expected = SHAPES[shape]
    assert [(k["target"], k["unit"]) for k in read_plan(text)["kpis"] if k["accepted"]] == expected
