"""In a real browser, on a phone (390×844) and on a desktop (1920×1080): the demo school officer
opens 数据填报, changes one number in the 在线填报 form, previews, submits, and finds the value on
总览 (its card for 中小学生每天综合体育活动时间, in the school's own scope)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, assert_no_exception, choose, sign_in, wait_for_app
from tests.ingest.helpers import SCHOOL
from tests.stored_values import values_by_element
from db.session import read_session

pytestmark = pytest.mark.browser


def stored(period: str) -> dict[str, float]:
    with read_session() as s:
        return values_by_element(s, SCHOOL, period)


@pytest.mark.parametrize("width, height, period, month, hours", [
    (390, 844, "2025-06", "2025年6月", "3.7"),
    (1920, 1080, "2025-07", "2025年7月", "3.4"),  # not January–May: the demo locked those
])
def test_fill_the_form_and_see_the_value_on_the_overview(app_url, browser, width, height, period, month, hours):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    try:
        sign_in(page, app_url, "demo_school")
        page.goto(f"{app_url}/upload")
        wait_for_app(page, "在线填报")
        choose(page, "填报期间", month)
        assert_no_exception(page)
        label = "日均综合体育活动时长（小时）"
        field = page.get_by_label(label)
        field.wait_for()
        before = stored(period)
        assert field.input_value() == f"{before['pe_daily_hours']:g}"  # prefilled with the value in force
        box = field.bounding_box()
        assert box["height"] >= 40 and box["x"] + box["width"] <= width  # large enough to tap, inside the screen
        field.fill(hours)
        page.get_by_role("button", name="检查并预览").click()
        wait_for_app(page, "核对后提交")
        assert_no_exception(page)
        no_scroll = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert no_scroll, "页面出现了横向滚动"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"form-preview-{width}.png"), full_page=True)
        assert stored(period) == before
        page.get_by_role("button", name="确认提交").click()
        wait_for_app(page, "已提交")
        assert_no_exception(page)
        page.screenshot(path=str(ARTIFACTS / f"form-submitted-{width}.png"), full_page=True)
        assert stored(period) == dict(before, pe_daily_hours=float(hours))
        page.goto(f"{app_url}/overview?plan=2025-taizhou&period={period}&school={SCHOOL}")
        wait_for_app(page, "总览")
        card = page.locator("a.ek-card[data-kpi='TZ25-02']").first
        card.wait_for()
        assert hours in card.inner_text(), card.inner_text()
    finally:
        context.close()
