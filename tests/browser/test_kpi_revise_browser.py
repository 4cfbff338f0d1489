"""An admin revises a KPI's target in the browser and finds the new version in the detail's history."""

from tests.browser.conftest import assert_no_exception, choose, sign_in, wait_for_app


def test_admin_revises_a_target_and_sees_it_in_the_history(app_url, page):
    sign_in(page, app_url, "admin_all", path="kpi_revise?plan=2024-county", expect="指标定义修订")
    wait_for_app(page, "新定义从哪个月起生效")
    choose(page, "指标", "XC24-04")
    target = page.get_by_label("目标值（所）")
    target.fill("18")
    target.press("Enter")
    wait_for_app(page)
    # The month list is virtualised (only the options near the current one are in the page): type to filter.
    months = page.locator("[data-testid='stSelectbox']").filter(has_text="新定义从哪个月起生效").get_by_role("combobox")
    months.click()
    months.fill("2024年7月")
    page.locator("[role='option']").filter(has_text="2024年7月").first.click()
    wait_for_app(page)
    page.get_by_label("修改原因（必填，会显示在定义历史中）").fill("新增两个薄改项目")
    page.get_by_role("button", name="保存修订").click()
    wait_for_app(page, "已保存 XC24-04 的新定义（修改了目标值），自 2024年7月 起生效。")
    assert_no_exception(page)
    page.screenshot(path="test-artifacts/kpi-revise.png", full_page=True)

    page.get_by_text("在指标详情中查看定义历史").click()
    # Wait for the detail's own section heading: "定义历史" alone also matches the link just clicked,
    # which is still on screen until the detail's run replaces it (exact: the old page's heading is 指标定义修订).
    page.get_by_role("heading", name="指标定义", exact=True).wait_for(timeout=60_000)
    wait_for_app(page, "定义历史")
    assert_no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "XC24-04" in body and "指标定义" in body
