"""SQL-injection strings typed into text fields are stored verbatim and do nothing: roster school
names, upload file names, 科室 notes and evidence, an imported plan's title and bureau name, and a
KPI revision's reason, each read back from the database on a fresh one of its own."""

import pytest
from sqlalchemy import func, inspect, select

from auth.principal import SYSTEM, Principal
from db.models import AuditLog, BureauUpdate, Kpi, KpiVersion, OrgUnit, Plan, Submission, User
from db.session import read_session, write_session
from ingest.upload import upload
from kpis.catalog import revise
from ingest.bureau_updates import editable_kpis, record_update
from kpis.catalog.plan_import import save_plan
from kpis.plan_reader import read_plan
from seed.bootstrap import initialise
from tests.ingest.roster_helpers import BUREAU, PLAN, apply, xlsx_bytes

INJECTIONS = ["'; DROP TABLE app_user; --", '" OR 1=1 --']
HEADER = ["学校标识码", "学校名称", "所属片区", "办学性质", "普惠性", "开办年月", "停办年月"]


@pytest.fixture
def engine(empty_engine):
    initialise(empty_engine)  # the catalog of the five plans, no schools, no users
    with write_session(empty_engine) as s:
        s.add(User(username="canary", display_name="", password_hash="x", role="admin", active=True))
    return empty_engine


def admin(engine) -> Principal:
    with read_session(engine) as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == BUREAU))
    return Principal(user_id=None, username="county_admin", role="admin", bureau_id=bureau, display_name="管理员")


def assert_harmless(engine) -> None:
    """Every table is still there, and so is the user that existed before."""
    tables = set(inspect(engine).get_table_names())
    assert {"app_user", "org_unit", "submission", "audit_log", "plan", "kpi_version"} <= tables
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
        assert s.scalar(select(User.username)) == "canary"


def test_roster_school_and_district_names(engine):
    rows = [HEADER] + [[f"213401000{i}", f"小学{text}", f"片区{text}", "公办", None, None, None]
                       for i, text in enumerate(INJECTIONS, start=1)]
    done = apply(engine, xlsx_bytes(rows), admin(engine), filename="名册.xlsx")
    assert done.ok, [i.message for i in done.errors]
    with read_session(engine) as s:
        names = {o.code: (o.name, s.get(OrgUnit, o.parent_id).name)
                 for o in s.scalars(select(OrgUnit).where(OrgUnit.level == "school"))}
    assert names == {f"213401000{i}": (f"小学{t}", f"片区{t}") for i, t in enumerate(INJECTIONS, start=1)}
    assert_harmless(engine)


@pytest.mark.parametrize("text", INJECTIONS)
def test_upload_file_names(engine, text):
    apply(engine, xlsx_bytes([HEADER, ["2134010001", "店埠中心小学", "店埠镇", "公办", None, None, None]]),
          admin(engine), filename="名册.xlsx")
    result = upload(admin(engine), f"{text}.xlsx", b"not a workbook", period="2024-05", org_code="2134010001",
                    commit=True, engine=engine)
    assert result.status == "rejected"  # stored with its error report, as every refused file is
    with read_session(engine) as s:
        assert s.get(Submission, result.submission_id).filename == f"{text}.xlsx"
    assert_harmless(engine)


def test_bureau_update_notes_and_evidence(engine):
    who = admin(engine)
    code = editable_kpis(who, PLAN, engine=engine)[0].code
    ids = [record_update(who, code, f"2024-0{i}", 1, text, text, engine=engine)
           for i, text in enumerate(INJECTIONS, start=1)]
    with read_session(engine) as s:
        stored = [(s.get(BureauUpdate, i).note, s.get(BureauUpdate, i).evidence) for i in ids]
        audited = [a.after["note"] for a in s.scalars(select(AuditLog).where(AuditLog.action == "bureau_update")
                                                     .order_by(AuditLog.id))]
    assert stored == [(t, t) for t in INJECTIONS] and audited == INJECTIONS
    assert_harmless(engine)


@pytest.mark.parametrize("text", INJECTIONS)
def test_plan_import_title_and_bureau_name(engine, text):
    plan_text = "某市教育局2026年工作要点\n一、推进优质均衡\n1.扩大学前资源。新建改扩建幼儿园5所。\n"
    doc = read_plan(plan_text)
    with write_session(engine) as s:
        save_plan(s, SYSTEM, doc, [dict(k) for k in doc["kpis"]], plan_text, plan_key="2026-moushi", year=2026,
                  title=text, bureau_code="331099", bureau_name=f"某市教育局{text}")
    with read_session(engine) as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2026-moushi"))
        assert (plan.title, plan.bureau.name) == (text, f"某市教育局{text}")
    assert_harmless(engine)


def test_kpi_revision_reasons(engine):
    who = admin(engine)
    code = revise.kpi_choices(who, PLAN, engine=engine)[0][0]
    for month, text in zip(("2024-06", "2024-08"), INJECTIONS):
        revise.revise(who, PLAN, code, {"note": f"说明{text}"}, month, text, engine=engine)
    with read_session(engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == code))
        reasons = [v.reason for v in s.scalars(select(KpiVersion).where(KpiVersion.kpi_id == kpi.id)
                                               .order_by(KpiVersion.id)) if v.reason]
        notes = [v.note for v in s.scalars(select(KpiVersion).where(KpiVersion.kpi_id == kpi.id)
                                           .order_by(KpiVersion.id)) if v.reason]
    assert reasons == INJECTIONS and notes == [f"说明{t}" for t in INJECTIONS]
    assert_harmless(engine)
