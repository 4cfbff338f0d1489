"""The users service: admins only, inside their bureau, every change audit-logged."""

import uuid

import pytest
from sqlalchemy import select

from auth import passwords, users
from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, OrgUnit, User
from db.session import read_session, write_session

PW = "Strong-Pass-2468"


def uname(prefix="u"):
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def org(code=None, level=None, bureau_code=None):
    with read_session() as s:
        q = select(OrgUnit)
        if code:
            q = q.where(OrgUnit.code == code)
        if level:
            q = q.where(OrgUnit.level == level)
        if bureau_code:
            b = s.scalar(select(OrgUnit).where(OrgUnit.code == bureau_code))
            q = q.where(OrgUnit.bureau_id == b.id)
        return s.scalars(q.order_by(OrgUnit.code)).first()


def admin_of(bureau_code):
    b = org(bureau_code)
    return Principal(user_id=None, username="adm", role="admin", bureau_id=b.id)


def user_row(username):
    with read_session() as s:
        return s.scalar(select(User).where(User.username == username))


def test_create_user_stores_an_argon2id_hash_and_audits_without_it(demo_db):
    school = org(level="school", bureau_code="331081")
    name = uname()
    with write_session() as s:
        u = users.create_user(s, SYSTEM, name, PW, "school", school.code, display_name="王老师")
        uid = u.id
    row = user_row(name)
    assert row.password_hash.startswith("$argon2id$") and passwords.verify_password(row.password_hash, PW)
    assert (row.role, row.scope_org_id, row.active) == ("school", school.id, True)
    with read_session() as s:
        log = s.scalars(select(AuditLog).where(AuditLog.entity == "user", AuditLog.entity_id == str(uid))).all()
    assert [a.action for a in log] == ["create"]
    assert log[0].after["scope"] == school.code and log[0].after["display_name"] == "王老师"
    assert PW not in str(log[0].after) and "argon2" not in str(log[0].after)


def test_principal_of_each_role_carries_its_bureau_and_scope(demo_db):
    bureau = org("331081")
    district = org(level="district", bureau_code="331081")
    name = uname()
    with write_session() as s:
        u = users.create_user(s, SYSTEM, name, PW, "district", district.code)
        p = users.principal_for(s, u)
    assert (p.role, p.bureau_id, p.scope_org_id) == ("district", bureau.id, district.id)
    name2 = uname()
    with write_session() as s:
        u = users.create_user(s, SYSTEM, name2, PW, "department", bureau.code, department="体卫艺科")
        p = users.principal_for(s, u)
    assert (p.role, p.bureau_id, p.department, p.scope_org_id) == ("department", bureau.id, "体卫艺科", None)


@pytest.mark.parametrize("role, scope_level, dept, message", [
    ("school", "district", None, "数据范围必须是学校"),
    ("district", "school", None, "数据范围必须是片区/街道"),
    ("leader", None, None, "必须指定所属教育局"),
    ("department", "bureau", None, "必须填写所属科室"),
    ("boss", "bureau", None, "角色“boss”不存在"),
])
def test_wrong_scopes_are_refused_and_nothing_is_written(demo_db, role, scope_level, dept, message):
    scope = org(level=scope_level, bureau_code="331081").code if scope_level not in (None, "bureau") else (
        "331081" if scope_level == "bureau" else None)
    name = uname()
    with pytest.raises(users.UserError) as exc:
        with write_session() as s:
            users.create_user(s, SYSTEM, name, PW, role, scope, dept)
    assert message in str(exc.value)
    assert user_row(name) is None


def test_weak_password_and_duplicate_name_are_refused(demo_db):
    school = org(level="school", bureau_code="331081")
    name = uname()
    with pytest.raises(passwords.WeakPassword):
        with write_session() as s:
            users.create_user(s, SYSTEM, name, "12345678", "school", school.code)
    assert user_row(name) is None
    with write_session() as s:
        users.create_user(s, SYSTEM, name, PW, "school", school.code)
    with pytest.raises(users.UserError, match="已被使用"):
        with write_session() as s:
            users.create_user(s, SYSTEM, name, PW, "school", school.code)


def test_only_admins_manage_users_and_only_in_their_bureau(demo_db):
    own_school = org(level="school", bureau_code="331081")
    other_school = org(level="school", bureau_code="420500")
    wenling_admin = admin_of("331081")
    leader = Principal(None, "boss", "leader", bureau_id=wenling_admin.bureau_id)
    name = uname()
    with pytest.raises(PermissionDenied):
        with write_session() as s:
            users.create_user(s, leader, name, PW, "school", own_school.code)
    with pytest.raises(PermissionDenied):
        with write_session() as s:
            users.create_user(s, wenling_admin, name, PW, "school", other_school.code)
    assert user_row(name) is None
    # A user of another bureau cannot be disabled, reset or re-scoped by this bureau's admin.
    other = uname()
    with write_session() as s:
        users.create_user(s, SYSTEM, other, PW, "school", other_school.code)
    for action in (lambda s: users.set_active(s, wenling_admin, other, False),
                   lambda s: users.reset_password(s, wenling_admin, other, "Another-Pass-97"),
                   lambda s: users.change_scope(s, wenling_admin, other, "school", own_school.code)):
        with pytest.raises(PermissionDenied):
            with write_session() as s:
                action(s)
    row = user_row(other)
    assert row.active and row.scope_org_id == other_school.id and passwords.verify_password(row.password_hash, PW)
    with read_session() as s:
        listed = {r.username for r in users.list_users(s, wenling_admin)}
        everyone = {r.username for r in users.list_users(s, SYSTEM)}
    assert other not in listed and other in everyone and "demo_school" in listed


def test_disable_reset_and_rescope_are_audited_with_before_and_after(demo_db):
    schools = [org(level="school", bureau_code="331081")]
    district = org(level="district", bureau_code="331081")
    adm = admin_of("331081")
    name = uname()
    with write_session() as s:
        u = users.create_user(s, SYSTEM, name, PW, "school", schools[0].code)
        uid = u.id
    with write_session() as s:
        users.set_active(s, adm, name, False)
    with write_session() as s:
        users.reset_password(s, adm, name, "Fresh-Secret-55")
    with write_session() as s:
        users.change_scope(s, adm, name, "district", district.code)
    row = user_row(name)
    assert not row.active and row.role == "district" and row.scope_org_id == district.id
    assert passwords.verify_password(row.password_hash, "Fresh-Secret-55")
    with read_session() as s:
        log = s.scalars(select(AuditLog).where(AuditLog.entity == "user", AuditLog.entity_id == str(uid))
                        .order_by(AuditLog.id)).all()
    assert [a.action for a in log] == ["create", "disable", "reset_password", "change_scope"]
    assert (log[1].before["active"], log[1].after["active"]) == (True, False)
    assert (log[3].before["role"], log[3].after["role"]) == ("school", "district")
    assert (log[3].before["scope"], log[3].after["scope"]) == (schools[0].code, district.code)
    assert "Fresh-Secret-55" not in str(log[2].after)


def test_sql_and_html_in_text_fields_are_stored_verbatim(demo_db):
    school = org(level="school", bureau_code="331081")
    name = "x';DROP/**/TABLE/**/app_user;--" + uuid.uuid4().hex[:6]
    display = "<script>alert(1)</script><b>王</b>' OR '1'='1"
    dept = "科室\"); DELETE FROM audit_log; --"
    bureau = "331081"
    with write_session() as s:
        users.create_user(s, SYSTEM, name, PW, "school", school.code, display_name=display)
    dept_user = uname()
    with write_session() as s:
        users.create_user(s, SYSTEM, dept_user, PW, "department", bureau, department=dept)
    assert user_row(name).display_name == display
    assert user_row(dept_user).department == dept
    with read_session() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.after["display_name"].as_string() == display)) is not None
        assert s.scalar(select(User).where(User.username == "demo_admin")) is not None  # table still there
