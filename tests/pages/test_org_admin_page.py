"""AppTest of 学校与填报期: the roster tab (counts, download, upload → preview → 确认导入, errors as a
table) and the deadline tab (the 14 periods, change one, a refused deadline). The demo bureau 温岭
is changed and put back afterwards."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth import users
from db.models import OrgUnit, ReportingPeriod, User
from db.session import read_session
from kpis import deadlines
from ingest import roster
from kpis.deadlines import CHINA
from kpis.periods import current_period, label, shift
from tests.cleanup import remove_schools, restore_deadline
from tests.ingest.roster_helpers import org_rows

APP = Path(__file__).resolve().parents[2] / "app.py"
NEW_CODE = "2110819901"
PERIOD = shift(current_period(), -1)  # last month: in the page's window, no demo row


def demo_principal(username):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


def open_page(username="demo_admin") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = demo_principal(username)
    at.query_params["plan"] = "2025-taizhou"
    at.run()
    at.switch_page("pages/org_admin.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def cleanup():
    with read_session() as s:
        old = s.scalar(select(ReportingPeriod.deadline).join(OrgUnit, OrgUnit.id == ReportingPeriod.bureau_id)
                       .where(OrgUnit.code == "331081", ReportingPeriod.period == PERIOD))
    yield
    remove_schools([NEW_CODE])
    restore_deadline("331081", PERIOD, old)


def with_new_school(content: bytes, name="太平实验第二小学") -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    wb["学校名册"].append([NEW_CODE, name, "太平街道", "公办", None, "2026-09", None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_roster_tab_uploads_previews_and_imports(demo_db, cleanup):
    at = open_page()
    assert at.title[0].value == "学校与填报期"
    assert [t.label for t in at.tabs] == ["学校名册", "填报截止时间"]
    with read_session() as s:
        schools = roster.list_schools(s, demo_principal("demo_admin"), "2025-taizhou")
        template = roster.export_roster(s, demo_principal("demo_admin"), "2025-taizhou")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["在办学校"] == f"{sum(x.open_in(current_period()) for x in schools)} 所"
    assert metrics["片区/街道"] == "8 个"  # 温岭's eight towns and streets in the demo
    counts = at.tabs[0].dataframe[0].value
    assert list(counts["所属片区"])[0] == "太平街道" and int(counts["合计（所）"].sum()) == len(schools)

    before = org_rows(None)
    at.file_uploader[0].upload("温岭名册.xlsx", with_new_school(template),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert not at.exception, at.exception
    assert at.info[0].value == f"新增 1 所、修改 0 所、不变 {len(schools)} 所学校。"
    table = at.tabs[0].dataframe[-1].value
    assert table.iloc[0].to_dict() == {"操作": "新增", "学校标识码": NEW_CODE, "学校名称": "太平实验第二小学",
                                       "所属片区": "太平街道", "变更内容": "学校类型：小学；办学性质：公办；开办年月：2026-09"}
    assert org_rows(None) == before  # the preview wrote nothing
    at.button(key="roster_apply").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == f"已导入学校名册：新增 1 所、修改 0 所、不变 {len(schools)} 所学校。"
    with read_session() as s:
        new = s.scalar(select(OrgUnit).where(OrgUnit.code == NEW_CODE))
        district = s.get(OrgUnit, new.parent_id)
    assert (new.name, new.school_type, new.opened_on, district.name) == ("太平实验第二小学", "21", "2026-09", "太平街道")
    assert not at.file_uploader[0].value  # a fresh uploader after the import
    # The roster lists months as every page does (2026年9月), not as the file's cell (2026-09).
    listed = next(d.value for d in at.tabs[0].dataframe if "开办年月" in d.value.columns)
    assert listed.set_index("学校标识码").loc[NEW_CODE, "开办年月"] == "2026年9月"


def test_roster_errors_are_listed_and_nothing_is_written(demo_db, cleanup):
    at = open_page()
    before = org_rows(None)
    bad = "学校标识码,学校名称,所属片区,办学性质\n2110819901,太平实验第二小学,太平街道,公立\n".encode()
    at.file_uploader[0].upload("名册.csv", bad, "text/csv").run()
    assert not at.exception, at.exception
    assert at.error[0].value == "名册“名册\\.csv”有 1 处错误，未导入任何内容。请按下表逐条改正后重新上传。"
    errors = at.table[0].value
    assert list(errors["问题与改正方法"]) == [
        "第 2 行“办学性质”列：办学性质无法识别（填写的是“公立”）。应为：公办 或 民办。请从下拉列表中选择“公办”或“民办”。"]
    assert not [b for b in at.button if b.key == "roster_apply"]
    assert org_rows(None) == before


def test_deadline_tab_changes_one_period_and_refuses_a_deadline_before_month_end(demo_db, cleanup):
    at = open_page()
    listed = at.tabs[1].dataframe[0].value
    assert len(listed) == 14 and list(listed.columns) == ["填报期", "截止时间（北京时间）", "状态"]
    row = listed[listed["填报期"] == label(PERIOD)].iloc[0]
    assert (row["截止时间（北京时间）"], row["状态"]) == (deadlines.show(deadlines.default_deadline(PERIOD)), "默认")

    at.selectbox(key="deadline_period").select(PERIOD).run()
    box = at.text_input(key=f"deadline_text_{PERIOD}")
    assert box.value == deadlines.show_input(deadlines.default_deadline(PERIOD))
    y, m = map(int, current_period().split("-"))
    box.input(f"{y}-{m:02d}-20 18:00").run()
    at.button(key="deadline_save").click().run()
    assert not at.exception, at.exception
    wanted = datetime(y, m, 20, 18, 0, tzinfo=CHINA)
    assert at.success[0].value == (f"{label(PERIOD)}的截止时间已由 {deadlines.show(deadlines.default_deadline(PERIOD))} "
                                   f"改为 {deadlines.show(wanted)}。")
    listed = at.tabs[1].dataframe[0].value
    row = listed[listed["填报期"] == label(PERIOD)].iloc[0]
    assert (row["截止时间（北京时间）"], row["状态"]) == (deadlines.show(wanted), "已调整")

    at.text_input(key=f"deadline_text_{PERIOD}").input(f"{PERIOD}-15 12:00").run()
    at.button(key="deadline_save").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(f"{label(PERIOD)}的截止时间不能早于该月结束")
    with read_session() as s:
        due = s.scalar(select(ReportingPeriod.deadline).join(OrgUnit, OrgUnit.id == ReportingPeriod.bureau_id)
                       .where(OrgUnit.code == "331081", ReportingPeriod.period == PERIOD))
    assert deadlines.beijing(due) == wanted  # the refused one changed nothing


def test_other_roles_are_refused(demo_db):
    direct = AppTest.from_file(str(APP.parent / "pages" / "org_admin.py"), default_timeout=120)
    direct.session_state["principal"] = demo_principal("demo_leader")
    direct.run()
    assert not direct.exception and not direct.dataframe and not direct.file_uploader
    assert [e.value for e in direct.error] == ["只有管理员可以维护学校名册和填报截止时间。"]
