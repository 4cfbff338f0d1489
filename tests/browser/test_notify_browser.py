"""In a real browser, the admin of 温岭 adds a 企业微信 group robot on 通知设置 and presses 发送测试消息:
the loopback robot receives "EduKPI 测试消息", and the page never shows the webhook's key again.
Screenshots of 通知设置 and 通知记录 at three sizes go to test-artifacts/."""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS, assert_no_exception, sign_in, start_app, wait_for_app
from tests.notify.conftest import clear
from tests.notify.robot import start_robot

pytestmark = pytest.mark.browser
KEY = "a1b2c3d4-5e6f-4a0b-9c8d-7e6f5a4bdead"


@pytest.fixture
def notify_app(demo_db, test_accounts, tmp_path):
    clear()
    proc, url, _log = start_app({"EDUKPI_NOTIFY_KEY_FILE": str(tmp_path / "notify.key")})
    robot = start_robot()
    yield url, robot
    robot.server.shutdown()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    clear()


def test_admin_adds_a_wecom_robot_and_its_test_message_arrives(notify_app, page):
    url, robot = notify_app
    sign_in(page, url, "demo_admin", path="notify_settings?plan=2025-taizhou", expect="通知设置")
    wait_for_app(page, "添加渠道")
    form = page.locator("[data-testid='stForm']").first
    form.get_by_label("渠道名称").fill("局长工作群")
    form.get_by_label("Webhook 地址").fill(robot.url(KEY))
    form.get_by_role("button", name="保存渠道").click()
    wait_for_app(page, "已保存渠道")
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    page.get_by_role("button", name="发送测试消息").click()
    wait_for_app(page, "测试消息已送达")
    assert [r.text for r in robot.received] == ["EduKPI 测试消息"]
    assert robot.received[0].body == {"msgtype": "text", "text": {"content": "EduKPI 测试消息"}}
    assert KEY not in page.content() and KEY[:-4] not in main.inner_text()
    for w, h in ((1920, 1080), (1366, 768), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(500)
        page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
        page.wait_for_timeout(200)
        page.screenshot(path=str(ARTIFACTS / f"notify_settings_{w}x{h}.png"), full_page=True)
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{url}/notify_log?plan=2025-taizhou")
    wait_for_app(page, "已送达")
    assert "EduKPI 测试消息" in main.inner_text()
    for w, h in ((1920, 1080), (1366, 768), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(500)
        page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
        page.wait_for_timeout(200)
        page.screenshot(path=str(ARTIFACTS / f"notify_log_{w}x{h}.png"), full_page=True)
