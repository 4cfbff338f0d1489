"""The trusted reverse-proxy header mode in the real browser: an SSO gateway on an allowed
address vouches for a user; without the mode, or for an unknown user, the 登录 page shows."""

import subprocess
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import start_app, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sso_app_url(demo_db, test_accounts):
    # The browser connects from 127.0.0.1, which the default allow-list (127.0.0.1, ::1) treats as
    # the proxy: the app reads the raw peer of the connection, not st.context.ip_address (None here).
    proc, url, _log = start_app({"EDUKPI_TRUSTED_HEADER": "X-Remote-User"})
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def open_with_header(browser, url, username, extra=None):
    headers = {"X-Remote-User": username} if username else {}
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN",
                                  extra_http_headers={**headers, **(extra or {})})
    outside = []

    def guard(route):  # as the page fixture: nothing may leave this machine
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost", "::1") or \
                route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.goto(url)
    context.outside = outside
    return context, pg


def test_gateway_header_signs_the_user_in_without_a_password(sso_app_url, browser):
    context, pg = open_with_header(browser, sso_app_url, "demo_district")
    try:
        wait_for_app(pg, "总览")
        side = pg.locator("[data-testid='stSidebar']").inner_text()
        assert "当前用户：演示片区（片区/街道）" in side
        assert "退出登录" not in side  # the gateway, not EduKPI, ends this sign-in
    finally:
        outside = context.outside
        context.close()
    assert not outside, f"页面试图访问外网：{outside}"


def test_the_gateway_is_still_the_peer_when_it_forwards_the_client_address(sso_app_url, browser):
    """nginx as in the README sends X-Forwarded-For; Uvicorn must not put that client in the peer's
    place (python app.py turns its proxy-header handling off), or the gateway would not be believed."""
    context, pg = open_with_header(browser, sso_app_url, "demo_district",
                                   {"X-Forwarded-For": "203.0.113.50", "X-Real-IP": "203.0.113.50"})
    try:
        wait_for_app(pg, "总览")
        assert "当前用户：演示片区（片区/街道）" in pg.locator("[data-testid='stSidebar']").inner_text()
    finally:
        outside = context.outside
        context.close()
    assert not outside, f"页面试图访问外网：{outside}"


@pytest.mark.parametrize("username", ["no_such_user", None])
def test_unknown_or_missing_header_shows_the_sign_in_page(sso_app_url, browser, username):
    context, pg = open_with_header(browser, sso_app_url, username)
    try:
        wait_for_app(pg, "登录")
        pg.locator("[data-testid='stForm']").get_by_label("用户名").wait_for(timeout=30_000)
        assert "当前用户" not in pg.locator("[data-testid='stSidebar']").inner_text()
    finally:
        outside = context.outside
        context.close()
    assert not outside, f"页面试图访问外网：{outside}"


def test_the_header_is_ignored_when_the_mode_is_off(app_url, browser):
    context, pg = open_with_header(browser, app_url, "demo_admin")  # the usual app: mode off
    try:
        wait_for_app(pg, "登录")
        pg.locator("[data-testid='stForm']").get_by_label("用户名").wait_for(timeout=30_000)
        assert "当前用户" not in pg.locator("[data-testid='stSidebar']").inner_text()
    finally:
        outside = context.outside
        context.close()
    assert not outside, f"页面试图访问外网：{outside}"
