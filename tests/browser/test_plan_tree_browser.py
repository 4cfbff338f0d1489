"""A person opens EduKPI, switches between the five plans and reads each tree."""

import pytest

from kpis.catalog.files import load_catalog
from tests.browser.conftest import assert_no_exception, choose, sign_in, wait_for_app

pytestmark = pytest.mark.browser


def test_switch_plans_and_see_the_tree(app_url, page):
    # The README's path: the demo system-wide admin sees every plan
    sign_in(page, app_url, "demo_sysadmin", path="plan_tree", expect="计划与指标")
    wait_for_app(page, "量化指标")
    assert page.get_by_role("heading", name="计划与指标").is_visible()
    for plan in load_catalog().plans:
        choose(page, "工作要点", plan["title"])
        assert_no_exception(page)
        assert f"{len(plan['kpis'])} 项" in page.locator("[data-testid='stMetric']").nth(2).inner_text()
        first_section = plan["sections"][0]
        assert page.locator("[data-testid='stExpander']").filter(has_text=first_section["title"]).count() >= 1
        body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
        k = plan["kpis"][0]
        assert k["code"] in body
        assert plan["plan"] in page.url
    page.screenshot(path="test-artifacts/plan-tree-last.png", full_page=True)


def test_deep_link_opens_the_plan(app_url, page):
    sign_in(page, app_url, "admin_all", path="plan_tree?plan=2021-wujin", expect="计划与指标")
    wait_for_app(page, "量化指标")
    assert_no_exception(page)
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "年內計劃新增學位6590個" in body
    assert "6,590 个" in body
