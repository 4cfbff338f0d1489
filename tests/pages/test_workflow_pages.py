"""AppTest of 我的待办 (every role), 审核与确认 (district approves and returns, the bureau locks, an
admin unlocks) and 数据填报's returned reason and locked period, on the shared demo database."""

from __future__ import annotations

import re
from datetime import datetime

from auth.principal import SYSTEM
from ingest.template import build_template
from tests.apptest import open_app
from tests.ingest.helpers import PRIMARY, SCHOOL, fill
from tests.workflow.helpers import PLAN, send, snapshot, state_row, who
from workflow.states import State

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
                    + [i.value for i in at.info] + [s.value for s in at.success] + [w.value for w in at.warning])


def test_todo_is_the_first_page_and_speaks_to_each_role(demo_db):
    # A month past its deadline with every report confirmed, of this test's own (other tests re-submit
    # into the demo's confirmed months, which then wait for review again).
    from db.session import write_session
    from workflow import cycle

    r = send("2016-05")
    with write_session() as s:
        cycle.approve(s, who("demo_district"), SCHOOL, "2016-05", submission_id=r.submission_id)
    with write_session() as s:
        cycle.approve(s, who("demo_admin"), SCHOOL, "2016-05")
    seen = {}
    for name in ("demo_school", "demo_district", "demo_admin", "demo_leader", "demo_department", "demo_sysadmin"):
        at = open_app(None, who(name))
        assert not at.exception, (name, at.exception)
        assert at.title[0].value == "我的待办", name
        seen[name] = texts(at)
    assert "2025年12月报表已退回，请改正后重新提交" in seen["demo_school"]
    assert "退回原因：近视学生数与上月相差较大" in seen["demo_school"]
    assert "报表待提交" in seen["demo_school"] and "截止" in seen["demo_school"]
    assert "所学校待审核" in seen["demo_district"] and "所学校尚未提交" in seen["demo_district"]
    assert "所学校待确认" in seen["demo_admin"] and "2016年5月可以锁定" in seen["demo_admin"]
    assert "所学校待确认" in seen["demo_leader"]  # the demo leader is named to confirm
    assert "科室进展" in seen["demo_department"]
    assert "系统管理员没有固定的教育局" in seen["demo_sysadmin"]


def test_review_opens_on_the_plans_current_period_like_every_page(demo_db):
    # Without ?period=, 审核与确认 opens where 总览, 填报进度 and 科室填报 open (kpis.current): an ended
    # plan's December, not the bureau's newest month with nothing of that plan to review.
    from db.session import read_session
    from kpis import current
    from workflow import review

    send("2027-09")  # a later month of the bureau, listed first in the picker
    year = int(PLAN.split("-")[0])
    expected = current.of_plan_year(year).period
    with read_session() as s:
        listed = review.periods(s, who("demo_district"), PLAN)
    assert listed[0] != expected and expected in listed
    at = open_app("pages/review.py", who("demo_district"), plan=PLAN)
    assert at.selectbox(key="review_period").value == expected
    assert at.query_params["period"] == expected  # the address says which month is shown


def test_district_reviews_approves_and_returns_on_the_page(demo_db):
    period = "2027-10"
    send(period)
    at = open_app("pages/review.py", who("demo_district"), plan=PLAN, period=period)
    assert not at.exception, at.exception
    assert at.title[0].value == "审核与确认"
    assert "未提交 13 · 已提交 1 · 已退回 0 · 片区已审核 0 · 已确认 0 / 14 所" in texts(at)
    # 提交时间 holds times, so the column sorts by time (shown 2027年11月3日 09:30 by its column config).
    submitted = next(d for d in at.dataframe if "提交时间" in d.value.columns).value
    assert submitted["提交时间"].dropna().map(lambda t: isinstance(t, datetime)).all()
    at.selectbox(key="review_look").select(SCHOOL).run()  # figures against last month, and the history
    assert any("在校学生数" in t.value.get("项目", []).tolist() for t in at.table)
    before = snapshot()
    assert at.button(key="review_return").disabled  # no school chosen yet
    at.selectbox(key="review_return_school").select(SCHOOL).run()
    at.button(key="review_return").click().run()  # no reason: refused in Chinese, nothing written
    assert "请填写退回原因" in texts(at) and snapshot() == before
    at.text_area(key="review_reason").input("在校学生数与学籍系统不一致").run()
    at.button(key="review_return").click().run()
    assert not at.exception, at.exception
    assert "已退回“太平第一小学”2027年10月的报表" in texts(at)
    assert state_row(SCHOOL, period)[0] == State.RETURNED
    # A returned report waits on its school, not on the reviewer: the header counts it apart from 已提交.
    assert "已提交 0 · 已退回 1 · 片区已审核 0" in texts(at)
    # The school sees the reason on 数据填报.
    up = open_app("pages/upload.py", who("demo_school"), period=period)
    assert "本期报表已被退回" in texts(up) and "在校学生数与学籍系统不一致" in texts(up)
    # When it was returned is written as the deadline beside it is (2027年11月10日 23:59), never 2027-11-10.
    banner = next(e.value for e in up.error if "本期报表已被退回" in e.value)
    assert re.search(r"，20\d\d年[1-9]\d?月[1-9]\d?日 \d\d:\d\d）", banner), banner
    assert not re.search(r"\d{4}-\d\d-\d\d", texts(up)), texts(up)
    send(period, students=800)
    at = open_app("pages/review.py", who("demo_district"), plan=PLAN, period=period)
    at.multiselect(key="review_pick").select(SCHOOL).run()
    at.button(key="review_approve").click().run()
    assert not at.exception and "已审核通过 1 所学校" in texts(at)
    assert state_row(SCHOOL, period)[0] == State.REVIEWED


def test_bureau_locks_and_the_upload_page_refuses(demo_db):
    period = "2027-11"
    send(period)
    at = open_app("pages/review.py", who("demo_leader"), plan=PLAN, period=period)
    at.button(key="review_lock").click().run()
    assert not at.exception and "2027年11月已确认并锁定：本次确认 0 所学校" in texts(at)
    assert state_row(SCHOOL, period)[0] == State.SUBMITTED  # not reviewed by its district: locked, not confirmed
    up = open_app("pages/upload.py", who("demo_school"), period=period)
    assert "已于" in texts(up) and "确认并锁定" in texts(up)
    before = snapshot()
    content = fill(build_template(SYSTEM, SCHOOL, period), default=dict(PRIMARY, 在校学生数=700))
    up.file_uploader[0].upload("锁定后.xlsx", content, XLSX).run()
    assert not up.exception, up.exception
    assert any("本次没有写入任何数据" in e.value and "请联系本局管理员" in e.value for e in up.error)
    assert snapshot() == before
    admin = open_app("pages/review.py", who("demo_admin"), plan=PLAN, period=period)
    admin.text_area(key="review_unlock_reason").input("学校更正").run()
    admin.button(key="review_unlock").click().run()
    assert not admin.exception and "2027年11月已解锁" in texts(admin)


def test_overview_filter_shows_confirmed_figures_only(demo_db):
    at = open_app("pages/overview.py", who("demo_leader"), plan=PLAN, period="2025-12")
    body = " ".join(h.value for h in at.main.get("html") if "ek-ov" in h.value)
    assert "待审" in body and "只含已确认数据" not in body
    at.toggle(key="ov_confirmed").set_value(True).run()
    assert not at.exception, at.exception
    body = " ".join(h.value for h in at.main.get("html") if "ek-ov" in h.value)
    assert "只含已确认数据" in body


def test_the_departments_progress_item_names_a_month_its_page_offers(demo_db):
    # After the plan year the 科室 todo named the bureau's open month (2026年11月), which 科室填报 of
    # the ended plan does not even list; it names the plan's current period and the link carries it.
    from datetime import date

    from db.session import read_session
    from workflow import todo

    day = date(2026, 12, 7)  # the demo plan (2025) has ended
    with read_session() as s:
        item = next(i for i in todo.items(s, who("demo_department"), day) if i.link == "bureau_entry")
    assert item.title == "2025年12月科室进展" and item.query == {"period": "2025-12"}
    at = open_app("pages/bureau_entry.py", who("demo_department"), plan=PLAN, period="2025-11")
    assert at.selectbox(key="bureau_period").value == "2025-11"  # the page opens on the month its link names
