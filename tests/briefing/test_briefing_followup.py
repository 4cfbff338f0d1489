"""The briefing's 督办 section: hand-made items in a hand-made snapshot (sentences, the 督办 page, the
PPTX slide), and the section built from the demo database with the clock held."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

from pptx import Presentation

from briefing import export, layout, slides
from briefing.followup_section import sentences
from briefing.narrative import paragraph
from tests.briefing.conftest import kpi, snapshot_of


def item(name: str, owner: str, due: str, state: str, overdue: bool = False, **kw) -> dict:
    return {"id": 1, "code": "K01", "name": name, "scope": "温岭市教育局", "scope_level": "bureau", "owner": owner,
            "due": due, "state": state, "overdue": overdue, "cause": kw.get("cause", "新园未投用"),
            "measures": kw.get("measures", "12月底前招生")}


def with_followup(**section) -> dict:
    snap = snapshot_of([kpi("K01", status="滞后", value=40.0, prev="滞后"), kpi("K02", "优质园在园幼儿占比",
                                                                            status="滞后", value=30.0, prev="滞后")])
    snap["followup"] = {"since": "2025-11-05T08:00:00+00:00", "today": "2025年12月10日", "opened": [], "closed": [],
                        "overdue": [], "open_total": 0, "behind_twice_untracked": [], **section}
    snap["narrative"] = paragraph(snap)
    return snap


def test_sentences_count_opened_closed_and_name_overdue_and_untracked():
    late = item("公办园在园幼儿占比", "学前教育科", "2025年12月1日", "处理中（逾期）", overdue=True)
    snap = with_followup(opened=[late], closed=[item("智慧校园建成率", "教育技术装备中心", "2025年11月30日", "已办结")],
                         overdue=[late], open_total=1,
                         behind_twice_untracked=[{"code": "K02", "name": "优质园在园幼儿占比", "owner": "学前教育科"}])
    assert sentences(snap) == [
        "督办：上期简报以来新发起1项、办结1项，尚有1项未办结。",
        "逾期未办结：公办园在园幼儿占比（学前教育科，期限2025年12月1日），请责任单位抓紧整改。",
        "连续两个月滞后且未安排督办：优质园在园幼儿占比。",
    ]
    text = "".join(snap["narrative"])
    assert "逾期未办结：公办园在园幼儿占比" in text and text.endswith(snap["narrative"][-1])
    assert snap["narrative"][-1].startswith("数据覆盖")  # the coverage sentence still closes the paragraph


def test_a_quiet_month_says_nothing_and_an_old_snapshot_has_no_section():
    assert sentences(with_followup()) == []
    old = snapshot_of([kpi()])
    assert "followup" not in old and sentences(old) == []
    assert layout.page_count(old) == 2 and 'data-panel="fu_' not in layout.render_html(old)


def test_the_followup_page_lists_each_item_with_cause_and_measures_in_one_line():
    late = item("公办园在园幼儿占比", "学前教育科", "2025年12月1日", "处理中（逾期）", overdue=True,
                cause="两所新园消防验收未通过", measures="12月15日前整改复验")
    snap = with_followup(opened=[late], overdue=[late], open_total=1)
    assert layout.page_count(snap) == 3  # the briefing, 督办, one table page
    doc = layout.render_html(snap)
    page2 = doc[doc.index('data-page="2"'):doc.index('data-page="3"')]
    overdue = page2[page2.index('data-panel="fu_overdue"'):page2.index('data-panel="fu_opened"')]
    assert "逾期未办结（截至 2025年12月10日）　1 项" in overdue
    assert "原因：两所新园消防验收未通过" in overdue and "措施：12月15日前整改复验" in overdue
    assert "上期简报以来没有办结的督办事项。" in page2  # an empty panel says so
    assert 'data-page="3"' in doc and "全部指标一览" in doc[doc.index('data-page="3"'):]


def test_pdf_and_pptx_carry_the_followup_page():
    late = item("公办园在园幼儿占比", "学前教育科", "2025年12月1日", "处理中（逾期）", overdue=True)
    snap = with_followup(opened=[late], overdue=[late], open_total=1)
    pages = export.pdf_text(export.render_pdf(snap))
    assert len(pages) == 3 and "逾期未办结" in "".join(pages[1].split())
    prs = Presentation(io.BytesIO(slides.render_pptx(snap)))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[:5] == ["概况", "状态变化", "滞后与预警清单", "督办事项", "重点指标趋势"]


def test_section_from_the_database_with_the_clock_held(demo_db):
    import followup
    from auth.identity import principal_named
    from briefing.snapshot import build_snapshot
    from db.session import read_session, write_session
    from tests.followup.conftest import remove_items

    remove_items()  # the demo's own 督办 items (seed.demo_followup) are not this test's: count from none
    try:
        with write_session() as s:
            lead = principal_named(s, "demo_leader")
            late = followup.open_item(s, lead, "2025-taizhou", "TZ25-06", "2025-11", cause="学位不足",
                                      measures="新园招生", owner="学前教育科", due=date(2025, 12, 5), today=date(2025, 12, 1))
            done = followup.open_item(s, lead, "2025-taizhou", "TZ25-13", "2025-11", cause="报名少",
                                      measures="扩大宣传", owner="职业与成人教育科", due=date(2025, 12, 31),
                                      today=date(2025, 12, 1))
            dep = principal_named(s, "demo_admin")
            followup.submit(s, dep, done, "已完成", today=date(2025, 12, 2))
            followup.accept(s, lead, done, today=date(2025, 12, 3))
        with read_session() as s:
            snap = build_snapshot(s, principal_named(s, "demo_leader"), "2025-taizhou", "2025-11",
                                  today=date(2025, 12, 10))
        f = snap["followup"]
        assert [o["code"] for o in f["overdue"]] == ["TZ25-06"] and f["overdue"][0]["due"] == "2025年12月5日"
        assert {o["code"] for o in f["opened"]} >= {"TZ25-06", "TZ25-13"}
        assert [o["code"] for o in f["closed"]] == ["TZ25-13"] and f["open_total"] == 1
        twice = {k["code"] for k in snap["kpis"] if k["status"] == "滞后" and k["prev_status"] == "滞后"}
        assert {k["code"] for k in f["behind_twice_untracked"]} == twice - {"TZ25-06", "TZ25-13"}
        assert "逾期未办结：公办园在园幼儿占比（学前教育科，期限2025年12月5日）" in "".join(snap["narrative"])
        with read_session() as s:  # the day before the due date nothing is overdue
            early = build_snapshot(s, principal_named(s, "demo_leader"), "2025-taizhou", "2025-11",
                                   today=date(2025, 12, 5))
        assert early["followup"]["overdue"] == []
        # counted from the last briefing: items opened and closed before it are not new
        from briefing.followup_section import section
        from kpis.plans import get_plan

        with read_session() as s:
            later = section(s, get_plan(s, "2025-taizhou"), snap["kpis"], "2025-11", "2025-10", date(2025, 12, 10),
                            since=datetime.now(timezone.utc))
        assert (later["opened"], later["closed"], [o["code"] for o in later["overdue"]]) == ([], [], ["TZ25-06"])
    finally:
        remove_items()

