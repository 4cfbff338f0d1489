"""The loader checks the Principal, resolves scopes and reads fresh figures from the database."""

import pytest
from sqlalchemy import delete, select

from auth import audit
from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import BureauUpdate, Kpi, OrgUnit, Plan
from db.session import read_session, write_session
from kpis import figures


def _orgs():
    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2025-taizhou"))
        districts = list(s.scalars(select(OrgUnit).where(OrgUnit.bureau_id == plan.bureau_id,
                                                         OrgUnit.level == "district").order_by(OrgUnit.code)))
        school = s.scalar(select(OrgUnit).where(OrgUnit.parent_id == districts[0].id, OrgUnit.school_type == "21"))
        other = s.scalar(select(Plan).where(Plan.plan_key == "2022-yichang"))
        return plan.bureau_id, districts, school, other.bureau_id


def test_district_officer_is_held_to_their_district(demo_db):
    bureau, districts, _school, _ = _orgs()
    officer = Principal(50, "d1", "district", bureau_id=bureau, scope_org_id=districts[0].id)
    with read_session() as s:
        scope, results = figures.plan_status(s, officer, "2025-taizhou", "2025-06")
        assert scope.district_id == districts[0].id and scope.level == "district"
        assert all(r.data_path == "school" for r in results)  # bureau counts are not theirs
        with pytest.raises(PermissionDenied):
            figures.plan_status(s, officer, "2025-taizhou", "2025-06", district=districts[1].code)
        opts = figures.scope_options(s, officer, "2025-taizhou")
        assert not opts["bureau"] and [c for c, _ in opts["districts"]] == [districts[0].code]
        assert opts["schools"] and all(dc == districts[0].code for _, _, dc, _ in opts["schools"])


def test_school_officer_sees_only_their_school_and_other_bureaus_are_closed(demo_db):
    bureau, districts, school, other = _orgs()
    officer = Principal(51, "s1", "school", bureau_id=bureau, scope_org_id=school.id)
    with read_session() as s:
        scope, results = figures.plan_status(s, officer, "2025-taizhou", "2025-06")
        assert scope.school_id == school.id
        applies = [r for r in results if r.applies]
        assert applies and all(r.expected_count == 1 for r in applies)
        # Kindergarten KPIs are listed for a primary school as 不适用, with the reason, and nothing counted.
        kg = next(r for r in results if r.code == "TZ25-06")
        assert kg.shown_status == "不适用" and kg.value is None and kg.expected_count == 0
        assert kg.na_reason.startswith("本指标只统计幼儿园，本校为") and kg.na_reason.endswith("小学。")
        with pytest.raises(PermissionDenied):
            figures.plan_status(s, officer, "2025-taizhou", "2025-06", district=districts[0].code)
        stranger = Principal(52, "boss", "leader", bureau_id=other)
        with pytest.raises(PermissionDenied):
            figures.plan_status(s, stranger, "2025-taizhou", "2025-06")


def test_a_new_bureau_update_changes_the_stamp_and_the_figure(demo_db):
    with read_session() as s:
        before_stamp = figures.data_stamp(s)
        _, before = figures.plan_status(s, SYSTEM, "2025-taizhou", "2025-06")
        kpi_id = s.scalar(select(Kpi.id).where(Kpi.code == "TZ25-05"))
    old = next(r for r in before if r.code == "TZ25-05")
    try:
        with write_session() as s:
            row = BureauUpdate(kpi_id=kpi_id, period="2025-06", value=8.0, note="测试：提前完成")
            s.add(row)
            s.flush()
            audit.record(s, SYSTEM, "create", "bureau_update", row.id, after={"value": 8.0})
        with read_session() as s:
            assert figures.data_stamp(s) != before_stamp
            _, after = figures.plan_status(s, SYSTEM, "2025-taizhou", "2025-06")
        new = next(r for r in after if r.code == "TZ25-05")
        assert old.value != 8.0 and new.value == 8.0 and new.status == "达标"  # end-of-year target met early
    finally:
        with write_session() as s:
            s.execute(delete(BureauUpdate).where(BureauUpdate.note == "测试：提前完成"))


def test_unknown_school_type_and_foreign_school_are_explained(demo_db):
    with read_session() as s:
        with pytest.raises(figures.ScopeError, match="未知的学校类型"):
            figures.plan_status(s, SYSTEM, "2025-taizhou", "2025-06", school_type="99")
        with pytest.raises(figures.ScopeError, match="未找到学校"):
            figures.plan_status(s, SYSTEM, "2025-taizhou", "2025-06", school="2142050001")


def test_sign_ins_leave_the_stamp_alone_but_an_in_place_school_edit_moves_it(demo_db):
    from db.models import OrgUnit

    with read_session() as s:
        before = figures.data_stamp(s)
    with write_session() as s:  # what a sign-in writes: an audit row about a session
        audit.record(s, SYSTEM, "sign_in", "session", 1, after={"client": "127.0.0.1"})
    with read_session() as s:
        assert figures.data_stamp(s) == before
    with write_session() as s:  # a roster import renames a school in place and audits it
        school = s.scalars(select(OrgUnit).where(OrgUnit.level == "school").order_by(OrgUnit.id)).first()
        audit.record(s, SYSTEM, "import_roster", "org_unit", school.id, before={"name": school.name},
                     after={"name": school.name})
    with read_session() as s:
        assert figures.data_stamp(s) != before


def test_load_wide_holds_each_stored_value_once_and_missing_stays_missing(demo_db):
    """The per-period tables the figures compute from hold exactly the stored values of the scope's
    schools (read independently, row by row), and an element a school did not report is NaN, not 0."""
    import math

    from tests.stored_values import stored_values

    _bureau, districts, school, _ = _orgs()
    with read_session() as s:
        scope = figures.resolve_scope(s, SYSTEM, "2025-taizhou", district=districts[0].code)
        wides = figures.load_wide(s, scope, ["2025-05", "2025-06"])
        stored = [v for v in stored_values(s) if v.period in ("2025-05", "2025-06") and v.parent_id == districts[0].id]
    assert stored and set(wides) == {"2025-05", "2025-06"}
    assert sum(int(w.count().sum()) for w in wides.values()) == len(stored)
    for v in stored:
        assert wides[v.period].at[v.org_id, v.element] == v.value
    w = wides["2025-06"]
    kept = {(v.org_id, v.element) for v in stored if v.period == "2025-06"}
    holes = [(o, e) for o in w.index for e in w.columns if (o, e) not in kept]
    assert holes and all(math.isnan(w.at[o, e]) for o, e in holes)  # a kindergarten has no 近视学生数
    with read_session() as s:
        only = figures.load_wide(s, scope, ["2025-06"], elements=["kg_enrolled"])["2025-06"]
    assert list(only.columns) == ["kg_enrolled"]


def test_a_milestone_keeps_its_newest_entry_in_months_without_one(demo_db):
    """TZ25-24 启动建设“问学通”平台 (2025, a milestone): entries in 2026-03 (未完成) and 2026-05 (已完成) only."""
    finance = Principal(None, "jzk", "department", bureau_id=_orgs()[0], department="教育技术装备中心")
    from ingest.bureau_updates import record_update

    record_update(finance, "TZ25-24", "2026-03", 0, "平台招标中")
    record_update(finance, "TZ25-24", "2026-05", 1, "平台项目已启动")

    def at(period):
        with read_session() as s:
            _scope, results = figures.plan_status(s, SYSTEM, "2025-taizhou", period)
        r = next(r for r in results if r.code == "TZ25-24")
        return r.value, r.status, r.reported

    assert at("2026-04") == (0.0, "滞后", 1)  # after the plan year and not done: March's entry holds
    assert at("2026-05") == (1.0, "达标", 1)
    assert at("2026-07") == (1.0, "达标", 1)  # done stays done without a June or July entry
