"""The 审计日志 of a bureau admin holds every change that concerns their bureau, whoever made it:
its own users, the command line and the system (no user), and system-wide admins."""

from sqlalchemy import select

from auth import audit, users
from auth.principal import SYSTEM, Principal
from db.models import AuditLog, OrgUnit
from db.session import read_session, write_session
from ingest.upload import upload
from kpis import deadlines
from kpis.catalog import revise
from ingest.bureau_updates import editable_kpis, record_update
from seed.bootstrap import initialise
from tests.ingest.roster_helpers import BUREAU, PLAN, apply, xlsx_bytes

import pytest

HEADER = ["学校标识码", "学校名称", "所属片区", "办学性质", "普惠性", "开办年月", "停办年月"]
OTHER_BUREAU = "331081"  # 温岭市教育局 (2025-taizhou)


@pytest.fixture
def engine(empty_engine):
    initialise(empty_engine)
    return empty_engine


def admin_of(engine, code: str) -> Principal:
    with read_session(engine) as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == code))
    return Principal(user_id=None, username=f"admin_{code}", role="admin", bureau_id=bureau)


def seen_by(engine, who: Principal) -> set[tuple[str, str]]:
    with read_session(engine) as s:
        return {(e.action, e.entity) for e in audit.entries(s, who, limit=10_000)}


def test_changes_by_the_system_and_system_wide_admins_reach_the_bureaus_admin(engine):
    # A system-wide admin with an account (no scope), besides the command line's SYSTEM.
    with write_session(engine) as s:
        root = users.principal_for(s, users.create_user(s, SYSTEM, "root_admin", "Root-Secret-2468", "admin"))
    assert root.bureau_id is None and root.user_id is not None
    apply(engine, xlsx_bytes([HEADER, ["2134010001", "店埠中心小学", "店埠镇", "公办", None, None, None]]),
          SYSTEM, filename="名册.xlsx")                                                         # import_roster
    with write_session(engine) as s:
        deadlines.set_deadline(s, root, PLAN, "2024-01", "2024-02-20 23:59")                 # set_deadline
        users.create_user(s, root, "dianbu_school", "School-Secret-2468", "school", "2134010001")  # create user
    code = editable_kpis(SYSTEM, PLAN, engine=engine)[0].code
    record_update(root, code, "2024-03", 1, "系统管理员补录", engine=engine)                  # bureau_update
    revise.revise(SYSTEM, PLAN, code, {"note": "命令行修订"}, "2024-06", "局务会决定", engine=engine)  # kpi_version
    upload(SYSTEM, "坏文件.xlsx", b"not a workbook", period="2024-05", org_code="2134010001",
           commit=True, engine=engine)                                                        # upload_rejected
    expected = {("import_roster", "机构"), ("set_deadline", "填报期"), ("create", "用户"), ("bureau_update", "科室进展"),
                ("update", "指标定义"), ("upload_rejected", "报送文件")}
    labels = {a: audit.ACTION_LABELS.get(a, a) for a, _ in expected}
    wanted = {(labels[a], e) for a, e in expected}

    county = seen_by(engine, admin_of(engine, BUREAU))
    assert wanted <= county, wanted - county
    assert not wanted & seen_by(engine, admin_of(engine, OTHER_BUREAU))  # nothing of it leaks to another bureau
    assert wanted <= seen_by(engine, SYSTEM)
    # The system admin's own account creation concerns no bureau: only system admins see it.
    with read_session(engine) as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "create", AuditLog.entity_id == str(root.user_id)))
    assert row.bureau_id is None


def test_every_row_names_the_bureau_of_what_it_changed(engine):
    apply(engine, xlsx_bytes([HEADER, ["2134010001", "店埠中心小学", "店埠镇", "公办", None, None, None]]),
          admin_of(engine, BUREAU), filename="名册.xlsx")
    with read_session(engine) as s:
        county = s.scalar(select(OrgUnit.id).where(OrgUnit.code == BUREAU))
        rows = list(s.scalars(select(AuditLog)))
    assert rows and all(r.bureau_id == county for r in rows)
