"""通知设置 and 通知记录 in AppTest: secrets never on the page, the test button reaches the robot, a
district sees only its own messages, a final failure raises a notice on 总览."""

from __future__ import annotations

from sqlalchemy import select

from auth import users
from db.models import User
from db.models import NotifyChannel
from db.session import read_session, write_session
from notify import outbox
from notify.outbox import Draft
from tests.apptest import open_app
from tests.notify.conftest import add

SECRET_KEY = "k-7d4f0e9a-secret-beef"
DING_SECRET = "SECfeedface0123456789"


def principal(username: str):
    with read_session() as s:
        return users.principal_for(s, s.scalar(select(User).where(User.username == username)))


def page_text(at) -> str:
    parts = [str(x.value) for x in (*at.markdown, *at.caption, *at.success, *at.error, *at.warning, *at.info,
                                      *at.text, *at.title, *at.subheader)]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [str(t.value) for t in at.text_input]
    return "\n".join(parts)


def test_settings_page_never_shows_a_secret_and_its_test_button_sends(notify_env, robot):
    add("局长群", "wecom", robot.url(SECRET_KEY))
    add("全局钉钉", "dingtalk", robot.dingtalk_url("tok-ding-9f8e7d"), secret=DING_SECRET)
    at = open_app("pages/notify_settings.py", principal("demo_admin"), plan="2025-taizhou")
    text = page_text(at)
    assert "局长群" in text and "企业微信群机器人" in text and "…beef" in text
    for secret in (SECRET_KEY, DING_SECRET, "tok-ding-9f8e7d"):
        assert secret not in text
    assert "EduKPI" in text or "通知设置" in text
    next(b for b in at.button if b.label == "发送测试消息").click().run()
    assert not at.exception, at.exception
    assert [r.text for r in robot.received] == ["EduKPI 测试消息"]
    assert any("测试消息已送达" in s.value for s in at.success)
    assert SECRET_KEY not in page_text(at)


def _queue_for(code: str, key: str, robot) -> None:
    add(f"{code}群", "wecom", robot.url(key), scope=code)
    with write_session() as s:
        ch = s.scalar(select(NotifyChannel).where(NotifyChannel.name == f"{code}群"))
        outbox.enqueue(s, [Draft("chase", ch, code, ch.scope_org_id, "2025-12", f"chase|{code}|x", "主题",
                                 f"【催报提醒】片区 {code} 的名单")])


def test_a_district_sees_only_its_own_messages(notify_env, robot):
    _queue_for("331081001", "k-own-0001", robot)  # demo_district is 太平街道 (331081001)
    _queue_for("331081002", "k-other-0002", robot)
    at = open_app("pages/notify_log.py", principal("demo_district"), plan="2025-taizhou")
    text = page_text(at)
    assert "片区 331081001 的名单" in text and "331081002" not in text
    # The district by its name and the month as every page writes it, not 331081001 and 2025-12.
    row = next(df.value for df in at.dataframe if "范围" in df.value.columns).iloc[0]
    assert (row["范围"], row["期间"]) == ("太平街道", "2025年12月")
    admin = open_app("pages/notify_log.py", principal("demo_admin"), plan="2025-taizhou")
    assert "331081002" in page_text(admin)
    school = open_app("pages/notify_log.py", principal("demo_school"), plan="2025-taizhou")
    assert "无权打开" in page_text(school) or "只有管理员和片区/街道" in page_text(school)


def test_a_final_failure_raises_a_notice_on_the_overview(notify_env, robot):
    from notify import worker

    robot.default = 404
    _queue_for("331081001", "k-fail-0001", robot)
    d = worker.Deliverer()
    d.drain(wait=2)
    d.close()
    at = open_app("pages/overview.py", principal("demo_admin"), plan="2025-taizhou")
    assert any("1 条通知最终发送失败" in w.value for w in at.warning)
    settings = open_app("pages/notify_settings.py", principal("demo_admin"), plan="2025-taizhou")
    assert "HTTP 404" in page_text(settings) and "k-fail-0001" not in page_text(settings)
    leader = open_app("pages/overview.py", principal("demo_leader"), plan="2025-taizhou")
    assert any("请联系管理员处理" in w.value for w in leader.warning)
