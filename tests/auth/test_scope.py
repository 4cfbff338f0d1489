"""The permission rules on plain facts (the service layer calls these again on every request)."""

from auth.principal import Principal
from auth.scope import OrgFacts, can_edit_kpi, can_submit_for, can_view_org

BUREAU = OrgFacts(1, "bureau", None, None)
D1 = OrgFacts(10, "district", 1, 1)
D2 = OrgFacts(20, "district", 1, 1)
S1 = OrgFacts(100, "school", 10, 1)  # in D1
S2 = OrgFacts(200, "school", 20, 1)  # in D2
OTHER_BUREAU_SCHOOL = OrgFacts(900, "school", 90, 9)

school_officer = Principal(5, "s1", "school", bureau_id=1, scope_org_id=100)
district_officer = Principal(6, "d1", "district", bureau_id=1, scope_org_id=10)
leader = Principal(7, "boss", "leader", bureau_id=1)
dept = Principal(8, "pre", "department", bureau_id=1, department="学前教育科")
admin = Principal(9, "adm", "admin", bureau_id=1)


def test_school_officer_sees_and_submits_only_their_school():
    assert can_view_org(school_officer, S1) and can_submit_for(school_officer, S1)
    assert not can_view_org(school_officer, S2) and not can_submit_for(school_officer, S2)
    assert not can_view_org(school_officer, D1)


def test_district_officer_acts_only_inside_the_district():
    assert can_view_org(district_officer, D1) and can_view_org(district_officer, S1)
    assert can_submit_for(district_officer, S1)
    assert not can_view_org(district_officer, S2) and not can_submit_for(district_officer, S2)


def test_leader_sees_everything_in_the_bureau_but_edits_nothing():
    assert all(can_view_org(leader, o) for o in (BUREAU, D1, D2, S1, S2))
    assert not can_submit_for(leader, S1)
    assert not can_edit_kpi(leader, 1, "学前教育科")


def test_department_edits_only_its_own_kpis():
    assert can_edit_kpi(dept, 1, "学前教育科")
    assert not can_edit_kpi(dept, 1, "体卫艺科")
    assert not can_edit_kpi(dept, 2, "学前教育科")
    assert not can_submit_for(dept, S1)


def test_nothing_leaks_across_bureaus():
    for p in (school_officer, district_officer, leader, dept, admin):
        assert not can_view_org(p, OTHER_BUREAU_SCHOOL)
        assert not can_submit_for(p, OTHER_BUREAU_SCHOOL)
