"""Security tests against the service layer with the real demo data: every scope rule for every
role, across schools, districts, departments and bureaus; injection strings in text fields."""

import pytest
from sqlalchemy import select

from auth import sessions, users
from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied, can_edit_kpi, can_submit_for, can_view_bureau, can_view_org, org_facts
from db.models import Kpi, OrgUnit, Plan, SignInAttempt, User
from db.session import read_session, write_session
from kpis.catalog import query as catalog_query
from kpis.catalog.departments import owner_of


def principal(username):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


@pytest.fixture(scope="module")
def world(demo_db):
    with read_session() as s:
        orgs = list(s.scalars(select(OrgUnit)))
        facts = {o.code: org_facts(s, o.code) for o in orgs}
        kpis = []
        for k in s.scalars(select(Kpi)):
            v = catalog_query.version_at(k)
            bureau = s.scalar(select(Plan.bureau_id).where(Plan.id == k.plan_id))
            kpis.append((k.code, bureau, owner_of(v.owner, v.category)))
        plans = {p.plan_key: p.bureau_id for p in s.scalars(select(Plan))}
    return {"orgs": orgs, "facts": facts, "kpis": kpis, "plans": plans}


def test_a_school_officer_reaches_only_their_own_school(world):
    p = principal("demo_school")
    schools = [o for o in world["orgs"] if o.level == "school"]
    assert len(schools) > 100
    for o in schools:
        f = world["facts"][o.code]
        mine = o.id == p.scope_org_id
        assert can_view_org(p, f) is mine and can_submit_for(p, f) is mine, o.code
    for o in world["orgs"]:
        if o.level != "school":
            assert not can_view_org(p, world["facts"][o.code]) and not can_submit_for(p, world["facts"][o.code])
    assert not any(can_edit_kpi(p, b, owner) for _, b, owner in world["kpis"])


def test_a_district_officer_acts_only_inside_the_district(world):
    p = principal("demo_district")
    inside = outside = 0
    for o in world["orgs"]:
        f = world["facts"][o.code]
        if o.level == "school":
            mine = o.parent_id == p.scope_org_id
            inside += mine
            outside += not mine
            assert can_view_org(p, f) is mine and can_submit_for(p, f) is mine, o.code
        elif o.id != p.scope_org_id:
            assert not can_view_org(p, f), o.code
    assert inside >= 3 and outside > 100
    assert not any(can_edit_kpi(p, b, owner) for _, b, owner in world["kpis"])


def test_a_department_officer_edits_only_their_departments_kpis_in_their_bureau(world):
    p = principal("demo_department")
    own = [k for k in world["kpis"] if k[1] == p.bureau_id and k[2] == p.department]
    assert own, "the demo department owns at least one KPI"
    for code, bureau, owner in world["kpis"]:
        assert can_edit_kpi(p, bureau, owner) is (bureau == p.bureau_id and owner == p.department), code
    assert not any(can_submit_for(p, world["facts"][o.code]) for o in world["orgs"])


def test_a_leader_sees_their_bureau_and_edits_nothing(world):
    p = principal("demo_leader")
    for o in world["orgs"]:
        f = world["facts"][o.code]
        assert can_view_org(p, f) is (f.own_bureau == p.bureau_id)
        assert not can_submit_for(p, f)
    assert not any(can_edit_kpi(p, b, owner) for _, b, owner in world["kpis"])


def test_no_plan_of_another_bureau_reaches_any_bureau_user(world):
    for name in ("demo_school", "demo_district", "demo_department", "demo_leader", "demo_admin"):
        p = principal(name)
        with read_session() as s:
            assert [x.key for x in catalog_query.plans_for(s, p)] == ["2025-taizhou"], name
            for key, bureau in world["plans"].items():
                if bureau == p.bureau_id:
                    assert catalog_query.plan_tree_for(s, p, key)
                else:
                    assert not can_view_bureau(p, bureau)
                    with pytest.raises(PermissionDenied):
                        catalog_query.plan_tree_for(s, p, key)
    with read_session() as s:
        assert len(catalog_query.plans_for(s, SYSTEM)) == 5


def test_non_admins_cannot_manage_users_even_through_the_service(world):
    other_school = next(o for o in world["orgs"] if o.level == "school" and o.id != principal("demo_school").scope_org_id)
    for name in ("demo_school", "demo_district", "demo_department", "demo_leader"):
        p = principal(name)
        for action in (lambda s: users.create_user(s, p, f"x_{name}", "Strong-Pass-2468", "school", other_school.code),
                       lambda s: users.set_active(s, p, "demo_admin", False),
                       lambda s: users.reset_password(s, p, "demo_admin", "Strong-Pass-2468"),
                       lambda s: users.change_scope(s, p, name, "admin", None),
                       lambda s: users.list_users(s, p)):
            with pytest.raises(PermissionDenied):
                with write_session() as s:
                    action(s)
    assert principal("demo_admin").role == "admin"
    with read_session() as s:
        assert s.scalar(select(User).where(User.username.like("x_demo_%"))) is None
        assert s.scalar(select(User.active).where(User.username == "demo_admin"))


def test_a_forged_principal_for_another_bureau_reaches_nothing_here(world):
    wenling = principal("demo_admin").bureau_id
    outsider = Principal(None, "intruder", "admin", bureau_id=wenling + 1000)
    for o in world["orgs"]:
        f = world["facts"][o.code]
        assert not can_view_org(outsider, f) and not can_submit_for(outsider, f)
    with read_session() as s:
        assert catalog_query.plans_for(s, outsider) == []
        assert users.list_users(s, outsider) == []


INJECTIONS = ["' OR '1'='1", "admin'--", "\"; DROP TABLE app_user; --", "1; DELETE FROM audit_log",
              "<script>alert(1)</script>", "x' UNION SELECT password_hash FROM app_user --"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_at_sign_in_are_just_wrong_credentials(demo_db, text):
    with write_session() as s:
        out = sessions.sign_in(s, text, text, client=text)
    assert out.signed_in is None and out.error == sessions.WRONG
    with read_session() as s:
        row = s.scalars(select(SignInAttempt).where(SignInAttempt.username == text.strip()[:60])
                        .order_by(SignInAttempt.id.desc())).first()
        assert row is not None and row.client == text and not row.success
        assert s.scalar(select(User.id).where(User.username == "demo_admin")) is not None
        assert sessions.resume(s, text) is None
