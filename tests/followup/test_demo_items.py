"""The demo's 督办 items (seed.demo_followup): every demo account meets the 督办 loop on first sight."""

from __future__ import annotations

from datetime import timedelta

import followup
from auth.users import DEMO_DEPARTMENT
from core import timezones
from db.session import read_session, write_session
from kpis.followup_view import ItemState
from seed import demo_followup
from tests.followup.conftest import PLAN, district_code, who


def test_the_demo_gives_the_department_and_the_district_an_item_each(clean):
    with write_session() as s:
        assert demo_followup.open_items(s) == 2
    with write_session() as s:
        assert demo_followup.open_items(s) == 0  # once: a plan that has items gets no more
    today = timezones.beijing(timezones.now_utc()).date()
    with read_session() as s:
        items = followup.list_items(s, who("demo_leader"), PLAN)
        mine = {name: followup.todo_items(s, who(name), today) for name in ("demo_department", "demo_district")}
        seen_by_district = followup.list_items(s, who("demo_district"), PLAN)
    by_owner = {v.owner: v for v in items}
    department, district = by_owner[DEMO_DEPARTMENT], by_owner[district_code()]
    # The 科室's own bureau-level KPI, bureau-wide, already reported on; the district's, in its district.
    assert (department.scope_level, department.state, department.kpi_status) == ("bureau", ItemState.IN_PROGRESS, "滞后")
    assert (district.scope_level, district.scope_code, district.state) == ("district", district_code(), ItemState.OPEN)
    assert department.due == today + timedelta(days=20) and district.due == today + timedelta(days=10)
    assert department.due > today and not department.overdue(today)
    # Each owner finds its item in 我的待办, linked to the 督办 page; the district sees only its own.
    assert [t.link for t in mine["demo_department"]] == [f"followup?plan={PLAN}&item={department.id}"]
    assert [t.link for t in mine["demo_district"]] == [f"followup?plan={PLAN}&item={district.id}"]
    assert [v.id for v in seen_by_district] == [district.id]
    with read_session() as s:
        detail = followup.item_detail(s, who("demo_leader"), department.id)
    assert [e.action for e in detail.events] == ["更新进展", "发起督办"]  # newest first
    assert "关停方案" in detail.events[0].note


def test_no_demo_items_without_the_demo_accounts(clean, monkeypatch):
    from auth import identity

    monkeypatch.setattr(identity, "demo_mode", lambda: False)  # demo accounts cannot act outside demo mode
    with write_session() as s:
        assert demo_followup.open_items(s) == 0
