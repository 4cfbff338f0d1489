"""不适用: a KPI whose formula cannot apply to one school (type or ownership outside its terms)."""

import pytest

from kpis import applicability, compute
from kpis.compute import BEHIND, MET, Inputs, compute_all
from tests.kpis.test_compute import INCLUSIVE, KG_SCHOOLS, KG_SHARE, KG_VALUES, kd

MEAN_PE = kd(code="T-09", name="体育活动时长", kind="mean", unit="分钟", target=60,
             formula={"element": "pe", "school_types": ["21", "31"]})


def one(org_id):
    """The inputs of one school's scope, as figures.load_schools gives them."""
    return Inputs(KG_SCHOOLS.loc[[org_id]], KG_VALUES[KG_VALUES["org_id"] == org_id])


def facts(org_id):
    return {"school_type": KG_SCHOOLS.loc[org_id, "school_type"], "ownership": KG_SCHOOLS.loc[org_id, "ownership"],
            "inclusive": bool(KG_SCHOOLS.loc[org_id, "inclusive"])}


def test_a_private_kindergarten_reads_not_applicable_not_zero_percent_behind():
    defs = [KG_SHARE]
    raw = compute_all(defs, one(3), "2025-06")[0]
    # What the school saw before: 0 of its own 50 children are in 公办 kindergartens = 0 %, 滞后.
    assert raw.value == pytest.approx(0.0) and raw.status == BEHIND
    [r] = applicability.at_school([raw], defs, facts(3))
    assert r.shown_status == "不适用" and not r.applies and r.value is None
    assert r.na_reason == "本指标分子只计公办学校，本校为民办幼儿园。"
    assert compute.status_counts([r]) == {s: 0 for s in (*compute.STATUSES, compute.WITHHELD_LABEL)}
    from kpis import formatting

    assert formatting.value_text(r) == "不适用" and formatting.coverage_text(r) == "不适用于本校"
    assert formatting.change_text(r) == "较上月 —"


def test_a_public_kindergarten_keeps_its_figure():
    defs = [KG_SHARE]
    [r] = applicability.at_school(compute_all(defs, one(1), "2025-06"), defs, facts(1))
    assert r.applies and r.value == pytest.approx(100.0) and r.status == MET
    assert compute.status_counts([r])[MET] == 1


def test_inclusive_private_applies_and_other_private_does_not():
    assert applicability.not_applicable_reason(INCLUSIVE, facts(2)) is None  # 普惠性民办: in the numerator
    assert applicability.not_applicable_reason(INCLUSIVE, facts(3)) == "本指标分子只计公办、普惠性民办学校，本校为民办幼儿园。"
    assert applicability.not_applicable_reason(INCLUSIVE, facts(1)) is None


def test_a_school_of_another_type_is_told_which_types_count():
    assert applicability.not_applicable_reason(KG_SHARE, facts(6)) == "本指标只统计幼儿园，本校为公办小学。"
    assert applicability.not_applicable_reason(MEAN_PE, facts(1)) == "本指标只统计小学、初中，本校为公办幼儿园。"
    assert applicability.not_applicable_reason(MEAN_PE, facts(6)) is None


def test_bureau_kpis_are_not_judged_for_applicability():
    count = kd(code="T-20", kind="bureau_count", data_path="bureau", unit="所", formula=None)
    assert applicability.not_applicable_reason(count, facts(3)) is None


def test_a_district_keeps_its_real_figure():
    # Over kindergartens 2 and 3 (both 民办) the district figure is a real 0 %, not 不适用: the
    # terms sum over every kind of school there, and at_school is only applied to one school.
    inp = Inputs(KG_SCHOOLS.loc[[2, 3]], KG_VALUES[KG_VALUES["org_id"].isin([2, 3])])
    r = compute_all([KG_SHARE], inp, "2025-06")[0]
    assert r.value == pytest.approx(0.0) and r.applies
