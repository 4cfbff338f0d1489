"""督办 items: opening, each state change and who may make it, overdue by an injected clock, audit,
refusals that leave the database as it was, and what each role sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

import followup
from auth.principal import Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, FollowupEvent, FollowupItem
from db.session import read_session, write_session
from followup.rules import Action, FollowupError
from kpis.followup_view import ItemState, is_overdue
from tests.followup.conftest import PLAN, TODAY, district_code, who

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # enough for ingest.evidence to read it as a PNG


def open_one(user: str = "demo_leader", code: str = "TZ25-06", owner: str = "学前教育科", due: date = date(2025, 12, 20),
             scope: str | None = None, period: str = "2025-11") -> int:
    with write_session() as s:
        return followup.open_item(s, who(user), PLAN, code, period, cause="公办园学位不足，两所新园未投用",
                                  measures="12月底前完成验收并招生", owner=owner, due=due, today=TODAY, scope=scope)


def counts() -> tuple[int, int, int]:
    with read_session() as s:
        return (s.scalar(select(func.count()).select_from(FollowupItem)),
                s.scalar(select(func.count()).select_from(FollowupEvent)),
                s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "followup_item")))


def state_of(item_id: int) -> tuple[str, date, date | None]:
    with read_session() as s:
        r = s.get(FollowupItem, item_id)
        return r.state, r.due, r.requested_due


def test_the_whole_path_open_progress_submit_accept(clean):
    audits_before = counts()[2]
    with read_session() as s:  # item ids may be reused after other tests removed theirs; audit rows stay
        last_audit = s.scalar(select(func.max(AuditLog.id))) or 0
    iid = open_one()
    assert state_of(iid)[0] == ItemState.OPEN
    with write_session() as s:
        followup.progress(s, who("demo_department"), iid, "已完成两所新园消防验收", today=TODAY,
                          attachments=[("验收照片.png", PNG)])
    assert state_of(iid)[0] == ItemState.IN_PROGRESS
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "两所新园已招生 360 人", today=TODAY + timedelta(days=5))
    assert state_of(iid)[0] == ItemState.TO_ACCEPT
    with write_session() as s:
        followup.accept(s, who("demo_leader"), iid, "同意办结", today=TODAY + timedelta(days=6))
    assert state_of(iid)[0] == ItemState.CLOSED
    with read_session() as s:
        d = followup.item_detail(s, who("demo_leader"), iid)
        assert [e.action for e in d.events] == [Action.ACCEPT, Action.SUBMIT, Action.PROGRESS, Action.OPEN]
        assert [a.name for a in d.events[2].attachments] == ["验收照片.png"]
        assert d.actions == []  # nothing left to do on a closed item
        assert followup.attachment_file(s, who("demo_department"), d.events[2].attachments[0].id).content == PNG
        actions = [a.action for a in s.scalars(select(AuditLog).where(AuditLog.entity == "followup_item",
                                                                      AuditLog.entity_id == str(iid), AuditLog.id > last_audit)
                                                        .order_by(AuditLog.id))]
    assert actions == ["create", "followup_progress", "followup_submit", "followup_accept"]
    assert counts()[2] == audits_before + 4


def test_who_may_take_each_step(clean):
    iid = open_one()
    # the leader does not report progress for the owner; another 科室 cannot either
    with pytest.raises(PermissionDenied), write_session() as s:
        followup.progress(s, who("demo_leader"), iid, "代为填写", today=TODAY)
    other = Principal(None, "x", "department", who("demo_department").bureau_id, department="体卫艺科")
    with pytest.raises(PermissionDenied), write_session() as s:
        followup.submit(s, other, iid, "已完成", today=TODAY)
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "已完成", today=TODAY)
    # the owner cannot accept their own closure; a district officer cannot either
    for user in ("demo_department", "demo_district"):
        with pytest.raises(PermissionDenied), write_session() as s:
            followup.accept(s, who(user), iid, today=TODAY)
    # only leaders and admins open items
    for user in ("demo_department", "demo_district", "demo_school"):
        with pytest.raises(PermissionDenied):
            open_one(user, code="TZ25-09")
    assert state_of(iid)[0] == ItemState.TO_ACCEPT


def test_send_back_then_accept_and_steps_out_of_order(clean):
    iid = open_one()
    with pytest.raises(FollowupError, match="申请办结后才能验收"), write_session() as s:
        followup.accept(s, who("demo_leader"), iid, today=TODAY)
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "已完成", today=TODAY)
    with pytest.raises(FollowupError, match="待局领导验收"), write_session() as s:
        followup.progress(s, who("demo_department"), iid, "补充", today=TODAY)
    with pytest.raises(FollowupError, match="请填写说明"), write_session() as s:
        followup.send_back(s, who("demo_leader"), iid, "  ", today=TODAY)
    with write_session() as s:
        followup.send_back(s, who("demo_leader"), iid, "缺少招生名册", today=TODAY)
    assert state_of(iid)[0] == ItemState.IN_PROGRESS
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "补交招生名册", today=TODAY)
        followup.accept(s, who("demo_admin"), iid, today=TODAY)
    assert state_of(iid)[0] == ItemState.CLOSED
    with pytest.raises(FollowupError, match="已办结"), write_session() as s:
        followup.progress(s, who("demo_department"), iid, "再补充", today=TODAY)


def test_extension_asked_granted_and_refused(clean):
    iid = open_one(due=date(2025, 12, 20))
    with pytest.raises(FollowupError, match="应晚于"), write_session() as s:
        followup.ask_extension(s, who("demo_department"), iid, date(2025, 12, 10), "来不及", today=TODAY)
    with write_session() as s:
        followup.ask_extension(s, who("demo_department"), iid, date(2026, 1, 15), "设备到货推迟", today=TODAY)
    assert state_of(iid) == (ItemState.OPEN, date(2025, 12, 20), date(2026, 1, 15))
    with pytest.raises(FollowupError, match="等待局领导审批"), write_session() as s:
        followup.ask_extension(s, who("demo_department"), iid, date(2026, 1, 30), "再延", today=TODAY)
    with pytest.raises(PermissionDenied), write_session() as s:
        followup.decide_extension(s, who("demo_department"), iid, True, today=TODAY)
    with write_session() as s:
        followup.decide_extension(s, who("demo_leader"), iid, True, "同意", today=TODAY)
    assert state_of(iid) == (ItemState.OPEN, date(2026, 1, 15), None)
    with write_session() as s:
        followup.ask_extension(s, who("demo_department"), iid, date(2026, 2, 28), "再延一月", today=TODAY)
        followup.decide_extension(s, who("demo_leader"), iid, False, "不同意，按期完成", today=TODAY)
    assert state_of(iid) == (ItemState.OPEN, date(2026, 1, 15), None)


def test_overdue_follows_the_clock_not_a_stored_flag(clean):
    iid = open_one(due=date(2025, 12, 20))
    assert not is_overdue(date(2025, 12, 20), ItemState.OPEN, date(2025, 12, 20))  # the due day is in time
    assert is_overdue(date(2025, 12, 20), ItemState.OPEN, date(2025, 12, 21))
    assert not is_overdue(date(2025, 12, 20), ItemState.CLOSED, date(2026, 3, 1))
    with read_session() as s:
        assert followup.badges(s, who("demo_leader"), PLAN, date(2025, 12, 20)) == {"TZ25-06": (1, 0)}
        assert followup.badges(s, who("demo_leader"), PLAN, date(2025, 12, 21)) == {"TZ25-06": (1, 1)}
        assert [v.id for v in followup.overdue_items(s, date(2025, 12, 21))] == [iid]
        assert followup.overdue_items(s, date(2025, 12, 20)) == []
        assert [v.id for v in followup.due_soon(s, date(2025, 12, 17))] == [iid]  # three days away
        assert followup.due_soon(s, date(2025, 12, 16)) == []
        todo = followup.todo_items(s, who("demo_department"), date(2025, 12, 21))
    assert [(t.urgency, t.link) for t in todo] == [("overdue", f"followup?plan={PLAN}&item={iid}")]
    assert "公办园在园幼儿占比" in todo[0].title


def test_refusals_write_nothing(clean):
    before = counts()
    cases = [
        (dict(code="TZ25-02"), "只有滞后或预警"),           # 达标 in November
        (dict(code="TZ25-99"), "没有指标 TZ25-99"),
        (dict(owner="财务处"), "未知的责任单位"),
        (dict(due=date(2025, 11, 30)), "已过"),
        (dict(scope="9999999999"), "未找到片区/街道或学校"),
        (dict(period="2025-13"), "期间格式"),
    ]
    for kwargs, message in cases:
        with pytest.raises(FollowupError, match=message):
            open_one(**kwargs)
    with pytest.raises(FollowupError, match="不能超过|10 MB|无法识别|不是"), write_session() as s:
        iid = followup.open_item(s, who("demo_leader"), PLAN, "TZ25-09", "2025-11", cause="c", measures="m",
                                 owner="学前教育科", due=date(2025, 12, 31), today=TODAY)
        followup.progress(s, who("demo_department"), iid, "进展", today=TODAY, attachments=[("照片.png", b"not a png")])
    assert counts() == before  # the whole transaction, item included, was rolled back
    open_one()
    with pytest.raises(FollowupError, match="已有未办结的督办事项"):
        open_one()


def test_district_items_and_what_each_role_sees(clean):
    code = district_code(0)
    bureau_item = open_one()
    district_item = open_one(code="TZ25-06", owner=code, scope=code)
    other = open_one(code="TZ25-09", owner=district_code(1), scope=district_code(1))
    with read_session() as s:
        seen = {u: sorted(v.id for v in followup.list_items(s, who(u), PLAN))
                for u in ("demo_leader", "demo_department", "demo_district", "demo_school")}
        assert seen["demo_leader"] == seen["demo_department"] == sorted([bureau_item, district_item, other])
        assert seen["demo_district"] == [district_item]  # demo_district is the first district's officer
        assert seen["demo_school"] == []
        mine = followup.list_items(s, who("demo_district"), PLAN, only_mine=True)
        assert [v.owner_name for v in mine] and mine[0].owner_kind == "district"
        with pytest.raises(PermissionDenied):
            followup.item_detail(s, who("demo_district"), other)
        assert followup.badges(s, who("demo_leader"), PLAN, TODAY, district=code) == {"TZ25-06": (1, 0)}
    with write_session() as s:  # the district owns its item, the 科室 does not
        followup.progress(s, who("demo_district"), district_item, "已约谈园长", today=TODAY)
    with pytest.raises(PermissionDenied), write_session() as s:
        followup.progress(s, who("demo_department"), district_item, "代填", today=TODAY)


def test_untracked_lists_behind_kpis_without_an_item(clean):
    with read_session() as s:
        before = {u.code for u in followup.untracked(s, who("demo_leader"), PLAN, "2025-11")}
    assert {"TZ25-06", "TZ25-09"} <= before and "TZ25-01" not in before  # TZ25-01 is only 预警
    open_one(code="TZ25-06")
    with read_session() as s:
        after = {u.code for u in followup.untracked(s, who("demo_leader"), PLAN, "2025-11")}
    assert after == before - {"TZ25-06"}
