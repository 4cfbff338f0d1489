"""The reporting cycle and 督办 raise their own messages (issue 16 §2, issue 17 §7): a school's
submission tells its district (待审核), a return tells the school and its district with the reason,
a new 督办 item tells its owner at once, and the worker's daily look reminds the owner three days
before the due date and on the first day past it — delivered to a loopback robot."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

import followup
from auth.principal import SYSTEM
from core.timezones import CHINA
from db.models import FollowupEvent, FollowupItem, NotifyOutbox
from db.session import read_session, write_session
from followup import for_notify as followup_messages
from notify import rules, worker
from tests.followup.conftest import remove_items
from tests.ingest.helpers import SCHOOL
from tests.notify.conftest import PLAN, add
from tests.workflow.helpers import send, who
from workflow import cycle

PERIOD = "2028-05"  # a month no other test reports
TAIPING = "331081001"  # 太平街道, the district of SCHOOL (太平第一小学)


def queued() -> list[tuple[str, str, str]]:
    with read_session() as s:
        return [(r.rule, r.scope_code, r.text.splitlines()[0]) for r in
                s.scalars(select(NotifyOutbox).order_by(NotifyOutbox.id))]


def deliver() -> None:
    d = worker.Deliverer()
    try:
        d.drain(wait=5)
    finally:
        d.close()


def test_submission_and_return_reach_the_district_and_the_school(notify_env, robot):
    add("太平街道群", "wecom", robot.url("k-taiping"), scope=TAIPING)
    add("太平一小群", "wecom", robot.url("k-school"), scope=SCHOOL)
    add("城东街道群", "wecom", robot.url("k-chengdong"), scope="331081002")
    first = send(PERIOD, as_=who("demo_school"))
    assert [q[0] for q in queued()] == ["awaiting_review"]  # to the district only, in the upload's transaction
    with write_session() as s:
        cycle.return_(s, who("demo_district"), SCHOOL, PERIOD, "近视学生数多于筛查人数，请核对后重报",
                      submission_id=first.submission_id)
    send(PERIOD, as_=who("demo_school"), students=813)  # fixed and sent again: a new 待审核
    send(PERIOD, as_=who("demo_district"), students=814)  # the district's own upload tells nobody
    assert [q[0] for q in queued()] == ["awaiting_review", "returned", "returned", "awaiting_review"]
    deliver()
    school_texts = [r.text for r in robot.to("k-school")]
    assert len(school_texts) == 1
    assert school_texts[0].startswith("【退回修改】太平第一小学 2028年5月数据已被退回，请修改后重新报送。")
    assert "退回原因：近视学生数多于筛查人数，请核对后重报" in school_texts[0]
    firsts = [r.text.splitlines()[0] for r in robot.to("k-taiping")]
    assert firsts == ["【待审核】太平第一小学 已报送2028年5月数据，等待片区/街道审核。",
                      "【退回修改】太平第一小学 2028年5月数据已被退回，请修改后重新报送。",
                      "【待审核】太平第一小学 已报送2028年5月数据，等待片区/街道审核。"]
    assert robot.to("k-chengdong") == []  # another district hears nothing of it


def _open(owner: str, due: date, today: date) -> int:
    with write_session() as s:
        return followup.open_item(s, who("demo_leader"), PLAN, "TZ25-06", "2025-11", cause="公办园学位不足",
                                  measures="12月底前两所新园投用", owner=owner, due=due, today=today)


def test_a_followup_item_tells_its_owner_then_reminds_before_and_after_the_due_date(notify_env, robot, demo_db):
    remove_items()
    try:
        add("学前教育科群", "wecom", robot.url("k-preschool"), scope="学前教育科")
        add("局办公室群", "wecom", robot.url("k-bureau"))
        item = _open("学前教育科", date(2025, 12, 20), date(2025, 12, 1))
        assert [q[:2] for q in queued()] == [("followup", "学前教育科")]  # queued with the item
        deliver()
        new = robot.to("k-preschool")
        assert len(new) == 1 and new[0].text.startswith("【督办】公办园在园幼儿占比（温岭市教育局，2025年11月")
        assert "责任单位：学前教育科；办结期限：2025年12月20日。" in new[0].text
        assert "原因分析：公办园学位不足" in new[0].text and "整改措施：12月底前两所新园投用" in new[0].text
        assert robot.to("k-bureau") == []  # the owner has its own channel: only it is told

        def run(day: date) -> None:
            worker.run(datetime(day.year, day.month, day.day, 9, 5, tzinfo=CHINA), wait=5,
                       reminders=followup_messages.reminders)

        run(date(2025, 12, 16))  # four days before: nothing
        run(date(2025, 12, 17))  # three days before: a reminder
        run(date(2025, 12, 17))  # the same day again: not twice
        run(date(2025, 12, 20))  # the due day: not yet overdue
        run(date(2025, 12, 21))  # the first day past it
        run(date(2025, 12, 22))  # then quiet for a week…
        run(date(2025, 12, 28))  # …and again on the eighth day
        texts = [r.text.splitlines()[0] for r in robot.to("k-preschool")][1:]
        assert texts == ["【督办提醒】公办园在园幼儿占比（温岭市教育局）的办结期限是 2025年12月20日，还有 3 天。",
                         "【督办逾期】公办园在园幼儿占比（温岭市教育局）已超过办结期限 2025年12月20日 1 天。",
                         "【督办逾期】公办园在园幼儿占比（温岭市教育局）已超过办结期限 2025年12月20日 8 天。"]
        assert robot.to("k-bureau") == []
        with write_session() as s:  # closed items are not reminded: the owner submits, the leader accepts
            followup.submit(s, who("demo_department"), item, "两所新园已投用", today=date(2025, 12, 29))
            followup.accept(s, who("demo_leader"), item, "同意办结", today=date(2025, 12, 29))
        run(date(2026, 1, 4))  # would have been the fifteenth day past the due date
        assert len(robot.to("k-preschool")) == 4
    finally:
        remove_items()


def test_an_owner_without_a_channel_is_told_through_the_bureau(notify_env, robot, demo_db):
    remove_items()
    try:
        add("局办公室群", "wecom", robot.url("k-bureau"))
        _open(TAIPING, date(2025, 12, 20), date(2025, 12, 1))  # 太平街道 owns it and has no channel
        deliver()
        texts = [r.text for r in robot.to("k-bureau")]
        assert len(texts) == 1 and "责任单位：太平街道" in texts[0]
        with write_session() as s:
            rules.set_rule(s, SYSTEM, PLAN, "followup", enabled=False)
            s.execute(delete(FollowupEvent))
            s.execute(delete(FollowupItem))
        _open(TAIPING, date(2025, 12, 20), date(2025, 12, 1))
        assert len([q for q in queued() if q[0] == "followup"]) == 1  # switched off: nothing new queued
    finally:
        remove_items()


def test_a_kpi_turning_red_tells_its_department_and_the_bureau(notify_env, robot):
    # December 2025 of the demo: the year-end judgement turns several KPIs 滞后 (the shared demo database
    # may have moved a figure or two, so the list is read from kpis.figures, the oracle of statuses, by
    # the rule's own words: 滞后 or 预警 now, and something else last month). Its deadline is 2026-01-10,
    # so the rule's day is 2026-01-11 (the day after) at 09:00.
    from kpis import compute, figures

    with read_session() as s:
        _, now = figures.plan_status(s, SYSTEM, PLAN, "2025-12")
        _, before = figures.plan_status(s, SYSTEM, PLAN, "2025-11")
    last = {r.code: None if r.withheld else r.status for r in before}
    turned = [r for r in now if not r.withheld and r.status in (compute.BEHIND, compute.WARN)
              and last.get(r.code) != r.status]
    by_owner: dict[str, list[str]] = {}
    for r in turned:
        by_owner.setdefault(r.owner, []).append(f"{r.name}（{r.owner}）：{last.get(r.code) or '无'} → {r.status}")
    assert {"学前教育科", "组织人事科"} <= set(by_owner)  # the demo's year-end: both have KPIs turning red
    add("全局群", "wecom", robot.url("k-bureau"))
    add("学前科群", "wecom", robot.url("k-pre"), scope="学前教育科")
    add("人事科群", "wecom", robot.url("k-hr"), scope="组织人事科")
    add("德育科群", "wecom", robot.url("k-moral"), scope="德育科")
    worker.run(datetime(2026, 1, 10, 9, 5, tzinfo=CHINA), wait=5)  # the deadline day: not yet
    worker.run(datetime(2026, 1, 11, 9, 5, tzinfo=CHINA), wait=5)
    worker.run(datetime(2026, 1, 12, 9, 5, tzinfo=CHINA), wait=5)  # the day after: not again

    def lines(key: str) -> list[list[str]]:
        return [r.text.splitlines() for r in robot.to(key)]

    for key, owner in (("k-pre", "学前教育科"), ("k-hr", "组织人事科")):
        got = lines(key)
        assert len(got) == 1, (key, got)
        assert got[0][:2] == [f"【指标状态变化】温岭市教育局·{owner}",
                              f"2025年12月以下 {len(by_owner[owner])} 项指标转为滞后或预警："]
        assert got[0][2:2 + len(by_owner[owner])] == [f"{i}. {x}" for i, x in enumerate(by_owner[owner], 1)]  # its own only
    everything = lines("k-bureau")
    assert len(everything) == 1 and everything[0][0] == "【指标状态变化】温岭市教育局"
    assert {x.split(". ", 1)[1] for x in everything[0][2:2 + len(turned)]} == {x for xs in by_owner.values() for x in xs}
    assert robot.to("k-moral") == []  # 德育科 has nothing turning red
