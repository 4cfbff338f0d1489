"""AppTest of 在线填报 on 数据填报: the form is prefilled with the values in force, one number is
changed, the preview shows it, 确认提交 stores it; a rule breach is shown under both fields."""

from streamlit.testing.v1 import AppTest

from tests.ingest.helpers import SCHOOL
from tests.pages.shown import shown
from tests.pages.test_upload_page import APP, officer, stored


def open_form(period_label: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = officer()
    at.run()
    at.switch_page("pages/upload.py").run()
    box = at.selectbox(key="upload_period")
    box.select(next(o for o in box.options if o == period_label)).run()
    assert not at.exception, at.exception
    return at


def test_correct_one_number_in_the_form(demo_db):
    period = "2025-08"
    before = stored(period)
    at = open_form("2025年8月")
    students = at.number_input(key=f"wf_{SCHOOL}_{period}_students")
    assert students.value == before["students"]  # prefilled with the value in force
    assert at.radio(key=f"wf_{SCHOOL}_{period}_smart_campus").value == ("是" if before["smart_campus"] else "否")
    assert any("本期已有报送数据" in shown(i.value) for i in at.info)
    students.set_value(int(before["students"]) + 2)
    at.button[0].click().run()  # 检查并预览 (the form's button)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("1 个与本期原有数据不同" in shown(m.value) for m in at.markdown)
    assert stored(period) == before  # the preview wrote nothing
    at.button(key="web_form_submit").click().run()
    assert not at.exception, at.exception
    assert shown(at.success[0].value).startswith(f"已提交：太平第一小学 2025年8月，7 个数值（其中 1 个与原有数据不同）")
    assert stored(period) == dict(before, students=before["students"] + 2)


def test_myopia_above_screened_is_shown_under_both_fields(demo_db):
    period = "2025-07"
    before = stored(period)
    at = open_form("2025年7月")
    at.number_input(key=f"wf_{SCHOOL}_{period}_myopia_students").set_value(int(before["vision_screened"]) + 40)
    at.button[0].click().run()
    assert not at.exception, at.exception
    texts = [shown(e.value) for e in at.error]
    rule = [t for t in texts if t.startswith("“近视学生数”为")]
    assert len(rule) == 2  # under 近视学生数 and under 视力筛查学生数
    assert f"多于“视力筛查学生数”的 {before['vision_screened']:g} 人" in rule[0]
    assert any("数据没有写入" in t for t in texts)
    assert stored(period) == before
