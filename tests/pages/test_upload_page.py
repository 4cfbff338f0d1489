"""AppTest of the 数据填报 page: a school officer uploads through st.file_uploader."""

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM, Principal
from db.models import OrgUnit
from tests.stored_values import values_by_element
from db.session import read_session
from ingest.template import build_template
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.pages.shown import shown
from tests.pages.html_views import sidebar_links

APP = Path(__file__).resolve().parents[2] / "app.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def officer() -> Principal:
    with read_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.code == SCHOOL))
    return Principal(user_id=None, username="taiping1", role="school", bureau_id=school.bureau_id,
                     scope_org_id=school.id, display_name="太平一小填报员")


def open_page(principal: Principal, period_label: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = principal
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    box = at.selectbox(key="upload_period")
    box.select(next(o for o in box.options if o == period_label)).run()
    assert not at.exception, at.exception
    return at


def stored(period: str) -> dict[str, float]:
    with read_session() as s:
        return values_by_element(s, SCHOOL, period)


def test_school_officer_uploads_previews_and_submits(demo_db):
    period = "2025-10"
    at = open_page(officer(), "2025年10月")
    assert at.title[0].value == "数据填报"
    assert "太平第一小学" in " ".join(m.value for m in at.markdown)
    assert any("报送截止时间：2025年11月10日 23:59" in c.value for c in at.caption)
    before = stored(period)
    content = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=before["students"] + 3, 视力筛查学生数=before["students"]))
    at.file_uploader[0].upload("本校10月.xlsx", content, XLSX).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["学校"] == "1 所" and metrics["数值"] == "7 个"
    assert stored(period) == before  # a preview writes nothing
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    assert shown(at.success[0].value).startswith("已提交：本校10月.xlsx，1 所学校、7 个数值已写入2025年10月数据")
    assert stored(period)["students"] == before["students"] + 3
    assert stored(period)["myopia_students"] == 301


def test_bad_file_shows_cell_level_errors(demo_db):
    at = open_page(officer(), "2025年9月")
    content = fill(build_template(SYSTEM, SCHOOL, "2025-09"), default=dict(PRIMARY, 近视学生数="三百"))
    before = stored("2025-09")
    at.file_uploader[0].upload("错误.xlsx", content, XLSX).run()
    assert not at.exception, at.exception
    assert shown(at.error[0].value).startswith("文件“错误.xlsx”未通过检查，共 1 处问题，数据没有写入。")
    table = at.table[0].value
    assert list(table.columns) == ["学校", "行", "列", "填写内容", "问题与改正方法"]
    assert table.iloc[0]["行"] == "3" and table.iloc[0]["填写内容"] == "三百"
    assert table.iloc[0]["学校"] == "太平第一小学"
    assert "不是数字" in table.iloc[0]["问题与改正方法"]
    assert stored("2025-09") == before
    assert len(at.button) == 0 or all(b.key != "upload_submit" for b in at.button)


def test_leader_cannot_use_the_page(demo_db):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = Principal(user_id=None, username="boss", role="leader", bureau_id=officer().bureau_id)
    at.run()
    assert "数据填报" not in sidebar_links(at)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = officer()
    at.run()
    assert "数据填报" in sidebar_links(at)


def test_database_busy_at_submit_says_so_in_chinese_and_keeps_the_preview(demo_db, monkeypatch):
    """Issue 7: every commit attempt meets a locked database until the retry time runs out; the page
    shows the Chinese StorageBusy message (no "database is locked", no exception) and writes nothing."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import ingest.upload as upload_mod

    period = "2025-10"
    at = open_page(officer(), "2025年10月")
    before = stored(period)
    content = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=before["students"] + 7, 视力筛查学生数=before["students"]))
    at.file_uploader[0].upload("本校忙时.xlsx", content, XLSX).run()
    assert not at.exception, at.exception
    real, tries = upload_mod._upload_once, []

    def locked(*a, **k):
        if k.get("commit"):
            tries.append(1)
            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        return real(*a, **k)
    monkeypatch.setattr(upload_mod, "_upload_once", locked)
    monkeypatch.setattr(upload_mod, "RETRY_SECONDS", 0.5)
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    assert len(tries) > 1  # retried before giving up
    errors = [shown(e.value) for e in at.error]
    assert any("系统正忙" in e and "本校忙时.xlsx" in e and "重新上传" in e for e in errors), errors
    assert not any("locked" in e for e in errors)
    assert stored(period) == before


def test_the_page_states_the_size_limits(demo_db):
    at = open_page(officer(), "2025年9月")
    assert "单个文件不超过 20 MB" in at.file_uploader[0].label  # .streamlit/config.toml maxUploadSize
    assert "单个文件不超过 20 MB；每个账号每天最多上传 200 MB。" in [c.value for c in at.caption]


def test_the_submitted_banner_goes_when_the_next_file_is_chosen(demo_db):
    period = "2025-08"
    at = open_page(officer(), "2025年8月")
    before = stored(period)
    first = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=before["students"] + 1,
                                                                        视力筛查学生数=before["students"]))
    at.file_uploader[0].upload("第一份.xlsx", first, XLSX).run()
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception
    assert [shown(s.value)[:13] for s in at.success] == ["已提交：第一份.xlsx，"]
    second = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=before["students"] + 2,
                                                                         视力筛查学生数=before["students"]))
    at.file_uploader[0].upload("第二份.xlsx", second, XLSX).run()
    assert not at.exception, at.exception
    assert not any("第一份.xlsx" in shown(s.value) for s in at.success)  # the preview below is the second file's
    assert {m.label: m.value for m in at.metric}["与本期已报数据不同"] == "1 个"
