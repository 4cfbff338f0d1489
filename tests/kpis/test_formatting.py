"""Chinese text of figures: units, 百分点, changes, coverage, progress."""

from kpis import formatting
from kpis.compute import KpiResult


def result(**kw):
    base = dict(code="X", name="指标", category="学前", kind="ratio", data_path="school", period="2025-06", unit="%",
                comparator=">=", target=75.0, target_upper=None, pace="level", value=64.99, level=64.99,
                level_unit="%", expected=75.0, status="滞后", withheld=False, reported=41, expected_count=43,
                previous=65.94, change=-0.95, change_unit="百分点")
    base.update(kw)
    return KpiResult(**base)


def test_values_targets_and_changes_read_in_chinese():
    r = result()
    assert formatting.value_text(r) == "64.99%"
    assert formatting.target_text(r) == "≥ 75%"
    assert formatting.change_text(r) == "较上月 −0.95 个百分点"
    assert formatting.coverage_text(r) == "41/43 所已报送"
    assert formatting.value_text(result(value=None)) == "无数据"
    assert formatting.change_text(result(change=0.0)) == "较上月持平"
    assert formatting.change_text(result(change=None)) == "较上月：无可比数据"


def test_relative_and_cumulative_kpis():
    down = result(unit="百分点", comparator="decrease_by", target=1.0, value=1.31, level=52.91, baseline=54.22,
                  baseline_period="2024-12")
    assert formatting.value_text(down) == "下降 1.31 个百分点"
    assert formatting.level_text(down) == "当前 52.91%（基期 2024年12月 54.22%）"
    assert formatting.value_text(result(unit="百分点", comparator="decrease_by", value=-0.5)) == "上升 0.5 个百分点"
    places = result(kind="bureau_count", data_path="bureau", unit="个", target=6590.0, pace="linear", value=3130.0,
                    expected=3295.0, reported=1, expected_count=1)
    assert formatting.value_text(places) == "3,130 个"
    assert formatting.expected_text(places) == "按进度应达 3,295 个"
    assert formatting.coverage_text(places) == "科室已填报"
    assert abs(formatting.progress(places) - 3130 / 3295) < 1e-9
    # October: 6590 × 10/12 = 5,491.67 places; a count is stated whole and rounded up, as the briefing does
    october = result(kind="bureau_count", data_path="bureau", unit="个", target=6590.0, pace="linear", value=5000.0,
                     expected=6590 * 10 / 12, reported=1, expected_count=1)
    assert formatting.expected_text(october) == "按进度应达 5,492 个"
    hours = result(unit="小时", target=2.5, pace="linear", value=1.0, expected=2.5 * 7 / 12)
    assert formatting.expected_text(hours) == "按进度应达 1.46 小时"  # not a count: 1.458… to two decimals


def test_progress_of_lower_is_better():
    assert formatting.progress(result(comparator="<=", target=10.0, expected=10.0, value=8.0)) == 1.0
    assert formatting.progress(result(comparator="<=", target=10.0, expected=10.0, value=20.0)) == 0.5
    assert formatting.progress(result(value=None)) is None


def test_a_milestone_reads_done_or_not_done_never_one_or_zero():
    done = result(kind="milestone", data_path="bureau", unit="项", target=1.0, pace="end_of_year", value=1.0, level=1.0,
                  expected=1.0, status="达标", reported=1, expected_count=1, previous=0.0, change=1.0, change_unit="项")
    assert formatting.value_text(done) == "已完成"
    assert formatting.target_text(done) == "年内完成"
    assert formatting.expected_text(done) is None
    assert formatting.change_short(done) == "本月完成" and formatting.change_text(done) == "本月完成"
    assert formatting.coverage_text(done) == "科室已填报"
    assert formatting.progress(done) == 1.0
    not_done = result(**{**done.__dict__, "value": 0.0, "status": "未到期", "previous": 0.0, "change": 0.0})
    assert formatting.value_text(not_done) == "未完成" and formatting.change_text(not_done) == "较上月无变化"
    assert formatting.progress(not_done) == 0.0
    undone = result(**{**done.__dict__, "value": 0.0, "previous": 1.0, "change": -1.0})
    assert formatting.change_short(undone) == "本月改为未完成"
    never = result(**{**done.__dict__, "value": None, "reported": 0, "change": None})
    assert formatting.value_text(never) == "无数据" and formatting.coverage_text(never) == "科室尚未填报"
    assert formatting.figure_text(1.0, "项", "milestone") == "已完成" and formatting.figure_text(3.0, "所") == "3 所"
