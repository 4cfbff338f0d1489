"""Email through a real SMTP server (aiosmtpd on 127.0.0.1), the monthly briefing as 企业微信 images and
a PDF by email, the 钉钉 signature as the robot checks it, and the reporting cycle's events."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from auth.principal import SYSTEM
from core.timezones import CHINA
from db.models import OrgUnit
from db.session import read_session, write_session
from briefing import for_notify
from notify import events, worker
from notify.vocab import RuleKind, Status
from tests.notify.conftest import PLAN, add


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201 - aiosmtpd's hook
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


def _smtp(inbox) -> dict:
    return {"host": "127.0.0.1", "port": inbox.port, "starttls": False, "sender": "kpi@wenling.example.cn"}


AT = datetime(2026, 1, 8, 9, 30, tzinfo=CHINA)


def test_school_officers_get_their_own_reminder_by_email(notify_env, smtp):
    from notify import chase

    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081"))
        _, missing = chase.outstanding(s, bureau, "2025-12", AT)
    school = next(x for rows in missing.values() for x in rows if x.state == "未报送")
    add("学校邮箱", "email", "officer@school.example.cn", scope=school.code, smtp=_smtp(smtp))
    outcomes = worker.run(AT, wait=5)
    assert [o.status for o in outcomes] == [Status.SENT]
    (to, msg), = smtp.messages
    assert to == ["officer@school.example.cn"]
    assert msg["Subject"].startswith(f"【催报提醒】{school.name} 2025年12月数据请于2026年1月10日 23:59前报送")
    assert msg["From"] == "kpi@wenling.example.cn"
    assert "贵校尚未报送2025年12月的数据" in msg.get_content()


def test_dingtalk_messages_carry_a_valid_signature(notify_env, robot):
    secret = "SECd1a2b3c4d5e6f7a8b9c0"
    add("全局钉钉群", "dingtalk", robot.dingtalk_url("tok-bureau-77"), secret=secret)
    from notify.test_message import send_test

    result = send_test(SYSTEM, "全局钉钉群", PLAN)
    assert result.status is Status.SENT
    (got,) = robot.received
    assert got.path == "/robot/send" and got.query["access_token"] == "tok-bureau-77"
    ts = got.query["timestamp"]
    want = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()).decode()
    assert got.query["sign"] == want  # parse_qs already URL-decoded it
    assert abs(int(ts) / 1000 - datetime.now().timestamp()) < 60
    assert got.body == {"msgtype": "text", "text": {"content": "EduKPI 测试消息"}}


@pytest.mark.slow
def test_briefing_goes_out_as_wecom_images_and_a_pdf_by_email(notify_env, robot, smtp):
    from briefing.layout import page_count
    from briefing.snapshot import create_briefing

    add("局长群", "wecom", robot.url("k-bureau-img-01"))
    add("局办公室邮箱", "email", "office@wenling.example.cn", smtp=_smtp(smtp))
    add("太平街道群", "wecom", robot.url("k-district-01"), scope="331081001")  # never sees the briefing
    with write_session() as s:
        row = create_briefing(s, SYSTEM, PLAN, "2025-11")
        pages = page_count(row.snapshot)
        ids = events.briefing_created(s, row, pages)
    assert len(ids) == 1 + pages + 1
    d = worker.Deliverer(briefings=for_notify.tools())
    got = d.drain(wait=60)
    d.close()
    assert all(o.status is Status.SENT for o in got.values()), [o.error for o in got.values()]
    bodies = [r.body for r in robot.to("k-bureau-img-01")]
    assert bodies[0]["msgtype"] == "text" and bodies[0]["text"]["content"].startswith("【月度简报】温岭市教育局 2025年11月")
    images = [b for b in bodies if b["msgtype"] == "image"]
    assert len(images) == pages
    for b in images:
        raw = base64.b64decode(b["image"]["base64"])
        assert raw.startswith(b"\x89PNG") and len(raw) <= 2 * 1024 * 1024
        assert hashlib.md5(raw).hexdigest() == b["image"]["md5"]
    assert robot.to("k-district-01") == []
    (to, msg), = smtp.messages
    attachment = next(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content().startswith(b"%PDF")
    assert attachment.get_filename().endswith(".pdf")
    with write_session() as s:  # the same snapshot queued again: nothing new
        from db.models import Briefing

        assert events.briefing_created(s, s.get(Briefing, row.id), pages) == []


def test_review_events_reach_the_school_and_its_district_once(notify_env, robot):
    with read_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.code.like("21%"), OrgUnit.bureau_id.isnot(None))
                          .where(OrgUnit.parent_id == select(OrgUnit.id).where(OrgUnit.code == "331081002")
                                 .scalar_subquery()).limit(1))
    add("城东街道群", "wecom", robot.url("k-chengdong-1"), scope="331081002")
    add("太平街道群", "wecom", robot.url("k-taiping-1"), scope="331081001")
    add("学校群", "wecom", robot.url("k-school-1"), scope=school.code)
    with write_session() as s:
        returned = events.enqueue(s, RuleKind.RETURNED, school=school.code, period="2025-12", event_id=41,
                                  reason="近视学生数大于筛查学生数")
        waiting = events.enqueue(s, RuleKind.AWAITING_REVIEW, school=school.id, period="2025-12", event_id=42)
        assert events.enqueue(s, RuleKind.RETURNED, school=school.code, period="2025-12", event_id=41) == []
    assert len(returned) == 2 and len(waiting) == 1
    d = worker.Deliverer()
    d.drain(wait=5)
    d.close()
    assert [r.text.splitlines()[0] for r in robot.to("k-school-1")] == [
        f"【退回修改】{school.name} 2025年12月数据已被退回，请修改后重新报送。"]
    assert "退回原因：近视学生数大于筛查学生数" in robot.to("k-school-1")[0].text
    assert len(robot.to("k-chengdong-1")) == 2 and robot.to("k-taiping-1") == []
    with write_session() as s:
        from notify import rules

        rules.set_rule(s, SYSTEM, PLAN, "returned", enabled=False)
        assert events.enqueue(s, RuleKind.RETURNED, school=school.code, period="2025-12", event_id=43) == []
