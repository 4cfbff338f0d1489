"""A leader opens EduKPI, reads the 总览 cards and clicks one to open its 指标详情."""

import re

import pytest

from tests.browser.conftest import assert_no_exception, choose, sign_in, wait_for_app

pytestmark = pytest.mark.browser


def _a_wenling_kindergarten() -> tuple[str, str]:
    """(标识码, name) of one school that reports TZ25-06 (温岭's kindergartens), read from the test database."""
    from sqlalchemy import select

    from db.models import OrgUnit
    from db.session import read_session

    with read_session() as s:
        row = s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.like("111081%"), OrgUnit.level == "school", OrgUnit.school_type == "11")
            .order_by(OrgUnit.code).offset(3).limit(1)).one()
    return row.code, row.name


def test_overview_cards_and_click_through_to_detail(app_url, page):
    sign_in(page, app_url, "demo_leader", path="overview?plan=2025-taizhou&period=2025-06", expect="总览")
    wait_for_app(page, "查看详情")
    assert_no_exception(page)
    assert page.get_by_role("heading", name="总览").is_visible()
    main = page.locator("[data-testid='stMain']")
    # One card per KPI of the plan: a link-card each, in one HTML block below the pickers.
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMain'] a.ek-card\").length >= 26",
                           timeout=60_000)
    cards = main.locator("a.ek-card")
    assert cards.count() == 26  # 2025-taizhou's KPIs (tests/seed/test_catalog.py TARGETS)
    assert main.get_by_text("已确认 ").count() >= 5  # coverage says how final (issue 14): 已确认 · 待审 · 未提交
    body = main.inner_text()
    for word in ("达标", "滞后（", "学前 · TZ25-06", "目标 ≥ 75%", "较上月"):
        assert word in body, word
    card = cards.filter(has_text="TZ25-06")
    assert card.count() == 1
    text = card.inner_text()
    status = card.get_attribute("data-status")
    assert "公办园在园幼儿占比" in text and status in text and "· 未提交 " in text and "目标 ≥ 75%" in text
    # The status colour is drawn: the chip and the bar share the status colour, the bar has a width.
    chip_bg = card.locator(".ek-chip").evaluate("e => getComputedStyle(e).backgroundColor")
    bar = card.locator(".ek-bar > div")
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == chip_bg != "rgba(0, 0, 0, 0)"
    assert bar.evaluate("e => e.getBoundingClientRect().width") > 0
    page.screenshot(path="test-artifacts/overview.png")

    # The filters sit in the 筛选 popover: choosing 幼儿园 leaves the three kindergarten KPIs.
    page.locator("[data-testid='stPopover'] button").first.click()
    choose(page, "学校类型", "幼儿园")
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMain'] a.ek-card\").length === 3",
                           timeout=60_000)
    assert "type=11" in page.url and "幼儿园" in main.locator(".ek-scope").inner_text()
    choose(page, "学校类型", "全部类型")
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stMain'] a.ek-card\").length === 26",
                           timeout=60_000)
    page.keyboard.press("Escape")  # close the popover

    page.evaluate("window.__sameDocument = true")  # gone if the click reloaded the app
    card.click()
    wait_for_app(page, "学校明细")  # the last section: the page has finished streaming
    assert_no_exception(page)
    assert "kpi_detail" in page.url and "kpi=TZ25-06" in page.url and "period=2025-06" in page.url
    assert page.get_by_role("heading", name="指标详情").is_visible()
    assert page.evaluate("window.__sameDocument === true"), "点击卡片重新加载了整个应用"
    wait_for_app(page, "公办园在园幼儿占比")  # the KPI's heading (the tabs can arrive first)
    detail = page.locator("[data-testid='stMain']").inner_text()
    assert "公办园在园幼儿占比" in detail and "片区排名" in detail and "学校明细" in detail
    # The trend is an SVG image (its alt text lists every month) and the district ranking HTML bars.
    page.wait_for_function("() => [...document.querySelectorAll('img.ek-wide')].some(i => i.complete && i.naturalWidth > 0)"
                           " && document.querySelectorAll('.ek-bars .ek-track').length == 8", timeout=60_000)
    assert "2025年6月：" in page.locator("img.ek-wide").first.get_attribute("alt")
    page.screenshot(path="test-artifacts/kpi-detail.png")

    # 学校明细: the search box narrows the table to one school, by part of its 标识码 or its name.
    code, name = _a_wenling_kindergarten()
    search = page.get_by_label("搜索学校")

    def find(text: str) -> None:  # the search sits in a popover above the list: open it when closed
        if not search.is_visible():
            main.get_by_role("button", name="搜索、筛选与排序").click()
        search.fill(text)
        search.press("Enter")

    find(code[-6:])
    main.get_by_text("共 1 所，显示第 1–1 所").wait_for(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)
    school_grid = main.locator("table.ek-table[aria-label='学校明细']")
    school_grid.scroll_into_view_if_needed()
    cells = school_grid.locator("td")
    cells.filter(has_text=name).first.wait_for(state="attached", timeout=30_000)
    assert code in cells.all_text_contents() and school_grid.locator("tr").count() == 2  # header + 1
    find("没有这所学校")
    main.get_by_text("没有符合条件的学校").wait_for(timeout=60_000)
    wait_for_app(page)
    assert main.get_by_role("button", name=re.compile(r"下载全部 \d+ 所学校明细（Excel）")).is_visible()
    find(name)
    main.get_by_text("共 1 所，显示第 1–1 所").wait_for(timeout=60_000)
    wait_for_app(page)
    assert main.get_by_text(f"当前：搜索“{name}”").is_visible()  # what the folded search has chosen
    page.keyboard.press("Escape")
    page.get_by_text("学校明细").first.scroll_into_view_if_needed()
    page.screenshot(path="test-artifacts/kpi-detail-search.png")
    # Back goes to the 总览 with its cards, still in the same session.
    page.go_back()
    wait_for_app(page, "TZ25-06 · 查看详情")
    assert page.get_by_role("heading", name="总览").is_visible() and page.evaluate("window.__sameDocument === true")


def test_a_card_link_opened_anew_keeps_the_user_signed_in(app_url, page):
    """A card is a plain link: opened in a new tab (or without scripts) it loads the app afresh and the
    sign-in cookie brings the user straight to the detail."""
    sign_in(page, app_url, "demo_leader", path="overview?plan=2025-taizhou&period=2025-06", expect="总览")
    page.locator("[data-testid='stMain'] a.ek-card").first.wait_for(timeout=60_000)
    href = page.locator("[data-testid='stMain'] a.ek-card").filter(has_text="TZ25-06").get_attribute("href")
    assert href.startswith("kpi_detail?") and "kpi=TZ25-06" in href
    fresh = page.context.new_page()
    try:
        fresh.goto(f"{app_url}/{href}")
        wait_for_app(fresh, "学校明细")
        wait_for_app(fresh, "公办园在园幼儿占比")  # the KPI's heading (the tabs can arrive first)
        assert_no_exception(fresh)
        assert fresh.get_by_role("heading", name="指标详情").is_visible()
        assert fresh.locator("[data-testid='stForm']").count() == 0  # no 登录 form
        assert "公办园在园幼儿占比" in fresh.locator("[data-testid='stMain']").inner_text()
    finally:
        fresh.close()


def test_progress_page_offers_the_excel_list(app_url, page):
    sign_in(page, app_url, "demo_leader", path="reporting_progress?plan=2025-taizhou&period=2025-12", expect="填报进度")
    wait_for_app(page, "催报名单")
    assert_no_exception(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("导出催报名单（Excel）").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    # The workbook is written on click (a callable passed to st.download_button): it must be the real list.
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    title = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active["A1"].value
    assert "2025年12月 催报名单" in title and "未报送" in title


def test_deep_link_to_the_detail_on_a_freshly_started_server(demo_db, test_accounts, page):
    """The first request of a new server must still go through app.py (principal, sidebar, routing)."""
    from tests.browser.conftest import start_app

    proc, url, _log = start_app()
    try:
        # Signed out, the link shows the 登录 form in place and opens the detail once signed in.
        sign_in(page, url, "admin_all", path="kpi_detail?plan=2021-wujin&kpi=WJ21-01&period=2021-06",
                expect="指标详情")
        wait_for_app(page, "指标定义")
        assert_no_exception(page)
        body = page.locator("[data-testid='stMain']").inner_text()
        # Routed through app.py on this very first run (`python app.py` starts Streamlit with its
        # legacy pages/ mode off): the sidebar is there and the page knows the principal and the KPI.
        assert "请先登录" not in body
        assert "WJ21-01" in body and "年內計劃新增學位6590個" in body, body
        page.locator("[data-testid='stSidebar']").get_by_text("总览").wait_for(state="visible", timeout=30_000)
        wait_for_app(page, "按进度应达 3,295 个")  # 6590 × 6/12, shown under the target
        page.wait_for_function("() => [...document.querySelectorAll('img.ek-wide')].some(i => i.complete && i.naturalWidth > 0)",
                               timeout=60_000)
        assert "进度线" in page.locator("[data-testid='stMain']").inner_text()  # the pace line's legend
    finally:
        proc.terminate()
        proc.wait(timeout=10)
