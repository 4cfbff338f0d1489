"""Links, formatting and HTML in names, file names and notes show as text (AppTest).

Every st.markdown/caption/info/warning/error/success body and st.table cell is markdown; a school
named "[点我](http://evil.example)" must not become a link in a leader's browser. The bodies that
hold such text must carry it escaped (pages.common.md_escape), and no body may carry it raw."""

import re
import uuid

import pytest
from sqlalchemy import delete, select

from auth import users
from auth.principal import SYSTEM, Principal
from db.models import BureauUpdate, Kpi, OrgUnit
from db.session import read_session, write_session
from ingest.template import build_template
from ingest.bureau_updates import record_update
from pages.common import md_escape
from tests.apptest import open_app
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.pages.html_views import tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = "[点我](http://evil.example) **粗体** <script>alert(1)</script>"
# A file name loses everything up to its last "/", so one without a slash for evidence files.
FILE_EVIL = "[点我](javascript:alert(1)) **粗体** <img src=x onerror=alert(1)>"
# None of these may reach a markdown body unescaped (not preceded by a backslash).
# A bare "http://" would still become a link (GFM autolinks after escapes are resolved).
RAW = re.compile(r"(?<!\\)\[点我|(?<!\\)\*(?<!\\)\*粗体|(?<!\\)<(script|img)|(?i:https?|javascript)://")


def bodies(at) -> list[str]:
    """The markdown source of every text element and alert the page drew."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [e.value for e in at.get(kind)]
    return out


def assert_escaped(at, text: str = EVIL) -> None:
    """Some body holds `text` escaped, and no body holds any part of it raw."""
    found = bodies(at)
    assert any(md_escape(text) in b for b in found), found
    for b in found:
        assert not RAW.search(b), b


def open_page(principal, page, **params):
    return open_app(page, principal, **params)


@pytest.fixture
def evil_school(demo_db):
    """太平第一小学 renamed for one test (a roster import could do this), then named back."""
    with write_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.code == SCHOOL))
        name, school.name = school.name, EVIL
        bureau, school_id = school.bureau_id, school.id
    # A principal of its own, so no figure cached for another test carries (or hides) the name.
    officer = Principal(user_id=None, username=f"evil_{uuid.uuid4().hex[:6]}", role="school", bureau_id=bureau,
                        scope_org_id=school_id, display_name="填报员")
    try:
        yield officer
    finally:
        with write_session() as s:
            s.scalar(select(OrgUnit).where(OrgUnit.code == SCHOOL)).name = name


def test_a_school_name_shows_as_text_on_the_upload_page(evil_school):
    at = open_page(evil_school, "pages/upload.py")
    assert f"**填报单位：** {md_escape(EVIL)}（{SCHOOL}）" in [m.value for m in at.markdown]
    assert_escaped(at)


@pytest.mark.parametrize("page", ["pages/data_quality.py", "pages/reporting_progress.py", "pages/kpi_detail.py"])
def test_a_school_name_shows_as_text_on_the_dashboards(evil_school, page):
    at = open_page(evil_school, page, plan="2025-taizhou", period="2025-06")
    assert_escaped(at)


def test_a_file_name_and_a_cell_show_as_text_after_an_upload(evil_school):
    at = open_page(evil_school, "pages/upload.py")
    box = at.selectbox(key="upload_period")
    box.select(next(o for o in box.options if o == "2025年8月")).run()
    content = fill(build_template(SYSTEM, SCHOOL, "2025-08"), default=dict(PRIMARY, 近视学生数=EVIL))
    at.file_uploader[0].upload(f"{EVIL}.xlsx", content, XLSX).run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(f"文件“{md_escape(EVIL + '.xlsx')}”未通过检查")
    assert_escaped(at)
    # st.table renders its cells as markdown too: the rejected cell is quoted escaped.
    table = at.table[0].value
    assert table.iloc[0]["填写内容"].startswith(md_escape("[点我](http://evil.example) **粗体** <script"))
    assert not any(RAW.search(str(v)) for v in table.to_numpy().ravel())
    # The stored file keeps its name verbatim (a grid shows it as plain text).
    at.get("expander")  # the 填报记录 grid is drawn whether or not it is open
    history = at.dataframe[-1].value
    assert f"{EVIL}.xlsx" in list(history["文件"])


@pytest.fixture
def evil_department(demo_db):
    """A 科室 officer whose display name is EVIL, with one update whose note and evidence are EVIL."""
    name = f"evil_dept_{uuid.uuid4().hex[:6]}"
    with write_session() as s:
        user = users.create_user(s, SYSTEM, name, "Strong-Pass-2468", "department", "331081", "学前教育科", EVIL)
        principal = users.principal_for(s, user)
    update_id = record_update(principal, "TZ25-10", "2025-10", 1, EVIL, EVIL)
    try:
        yield principal
    finally:
        with write_session() as s:
            s.execute(delete(BureauUpdate).where(BureauUpdate.user_id == principal.user_id))
        assert update_id


def test_a_note_and_an_entered_by_name_show_as_text_in_bureau_entry(evil_department):
    at = open_page(evil_department, "pages/bureau_entry.py", plan="2025-taizhou")
    kbox = at.selectbox(key="bureau_kpi")
    kbox.select(next(o for o in kbox.options if o.startswith("TZ25-10"))).run()
    at.selectbox(key="bureau_period").select("2025-10").run()
    assert not at.exception, at.exception
    # "当前数值：1个（<entered by> 于 … 录入）" names who entered it.
    assert any(md_escape(EVIL) in i.value for i in at.info), [i.value for i in at.info]
    assert_escaped(at)
    history = at.dataframe[0].value
    row = history[(history["期间"] == "2025年10月") & (history["状态"] == "当前有效")].iloc[0]
    assert row["进展说明"] == EVIL and row["佐证材料"] == EVIL  # stored verbatim, shown as grid text
    # A refused evidence file is named in the error: escaped as well.
    at.number_input(key="bureau_value").set_value(2.0)
    at.text_area(key="bureau_note").input(EVIL)
    at.file_uploader[0].set_value([(f"{FILE_EVIL}.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")])
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith(f"未保存：文件“{md_escape(FILE_EVIL + '.pdf')}”")
    assert_escaped(at)


def test_a_note_shows_as_text_on_the_kpi_detail(evil_department):
    with read_session() as s:
        assert s.scalar(select(Kpi.id).where(Kpi.code == "TZ25-10")) is not None
    at = open_page(evil_department, "pages/kpi_detail.py", plan="2025-taizhou", kpi="TZ25-10", period="2025-10")
    for b in bodies(at):
        assert not RAW.search(b), b
    # The 科室填报记录 grid holds the note verbatim, as plain text.
    assert any(EVIL == str(v) for df in tables(at) for v in df.to_numpy().ravel())
