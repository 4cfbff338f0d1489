"""The 督办 page, the strip on 指标详情 and the badge on 总览, in AppTest as the demo roles."""

from __future__ import annotations

from datetime import timedelta

import followup
from db.session import write_session
from kpis.followup_view import ItemState
from pages import followup_widgets as fw
from tests.apptest import open_app
from tests.followup.conftest import PLAN, who


def open_item(code: str = "TZ25-06", days: int = 20, owner: str = "学前教育科") -> int:
    with write_session() as s:
        return followup.open_item(s, who("demo_leader"), PLAN, code, "2025-11", cause="两所新园未投用",
                                  measures="12月底前验收招生", owner=owner, due=fw.today() + timedelta(days=days),
                                  today=fw.today())


def texts(at) -> str:  # noqa: ANN001
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.success, *at.error])


def test_owner_sees_the_item_in_their_to_dos_and_reports_progress(clean):
    iid = open_item()
    at = open_app("pages/followup.py", who("demo_department"), plan=PLAN)
    assert "我的待办（1 项）" in [h.value for h in at.subheader]
    assert "公办园在园幼儿占比" in texts(at)
    table = at.dataframe[0].value
    assert list(table["编号"]) == [iid] and table.iloc[0]["状态"] == "待处理"
    at.button(key=f"fu_todo_{iid}").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="fu_item").value == iid
    at.text_area(key="fu_note_0").input("已完成消防验收")
    next(b for b in at.button if b.label == "提交").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已更新进展。"
    with write_session() as s:
        assert followup.item_detail(s, who("demo_leader"), iid).item.state == ItemState.IN_PROGRESS


def test_leader_accepts_a_closure_on_the_page(clean):
    iid = open_item()
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "两所新园已招生", today=fw.today())
    at = open_app("pages/followup.py", who("demo_leader"), plan=PLAN, item=str(iid))
    assert not at.exception, at.exception
    assert "待验收：公办园在园幼儿占比（温岭市教育局）" in texts(at)
    accept = next(b for b in at.button if b.label == "验收通过")
    accept.click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已验收通过。"
    with write_session() as s:
        assert followup.item_detail(s, who("demo_leader"), iid).item.state == ItemState.CLOSED


def test_overdue_items_are_red_and_untracked_kpis_are_listed(clean):
    iid = open_item(days=0)
    with write_session() as s:  # move the due date into the past, as the clock would
        from db.models import FollowupItem

        s.get(FollowupItem, iid).due = fw.today() - timedelta(days=2)
    at = open_app("pages/followup.py", who("demo_leader"), plan=PLAN, period="2025-11")
    assert at.dataframe[0].value.iloc[0]["状态"] == "待处理（逾期）"
    body = texts(at)
    assert "**TZ25\\-09 优质园在园幼儿占比**　2025年11月 滞后" in body and "未安排督办" in body
    assert "TZ25\\-06 公办园在园幼儿占比" not in body  # it has an item


def test_detail_strip_and_overview_badge(clean):
    at = open_app("pages/kpi_detail.py", who("demo_leader"), plan=PLAN, kpi="TZ25-06", period="2025-11")
    assert not at.exception, at.exception
    assert any(b.label == "发起督办" for b in at.button)
    iid = open_item(days=10)
    at = open_app("pages/kpi_detail.py", who("demo_leader"), plan=PLAN, kpi="TZ25-06", period="2025-11")
    assert not any(b.label == "发起督办" for b in at.button)  # one open item per KPI and scope
    assert f"督办 第{iid}号" in texts(at)
    assert fw.badge_html(2, 1).count("逾期 1") == 1 and fw.badge_html(0, 0) == ""
    at = open_app("pages/overview.py", who("demo_leader"), plan=PLAN, period="2025-11")
    html = next(h.value for h in at.main.get("html") if "ek-ov" in h.value)
    card = html[html.index('data-kpi="TZ25-06"'):]
    card = card[:card.index("</a>")]
    assert 'data-followup="1"' in card and 'data-overdue="0"' in card
    # The 科室 sees no 发起督办: only leaders and admins open items.
    at = open_app("pages/kpi_detail.py", who("demo_department"), plan=PLAN, kpi="TZ25-09", period="2025-11")
    assert not any(b.label == "发起督办" for b in at.button)


def test_my_todo_page_lists_the_owners_item_beside_the_cycle(clean):
    iid = open_item(days=1)  # due tomorrow: 待办, not yet overdue
    at = open_app(None, who("demo_department"))  # 我的待办, the first page after signing in
    assert not at.exception, at.exception
    assert at.title[0].value == "我的待办"
    md = "\n".join(m.value for m in at.markdown)
    assert "督办：公办园在园幼儿占比（温岭市教育局）" in md and "督办]" in md  # the section's badge
    assert "科室进展" in texts(at)  # the cycle's own items are still there
    links = [(p.proto.label, p.proto.page) for p in at.get("page_link")]
    assert ("去督办", "followup") in [(label, page.rsplit("/", 1)[-1].removesuffix(".py")) for label, page in links], links
    leader = open_app(None, who("demo_leader"))
    assert "督办：" not in "\n".join(m.value for m in leader.markdown)  # the leader has nothing to do on it yet
    with write_session() as s:
        followup.submit(s, who("demo_department"), iid, "两所新园已投用", today=fw.today())
    leader = open_app(None, who("demo_leader"))
    assert "待验收：公办园在园幼儿占比（温岭市教育局）" in "\n".join(m.value for m in leader.markdown)
