"""The test button: queue "EduKPI 测试消息" to one channel and deliver it at once, so the admin sees
straight away whether the channel works (and the log keeps the attempt)."""

from __future__ import annotations

from core.timezones import now_utc
from db.session import write_session
from notify import channels
from notify.outbox import Draft, enqueue
from notify.vocab import TEST_RULE, TEST_TEXT, Status
from notify.worker import Deliverer, Outcome


def send_test(principal, name: str | None = None, plan_key: str | None = None,  # noqa: ANN001
              channel_id: int | None = None) -> Outcome:
    with write_session() as s:
        if channel_id is not None:
            from db.models import NotifyChannel

            row = s.get(NotifyChannel, channel_id)
            if row is None:
                from core.errors import NotFound

                raise NotFound("该通知渠道已不存在。")
            channels.require_admin(principal, row.bureau_id)
        else:
            row = channels.find(s, principal, name, plan_key)
        stamp = now_utc().strftime("%Y%m%dT%H%M%S.%f")
        scope = channels.scope_code_of(s, row)
        ids = enqueue(s, [Draft(TEST_RULE, row, scope, row.scope_org_id, None, f"{TEST_RULE}|{row.id}|{stamp}",
                                "EduKPI 测试消息", TEST_TEXT)])
    d = Deliverer()
    try:
        outcomes = d.drain(wait=0, only=ids)
    finally:
        d.close()
    if ids and ids[0] in outcomes:
        return outcomes[ids[0]]
    return Outcome(ids[0] if ids else 0, row.name, TEST_RULE, scope, None, Status.PENDING, 0, TEST_TEXT,
                   "测试消息已排队，将由通知投递进程发送")
