"""The paragraph written from the numbers: hand-computed figures, units, 百分点, lower-is-better, missing data."""

from briefing.narrative import area_word, coverage_sentence, kpi_clause, paragraph, q, summary_sentence
from tests.briefing.conftest import kpi, snapshot_of


def test_rate_above_target_in_percentage_points():
    # 52.34% → 52.3%; 52.3 − 50 = 2.3 个百分点 (never "2.3%")
    text = kpi_clause(kpi(value=52.34, target=50))
    assert text == "公办园在园幼儿占比52.3%，高于目标2.3个百分点"


def test_rate_below_target_names_the_owner():
    # 48.26 → 48.3%; 50 − 48.3 = 1.7 个百分点
    text = kpi_clause(kpi(value=48.26, target=50, status="滞后"))
    assert text == "公办园在园幼儿占比48.3%，低于目标1.7个百分点，滞后（责任科室：学前教育科）"
    assert "1.7%" not in text


def test_gap_is_computed_on_the_displayed_figures():
    # 52.349 shows as 52.3%, so the gap reads 2.3, not 2.35 or 2.4
    assert "高于目标2.3个百分点" in kpi_clause(kpi(value=52.349, target=50))


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
        "公办园在园幼儿占比52.3%，高于目标2.3个百分点。"
        "数据缺失：社会人员学历提升共1项指标本月无数据，未纳入判断。"
        "报送覆盖不足、暂不判断：随迁子女入读公办学校比例（30/45所已报送）。"
        # school: 45 + 45 + 45 = 135 expected, 45 + 45 + 30 = 120 reported → 88.9%
        "数据覆盖：学校填报类指标3项，应报135校次、实报120校次（88.9%）；科室填报类指标1项，已填报0项。"
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
        "数据覆盖：学校填报类指标1项，应报45校次、实报41校次（91.1%）。"
    assert area_word("温岭市教育局") == "全市"
    assert area_word("某县教育体育局") == "全县"
    assert area_word("常州市武進區教育局") == "全区"
    assert q(3295, "个") == "3,295个" and q(2.3, "百分点") == "2.3个百分点" and q(0.4521, "") == "0.452"
