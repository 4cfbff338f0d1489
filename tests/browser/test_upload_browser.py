"""In a real browser: download the school's template, fill it, upload it, see it accepted, and find
the value in the database. Until sign-in lands the browser acts as the system admin, who picks the
school; the dashboard cross-check is added by the lead after the dashboards merge."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Submission
from tests.stored_values import values_by_element
from db.session import read_session
from tests.browser.conftest import ARTIFACTS, assert_no_exception, choose, sign_in, wait_for_app
from tests.ingest.helpers import PRIMARY, SCHOOL, fill

pytestmark = pytest.mark.browser
PERIOD = "2025-11"


def stored(code: str, period: str) -> dict[str, float]:
    with read_session() as s:
        return values_by_element(s, code, period)


def open_upload_page(page, app_url, username="demo_school"):
    # Sign in and enter through the sidebar as a person does.
    sign_in(page, app_url, username)
    page.locator("[data-testid='stSidebar']").get_by_text("数据填报").click()
    wait_for_app(page, "在线填报")
    page.get_by_role("tab", name="上传文件").click()  # 在线填报 is the first tab
    wait_for_app(page, "第一步：下载模板")


def test_download_fill_upload_accept(app_url, page, tmp_path):
    """The demo school officer (太平第一小学) fills the template and sees the value accepted."""
    open_upload_page(page, app_url)
    assert page.get_by_text("填报单位：").first.is_visible()  # fixed to their own school, no picker
    assert "太平第一小学" in page.locator("[data-testid='stMain']").inner_text()
    choose(page, "填报期间", "2025年11月")
    assert_no_exception(page)
    assert page.get_by_text("报送截止时间：2025年12月10日 23:59").is_visible()
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载填报模板").click()
    download = dl.value
    assert download.suggested_filename == f"{SCHOOL}_{PERIOD}_填报模板.xlsx"
    template = (tmp_path / "t.xlsx")
    download.save_as(template)
    filled = tmp_path / "太平一小11月.xlsx"
    filled.write_bytes(fill(template.read_bytes(), default=dict(PRIMARY, 近视学生数=288)))

    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(filled))
    wait_for_app(page, "第三步：核对并提交")
    assert_no_exception(page)
    assert "7 个" in page.locator("[data-testid='stMetric']").nth(1).inner_text()
    assert stored(SCHOOL, PERIOD).get("myopia_students") != 288  # nothing written before submitting
    page.screenshot(path=str(ARTIFACTS / "upload-preview.png"), full_page=True)
    page.get_by_role("button", name="确认提交").click()
    wait_for_app(page, "已提交")
    assert_no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "已提交：太平一小11月.xlsx，1 所学校、7 个数值已写入2025年11月数据" in body
    page.screenshot(path=str(ARTIFACTS / "upload-accepted.png"), full_page=True)
    assert stored(SCHOOL, PERIOD)["myopia_students"] == 288
    with read_session() as s:
        sub = s.scalars(select(Submission).where(Submission.filename == "太平一小11月.xlsx")).one()
        assert sub.status == "accepted" and sub.content == filled.read_bytes()


def test_rejected_file_lists_problems(app_url, page, tmp_path):
    open_upload_page(page, app_url, "demo_admin")
    choose(page, "填报单位", "太平第一小学")
    page.get_by_role("tab", name="上传文件").click()  # the school chosen, the page starts again on 在线填报
    wait_for_app(page, "第一步：下载模板")
    bad = tmp_path / "照片.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    wait_for_app(page, "未通过检查")
    assert_no_exception(page)
    assert page.get_by_text("文件“照片.xlsx”未通过检查，共 1 处问题，数据没有写入。", exact=False).is_visible()
    page.screenshot(path=str(ARTIFACTS / "upload-rejected.png"), full_page=True)
