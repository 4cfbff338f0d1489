"""Every service checks the scope again: a school officer, a district officer and a leader call the
service layer directly with codes they may not use, and are refused with nothing written. A school
officer who edits the address bar of 总览/指标详情 still sees only their own school."""


import pytest
from sqlalchemy import func, select

from auth import users
from auth.principal import SYSTEM
from auth.scope import PermissionDenied
from db.models import AuditLog, BureauAttachment, BureauUpdate, OrgUnit, SchoolValues, Submission, User
from db.session import read_session
from ingest.template import build_template
from ingest.upload import history, upload
from kpis import detail, figures, progress, quality
from ingest.bureau_updates import editable_kpis, record_update
from tests.apptest import open_app
from tests.ingest.helpers import PRIMARY, fill
from tests.pages.html_views import tables

PLAN = "2025-taizhou"
PERIOD = "2025-06"
KPI = "TZ25-01"  # a school-path KPI of the plan


def principal(username):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


def written() -> tuple:
    """What a refused call must leave as it was."""
    with read_session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (Submission, SchoolValues, AuditLog, BureauUpdate, BureauAttachment))


@pytest.fixture(scope="module")
def orgs(demo_db):
    """The demo school officer's school and district, a school beside it, one in another district,
    another district, and the demo district officer's district with a school outside it."""
    me, dist = principal("demo_school"), principal("demo_district")
    with read_session() as s:
        own = s.get(OrgUnit, me.scope_org_id)
        primary = (OrgUnit.school_type != "21", OrgUnit.code)  # a primary school reports what PRIMARY fills
        beside = s.scalar(select(OrgUnit).where(OrgUnit.parent_id == own.parent_id, OrgUnit.id != own.id,
                                                OrgUnit.level == "school").order_by(*primary))
        far = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == own.bureau_id, OrgUnit.level == "school",
                                             OrgUnit.parent_id != own.parent_id).order_by(*primary))
        outside_dist = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == own.bureau_id, OrgUnit.level == "school",
                                                      OrgUnit.parent_id != dist.scope_org_id).order_by(*primary))
        return {"own": own.code, "own_name": own.name, "own_district": s.get(OrgUnit, own.parent_id).code,
                "beside": beside.code, "beside_name": beside.name, "far": far.code, "far_name": far.name,
                "far_district": s.get(OrgUnit, far.parent_id).code, "outside_dist": outside_dist.code}


def filled(code: str) -> bytes:
    return fill(build_template(SYSTEM, code, PERIOD), default=PRIMARY)


def assert_refused(call) -> None:
    before = written()
    with pytest.raises(PermissionDenied):
        call()
    assert written() == before


@pytest.mark.parametrize("where", ["beside", "far"])
def test_a_school_officer_cannot_read_another_schools_figures(orgs, where):
    p = principal("demo_school")
    for kw in ({"school": orgs[where]}, {"district": orgs["far_district"]}, {"district": orgs["own_district"]},
               {"district": orgs["own_district"], "school": orgs[where]}):
        with read_session() as s:
            for call in (lambda: figures.plan_status(s, p, PLAN, PERIOD, **kw),
                         lambda: detail.kpi_detail(s, p, PLAN, KPI, PERIOD, **kw),
                         lambda: progress.reporting_progress(s, p, PLAN, PERIOD, **kw),
                         lambda: quality.quality_issues(s, p, PLAN, PERIOD, **kw)):
                assert_refused(call)
    # Their own school still works (the refusals above are about scope, not a broken service).
    with read_session() as s:
        scope, _ = figures.plan_status(s, p, PLAN, PERIOD, school=orgs["own"])
    assert scope.school_name == orgs["own_name"]


@pytest.mark.parametrize("where", ["beside", "far"])
def test_a_school_officer_cannot_see_history_template_or_upload_for_another_school(orgs, where):
    p = principal("demo_school")
    other = orgs[where]
    content = filled(other)
    assert_refused(lambda: history(p, other))
    assert_refused(lambda: build_template(p, other, PERIOD))
    assert_refused(lambda: upload(p, "别校.xlsx", content, period=PERIOD, org_code=other))  # not even a preview
    assert_refused(lambda: upload(p, "别校.xlsx", content, period=PERIOD, org_code=other, commit=True))
    # The other school's file sent without naming a target: rejected row by row, the other school untouched.
    with read_session() as s:
        other_id = s.scalar(select(OrgUnit.id).where(OrgUnit.code == other))
        subs = s.scalar(select(func.count()).where(Submission.org_unit_id == other_id))
        vals = s.scalar(select(SchoolValues.values_json).where(SchoolValues.org_unit_id == other_id,
                                                               SchoolValues.period == PERIOD))
    result = upload(p, "别校.xlsx", content, period=PERIOD, commit=True)
    assert result.status == "rejected" and any("无权" in i.message or "不是本" in i.message or "范围" in i.message
                                               for i in result.errors), [i.message for i in result.errors]
    with read_session() as s:
        assert s.scalar(select(func.count()).where(Submission.org_unit_id == other_id)) == subs
        assert s.scalar(select(SchoolValues.values_json).where(SchoolValues.org_unit_id == other_id,
                                                               SchoolValues.period == PERIOD)) == vals


def test_a_district_officer_cannot_act_on_a_school_outside_the_district(orgs):
    p = principal("demo_district")
    other = orgs["outside_dist"]
    with read_session() as s:
        for call in (lambda: figures.plan_status(s, p, PLAN, PERIOD, school=other),
                     lambda: detail.kpi_detail(s, p, PLAN, KPI, PERIOD, school=other),
                     lambda: progress.reporting_progress(s, p, PLAN, PERIOD, school=other),
                     lambda: quality.quality_issues(s, p, PLAN, PERIOD, school=other),
                     lambda: figures.plan_status(s, p, PLAN, PERIOD, district=orgs["far_district"])):
            assert_refused(call)
    content = filled(other)
    assert_refused(lambda: history(p, other))
    assert_refused(lambda: build_template(p, other, PERIOD))
    assert_refused(lambda: upload(p, "片外.xlsx", content, period=PERIOD, org_code=other, commit=True))


def test_a_leader_can_neither_record_nor_upload(orgs):
    leader = principal("demo_leader")
    bureau_kpi = editable_kpis(principal("demo_admin"), PLAN)[0].code
    assert_refused(lambda: record_update(leader, bureau_kpi, PERIOD, 1, "越权录入"))
    content = filled(orgs["own"])
    assert_refused(lambda: upload(leader, "局领导.xlsx", content, period=PERIOD, org_code=orgs["own"], commit=True))
    # Without naming a school either: refused before anything (not even a rejected file) is stored.
    assert_refused(lambda: upload(leader, "局领导.xlsx", content, period=PERIOD, commit=True))
    assert_refused(lambda: upload(leader, "局领导.xlsx", content, period=PERIOD))


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/kpi_detail.py"])
def test_query_parameters_naming_other_schools_show_only_the_officers_own(orgs, page):
    params = {"plan": PLAN, "period": PERIOD, "school": orgs["far"], "district": orgs["far_district"], "kpi": KPI}
    at = open_app(page, principal("demo_school"), **params)
    assert not at.error, [e.value for e in at.error]
    if page == "pages/overview.py":
        text = " ".join(h.value for h in at.main.get("html"))
    else:
        text = " ".join([c.value for c in at.caption] + [str(df.to_dict()) for df in tables(at)])
        schools = next(df for df in tables(at) if "学校名称" in df.columns)
        assert list(schools["学校名称"]) == [orgs["own_name"]]
    assert orgs["own_name"] in text
    assert orgs["far_name"] not in text and orgs["beside_name"] not in text
    assert at.query_params.get("school") in (None, [], orgs["own"], [orgs["own"]])


# ---- defence in depth: the pickers' helpers check the bureau too --------------------------------

def test_helpers_behind_the_pickers_refuse_another_bureaus_plan(demo_db):
    from auth.principal import Principal
    from kpis.catalog import revise

    wenling = principal("demo_admin")
    outsider = Principal(None, "yc_admin", "admin", bureau_id=wenling.bureau_id + 1000)
    school = principal("demo_school")
    with read_session() as s:
        assert detail.kpi_choices(s, school, PLAN)[0][0] == "TZ25-01"
        assert figures.plan_year(s, school, PLAN) == 2025
        for p in (outsider, school):
            with pytest.raises(PermissionDenied):
                detail.kpi_choices(s, p, "2022-yichang" if p is school else PLAN)
            with pytest.raises(PermissionDenied):
                figures.plan_year(s, p, "2022-yichang" if p is school else PLAN)
    assert revise.element_choices(wenling, PLAN)
    for p in (outsider, principal("demo_leader")):
        with pytest.raises(PermissionDenied):
            revise.element_choices(p, PLAN)


def test_briefing_file_counts_only_for_briefings_of_the_principals_bureau(demo_db):
    from auth.principal import Principal
    from briefing import snapshot
    from db.models import Briefing, Plan
    from db.session import write_session

    with write_session() as s:
        plan_id = s.scalar(select(Plan.id).where(Plan.plan_key == PLAN))
        row = Briefing(plan_id=plan_id, period="2025-06", number=9901, snapshot={})
        s.add(row)
        s.flush()
        bid = row.id
    try:
        leader = principal("demo_leader")
        with read_session() as s:
            assert snapshot.file_counts(s, leader, [bid]) == {}
            for p in (Principal(None, "yc_leader", "leader", bureau_id=leader.bureau_id + 1000),
                      principal("demo_school")):
                with pytest.raises(PermissionDenied):
                    snapshot.file_counts(s, p, [bid])
    finally:
        with write_session() as s:
            s.delete(s.get(Briefing, bid))


def test_a_non_admin_without_a_scope_is_no_principal_and_cannot_sign_in(demo_db):
    """Without a scope the principal's bureau would be None, which the checks read as "every bureau"."""
    import uuid

    from auth import sessions
    from db.session import write_session

    name = f"noscope_{uuid.uuid4().hex[:6]}"
    with write_session() as s:
        user = users.create_user(s, SYSTEM, name, "Strong-Pass-2468", "leader", "331081")
        token = sessions.sign_in(s, name, "Strong-Pass-2468", "test").signed_in.token
        user.scope_org_id = None  # as if the scope were lost (a hand-edited database)
    with read_session() as s:
        u = s.scalar(select(User).where(User.username == name))
        with pytest.raises(PermissionDenied):
            users.principal_for(s, u)
    assert sessions.resume_click(token) is None  # the open session ends
    with write_session() as s:
        out = sessions.sign_in(s, name, "Strong-Pass-2468", "test")
        assert out.signed_in is None and out.error == sessions.WRONG
        assert sessions.sign_out(s, token)  # signing out still works (and is logged)
    # A system-wide admin is the one role that may be without a scope.
    with write_session() as s:
        root = users.create_user(s, SYSTEM, f"root_{uuid.uuid4().hex[:6]}", "Strong-Pass-2468", "admin")
        assert users.principal_for(s, root).is_system_admin
