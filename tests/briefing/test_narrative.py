"""The paragraph written from the numbers: hand-computed figures, units, 百分点, lower-is-better, missing data."""

from briefing.narrative import (area_word, coverage_sentence, direction, kpi_clause, paragraph, q,
                                summary_sentence, value_digits)
from kpis.formatting import pace_figure
from tests.briefing.conftest import kpi, snapshot_of


def test_rate_above_target_in_percentage_points():
    # 52.34 − 50 = 2.34 个百分点 (never "2.34%"); two decimals, as the cards show it
    text = kpi_clause(kpi(value=52.34, target=50))
    assert text == "公办园在园幼儿占比52.34%，高于目标2.34个百分点"


def test_rate_below_target_names_the_owner():
    # 50 − 48.26 = 1.74 个百分点
    text = kpi_clause(kpi(value=48.26, target=50, status="滞后"))
    assert text == "公办园在园幼儿占比48.26%，低于目标1.74个百分点，滞后（责任科室：学前教育科）"
    assert "1.74%" not in text


def test_gap_is_computed_on_the_displayed_figures():
    # 52.349 shows as 52.35%, so the gap reads 2.35, not 2.349
    assert "52.35%，高于目标2.35个百分点" in kpi_clause(kpi(value=52.349, target=50))


def test_lower_is_better_within_the_limit():
    text = kpi_clause(kpi(name="学生近视率", value=48.2, target=50, comparator="<="))
    assert text == "学生近视率48.2%，控制在目标上限50%以内（低1.8个百分点）"


def test_lower_is_better_over_the_limit():
    text = kpi_clause(kpi(name="义务教育辍学学生数", unit="人", value=1, target=0, comparator="<=", status="滞后",
                          owner="基础教育科", kind="bureau_count"))
    assert text == "义务教育辍学学生数1人，超过目标上限0人（超出1人），滞后（责任科室：基础教育科）"


def test_decrease_by_is_phrased_as_a_reduction_in_percentage_points():
    # 近视率 from 53.7% to 52.9%: 下降 0.8 个百分点 of a target 下降 1 个百分点 → 尚差 0.2 个百分点
    k = kpi(name="学生近视率下降", unit="百分点", comparator="decrease_by", target=1, value=0.8, level=52.9,
            status="预警", owner="体卫艺科")
    assert kpi_clause(k) == ("学生近视率较基期下降0.8个百分点（当前52.9%），目标下降1个百分点，尚差0.2个百分点，"
                             "预警（责任科室：体卫艺科）")


def test_decrease_by_that_went_up():
    k = kpi(name="学生近视率下降", unit="百分点", comparator="decrease_by", target=1, value=-0.5, level=54.2,
            status="滞后")
    assert kpi_clause(k).startswith("学生近视率较基期上升0.5个百分点（当前54.2%），目标下降1个百分点，尚差1.5个百分点")


def test_decrease_by_met():
    k = kpi(name="学生近视率下降", unit="百分点", comparator="decrease_by", target=1, value=1.46, level=52.8)
    assert kpi_clause(k) == "学生近视率较基期下降1.46个百分点（当前52.8%），目标下降1个百分点，已完成目标"


def test_cumulative_count_against_the_pace_line():
    # 6590 places by December: by June a linear pace expects 6590 × 6/12 = 3295
    k = kpi(name="新增学位", unit="个", target=6590, value=3000, expected=3295, pace="linear", status="预警",
            owner="发展规划与基建科", kind="bureau_count", data_path="bureau")
    assert kpi_clause(k) == ("新增学位累计3,000个，按进度应达3,295个，落后进度295个（全年目标6,590个），"
                             "预警（责任科室：发展规划与基建科）")


def test_range_target():
    base = dict(name="新组建行业职教联盟数", unit="个", target=2, target_upper=3, kind="bureau_count")
    assert kpi_clause(kpi(value=2, **base)) == "新组建行业职教联盟数2个，处于目标区间2–3个内"
    assert kpi_clause(kpi(value=4, **base)) == "新组建行业职教联盟数4个，超过目标区间上限3个（超出1个）"
    assert kpi_clause(kpi(value=1, status="滞后", **base)).startswith("新组建行业职教联盟数1个，低于目标区间下限2个（差1个）")


def test_not_due_and_milestone():
    k = kpi(name="新投用公办幼儿园", unit="所", target=8, value=5, status="未到期", kind="bureau_count")
    assert kpi_clause(k) == "新投用公办幼儿园5所，低于目标3所，年末考核、尚未到期"
    m = kpi(name="出台学前教育条例", unit="项", target=1, value=0, status="滞后", kind="milestone", owner="办公室")
    assert kpi_clause(m) == "出台学前教育条例尚未完成，滞后（责任科室：办公室）"


def test_missing_and_withheld_are_said_plainly():
    assert kpi_clause(kpi(value=None, status="无数据")) == "公办园在园幼儿占比本月无数据（责任科室：学前教育科）"
    w = kpi_clause(kpi(value=61.0, status="滞后", withheld=True, reported=20, expected_count=45))
    assert w == "公办园在园幼儿占比61%，高于目标11个百分点（仅20/45所已报送，暂不判断）"


def test_paragraph_of_a_month():
    kpis = [
        kpi("K1", value=52.34, target=50),
        kpi("K2", name="普惠性幼儿园覆盖率", value=80.0, target=85, status="滞后"),
        kpi("K3", name="社会人员学历提升", unit="人", value=None, status="无数据", kind="bureau_count",
            data_path="bureau", reported=0, expected_count=1, owner="职业与成人教育科"),
        kpi("K4", name="随迁子女入读公办学校比例", value=70.0, target=100, status="滞后", withheld=True,
            reported=30, expected_count=45),
    ]
    snap = snapshot_of(kpis)
    text = "".join(paragraph(snap))
    assert text == (
        "本期简报共4项指标：达标1项、滞后1项、无数据1项、覆盖不足1项。"
        "截至10月，全市普惠性幼儿园覆盖率80%，低于目标5个百分点，滞后（责任科室：学前教育科）；"
        "公办园在园幼儿占比52.34%，高于目标2.34个百分点。"
        "数据缺失：社会人员学历提升共1项指标本月无数据，未纳入判断。"
        "报送覆盖不足、暂不判断：随迁子女入读公办学校比例（30/45所已报送）。"
        # school: 45 + 45 + 45 = 135 expected, 45 + 45 + 30 = 120 reported → 88.89%
        "数据覆盖：学校填报类指标3项，应报135校次、实报120校次（88.89%）；科室填报类指标1项，已填报0项。"
    )


def test_a_month_without_any_data():
    snap = snapshot_of([kpi("K1", value=None, status="无数据", reported=0),
                        kpi("K2", value=None, status="无数据", reported=0)])
    text = "".join(paragraph(snap))
    assert "截至10月，本月尚无任何指标数据" in text
    assert "应报90校次、实报0校次（0%）" in text


def test_summary_coverage_and_area_words():
    assert summary_sentence(snapshot_of([])) == "本期没有适用的指标。"
    assert coverage_sentence(snapshot_of([kpi(reported=41, expected_count=45)])) == \
        "数据覆盖：学校填报类指标1项，应报45校次、实报41校次（91.11%）。"  # 41/45
    assert area_word("温岭市教育局") == "全市"
    assert area_word("某县教育体育局") == "全县"
    assert area_word("常州市武進區教育局") == "全区"
    assert q(3295, "个") == "3,295个" and q(2.3, "百分点") == "2.3个百分点" and q(0.4521, "") == "0.45"


# --- rounding boundaries: a KPI that missed its target never reads as having met it ---------------

def test_just_below_a_minimum_is_not_reached():
    # 49.96 < 50 is 预警; shown to two decimals the gap is 50 − 49.96 = 0.04 个百分点
    text = kpi_clause(kpi(value=49.96, target=50, status="预警"))
    assert text == "公办园在园幼儿占比49.96%，低于目标0.04个百分点，预警（责任科室：学前教育科）"
    # 49.996 would round to 50.00: a third decimal shows the miss, 50 − 49.996 = 0.004
    text = kpi_clause(kpi(value=49.996, target=50, status="预警"))
    assert text.startswith("公办园在园幼儿占比49.996%，低于目标0.004个百分点，预警")
    # closer than 0.00005 no rounding shows it: words instead of a misleading number
    text = kpi_clause(kpi(value=49.99999, target=50, status="预警"))
    assert text.startswith("公办园在园幼儿占比略低于目标50%，预警")
    for t in (kpi_clause(kpi(value=v, target=50, status="预警")) for v in (49.96, 49.996, 49.99999)):
        assert "恰好" not in t and "达到" not in t


def test_just_above_a_maximum_is_not_within_it():
    # 50.04 > 50 with ≤ 50 is 预警: 超出 50.04 − 50 = 0.04 个百分点, never 以内
    text = kpi_clause(kpi(name="学生近视率", value=50.04, target=50, comparator="<=", status="预警", owner="体卫艺科"))
    assert text == "学生近视率50.04%，超过目标上限50%（超出0.04个百分点），预警（责任科室：体卫艺科）"
    text = kpi_clause(kpi(name="学生近视率", value=50.001, target=50, comparator="<=", status="预警"))
    assert text.startswith("学生近视率50.001%，超过目标上限50%（超出0.001个百分点）") and "以内" not in text


def test_an_exact_target_missed_by_a_little_is_not_equal():
    # == 100 with 99.96 is 预警: 相差 100 − 99.96 = 0.04 个百分点, never 一致
    text = kpi_clause(kpi(name="控辍保学动态清零率", value=99.96, target=100, comparator="==", status="预警"))
    assert text == "控辍保学动态清零率99.96%，与目标100%相差0.04个百分点，预警（责任科室：学前教育科）"
    text = kpi_clause(kpi(name="控辍保学动态清零率", value=100.004, target=100, comparator="==", status="预警"))
    assert text.startswith("控辍保学动态清零率100.004%，与目标100%相差0.004个百分点")
    assert kpi_clause(kpi(name="控辍保学动态清零率", value=100, target=100, comparator="==")) == \
        "控辍保学动态清零率100%，与目标一致"


def test_a_relative_target_missed_by_a_little_is_not_done():
    # 下降 0.9996 of a target 下降 1: 尚差 1 − 0.9996 = 0.0004 个百分点 (four decimals), not 已完成
    k = kpi(name="学生近视率下降", unit="百分点", comparator="decrease_by", target=1, value=0.9996, level=52.9,
            status="预警")
    assert kpi_clause(k).startswith("学生近视率较基期下降0.9996个百分点（当前52.9%），目标下降1个百分点，尚差0.0004个百分点")


def test_value_digits_are_shared_with_the_cards():
    assert value_digits(kpi(value=63.317081, target=75, status="滞后")) == 2  # 63.32% everywhere
    assert value_digits(kpi(value=49.996, target=50, status="预警")) == 3
    assert value_digits(kpi(value=50.004, target=50)) == 2  # met: no extra digits needed


# --- counts under a linear pace read as whole numbers -----------------------------------------

def test_pace_expectation_of_counts_is_whole_and_rounded_up():
    # October: 6590 × 10/12 = 5,491.67 → 5,492个 (a whole count meets the pace from 5,492 on)
    base = dict(name="新增学位", unit="个", target=6590, expected=6590 * 10 / 12, pace="linear",
                kind="bureau_count", data_path="bureau", owner="发展规划与基建科")
    assert kpi_clause(kpi(value=5000, status="滞后", **base)) == (
        "新增学位累计5,000个，按进度应达5,492个，落后进度492个（全年目标6,590个），滞后（责任科室：发展规划与基建科）")
    # 5,491 < 5,491.67 is behind the pace: 1个, not "持平" and not "0.67个"
    assert kpi_clause(kpi(value=5491, status="预警", **base)).startswith(
        "新增学位累计5,491个，按进度应达5,492个，落后进度1个（全年目标6,590个），预警")
    assert kpi_clause(kpi(value=5492, **base)) == "新增学位累计5,492个，按进度应达5,492个，与进度持平（全年目标6,590个）"
    # June of 6591: 3,295.5 → 3,296; 3,400 − 3,296 = 104
    june = dict(base, target=6591, expected=6591 * 6 / 12)
    assert kpi_clause(kpi(value=3400, **june)) == "新增学位累计3,400个，按进度应达3,296个，超出进度104个（全年目标6,591个）"


def test_pace_figure_rounds_counts_only():
    assert pace_figure(5491.666667, "个") == 5492 and pace_figure(3295.5, "所") == 3296
    assert pace_figure(3295.0, "人") == 3295  # already whole: not pushed up
    assert pace_figure(3295.0000001, "人次") == 3295  # float noise of target × month / 12
    assert pace_figure(1.25, "小时") == 1.25


# --- relative targets named with their direction ------------------------------------------------

def test_increase_names_ending_in_their_verb_are_not_doubled():
    up = dict(unit="百分点", comparator="increase_by", target=1, owner="体卫艺科")
    # 提升 in the name is the verb: no "达标率提升较基期下降…"
    assert kpi_clause(kpi(name="体质健康达标率提升", value=-0.5, level=90.1, status="滞后", **up)) == (
        "体质健康达标率较基期下降0.5个百分点（当前90.1%），目标提升1个百分点，尚差1.5个百分点，"
        "滞后（责任科室：体卫艺科）")
    assert kpi_clause(kpi(name="优良率增长", value=1.2, level=60.2, **up)) == \
        "优良率较基期增长1.2个百分点（当前60.2%），目标增长1个百分点，已完成目标"
    assert kpi_clause(kpi(name="优良率", value=1.2, level=60.2, **up)).startswith("优良率较基期提高1.2个百分点")
    # an increase never strips 降低 (it was cut as if it were the verb)
    assert direction("不合格率降低", "increase_by") == ("不合格率降低", "提高")


def test_decrease_names_keep_their_own_verb():
    assert direction("学生近视率下降", "decrease_by") == ("学生近视率", "下降")
    assert direction("学生近视率降低", "decrease_by") == ("学生近视率", "降低")
    assert direction("优良率提升", "decrease_by") == ("优良率提升", "下降")
    k = kpi(name="学生近视率降低", unit="百分点", comparator="decrease_by", target=1, value=0.8, level=52.9, status="预警")
    assert kpi_clause(k).startswith("学生近视率较基期降低0.8个百分点（当前52.9%），目标降低1个百分点，尚差0.2个百分点")


def test_appendix_writes_no_stray_colon_and_targets_carry_thousands_separators():
    # issue 19 §4: "：无可比数据" in the 较上月 column; 6,590 beside a target of 6590.
    from briefing.layout import render_html
    from kpis.catalog.query import format_target_values

    k = kpi("K09", "新增学位", unit="个", target=6590, value=7012, kind="bureau_count", data_path="bureau")
    k["texts"].update(change="较上月：无可比数据", target=format_target_values(">=", 6590, None, "个"))
    html = render_html(snapshot_of([k]))
    assert "<td>无可比数据</td>" in html and "：无可比数据" not in html
    assert "≥ 6,590 个" in html
    assert format_target_values("<=", 0.45, None, "系数") == "≤ 0.45 系数"
    assert format_target_values(">=", 1.5, 2, "万套") == "1.5–2 万套"


def test_the_page_count_note_states_the_real_page_sizes():
    from briefing import export, layout, slides

    assert f"每页列 {layout.ROWS_PER_PAGE} 项" in export.FORMAT_NOTE
    assert f"每页 {slides.TABLE_ROWS_PER_SLIDE} 项" in export.FORMAT_NOTE
