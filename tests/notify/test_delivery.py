"""催报 to loopback robots: each district gets its own non-submitters, once; retries, backoff, final
failures and their notice; secrets stay out of logs, errors and outputs."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy import select

from auth.principal import SYSTEM, Principal
from core.timezones import CHINA
from db.models import OrgUnit
from db.session import read_session, write_session
from notify import chase, outbox, worker
from notify.vocab import Status
from tests.notify.conftest import add, district_channels

AT = datetime(2026, 1, 8, 9, 30, tzinfo=CHINA)  # two days before the 2025-12 deadline (2026-01-10 23:59)


def _expected() -> dict[str, set[str]]:
    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081"))
        districts, missing = chase.outstanding(s, bureau, "2025-12", AT)
    return {d.code: {x.name for x in missing.get(d.id, []) if x.state == "未报送"} for d in districts}


def _names(text: str) -> set[str]:
    """The schools listed, without the contact the roster gives each (checked on its own)."""
    return {line.split(". ", 1)[1].split("（联系人 ", 1)[0] for line in text.splitlines()
            if line[:1].isdigit() and ". " in line}


def _contacts(text: str) -> list[str]:
    return [line.split("（联系人 ", 1)[1].rstrip("）") for line in text.splitlines()
            if line[:1].isdigit() and "（联系人 " in line]


def test_each_district_gets_its_own_non_submitters_once(notify_env, robot):
    keys = district_channels(robot)
    expected = _expected()
    assert sum(map(len, expected.values())) > 0
    first = worker.run(AT, wait=5)
    assert [o.status for o in first] == [Status.SENT] * len([c for c in expected if expected[c]])
    all_schools = set().union(*expected.values())
    for code, key in keys.items():
        got = robot.to(key)
        if not expected[code]:
            assert got == []
            continue
        assert len(got) == 1
        body = got[0].body
        assert set(body) == {"msgtype", "text"} and body["msgtype"] == "text" and set(body["text"]) == {"content"}
        text = got[0].text
        assert text.startswith("【催报提醒】温岭市教育局·")
        assert "2025年12月数据报送截止时间：2026年1月10日 23:59（还有 2 天截止）" in text
        assert _names(text) == expected[code]
        # every demo school has a roster contact (seed.demo.demo_contact): name and phone beside it
        assert len(_contacts(text)) == len(expected[code])
        assert all(c.endswith(tuple("0123456789")) and "老师 0576-86" in c for c in _contacts(text))
        assert not (_names(text) & (all_schools - expected[code]))  # never another district's schools
        assert f"reporting_progress?plan=2025-taizhou&period=2025-12&district={code}" in text
    # A second run at the same time, and a later one the same day, queue nothing new.
    assert worker.run(AT, wait=5) == []
    assert worker.run(AT.replace(hour=17), wait=5) == []
    assert len(robot.received) == len(first)


def test_nothing_is_sent_on_a_day_without_a_rule(notify_env, robot):
    district_channels(robot)
    assert worker.run(datetime(2026, 1, 5, 9, 30, tzinfo=CHINA), wait=1) == []
    assert worker.run(datetime(2026, 1, 8, 8, 30, tzinfo=CHINA), wait=1) == []  # before 09:00
    assert robot.received == []


def _one_message(robot) -> int:
    add("太平街道群", "wecom", robot.url("k-taiping-0001"), scope="331081001")
    with write_session() as s:
        bureau = s.get(OrgUnit, s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081")))
        from notify.outbox import Draft
        from db.models import NotifyChannel

        ch = s.scalar(select(NotifyChannel))
        return outbox.enqueue(s, [Draft("chase", ch, "331081001", None, "2025-12", "chase|x|2025-12|d", "主题",
                                        f"{bureau.name} 测试正文")])[0]


def test_5xx_and_429_are_retried_with_backoff_then_delivered(notify_env, robot):
    robot.plan = [500, 429, 503]
    oid = _one_message(robot)
    d = worker.Deliverer()
    got = d.drain(wait=10)
    d.close()
    assert got[oid].status is Status.SENT and got[oid].attempts == 4
    assert len(robot.received) == 1
    assert worker.backoff(1) == pytest.approx(0.05) and worker.backoff(3) == pytest.approx(0.2)
    assert worker.backoff(30) == worker.MAX_BACKOFF_S


@pytest.mark.parametrize("answer, words", [(400, "HTTP 400"), (("errcode", 93000), "错误码 93000")])
def test_4xx_and_robot_error_codes_fail_at_once(notify_env, robot, answer, words):
    robot.default = answer
    oid = _one_message(robot)
    d = worker.Deliverer()
    got = d.drain(wait=5)
    d.close()
    assert got[oid].status is Status.FAILED and got[oid].attempts == 1 and words in got[oid].error


def test_final_failure_is_listed_and_noticed_and_secrets_stay_out(notify_env, robot, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    robot.default = 500
    secret_key = "k-taiping-0001"
    oid = _one_message(robot)
    d = worker.Deliverer()
    got = d.drain(wait=10)
    d.close()
    assert got[oid].status is Status.FAILED and got[oid].attempts == 4  # EDUKPI_NOTIFY_MAX_ATTEMPTS
    with read_session() as s:
        bureau = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331081"))
        rows = outbox.log_rows(s, SYSTEM, bureau, "failed")
        admin = Principal(None, "a", "admin", bureau)
        assert outbox.failed_notice_count(s, admin, bureau) == 1
        assert outbox.failed_notice_count(s, Principal(None, "d", "district", bureau, 1), bureau) == 0
    assert rows[0].error.startswith("HTTP 500")
    everything = caplog.text + capsys.readouterr().err + rows[0].error
    assert secret_key not in everything and robot.base not in everything
    with write_session() as s:
        outbox.acknowledge(s, admin, oid)
    with read_session() as s:
        assert outbox.failed_notice_count(s, admin, bureau) == 0
    robot.default = 200
    with write_session() as s:
        outbox.resend(s, admin, oid)
    d = worker.Deliverer()
    assert d.drain(wait=5)[oid].status is Status.SENT
    d.close()


def test_a_channel_is_held_to_20_messages_a_minute(notify_env, robot):
    from notify.outbox import Draft
    from db.models import NotifyChannel

    add("太平街道群", "wecom", robot.url("k-rate-0001"), scope="331081001")
    with write_session() as s:
        ch = s.scalar(select(NotifyChannel))
        outbox.enqueue(s, [Draft("chase", ch, "331081001", None, "2025-12", f"k|{i}", "主题", f"第{i}条")
                           for i in range(25)])
    d = worker.Deliverer()
    got = d.drain(wait=0)
    d.close()
    assert len(robot.received) == 20
    assert sum(o.status is Status.PENDING for o in got.values()) == 5
    assert all("每分钟发送上限" in o.error for o in got.values() if o.status is Status.PENDING)
