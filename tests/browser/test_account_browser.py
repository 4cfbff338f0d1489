"""修改密码 in the real browser: opened signed out it shows the 登录 form; signed in, the link under
the user's name changes the password, and after signing out only the new password works."""

import uuid

import pytest
from sqlalchemy import select

from auth import users
from auth.principal import SYSTEM
from db.models import OrgUnit
from db.session import write_session
from tests.browser.conftest import assert_no_exception, sign_in, wait_for_app

pytestmark = pytest.mark.browser
OLD = "Browser-Pass-2468"
NEW = "Changed-Pass-1357"


@pytest.fixture
def own_account(demo_db):
    """A test-only account, so the demo accounts' passwords stay what other tests expect."""
    name = f"pw_{uuid.uuid4().hex[:8]}"
    with write_session() as s:
        school = s.scalar(select(OrgUnit.code).where(OrgUnit.level == "school").order_by(OrgUnit.code))
        users.create_user(s, SYSTEM, name, OLD, "school", school, display_name="改密测试")
    return name


def test_change_own_password_then_sign_in_with_the_new_one(app_url, page, own_account):
    page.goto(f"{app_url}/account")
    wait_for_app(page, "登录")
    assert page.get_by_role("heading", name="登录").is_visible()  # signed out: the form in its place

    sign_in(page, app_url, own_account, OLD)
    side = page.locator("[data-testid='stSidebar']")
    assert "当前用户：改密测试（学校填报员）" in side.inner_text()
    side.get_by_role("link", name="修改密码").click()
    wait_for_app(page, "新密码要求")
    form = page.locator("[data-testid='stForm']")
    form.get_by_label("当前密码").fill(OLD)
    form.get_by_label("新密码", exact=True).fill(NEW)
    form.get_by_label("确认新密码").fill(NEW + "x")
    form.get_by_role("button", name="修改密码").click()
    wait_for_app(page, "两次输入的新密码不一致")
    assert_no_exception(page)

    form.get_by_label("当前密码").fill(OLD)
    form.get_by_label("新密码", exact=True).fill(NEW)
    form.get_by_label("确认新密码").fill(NEW)
    form.get_by_role("button", name="修改密码").click()
    wait_for_app(page, "密码已修改")
    assert_no_exception(page)
    page.screenshot(path="test-artifacts/account-page.png", full_page=True)

    side.get_by_role("button", name="退出登录").click()
    wait_for_app(page, "您已退出登录")
    sign_in(page, app_url, own_account, OLD, expect=None)
    wait_for_app(page, "用户名或密码不正确")
    sign_in(page, app_url, own_account, NEW)
    assert "当前用户：改密测试（学校填报员）" in side.inner_text()
