"""Snapshots on the demo database: numbered, audited, scoped, consistent with the dashboards'
figures, and rendered again identically after the live data has changed."""

import pytest
from sqlalchemy import func, select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from briefing import layout, snapshot
from db.models import AuditLog, Briefing, BureauUpdate, Kpi, OrgUnit, Plan
from db.session import read_session, write_session
from kpis import figures

PLAN, PERIOD = "2025-taizhou", "2025-06"


def _count(model) -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_snapshot_matches_the_dashboard_figures(demo_db):
    with read_session() as s:
        snap = snapshot.build_snapshot(s, SYSTEM, PLAN, PERIOD)
        _, now = figures.plan_status(s, SYSTEM, PLAN, PERIOD)
        _, before = figures.plan_status(s, SYSTEM, PLAN, "2025-05")
    assert [k["code"] for k in snap["kpis"]] == [r.code for r in now]
    assert len(snap["kpis"]) == 26  # 2025-taizhou's KPIs, all at bureau scope
    for k, r, p in zip(snap["kpis"], now, before):
        assert k["value"] == (None if r.value is None else pytest.approx(r.value, abs=1e-6))
        assert k["shown_status"] == r.shown_status and k["prev_shown_status"] == p.shown_status
        assert [t["period"] for t in k["trend"]] == [f"2025-{m:02d}" for m in range(1, 7)]
        last = k["trend"][-1]["value"]
        assert last == (None if r.value is None else pytest.approx(r.value, abs=1e-6))
    assert sum(snap["counts"].values()) == 26
    changed = {r.code for r, p in zip(now, before) if r.shown_status != p.shown_status}
    assert {k["code"] for k in snapshot.changed_kpis(snap)} == changed
    assert snap["plan"]["bureau"] == "温岭市教育局" and snap["period_label"] == "2025年6月"
    assert snap["narrative"][0].startswith("本期简报共26项指标：")


def test_milestones_in_the_briefing_read_done_or_not_done(demo_db):
    from briefing.narrative import kpi_clause

    with read_session() as s:
        snap = snapshot.build_snapshot(s, SYSTEM, PLAN, "2025-12")
    ms = [k for k in snap["kpis"] if k["kind"] == "milestone"]
    assert [k["code"] for k in ms] == ["TZ25-22", "TZ25-23", "TZ25-24", "TZ25-25", "TZ25-26"]
    for k in ms:
        assert k["texts"]["target"] == "年内完成"
        assert (k["texts"]["value"], k["status"]) in {("已完成", "达标"), ("未完成", "滞后"), ("无数据", "无数据")}, k
        assert k["code"] not in snap["key_kpis"]  # no small multiple of 0s and 1s
        if k["value"] is not None:
            assert kpi_clause(k).startswith(k["name"] + ("已完成" if k["value"] == 1 else "尚未完成"))
    import re

    html = layout.render_html(snap)
    for k in ms:  # the row of 全部指标一览: code, name, value, target, …
        row = re.search(rf"<tr><td>{k['code']}</td><td class=\"tname\">[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", html)
        assert row and row.groups() == (k["texts"]["value"], "年内完成"), k["code"]


def test_numbers_count_up_and_creation_is_audited(demo_db):
    with write_session() as s:
        first = snapshot.create_briefing(s, SYSTEM, PLAN, PERIOD)
    with write_session() as s:
        second = snapshot.create_briefing(s, SYSTEM, PLAN, PERIOD)
    assert second.number == first.number + 1
    with read_session() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.entity == "briefing", AuditLog.entity_id == str(second.id))).all()
        assert [a.action for a in audit] == ["create"]
        assert audit[0].after == {"plan": PLAN, "period": PERIOD, "number": second.number}
        listed = [b.number for b in snapshot.list_briefings(s, SYSTEM, PLAN)]
    assert listed[:2] == [second.number, first.number]


def test_snapshot_renders_identically_after_the_data_changed(demo_db):
    with write_session() as s:
        row = snapshot.create_briefing(s, SYSTEM, PLAN, PERIOD)
    html_then = layout.render_html(row.snapshot)
    with read_session() as s:
        kpi = s.scalar(select(Kpi).join(Plan).where(Plan.plan_key == PLAN, Kpi.code == "TZ25-04"))
    frozen = next(k for k in row.snapshot["kpis"] if k["code"] == "TZ25-04")
    try:
        with write_session() as s:
            s.add(BureauUpdate(kpi_id=kpi.id, period=PERIOD, value=(frozen["value"] or 0) + 777, note="测试"))
        with read_session() as s:
            live = snapshot.build_snapshot(s, SYSTEM, PLAN, PERIOD)
            again = snapshot.get_briefing(s, SYSTEM, PLAN, row.number)
        assert next(k for k in live["kpis"] if k["code"] == "TZ25-04")["value"] == (frozen["value"] or 0) + 777
        assert layout.render_html(again.snapshot) == html_then
    finally:
        with write_session() as s:
            s.query(BureauUpdate).filter(BureauUpdate.kpi_id == kpi.id, BureauUpdate.note == "测试").delete()


@pytest.mark.parametrize("role", ["school", "district"])
def test_schools_and_districts_may_not_read_or_make_briefings(demo_db, role):
    with read_session() as s:
        bureau = s.scalar(select(Plan).where(Plan.plan_key == PLAN)).bureau_id
        org = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == bureau, OrgUnit.level == role))
    who = Principal(user_id=None, username="u", role=role, bureau_id=bureau, scope_org_id=org.id)
    before = _count(Briefing), _count(AuditLog)
    with pytest.raises(PermissionDenied, match="局领导、科室和管理员"):
        with write_session() as s:
            snapshot.create_briefing(s, who, PLAN, PERIOD)
    with pytest.raises(PermissionDenied):
        with read_session() as s:
            snapshot.list_briefings(s, who, PLAN)
    assert (_count(Briefing), _count(AuditLog)) == before


def test_a_leader_of_another_bureau_is_refused(demo_db):
    with read_session() as s:
        other = s.scalar(select(Plan).where(Plan.plan_key == "2022-yichang")).bureau_id
    leader = Principal(user_id=None, username="l", role="leader", bureau_id=other)
    before = _count(Briefing)
    with pytest.raises(PermissionDenied, match="无权查看该教育局"):
        with write_session() as s:
            snapshot.create_briefing(s, leader, PLAN, PERIOD)
    assert _count(Briefing) == before
    with read_session() as s:  # their own bureau works
        assert snapshot.build_snapshot(s, leader, "2022-yichang", "2022-06")["plan"]["bureau"] == "宜昌市教育局"


def test_bad_plan_or_period_is_a_chinese_error_and_writes_nothing(demo_db):
    before = _count(Briefing)
    with pytest.raises(snapshot.BriefingError, match="未找到计划"):
        with write_session() as s:
            snapshot.create_briefing(s, SYSTEM, "2099-nowhere", PERIOD)
    with pytest.raises(snapshot.BriefingError, match="YYYY-MM"):
        with write_session() as s:
            snapshot.create_briefing(s, SYSTEM, PLAN, "2025-13")
    assert _count(Briefing) == before


def test_compare_two_snapshots(demo_db):
    with read_session() as s:
        a = snapshot.build_snapshot(s, SYSTEM, PLAN, "2025-03")
        b = snapshot.build_snapshot(s, SYSTEM, PLAN, "2025-09")
    rows = snapshot.compare(a, b)
    assert [r["code"] for r in rows] == [k["code"] for k in a["kpis"]]
    assert all(r["a"] is not None and r["b"] is not None for r in rows)
    by_a = {k["code"]: k["shown_status"] for k in a["kpis"]}
    by_b = {k["code"]: k["shown_status"] for k in b["kpis"]}
    assert {r["code"] for r in rows if r["a"]["shown_status"] != r["b"]["shown_status"]} == \
        {c for c in by_a if by_a[c] != by_b[c]}
    # a KPI only in the newer snapshot is listed with nothing on the older side
    b2 = dict(b, kpis=b["kpis"] + [dict(b["kpis"][0], code="NEW-1", name="新指标")])
    assert snapshot.compare(a, b2)[-1]["a"] is None and snapshot.compare(a, b2)[-1]["code"] == "NEW-1"


def test_paragraph_and_cards_show_a_figure_with_the_same_precision(demo_db):
    # October: 公办园在园幼儿占比 is 63.317081% — 63.32% in the paragraph as on the cards and lists
    with read_session() as s:
        snap = snapshot.build_snapshot(s, SYSTEM, PLAN, "2025-10")
    text = "".join(snap["narrative"])
    k = next(k for k in snap["kpis"] if k["code"] == "TZ25-06")
    assert k["texts"]["value"] == "63.32%" and "公办园在园幼儿占比63.32%，低于目标11.68个百分点" in text
    html = layout.render_html(snap)
    assert "63.32%" in html and "63.3%" not in html
    written = [k for k in snap["kpis"] if k["value"] is not None and k["name"] in text]
    assert len(written) >= 6
    for k in written:  # every figure the paragraph states reads as its card does ('4,000 套' → '4,000套')
        assert "".join(k["texts"]["value"].split()) in text, k["name"]


def test_a_missed_target_is_not_rounded_onto_it_on_the_cards():
    import dataclasses

    from briefing.snapshot import _kpi_entry
    from kpis.compute import KpiResult

    r = KpiResult(code="X", name="公办园在园幼儿占比", category="学前", kind="ratio", data_path="school",
                  period="2025-10", unit="%", comparator=">=", target=50.0, target_upper=None, pace="level",
                  value=49.996, level=49.996, level_unit="%", expected=50.0, status="预警", withheld=False,
                  reported=45, expected_count=45, previous=None, change=None, change_unit="百分点")
    entry = _kpi_entry(r, None, [])
    assert entry["texts"]["value"] == "49.996%"  # two decimals would read 50%, beside a 预警 chip
    assert _kpi_entry(dataclasses.replace(r, value=49.96), None, [])["texts"]["value"] == "49.96%"


def test_value_change_between_two_briefings():
    from tests.briefing.conftest import kpi

    rate = dict(unit="%")
    # 63.317081 shows as 63.32%; 65.1 − 63.32 = 1.78 个百分点 (a rate's change is never "%")
    assert snapshot.value_change(kpi(value=63.317081, **rate), kpi(value=65.1, **rate)) == (1.78, "+1.78 个百分点")
    assert snapshot.value_change(kpi(value=65.1, **rate), kpi(value=63.317081, **rate)) == (-1.78, "−1.78 个百分点")
    count = dict(unit="套", kind="bureau_count")
    assert snapshot.value_change(kpi(value=2400, **count), kpi(value=4000, **count)) == (1600, "+1,600 套")
    # a relative target's value is already in 百分点: 下降 1.46 → 下降 2.21 is +0.75 个百分点
    rel = dict(unit="百分点", comparator="decrease_by")
    assert snapshot.value_change(kpi(value=1.46, **rel), kpi(value=2.21, **rel)) == (0.75, "+0.75 个百分点")
    assert snapshot.value_change(kpi(value=52.3), kpi(value=52.3)) == (0.0, "持平")
    assert snapshot.value_change(kpi(value=None, status="无数据"), kpi(value=52.3)) == (None, "无数据")
    assert snapshot.value_change(None, kpi(value=52.3)) == (None, "—")
    assert snapshot.value_change(kpi(value=5, unit="所"), kpi(value=5, unit="个")) == (None, "定义已变，不可比")
