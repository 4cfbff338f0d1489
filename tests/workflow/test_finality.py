"""How final a figure is: coverage by state on the dashboards, the confirmed-only filter, and the
briefing of a locked period counting confirmed figures only (and saying so). Numbers by hand."""

from __future__ import annotations

from sqlalchemy import func, select

from auth.principal import SYSTEM
from briefing.snapshot import build_snapshot
from db.models import OrgUnit
from db.session import read_session, write_session
from kpis import figures, formatting
from tests.ingest.helpers import OTHER_SCHOOL, SCHOOL
from tests.workflow.helpers import PLAN, send, who
from workflow import cycle

PERIOD = "2027-12"


def pe(results):
    return next(r for r in results if r.code == "TZ25-02")  # 中小学生每天综合体育活动时间: mean over 21/31/34


def test_coverage_by_state_filter_and_locked_briefing(demo_db):
    send(PERIOD, **{"日均综合体育活动时长": 1.8})
    send(PERIOD, school=OTHER_SCHOOL, **{"日均综合体育活动时长": 2.4})
    with write_session() as s:
        cycle.approve(s, who("demo_district"), SCHOOL, PERIOD)
        cycle.confirm(s, who("demo_admin"), PLAN, PERIOD, "331081001")  # 太平第一小学 → 已确认
    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081"))
        expected = s.scalar(select(func.count()).select_from(OrgUnit).where(
            OrgUnit.bureau_id == bureau, OrgUnit.level == "school", OrgUnit.school_type.in_(["21", "31", "34"])))
        _, everything = figures.plan_status(s, SYSTEM, PLAN, PERIOD)
        _, confirmed = figures.plan_status(s, SYSTEM, PLAN, PERIOD, confirmed_only=True)
    r = pe(everything)
    assert (r.reported, r.confirmed, r.awaiting, r.expected_count) == (2, 1, 1, expected)
    assert formatting.coverage_text(r) == f"已确认 1 · 待审 1 · 未提交 {expected - 2} / {expected} 所"
    assert abs(r.value - (1.8 + 2.4) / 2) < 1e-9  # both schools count: the plain mean
    c = pe(confirmed)
    assert c.value == 1.8 and c.reported == 1  # only 太平第一小学, the confirmed one
    assert formatting.coverage_text(c) == formatting.coverage_text(r)  # how final: the same counts


def test_the_briefing_of_a_locked_month_counts_confirmed_figures_only(demo_db):
    """2025-12 (demo: partly reviewed): locking confirms the reviewed schools; the briefing's 体育活动
    time is then the plain mean over the confirmed primary and secondary schools, computed here by hand."""
    from db.models import ReportingState
    from tests.stored_values import stored_values

    period = "2025-12"
    with read_session() as s:
        open_snap = build_snapshot(s, SYSTEM, PLAN, period)
    assert not open_snap["confirmed_only"] and "已确认的学校数据" not in "".join(open_snap["narrative"])
    with write_session() as s:
        cycle.lock(s, who("demo_admin"), PLAN, period)
    try:
        with read_session() as s:
            snap = build_snapshot(s, SYSTEM, PLAN, period)
            ok = set(s.scalars(select(ReportingState.org_unit_id).where(ReportingState.period == period,
                                                                        ReportingState.state == "已确认")))
            hours = [v.value for v in stored_values(s, period=period, element="pe_daily_hours")
                     if v.org_id in ok and v.school_type in ("21", "31", "34")]
            everyone = [v.value for v in stored_values(s, period=period, element="pe_daily_hours")
                        if v.school_type in ("21", "31", "34")]
        kpi = next(k for k in snap["kpis"] if k["code"] == "TZ25-02")
        assert snap["confirmed_only"] and 0 < len(hours) < len(everyone)
        assert abs(kpi["value"] - sum(hours) / len(hours)) < 1e-9
        assert "本期数据已于" in snap["narrative"][-1] and "只采用教育局已确认的学校数据" in snap["narrative"][-1]
    finally:
        with write_session() as s:
            cycle.unlock(s, who("demo_admin"), PLAN, period, "测试结束，恢复")
