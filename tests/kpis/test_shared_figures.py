"""The app server's figures shared across principals (kpis.figures, filled by kpis.warmup): the same
numbers as computed afresh, for whoever may see the scope, never for whoever may not, recomputed when
the data changes, and never shared by reference."""

import pytest
from sqlalchemy import select

from auth import users
from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from db.models import OrgUnit, User
from db.session import read_session, write_session
from kpis import figures, warmup

PLAN, PERIOD = "2025-taizhou", "2025-12"


def principal(username):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


def figures_of(results):
    return [(r.code, r.value, r.status, r.reported, r.expected_count) for r in results]


@pytest.fixture
def sharing(monkeypatch):
    monkeypatch.setattr(figures, "_sharing", False)
    monkeypatch.setattr(figures, "_shared", {})
    with read_session() as s:
        _, fresh = figures.plan_status(s, SYSTEM, PLAN, PERIOD)  # sharing off: computed afresh
    with read_session() as s:
        assert warmup.warm_up(s) == 5  # the five plans of the catalog, each at its current period
    assert figures._sharing and len(figures._shared) == 5
    return fresh


def test_a_leader_gets_the_systems_figures_from_the_shared_ones(demo_db, sharing):
    leader = principal("demo_leader")
    with read_session() as s:
        scope, shared = figures.plan_status(s, leader, PLAN, PERIOD)
    assert scope.level == "bureau" and figures_of(shared) == figures_of(sharing)
    assert len(figures._shared) == 5  # a hit: nothing new was computed
    shared[0].value = -1.0  # a caller's copy: the next reader is not affected
    with read_session() as s:
        _, again = figures.plan_status(s, leader, PLAN, PERIOD)
    assert figures_of(again) == figures_of(sharing)


def test_the_principal_is_still_checked(demo_db, sharing):
    school = principal("demo_school")
    with read_session() as s, pytest.raises((PermissionDenied, figures.ScopeError)):
        figures.plan_status(s, school, PLAN, PERIOD, district="33108100N")  # not its district: refused
    with read_session() as s:
        scope, own = figures.plan_status(s, school, PLAN, PERIOD)  # its own school, computed for it
    assert scope.level == "school" and len(figures._shared) == 6


def test_a_change_of_the_data_is_never_served_stale(demo_db, sharing):
    with read_session() as s:
        before = figures.data_stamp(s)
    with write_session() as s:  # a new org unit changes the fingerprint, as an upload or edit does
        bureau = s.scalar(select(OrgUnit).where(OrgUnit.level == "bureau", OrgUnit.code.like("%1081%")))
        s.add(OrgUnit(code="9999999990", name="测试学校（共享缓存）", level="school", parent_id=bureau.id,
                      bureau_id=bureau.id, school_type="21", ownership="公办"))
    try:
        with read_session() as s:
            assert figures.data_stamp(s) != before
            figures.plan_status(s, SYSTEM, PLAN, PERIOD)
        assert len(figures._shared) == 6  # computed again under the new fingerprint
    finally:
        with write_session() as s:
            s.delete(s.scalar(select(OrgUnit).where(OrgUnit.code == "9999999990")))
