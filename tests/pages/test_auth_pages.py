"""AppTest of sign-in, role-based navigation, and the 用户管理 and 审计日志 pages."""

import uuid
from pathlib import Path


from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth import users
from auth.principal import SYSTEM, Principal
from db.models import OrgUnit, User
from db.session import read_session
from pages.common import md_escape
from tests.pages.html_views import sidebar_links

APP = Path(__file__).resolve().parents[2] / "app.py"
DEMO_PW = users.DEMO_PASSWORD


def app(principal=None, page=None, query=None):
    at = AppTest.from_file(str(APP), default_timeout=120)
    if principal is not None:
        at.session_state["principal"] = principal
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def demo_principal(username):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


def sign_in(at, username, password):
    boxes = {t.label: t for t in at.text_input}
    boxes["用户名"].input(username)
    boxes["密码"].input(password)
    next(b for b in at.button if b.label == "登录").click()
    at.run()
    assert not at.exception, at.exception
    return at


def links(at):
    return list(sidebar_links(at))


def test_nobody_signed_in_sees_only_the_sign_in_page(demo_db):
    at = app(query={"plan": "2022-yichang"})
    assert [t.value for t in at.title] == ["登录"]
    assert not at.metric and links(at) == []
    assert "demo_school" in str(at.get("table")[0].proto)  # demo accounts are listed on a demo database


def test_wrong_password_and_unknown_user_get_one_chinese_message(demo_db):
    at = app()
    sign_in(at, "demo_leader", "Wrong-Password-1")
    assert [e.value for e in at.error] == ["用户名或密码不正确，请检查后重试（注意大小写）。"]
    assert at.title[0].value == "登录"
    sign_in(at, f"nobody_{uuid.uuid4().hex[:5]}", DEMO_PW)
    assert at.error[0].value.startswith("用户名或密码不正确")
    sign_in(at, "", "")
    assert at.error[0].value == "请输入用户名和密码。"


def test_school_officer_signs_in_and_sees_only_their_bureau(demo_db):
    at = app(query={"plan": "2022-yichang"})  # a deep link into another bureau's plan
    sign_in(at, "demo_school", DEMO_PW)
    assert at.title[0].value == "我的待办"  # the first page after signing in (issue 14)
    at.switch_page("pages/plan_tree.py").run()
    assert at.title[0].value == "计划与指标"
    options = at.selectbox(key="plan").options
    assert options == ["2025年 · 温岭市教育局 · 市教育局2025年工作要点"]
    assert at.metric[2].value == "26 项"  # 2025-taizhou, not 2022-yichang
    text = " ".join(m.value for m in at.markdown)
    assert "YC22-" not in text and "TZ25-" in text


DASHBOARDS = ["我的待办", "总览", "计划与指标", "指标详情", "填报进度", "数据质量"]
BRIEFING = ["月度简报", "简报归档"]
EXPECTED_PAGES = {
    "demo_admin": DASHBOARDS + ["督办"] + BRIEFING + ["数据填报", "审核与确认", "科室填报", "计划导入", "指标定义修订", "用户管理",
                   "学校与填报期", "审计日志", "通知设置", "通知记录"],
    "demo_leader": DASHBOARDS + ["督办"] + BRIEFING + ["审核与确认"],
    "demo_department": DASHBOARDS + ["督办"] + BRIEFING + ["科室填报"],
    "demo_district": DASHBOARDS + ["督办", "数据填报", "审核与确认", "通知记录"],
    "demo_school": DASHBOARDS + ["数据填报"],
}


def test_roles_see_only_their_pages(demo_db):
    for name, expected in EXPECTED_PAGES.items():
        assert links(app(demo_principal(name))) == expected + ["修改密码"], name  # every role, under the name


def test_admin_pages_refuse_other_roles_even_when_opened_directly(demo_db):
    root = APP.parent
    for name in ("demo_leader", "demo_school", "demo_district", "demo_department"):
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state["principal"] = demo_principal(name)
        at.run()
        # (AppTest's switch_page runs the page file itself; app.py's refusal is tested in the browser)
        at.switch_page("pages/users.py").run()
        assert not at.exception and not at.dataframe and at.error, name
        for page in ("pages/users.py", "pages/audit.py"):  # and the page itself refuses, too
            direct = AppTest.from_file(str(root / page), default_timeout=120)
            direct.session_state["principal"] = demo_principal(name)
            direct.run()
            assert not direct.exception and not direct.dataframe, (name, page)
            assert [e.value for e in direct.error] in (["只有管理员可以管理用户。"], ["只有管理员可以查看审计日志。"])


def test_admin_creates_a_user_and_weak_passwords_are_refused(demo_db):
    admin = demo_principal("demo_admin")
    at = app(admin, page="pages/users.py")
    assert at.title[0].value == "用户管理"
    assert "demo_school" in at.dataframe[0].value["用户名"].tolist()
    at.selectbox(key="new_role").select("school").run()
    with read_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.level == "school", OrgUnit.bureau_id == admin.bureau_id)
                          .order_by(OrgUnit.code.desc()))
    at.selectbox(key="new_scope").select(school.code).run()
    name = f"ui_{uuid.uuid4().hex[:6]}"
    evil = "<img src=x onerror=alert(1)>'; DROP TABLE app_user;--"
    boxes = {t.label: t for t in at.text_input}
    boxes["用户名"].input(name)
    boxes["姓名"].input(evil)
    boxes["初始密码"].input("short")
    boxes["再输入一次"].input("short")
    next(b for b in at.button if b.label == "新建用户").click().run()
    assert any("密码太短" in e.value for e in at.error)
    with read_session() as s:
        assert s.scalar(select(User).where(User.username == name)) is None
    boxes = {t.label: t for t in at.text_input}
    boxes["初始密码"].input("Good-Secret-8080")
    boxes["再输入一次"].input("Good-Secret-8080")
    next(b for b in at.button if b.label == "新建用户").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == md_escape(f"已新建用户 {name}。")
    with read_session() as s:
        u = s.scalar(select(User).where(User.username == name))
    assert (u.role, u.scope_org_id, u.display_name) == ("school", school.id, evil)
    table = at.dataframe[0].value
    assert evil in table["姓名"].tolist()  # shown as text in a table cell, never as HTML


def test_audit_page_shows_who_changed_what_with_before_and_after(demo_db):
    name = f"aud_{uuid.uuid4().hex[:6]}"
    from db.session import write_session
    with write_session() as s:
        bureau = s.scalar(select(OrgUnit).where(OrgUnit.code == "331081"))
        users.create_user(s, SYSTEM, name, "Audit-Secret-42", "leader", bureau.code, display_name="审计测试")
    with write_session() as s:
        users.set_active(s, demo_principal("demo_admin"), name, False)
    at = app(demo_principal("demo_admin"), page="pages/audit.py")
    assert at.title[0].value == "审计日志"
    frame = at.dataframe[0].value
    mine = frame[frame["变更内容"].str.contains(name, regex=False)]
    assert "新建" in mine["操作"].tolist()
    disabled = frame[(frame["操作"] == "停用") & (frame["操作人"] == "演示管理员（demo_admin）")]
    assert any("启用：是 → 否" in c for c in disabled["变更内容"]), disabled
    # The admin of another bureau does not see this bureau's users' changes.
    with read_session() as s:
        yichang = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "420500"))
    other = app(Principal(None, "yc_admin", "admin", bureau_id=yichang), page="pages/audit.py")
    assert not other.dataframe or not other.dataframe[0].value["变更内容"].str.contains(name, regex=False).any()
