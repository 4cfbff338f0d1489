"""督办 in the real browser: a leader opens an item from a red card (card → 发起督办 → 保存), the
科室 reports the closure with a screenshot, the leader sees the screenshot in the note and accepts."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import assert_no_exception, sign_in, wait_for_app
from tests.followup.conftest import remove_items

pytestmark = pytest.mark.browser


def _png(path) -> None:  # noqa: ANN001
    img = Image.new("RGB", (320, 180), "#e8f0fb")
    for x in range(40, 280):
        for y in range(70, 110):
            img.putpixel((x, y), (31, 95, 168))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    path.write_bytes(buf.getvalue())


def test_leader_opens_from_a_red_card_the_department_closes_the_leader_accepts(app_url, page, browser, tmp_path):
    remove_items()
    try:
        sign_in(page, app_url, "demo_leader", path="overview?plan=2025-taizhou&period=2025-11", expect="总览")
        card = page.locator("[data-testid='stMain'] a.ek-card[data-kpi='TZ25-06']")
        card.wait_for(timeout=60_000)
        assert card.get_attribute("data-status") == "滞后"
        card.click()  # click 1: the card opens 指标详情
        wait_for_app(page, "月度趋势")
        page.get_by_role("button", name="发起督办").click()  # click 2: the form
        dialog = page.locator("[role='dialog']")
        dialog.get_by_label("原因分析").fill("两所新建公办园未按期投用，学位缺口约 360 个")
        dialog.get_by_label("整改措施").fill("12 月 20 日前完成消防验收并招生")
        dialog.get_by_role("button", name="保存").click()
        wait_for_app(page, "已发起第")
        assert_no_exception(page)
        page.get_by_text("督办 第").first.wait_for(timeout=30_000)

        # The 科室 finds it in its to-dos and asks to close it, with a screenshot.
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        dept = ctx.new_page()
        sign_in(dept, app_url, "demo_department")
        dept.locator("[data-testid='stSidebar']").get_by_text("督办", exact=True).click()
        wait_for_app(dept, "我的待办（1 项）")
        dept.get_by_role("button", name="处理").click()
        wait_for_app(dept, "办理过程（最新在前）")
        dept.get_by_text("申请办结", exact=True).click()
        dept.get_by_label("进展 / 办结说明").fill("两所新园已通过验收并招生 362 人，见截图")
        shot = tmp_path / "招生截图.png"
        _png(shot)
        dept.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(shot))
        dept.get_by_text(shot.name).first.wait_for(timeout=30_000)
        dept.get_by_role("button", name="提交", exact=True).click()
        wait_for_app(dept, "已提交办结申请")
        assert_no_exception(dept)
        ctx.close()

        # The leader sees the closing note with its screenshot and accepts it.
        page.locator("[data-testid='stSidebar']").get_by_text("督办", exact=True).click()
        wait_for_app(page, "待验收：公办园在园幼儿占比")
        page.get_by_role("button", name="处理").click()
        wait_for_app(page, "两所新园已通过验收并招生 362 人")
        assert page.locator("[data-testid='stMain'] [data-testid='stImage'] img").count() == 1
        page.get_by_role("button", name="验收通过").click()
        wait_for_app(page, "已验收通过")
        assert_no_exception(page)
        assert page.locator("[data-testid='stMain']").get_by_text("已办结").count() >= 1
    finally:
        remove_items()
