"""Hand-computed expected values for every kind of KPI (kpis/compute.py, pure functions)."""

import math

import pandas as pd
import pytest

from kpis import compute
from kpis.compute import BEHIND, MET, NO_DATA, NOT_DUE, WARN, Inputs, KpiDef, compute_kpi


def schools(rows):
    """rows: (org_id, school_type, ownership, inclusive[, district_id, closed_on])."""
    out = []
    for r in rows:
        org_id, stype, own, inc = r[:4]
        district = r[4] if len(r) > 4 else 1
        closed = r[5] if len(r) > 5 else None
        out.append(dict(org_id=org_id, code=f"{stype}0000{org_id:04d}", name=f"学校{org_id}", district_id=district,
                        school_type=stype, ownership=own, inclusive=inc, opened_on=None, closed_on=closed))
    return pd.DataFrame(out).set_index("org_id")


def values(rows):
    return pd.DataFrame(rows, columns=compute.VALUE_COLUMNS)


def kd(**kw):
    base = dict(code="T-01", name="测试指标", kind="ratio", unit="%", comparator=">=", target=50.0, plan_year=2025)
    base.update(kw)
    return KpiDef(**base)


KG_SHARE = kd(formula={"numerator": [{"element": "kg", "ownership": "公办"}], "denominator": [{"element": "kg"}],
                       "factor": 100, "school_types": ["11"]})
INCLUSIVE = kd(target=85, formula={"numerator": [{"element": "kg", "ownership": "公办"},
                                                 {"element": "kg", "ownership": "民办", "inclusive": True}],
                                   "denominator": [{"element": "kg"}], "factor": 100, "school_types": ["11"]})

KG_SCHOOLS = schools([(1, "11", "公办", False), (2, "11", "民办", True), (3, "11", "民办", False),
                      (4, "11", "公办", False), (5, "11", "公办", False), (6, "21", "公办", False)])
KG_VALUES = values([
    (1, "kg", "2025-06", 100), (2, "kg", "2025-06", 50), (3, "kg", "2025-06", 50),
    (4, "kg", "2025-06", 0),  # reported zero: counts as reported; school 5 has not reported at all
    (6, "kg", "2025-06", 999),  # a primary school's figure never enters a kindergarten KPI
    (1, "kg", "2025-05", 90), (2, "kg", "2025-05", 60), (3, "kg", "2025-05", 50),
])


def test_ratio_with_ownership_filter_and_coverage():
    r = compute_kpi(KG_SHARE, Inputs(KG_SCHOOLS, KG_VALUES), "2025-06")
    # 公办 100 + 0 over all 200 reported children = 50 %; 4 of the 5 kindergartens reported.
    assert r.value == pytest.approx(50.0)
    assert (r.reported, r.expected_count) == (4, 5)
    assert r.status == MET and not r.withheld  # 4/5 = 80 % is not below the 80 % threshold
    # Last month: 90 / 200 = 45 %, so the change is +5 百分点 (not +11.1 %).
    assert r.previous == pytest.approx(45.0)
    assert r.change == pytest.approx(5.0) and r.change_unit == "百分点"


def test_inclusive_filter_counts_public_and_inclusive_private():
    r = compute_kpi(INCLUSIVE, Inputs(KG_SCHOOLS, KG_VALUES), "2025-06")
    assert r.value == pytest.approx(75.0)  # (100 + 50) / 200
    assert r.status == BEHIND  # 75 < 85 × 0.9 = 76.5


def test_ratio_of_sums_not_mean_of_ratios():
    myopia = kd(code="MY", comparator="<=", target=60, formula={
        "numerator": [{"element": "myopia"}], "denominator": [{"element": "screened"}], "factor": 100})
    s = schools([(1, "21", "公办", False), (2, "31", "公办", False)])
    v = values([(1, "myopia", "2025-06", 10), (1, "screened", "2025-06", 100),
                (2, "myopia", "2025-06", 630), (2, "screened", "2025-06", 900)])
    r = compute_kpi(myopia, Inputs(s, v), "2025-06")
    # (10 + 630) / (100 + 900) = 64 %; the mean of 10 % and 70 % would be 40 % and wrongly 达标.
    assert r.value == pytest.approx(64.0)
    assert r.status == WARN  # lower is better: 64 ≤ 60 × 1.1 = 66


def test_zero_and_missing_are_different():
    total = kd(kind="sum", unit="人", target=10, formula={"terms": [{"element": "x"}]})
    s = schools([(1, "21", "公办", False), (2, "21", "公办", False)])
    zero = compute_kpi(total, Inputs(s, values([(1, "x", "2025-06", 0)])), "2025-06")
    assert zero.value == 0.0 and zero.reported == 1 and zero.status == BEHIND
    missing = compute_kpi(total, Inputs(s, values([])), "2025-06")
    assert missing.value is None and missing.reported == 0 and missing.status == NO_DATA
    # A ratio whose denominator is 0 is not 0 %: there is nothing to divide.
    empty_kg = compute_kpi(KG_SHARE, Inputs(schools([(1, "11", "公办", False)]),
                                            values([(1, "kg", "2025-06", 0)])), "2025-06")
    assert empty_kg.value is None and empty_kg.status == NO_DATA and empty_kg.reported == 1


def test_mean_over_reporting_schools():
    hours = kd(kind="mean", unit="小时", target=2, formula={"element": "h", "school_types": ["21", "31"]})
    s = schools([(1, "21", "公办", False), (2, "31", "公办", False), (3, "21", "公办", False)])
    r = compute_kpi(hours, Inputs(s, values([(1, "h", "2025-06", 1.5), (2, "h", "2025-06", 2.1)])), "2025-06")
    assert r.value == pytest.approx(1.8)  # (1.5 + 2.1) / 2; school 3 is missing, not 0
    assert (r.reported, r.expected_count) == (2, 3)
    assert r.status == WARN  # 1.8 is exactly 2 × (1 − 10 %): the edge of the 预警 band

def test_mean_band_edge_is_warning_not_behind():
    hours = kd(kind="mean", unit="小时", target=2, formula={"element": "h"})
    s = schools([(1, "21", "公办", False)])
    assert compute_kpi(hours, Inputs(s, values([(1, "h", "2025-06", 1.8)])), "2025-06").status == WARN
    assert compute_kpi(hours, Inputs(s, values([(1, "h", "2025-06", 1.79)])), "2025-06").status == BEHIND
    assert compute_kpi(hours, Inputs(s, values([(1, "h", "2025-06", 2.0)])), "2025-06").status == MET


def test_share_of_schools_with_bool_condition():
    smart = kd(kind="share_of_schools", target=95, formula={"element": "smart", "op": "==", "value": True})
    s = schools([(i, "21", "公办", False) for i in range(1, 5)])
    v = values([(1, "smart", "2025-06", 1.0), (2, "smart", "2025-06", 1.0), (3, "smart", "2025-06", 0.0)])
    r = compute_kpi(smart, Inputs(s, v), "2025-06")
    # 2 of the 3 reporting schools; school 4 is missing (coverage 3/4), not counted as failing.
    assert r.value == pytest.approx(200 / 3)
    assert (r.reported, r.expected_count) == (3, 4)
    assert r.withheld  # 75 % coverage < 80 %
    assert r.status == BEHIND and r.shown_status == "覆盖不足"


def test_coverage_threshold_is_configurable():
    total = kd(kind="sum", unit="人", target=1, formula={"terms": [{"element": "x"}]})
    s = schools([(i, "21", "公办", False) for i in range(1, 11)])
    seven = values([(i, "x", "2025-06", 1) for i in range(1, 8)])
    eight = values([(i, "x", "2025-06", 1) for i in range(1, 9)])
    assert compute_kpi(total, Inputs(s, seven), "2025-06").withheld
    assert not compute_kpi(total, Inputs(s, eight), "2025-06").withheld
    assert not compute_kpi(total, Inputs(s, seven), "2025-06", coverage_threshold=0.7).withheld


def test_dispersion_worked_example():
    # 生均教学用房面积 over three schools:
    #   A 1000 m² / 200 students = 5.0, B 3000 / 400 = 7.5, C 800 / 400 = 2.0
    #   N = 1000, x̄ = 4800 / 1000 = 4.8
    #   Σ (nᵢ/N)(xᵢ − x̄)² = 0.2·0.2² + 0.4·2.7² + 0.4·2.8² = 0.008 + 2.916 + 3.136 = 6.06
    #   CV = √6.06 / 4.8 = 0.51286…
    cv = kd(kind="dispersion", unit="", comparator="<=", target=0.5,
            formula={"numerator": "area", "denominator": "students", "school_types": ["21"]})
    s = schools([(1, "21", "公办", False), (2, "21", "公办", False), (3, "21", "公办", False)])
    v = values([(1, "area", "2025-06", 1000), (1, "students", "2025-06", 200),
                (2, "area", "2025-06", 3000), (2, "students", "2025-06", 400),
                (3, "area", "2025-06", 800), (3, "students", "2025-06", 400)])
    r = compute_kpi(cv, Inputs(s, v), "2025-06")
    assert r.value == pytest.approx(math.sqrt(6.06) / 4.8)
    assert r.value == pytest.approx(0.51286, abs=1e-5)
    assert r.status == WARN  # lower is better: 0.513 > 0.50 but ≤ 0.55
    table = compute.per_school(cv, s, v, "2025-06")
    assert list(table["value"]) == [5.0, 7.5, 2.0]


def test_cumulative_count_against_pace_line_at_mid_year():
    places = kd(code="WJ", kind="bureau_count", data_path="bureau", unit="个", target=6590, pace="linear", plan_year=2021)
    bureau = pd.DataFrame([
        ("WJ", "2021-06", 2000.0, 1), ("WJ", "2021-06", 3130.0, 2),  # the newest row of the month counts
        ("WJ", "2021-05", 2609.0, 3),
    ], columns=["code", "period", "value", "id"])
    r = compute_kpi(places, Inputs(compute.empty_schools(), compute.empty_values(), bureau), "2021-06")
    assert r.expected == pytest.approx(3295.0)  # 6590 × 6/12
    assert r.value == 3130.0
    assert r.status == WARN  # 3130 ≥ 3295 × 0.9 = 2965.5
    assert r.change == pytest.approx(521.0)
    assert (r.reported, r.expected_count) == (1, 1)
    behind = pd.DataFrame([("WJ", "2021-06", 2900.0, 1)], columns=["code", "period", "value", "id"])
    assert compute_kpi(places, Inputs(compute.empty_schools(), compute.empty_values(), behind), "2021-06").status == BEHIND
    ahead = pd.DataFrame([("WJ", "2021-06", 3300.0, 1)], columns=["code", "period", "value", "id"])
    assert compute_kpi(places, Inputs(compute.empty_schools(), compute.empty_values(), ahead), "2021-06").status == MET
    nothing = compute_kpi(places, Inputs(compute.empty_schools(), compute.empty_values(), None), "2021-06")
    assert nothing.status == NO_DATA and nothing.value is None and nothing.reported == 0


def test_end_of_year_target_is_not_due_before_december_unless_met():
    kg = kd(code="EY", kind="bureau_count", data_path="bureau", unit="所", target=8, pace="end_of_year")

    def status(period, value):
        b = pd.DataFrame([("EY", period, value)], columns=["code", "period", "value"])
        return compute_kpi(kg, Inputs(compute.empty_schools(), compute.empty_values(), b), period).status

    assert status("2025-06", 3.0) == NOT_DUE
    assert status("2025-06", 8.0) == MET
    assert status("2025-12", 7.5) == WARN
    assert status("2025-12", 3.0) == BEHIND


MILESTONE = kd(code="ZJ", name="完成杨梅桥小学扩建工程", kind="milestone", data_path="bureau", unit="项", target=1,
               pace="end_of_year", plan_year=2022)
# What the 科室 recorded (code, period, value, id): not done in March, done in May; nothing in between.
MILESTONE_ENTRIES = pd.DataFrame([("ZJ", "2022-03", 0.0, 1), ("ZJ", "2022-05", 1.0, 2)],
                                 columns=["code", "period", "value", "id"])


def milestone_at(period, entries=MILESTONE_ENTRIES, d=MILESTONE):
    return compute_kpi(d, Inputs(compute.empty_schools(), compute.empty_values(), entries), period)


def test_milestone_done_is_met_and_stays_done_in_months_without_an_entry():
    assert (milestone_at("2022-02").value, milestone_at("2022-02").status) == (None, NO_DATA)  # nothing reported yet
    april = milestone_at("2022-04")  # no April entry: March's 未完成 still holds, before the deadline
    assert (april.value, april.status, april.reported, april.expected) == (0.0, NOT_DUE, 1, 1.0)
    may = milestone_at("2022-05")
    assert (may.value, may.status, may.previous, may.change) == (1.0, MET, 0.0, 1.0)
    august = milestone_at("2022-08")  # done in May: still done in August, with no entry since
    assert (august.value, august.status, august.change) == (1.0, MET, 0.0)
    assert milestone_at("2023-02").status == MET


def test_milestone_not_done_is_not_due_before_december_and_behind_from_december():
    not_done = pd.DataFrame([("ZJ", "2022-03", 0.0, 1), ("ZJ", "2022-11", 0.0, 2)],
                            columns=["code", "period", "value", "id"])
    assert milestone_at("2022-11", not_done).status == NOT_DUE
    december = milestone_at("2022-12", not_done)  # no December entry: November's 未完成 holds, and it is due
    assert (december.value, december.status) == (0.0, BEHIND)
    assert milestone_at("2023-03", not_done).status == BEHIND
    # A 科室 that corrects 已完成 to 未完成: the newest entry counts from its month on.
    corrected = pd.DataFrame([("ZJ", "2022-04", 1.0, 1), ("ZJ", "2022-06", 0.0, 2), ("ZJ", "2022-06", 0.0, 3)],
                             columns=["code", "period", "value", "id"])
    assert [milestone_at(p, corrected).status for p in ("2022-05", "2022-06", "2022-12")] == [MET, NOT_DUE, BEHIND]
    # Never reported: 无数据, also at the deadline (missing is not 未完成).
    assert milestone_at("2022-12", not_done.iloc[0:0]).status == NO_DATA


def test_milestone_has_no_warning_band_whatever_its_pace():
    level = kd(**{**MILESTONE.__dict__, "pace": "level"})
    assert milestone_at("2022-04", d=level).status == NOT_DUE  # not 滞后 in April: the deadline is December
    assert milestone_at("2022-12", pd.DataFrame([("ZJ", "2022-12", 0.0, 1)], columns=["code", "period", "value", "id"]),
                        d=level).status == BEHIND


def test_a_bureau_count_is_not_carried_into_a_month_without_an_entry():
    count = kd(code="ZJ", kind="bureau_count", data_path="bureau", unit="所", target=3, pace="end_of_year",
               plan_year=2022)
    assert milestone_at("2022-04", d=count).status == NO_DATA  # March's figure is March's


def test_lower_is_better_inverts():
    dropouts = kd(code="DO", kind="bureau_count", data_path="bureau", unit="人", comparator="<=", target=0)
    limit = kd(code="LM", kind="bureau_count", data_path="bureau", unit="人", comparator="<=", target=10)

    def status(d, value):
        b = pd.DataFrame([(d.code, "2025-06", value)], columns=["code", "period", "value"])
        return compute_kpi(d, Inputs(compute.empty_schools(), compute.empty_values(), b), "2025-06").status

    assert status(dropouts, 0.0) == MET
    assert status(dropouts, 1.0) == BEHIND  # a target of 0 has no 预警 band
    assert status(limit, 9.0) == MET
    assert status(limit, 10.5) == WARN
    assert status(limit, 12.0) == BEHIND


def test_decrease_by_percentage_points_against_baseline_from_data():
    myopia = kd(code="MY", unit="百分点", comparator="decrease_by", target=1, baseline_period="2024",
                formula={"numerator": [{"element": "myopia"}], "denominator": [{"element": "screened"}],
                         "factor": 100})
    s = schools([(1, "21", "公办", False), (2, "31", "公办", False)])
    v = values([
        # baseline (December 2024): 500 / 1000 = 50 %
        (1, "myopia", "2024-12", 200), (1, "screened", "2024-12", 500),
        (2, "myopia", "2024-12", 300), (2, "screened", "2024-12", 500),
        # June 2025: 485 / 1000 = 48.5 % → down 1.5 百分点
        (1, "myopia", "2025-06", 190), (1, "screened", "2025-06", 500),
        (2, "myopia", "2025-06", 295), (2, "screened", "2025-06", 500),
        # May 2025: 496 / 1000 = 49.6 % → down 0.4 百分点
        (1, "myopia", "2025-05", 200), (1, "screened", "2025-05", 500),
        (2, "myopia", "2025-05", 296), (2, "screened", "2025-05", 500),
    ])
    r = compute_kpi(myopia, Inputs(s, v), "2025-06")
    assert r.baseline == pytest.approx(50.0) and r.baseline_period == "2024-12"
    assert r.level == pytest.approx(48.5) and r.level_unit == "%"
    assert r.value == pytest.approx(1.5) and r.unit == "百分点"
    assert r.status == MET
    assert r.previous == pytest.approx(0.4) and r.change == pytest.approx(1.1) and r.change_unit == "百分点"
    may = compute_kpi(myopia, Inputs(s, v), "2025-05")
    assert may.status == BEHIND  # 0.4 < 1 × 0.9
    # An explicit baseline value wins over the data.
    fixed = compute_kpi(kd(**{**myopia.__dict__, "baseline_value": 49.0}), Inputs(s, v), "2025-06")
    assert fixed.value == pytest.approx(0.5)
    # No baseline data: the change cannot be judged.
    no_base = compute_kpi(myopia, Inputs(s, v[v["period"] != "2024-12"]), "2025-06")
    assert no_base.value is None and no_base.status == NO_DATA and no_base.level == pytest.approx(48.5)


def test_closed_schools_are_not_expected():
    total = kd(kind="sum", unit="人", target=1, formula={"terms": [{"element": "x"}]})
    s = schools([(1, "21", "公办", False, 1, None), (2, "21", "公办", False, 1, "2025-03")])
    r = compute_kpi(total, Inputs(s, values([(1, "x", "2025-06", 4)])), "2025-06")
    assert (r.reported, r.expected_count) == (1, 1)


def test_status_counts_and_groups():
    r1 = compute_kpi(KG_SHARE, Inputs(KG_SCHOOLS, KG_VALUES), "2025-06")
    r2 = compute_kpi(INCLUSIVE, Inputs(KG_SCHOOLS, KG_VALUES), "2025-06")
    counts = compute.status_counts([r1, r2])
    assert counts[MET] == 1 and counts[BEHIND] == 1 and sum(counts.values()) == 2
    s = KG_SCHOOLS.copy()
    s.loc[[3, 4, 5], "district_id"] = 2
    groups = compute.by_group(KG_SHARE, Inputs(s, KG_VALUES), "2025-06", {1: "甲片区", 2: "乙片区"})
    by_name = {name: res for _, name, res in groups}
    assert by_name["甲片区"].value == pytest.approx(100 / 150 * 100)  # schools 1 and 2
    assert by_name["乙片区"].value == pytest.approx(0.0) and by_name["乙片区"].reported == 2


def test_long_values_turns_period_tables_into_rows_and_drops_the_holes():
    import numpy as np

    wides = {"2025-06": pd.DataFrame({"a": [1.0, np.nan], "b": [0.0, 5.0]}, index=pd.Index([7, 9], name="org_id")),
             "2025-05": pd.DataFrame(index=pd.Index([], name="org_id"))}
    got = compute.long_values(wides).sort_values(["org_id", "element"]).reset_index(drop=True)
    assert list(got.columns) == compute.VALUE_COLUMNS
    assert [tuple(r) for r in got.itertuples(index=False)] == [(7, "a", "2025-06", 1.0), (7, "b", "2025-06", 0.0),
                                                               (9, "b", "2025-06", 5.0)]
    # From the tables, the same KPI figures as from the long rows they came from.
    inp = compute.Inputs.from_wide(pd.DataFrame(index=pd.Index([7, 9], name="org_id")), wides)
    assert inp.wide("2025-06").equals(wides["2025-06"]) and inp.wide("2025-04").empty
