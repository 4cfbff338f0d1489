"""In a real browser, the admin of 温岭 downloads the school roster, adds a school row with openpyxl,
uploads it, sees the preview, confirms, finds the school listed; then sets a reporting deadline.
The demo bureau is put back afterwards."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from db.models import OrgUnit, ReportingPeriod
from db.session import read_session
from kpis import deadlines
from kpis.periods import current_period, label, shift
from tests.browser.conftest import ARTIFACTS, assert_no_exception, choose, sign_in, wait_for_app
from tests.cleanup import remove_schools, restore_deadline

pytestmark = pytest.mark.browser
NEW_CODE = "1110819902"
NEW_NAME = "泽国镇阳光幼儿园"
PERIOD = shift(current_period(), -1)


def stored_deadline():
    with read_session() as s:
        return s.scalar(select(ReportingPeriod.deadline).join(OrgUnit, OrgUnit.id == ReportingPeriod.bureau_id)
                        .where(OrgUnit.code == "331081", ReportingPeriod.period == PERIOD))


@pytest.fixture
def cleanup():
    old = stored_deadline()
    yield
    remove_schools([NEW_CODE])
    restore_deadline("331081", PERIOD, old)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_download_add_upload_confirm_and_set_a_deadline(app_url, page, tmp_path, cleanup):
    sign_in(page, app_url, "demo_admin", path="?plan=2025-taizhou")
    page.locator("[data-testid='stSidebar']").get_by_text("学校与填报期").click()
    wait_for_app(page, "第一步：下载名册")
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "org-admin-roster.png"), full_page=True)

    with page.expect_download() as dl:
        page.get_by_role("button", name="下载学校名册（.xlsx）").click()
    download = dl.value
    assert download.suggested_filename == "温岭市教育局_学校名册.xlsx"
    path = tmp_path / "名册.xlsx"
    download.save_as(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["学校名册"]
    existing = sum(1 for (code,) in ws.iter_rows(min_row=2, max_col=1, values_only=True) if code)
    # Type into the first empty row, as a person does (the rows below are pre-formatted as text).
    for col, value in enumerate([NEW_CODE, NEW_NAME, "泽国镇", "民办", "是", "2026-09"], start=1):
        ws.cell(existing + 2, col, value)
    buf = io.BytesIO()
    wb.save(buf)
    edited = tmp_path / "名册-新增一所.xlsx"
    edited.write_bytes(buf.getvalue())

    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(edited))
    wait_for_app(page, f"新增 1 所、修改 0 所、不变 {existing} 所学校。")
    assert_no_exception(page)
    preview = page.locator("[data-testid='stTabs'] [role='tabpanel']").first.locator("[data-testid='stDataFrame']").last
    preview.locator("[role='gridcell']").filter(has_text=NEW_CODE).first.wait_for(state="attached", timeout=30_000)  # glide keeps cell text in a hidden table
    page.screenshot(path=str(ARTIFACTS / "org-admin-roster-preview.png"), full_page=True)
    with read_session() as s:
        assert s.scalar(select(OrgUnit).where(OrgUnit.code == NEW_CODE)) is None  # nothing written yet
    page.get_by_role("button", name="确认导入").click()
    wait_for_app(page, "已导入学校名册")
    assert_no_exception(page)
    with read_session() as s:
        new = s.scalar(select(OrgUnit).where(OrgUnit.code == NEW_CODE))
        assert (new.name, new.ownership, new.inclusive, s.get(OrgUnit, new.parent_id).name) == (
            NEW_NAME, "民办", True, "泽国镇")
    # The school is listed: look it up in the full list (once the page has drawn it after the rerun).
    wait_for_app(page, "第二步：上传并核对")
    assert f"全部学校（{existing + 1} 所）" in main_text(page)
    box = page.get_by_label("查找学校")
    box.fill(NEW_NAME)
    box.press("Enter")
    wait_for_app(page, "找到 1 所学校。")
    found = page.locator("[data-testid='stTabs'] [role='tabpanel']").first.locator("[data-testid='stDataFrame']").nth(1)
    found.locator("[role='gridcell']").filter(has_text=NEW_NAME).first.wait_for(state="attached", timeout=30_000)
    assert_no_exception(page)

    page.get_by_role("tab", name="填报截止时间").click()
    page.get_by_text("要调整的填报期").wait_for(timeout=30_000)
    page.get_by_text("要调整的填报期").scroll_into_view_if_needed()  # the list of 14 periods sits above it
    page.mouse.wheel(0, 600)  # room below the box for its dropdown
    page.wait_for_timeout(300)
    choose(page, "要调整的填报期", label(PERIOD))
    y, m = map(int, current_period().split("-"))
    box = page.get_by_label("新的截止时间（北京时间，年-月-日 时:分）")
    box.fill(f"{y}-{m:02d}-20 18:00")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="保存截止时间").click()
    wanted = f"{y}年{m}月20日 18:00"
    wait_for_app(page, f"改为 {wanted}")
    assert_no_exception(page)
    assert deadlines.show(stored_deadline()) == wanted
    page.wait_for_timeout(1500)  # let the table finish drawing for the screenshot
    page.screenshot(path=str(ARTIFACTS / "org-admin-deadlines.png"), full_page=True)
