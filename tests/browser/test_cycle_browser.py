"""The monthly loop in a real browser with the demo accounts: the school uploads → the district returns
it with a reason → the school sees the reason and uploads again → the district approves → the bureau
locks the period → a further upload is refused in Chinese, and nothing is written."""

from __future__ import annotations

import pytest

from db.session import write_session
from tests.browser.conftest import ARTIFACTS, assert_no_exception, choose, sign_in, wait_for_app
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.workflow.helpers import PLAN, snapshot, state_row, who
from workflow import cycle
from workflow.states import State

pytestmark = pytest.mark.browser
PERIOD, PERIOD_LABEL = "2026-10", "2026年10月"


@pytest.fixture
def person(browser):
    contexts = []

    def open_as(username: str):
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        contexts.append((username, ctx))
        return ctx.new_page()

    yield open_as
    for username, ctx in contexts:
        for pg in ctx.pages:  # where each person ended up, for the record
            pg.screenshot(path=str(ARTIFACTS / f"cycle-last-{username}.png"), full_page=True)
        ctx.close()


def pick(pg, testid: str, label: str, text: str) -> None:
    """Choose an option by typing it into the box (a long page's dropdown opens out of view)."""
    box = pg.locator(f"[data-testid='{testid}']").filter(has_text=label).first
    box.scroll_into_view_if_needed()
    combo = box.get_by_role("combobox")
    combo.click()
    combo.press_sequentially(text)
    pg.locator("[role='option']").filter(has_text=text).first.wait_for(timeout=10_000)
    combo.press("Enter")
    pg.wait_for_timeout(300)
    wait_for_app(pg)


def main_text(pg) -> str:
    return pg.locator("[data-testid='stMain']").inner_text()


def school_uploads(pg, tmp_path, name: str, students: int, expect: str = "已提交"):
    pg.goto(f"{pg.url.split('/')[0]}//{pg.url.split('/')[2]}/upload?period={PERIOD}")
    wait_for_app(pg, "在线填报")
    pg.get_by_role("tab", name="上传文件").click()  # 在线填报 is the first tab
    wait_for_app(pg, "第一步：下载模板")
    with pg.expect_download() as dl:
        pg.get_by_role("button", name="下载填报模板").click()
    template = tmp_path / f"t-{name}"
    dl.value.save_as(template)
    filled = tmp_path / name
    filled.write_bytes(fill(template.read_bytes(), default=dict(PRIMARY, 在校学生数=students)))
    pg.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(filled))
    if expect != "已提交":
        wait_for_app(pg, expect)
        return
    wait_for_app(pg, "第三步：核对并提交")
    pg.get_by_role("button", name="确认提交").click()
    wait_for_app(pg, f"已提交：{name}")
    assert_no_exception(pg)


def test_the_whole_loop(app_url, person, tmp_path):
    try:
        school = person("demo_school")
        sign_in(school, app_url, "demo_school")  # lands on 我的待办
        assert "退回待改" in main_text(school) or "本月填报" in main_text(school)
        school_uploads(school, tmp_path, "十月.xlsx", 812)
        assert state_row(SCHOOL, PERIOD)[0] == State.SUBMITTED

        district = person("demo_district")
        sign_in(district, app_url, "demo_district")
        assert "所学校待审核" in main_text(district)
        district.goto(f"{app_url}/review?plan={PLAN}&period={PERIOD}")
        wait_for_app(district, "审核通过")
        assert PERIOD_LABEL in main_text(district)
        pick(district, "stSelectbox", "退回的学校", "太平第一小学")
        district.get_by_label("退回原因（学校会在数据填报页面看到）").fill("在校学生数与学籍系统不一致，请更正")
        district.get_by_role("button", name="退回").click()
        wait_for_app(district, "已退回“太平第一小学”")
        assert_no_exception(district)
        assert state_row(SCHOOL, PERIOD)[0] == State.RETURNED

        school.goto(f"{app_url}/")
        wait_for_app(school, "我的待办")
        assert f"{PERIOD_LABEL}报表已退回，请改正后重新提交" in main_text(school)
        assert "在校学生数与学籍系统不一致，请更正" in main_text(school)
        school.screenshot(path=str(ARTIFACTS / "cycle-school-returned.png"), full_page=True)
        school.goto(f"{app_url}/upload?period={PERIOD}")
        wait_for_app(school, "本期报表已被退回")
        assert "在校学生数与学籍系统不一致，请更正" in main_text(school)
        school_uploads(school, tmp_path, "十月更正.xlsx", 815)
        assert state_row(SCHOOL, PERIOD)[0] == State.SUBMITTED

        district.goto(f"{app_url}/review?plan={PLAN}&period={PERIOD}")
        wait_for_app(district, "审核通过")
        pick(district, "stMultiSelect", "选择学校", "太平第一小学")
        district.keyboard.press("Escape")
        wait_for_app(district)
        district.get_by_role("button", name="审核通过所选学校").click()
        wait_for_app(district, "已审核通过 1 所学校")
        assert state_row(SCHOOL, PERIOD)[0] == State.REVIEWED

        bureau = person("demo_leader")
        sign_in(bureau, app_url, "demo_leader")
        bureau.goto(f"{app_url}/review?plan={PLAN}&period={PERIOD}")
        wait_for_app(bureau, "确认与锁定")
        bureau.get_by_role("button", name=f"确认并锁定{PERIOD_LABEL}").click()
        wait_for_app(bureau, f"{PERIOD_LABEL}已确认并锁定")
        assert_no_exception(bureau)
        assert state_row(SCHOOL, PERIOD)[0] == State.CONFIRMED

        before = snapshot()
        school_uploads(school, tmp_path, "锁定后.xlsx", 900, expect="本次没有写入任何数据")
        text = main_text(school)
        assert f"{PERIOD_LABEL}的数据已于" in text and "由演示局领导确认并锁定" in text
        assert "请联系本局管理员（演示管理员）解锁" in text
        assert_no_exception(school)
        school.screenshot(path=str(ARTIFACTS / "cycle-upload-refused.png"), full_page=True)
        assert snapshot() == before
    finally:
        from workflow.locks import lock_of  # leave the shared database open for other tests
        with write_session() as s:
            from sqlalchemy import select

            from db.models import Plan
            bureau_id = s.scalar(select(Plan.bureau_id).where(Plan.plan_key == PLAN))
            if lock_of(s, bureau_id, PERIOD) is not None:
                cycle.unlock(s, who("demo_admin"), PLAN, PERIOD, "浏览器测试结束")
