"""Sign-in in the real browser: the session survives a reload, sign-out ends it on the server,
an expired or forged token signs nobody in, and each role sees only its pages."""

import secrets
from datetime import timedelta

import pytest

from auth import sessions
from db.session import write_session
from tests.browser.conftest import DEMO_PASSWORD, assert_no_exception, sign_in, wait_for_app

pytestmark = pytest.mark.browser
COOKIE = sessions.COOKIE_NAME


def session_cookie(page):
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def sidebar(page):
    return page.locator("[data-testid='stSidebar']").inner_text()


def signed_in_sidebar(page):
    """The sidebar once its page list is drawn: after a reload the main page can stand before the sidebar's list does."""
    page.locator("[data-testid='stSidebar'] nav.ek-nav").first.wait_for(timeout=30_000)
    return sidebar(page)


def on_login_page(page):
    wait_for_app(page, "登录")
    field = page.locator("[data-testid='stForm']").get_by_label("用户名")
    field.wait_for(timeout=30_000)
    wait_for_app(page)
    return field.is_visible()


def test_sign_in_survives_a_reload_and_sign_out_ends_it_on_the_server(app_url, page):
    sign_in(page, app_url, "demo_leader")
    assert_no_exception(page)
    assert "当前用户：演示局领导（局领导）" in signed_in_sidebar(page)
    assert "用户管理" not in sidebar(page) and "审计日志" not in sidebar(page)
    cookie = session_cookie(page)
    assert cookie and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert 0 < cookie["expires"] and len(cookie["value"]) >= 40
    token = cookie["value"]

    page.reload()
    wait_for_app(page, "我的待办")  # the first page after signing in (issue 14)
    assert page.get_by_role("heading", name="我的待办").is_visible()
    assert "当前用户：演示局领导（局领导）" in signed_in_sidebar(page)

    page.locator("[data-testid='stSidebar']").get_by_role("button", name="退出登录").click()
    assert on_login_page(page)
    assert page.get_by_text("您已退出登录。").is_visible()
    page.wait_for_timeout(500)
    assert session_cookie(page) is None  # removed from the browser …
    page.reload()
    assert on_login_page(page)
    # … and revoked on the server: putting the old token back signs nobody in.
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": app_url, "sameSite": "Strict"}])
    page.reload()
    assert on_login_page(page)
    assert "计划与指标" not in sidebar(page)


def _token_issued(username, at):
    with write_session() as s:
        return sessions.sign_in(s, username, DEMO_PASSWORD, "测试", now=at).signed_in.token


@pytest.mark.parametrize("kind", ["expired", "forged"])
def test_expired_or_forged_token_signs_nobody_in(app_url, page, kind):
    if kind == "expired":
        token = _token_issued("demo_school", sessions.now_utc() - sessions.session_lifetime() - timedelta(minutes=1))
    else:
        token = secrets.token_urlsafe(32)
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": app_url, "sameSite": "Strict"}])
    page.goto(app_url)
    assert on_login_page(page)
    assert_no_exception(page)
    assert page.get_by_text("登录已失效，请重新登录。").is_visible()
    assert "当前用户" not in page.locator("[data-testid='stSidebar']").inner_text()
    page.wait_for_timeout(500)
    assert session_cookie(page) is None  # the stale cookie is cleared


def test_a_live_token_from_another_tab_signs_in_without_the_form(app_url, page):
    token = _token_issued("demo_district", sessions.now_utc())
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": app_url, "sameSite": "Strict"}])
    page.goto(app_url)
    wait_for_app(page, "我的待办")
    assert "当前用户：演示片区（片区/街道）" in signed_in_sidebar(page)


def test_wrong_password_in_the_browser(app_url, page):
    sign_in(page, app_url, "demo_admin", "Not-The-Password-1", expect=None)
    wait_for_app(page, "用户名或密码不正确")  # argon2 takes a second or more under load
    assert page.get_by_text("用户名或密码不正确").first.is_visible()
    assert session_cookie(page) is None


def test_school_officer_cannot_reach_another_bureau_by_query_parameter(app_url, page):
    sign_in(page, app_url, "demo_school", path="plan_tree?plan=2022-yichang", expect="计划与指标")
    wait_for_app(page, "量化指标")
    assert_no_exception(page)
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "TZ25-01" in body and "YC22-" not in body and "宜昌" not in body
    assert "2025-taizhou" in page.url
    page.goto(f"{app_url}/audit")  # a page of another role, by its address
    wait_for_app(page, "无权打开")
    main = page.locator("[data-testid='stMain']")
    assert "您的角色（学校填报员）无权打开“审计日志”页面。" in main.inner_text()
    assert main.locator("[data-testid='stDataFrame'], [data-testid='stTable']").count() == 0


def test_admin_sees_users_and_audit_pages(app_url, page):
    sign_in(page, app_url, "demo_admin")
    for title in ("用户管理", "审计日志"):
        page.locator("[data-testid='stSidebar']").get_by_text(title).click()
        wait_for_app(page, title)
        assert_no_exception(page)
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
        wait_for_app(page)
        assert_no_exception(page)
    page.screenshot(path="test-artifacts/audit-page.png", full_page=True)
    page.locator("[data-testid='stSidebar']").get_by_text("用户管理").click()
    page.locator("[data-testid='stTabs']").first.wait_for(timeout=30_000)
    wait_for_app(page)
    page.screenshot(path="test-artifacts/users-page.png", full_page=True)


def test_html_in_names_shows_as_text(app_url, page):
    from sqlalchemy import select

    from auth import users
    from auth.principal import SYSTEM
    from db.models import OrgUnit, User

    evil = "<img src=x onerror=alert(1)>**粗体**<script>alert(2)</script>"
    with write_session() as s:
        if s.scalar(select(User.id).where(User.username == "html_name")) is None:
            school = s.scalar(select(OrgUnit.code).where(OrgUnit.level == "school").order_by(OrgUnit.code))
            users.create_user(s, SYSTEM, "html_name", DEMO_PASSWORD, "school", school, display_name=evil)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, app_url, "html_name")
    side = page.locator("[data-testid='stSidebar']")
    assert f"当前用户：{evil}（学校填报员）" in side.inner_text()
    assert side.locator("img").count() == 0 and side.locator("strong").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []


def test_failed_sign_ins_behind_a_proxy_count_per_forwarded_client(app_url, browser):
    """The browser here connects from 127.0.0.1, a trusted proxy by default, as nginx would: the
    failure is counted for the address nginx appended to X-Forwarded-For, not for "本机" (everyone)."""
    from sqlalchemy import select

    from db.models import SignInAttempt
    from db.session import read_session

    name = f"nobody_{secrets.token_hex(4)}"
    context = browser.new_context(locale="zh-CN", extra_http_headers={
        "X-Forwarded-For": "198.51.100.23, 203.0.113.77", "X-Real-IP": "203.0.113.77"})
    try:
        pg = context.new_page()
        sign_in(pg, app_url, name, "Not-The-Password-1", expect=None)
        wait_for_app(pg, "用户名或密码不正确")
    finally:
        context.close()
    with read_session() as s:
        clients = s.scalars(select(SignInAttempt.client).where(SignInAttempt.username == name)).all()
    assert clients == ["203.0.113.77"]
