"""Delivery: take due messages from the outbox and send them, once.

`Deliverer.deliver_due` claims a batch (notify.outbox.claim) and sends each message: the content is
prepared first (a briefing's PNG or PDF rendered), then the row is marked `sending` within its
channel's rate limit, the request made, and the result recorded. Network errors, timeouts, HTTP 5xx
and 429 are retried with exponential backoff (tenacity's wait_exponential: EDUKPI_NOTIFY_BACKOFF_SECONDS,
doubling, at most 30 minutes; EDUKPI_NOTIFY_MAX_ATTEMPTS in all); any other 4xx or robot error code
fails the message at once. The schedule of retries lives in the outbox, so it survives restarts and
any worker may make the next attempt.

`run(at)` is `python -m kpis notify run --at`: evaluate the rules as of `at`, deliver what is due
(waiting for retries up to `wait` seconds) and return one outcome per message. `serve(stop)` is
`python -m kpis notify worker`: evaluate the rules once a minute and deliver, until `stop` is set."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from tenacity import wait_exponential

from core import settings
from core.errors import EduKPIError
from core.timezones import now_utc
from db.models import NotifyChannel, NotifyOutbox
from db.session import get_engine, read_session, write_session
from notify import channels as channel_service
from notify.briefings import BriefingTools
from notify.owners import Reminders
from notify.events import briefing_by_id
from notify import outbox, rules
from notify.messages import dingtalk_url, text_body, wecom_image_body, WECOM_IMAGE_BYTES
from notify.transport import Permanent, Transient, build_email, post_json, redact, send_email
from notify.vocab import RULE_LABELS, ChannelKind, Status

log = logging.getLogger("edukpi.notify")
# httpx logs every request's full URL at INFO, and a robot's URL holds its key: never let it through.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)
MAX_BACKOFF_S = 1800
THREADS = 4  # channels served at once by one worker
ROBOT_IMAGE_SIZE = "1280x720"  # a 1920×1080 page can pass the 企业微信 robot's 2 MB limit


@dataclass(frozen=True)
class Outcome:
    id: int
    channel: str
    rule: str
    scope: str
    period: str | None
    status: Status
    attempts: int
    text: str
    error: str | None = None

    def line(self) -> str:
        first = self.text.split("\n", 1)[0]
        tail = f"\t{self.error}" if self.error else ""
        return (f"{self.status.label}\t{self.channel}\t{RULE_LABELS.get(self.rule, self.rule)}\t{self.scope}\t"
                f"{self.period or ''}\t第{self.attempts}次\t{first}{tail}")


class _Attempt:
    """What tenacity's wait strategies read of a retry: the number of the attempt just made."""

    def __init__(self, n: int) -> None:
        self.attempt_number = max(1, n)


def backoff(attempts: int, retry_after: float | None = None) -> float:
    wait = wait_exponential(multiplier=settings.get().notify_backoff_seconds, max=MAX_BACKOFF_S)
    return max(wait(_Attempt(attempts)), retry_after or 0.0)


class Deliverer:
    def __init__(self, engine: Engine | None = None, worker: str | None = None,
                 briefings: BriefingTools | None = None) -> None:
        self.engine = engine or get_engine()
        self.briefings = briefings  # how to render a briefing's pages (notify.briefings)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        s = settings.get()
        self.lease = s.notify_lease_seconds
        self.send_lease = max(s.notify_lease_seconds, s.notify_http_timeout + 5)
        self.max_attempts = s.notify_max_attempts
        self.client = httpx.Client(timeout=s.notify_http_timeout, follow_redirects=False)
        self._renders: dict[tuple[int, str], tuple[list[bytes], str]] = {}
        self._render_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    # -- content ------------------------------------------------------------------------------
    def _render(self, briefing_id: int, fmt: str) -> tuple[list[bytes], str]:
        """A briefing's PNG pages or PDF (rendered once per worker) and the PDF's file name."""
        key = (briefing_id, fmt)
        with self._render_lock:
            return self._render_locked(key, briefing_id, fmt)

    def _render_locked(self, key: tuple[int, str], briefing_id: int, fmt: str) -> tuple[list[bytes], str]:
        if key not in self._renders:
            if self.briefings is None:
                raise Permanent("这个投递进程不能导出简报（未提供简报导出功能），请用 python -m kpis notify worker 投递。")
            with read_session(self.engine) as s:
                snap = briefing_by_id(s, briefing_id).snapshot
            self._renders[key] = self.briefings.render(snap, fmt, ROBOT_IMAGE_SIZE if fmt == "png" else "1920x1080")
        return self._renders[key]

    def _content(self, payload: dict | None) -> tuple[bytes, str] | None:
        if not payload or "briefing_id" not in payload:
            return None
        try:
            files, name = self._render(int(payload["briefing_id"]), payload["format"])
        except EduKPIError as exc:
            raise Permanent(f"简报无法导出：{exc}") from None
        page = int(payload.get("page") or 1)
        if page > len(files):
            raise Permanent(f"简报没有第 {page} 页。")
        return files[page - 1], name

    # -- one message ---------------------------------------------------------------------------
    def _send(self, kind: ChannelKind, channel, target: str, secret: str | None, row: NotifyOutbox,  # noqa: ANN001
              content: tuple[bytes, str] | None) -> None:
        if kind is ChannelKind.EMAIL:
            to = (row.payload or {}).get("to") or [a.strip() for a in target.split(",") if a.strip()]
            attachments = [(content[1], content[0], "application/pdf")] if content else []
            server = channel_service.smtp_server(channel, secret)
            send_email(server, build_email(server, to, row.subject, row.text, attachments),
                       settings.get().notify_http_timeout)
            return
        if kind is ChannelKind.WECOM:
            if content:
                if len(content[0]) > WECOM_IMAGE_BYTES:
                    raise Permanent("简报图片超过企业微信机器人允许的 2 MB。")
                post_json(self.client, target, wecom_image_body(content[0]))
            else:
                post_json(self.client, target, text_body(row.text))
            return
        post_json(self.client, dingtalk_url(target, secret, int(time.time() * 1000)), text_body(row.text))

    def deliver_one(self, outbox_id: int, payload: dict | None | object = ...) -> Outcome | None:
        """Send one claimed message. None when it is not this worker's any more."""
        if payload is ...:
            with read_session(self.engine) as s:
                row = s.get(NotifyOutbox, outbox_id)
                payload = dict(row.payload or {}) if row else None
        content = error = None
        try:
            content = self._content(payload)
        except Permanent as exc:
            error = exc.message
        with write_session(self.engine) as s:
            started = outbox.start(s, outbox_id, self.worker, self.send_lease)
            if started is None:
                return None
            if isinstance(started, datetime):
                row = s.get(NotifyOutbox, outbox_id)
                name = s.get(NotifyChannel, row.channel_id).name
                return Outcome(row.id, name, row.rule, row.scope_code, row.period, Status.PENDING, row.attempts, row.text,
                               f"渠道已达每分钟发送上限，{started:%H:%M:%S} 后再发")
            row, channel = started
            kind, name = ChannelKind(channel.kind), channel.name
            try:
                secrets = channel_service.secrets_of(channel)
            except EduKPIError as exc:
                secrets, error = None, str(exc)
        retry_at = None
        if error is None:
            try:
                self._send(kind, channel, secrets.target, secrets.secret, row, content)
            except Transient as exc:
                error = redact(exc.message, [secrets.target, secrets.secret])
                if row.attempts < self.max_attempts:
                    retry_at = now_utc() + timedelta(seconds=backoff(row.attempts, exc.retry_after))
            except Permanent as exc:
                error = redact(exc.message, [secrets.target, secrets.secret])
        with write_session(self.engine) as s:
            status = outbox.finish(s, outbox_id, self.worker, error, retry_at)
        if status is Status.SENT:
            log.info("通知 %s 已送达：渠道 %s，规则 %s，范围 %s", row.id, name, row.rule, row.scope_code)
        else:
            log.warning("通知 %s %s：渠道 %s，规则 %s，第 %s 次：%s", row.id, status.label, name, row.rule,
                        row.attempts, error)
        return Outcome(row.id, name, row.rule, row.scope_code, row.period, status, row.attempts, row.text, error)

    def deliver_due(self, limit: int | None = None, only: list[int] | None = None) -> list[Outcome]:
        """Claim a batch and send it: each channel's messages in order, up to THREADS channels at once
        (a request mostly waits on the network; channels are independent, a channel's order is kept)."""
        limit = limit or settings.get().notify_batch_size
        with write_session(self.engine) as s:
            ids = outbox.claim(s, self.worker, limit, self.lease, only)
            rows = s.execute(select(NotifyOutbox.id, NotifyOutbox.channel_id, NotifyOutbox.payload)
                             .where(NotifyOutbox.id.in_(ids)).order_by(NotifyOutbox.id)).all() if ids else []
        by_channel: dict[int, list[tuple[int, dict | None]]] = {}
        for oid, channel_id, payload in rows:
            by_channel.setdefault(channel_id, []).append((oid, payload))

        def one_channel(items: list[tuple[int, dict | None]]) -> list[Outcome]:
            return [o for o in (self.deliver_one(oid, payload) for oid, payload in items) if o is not None]

        if len(by_channel) <= 1:
            return [o for items in by_channel.values() for o in one_channel(items)]
        with ThreadPoolExecutor(max_workers=min(THREADS, len(by_channel))) as pool:
            return [o for done in pool.map(one_channel, by_channel.values()) for o in done]

    def next_due(self) -> datetime | None:
        """When there may next be something to do: the earliest retry of a pending message, or the end
        of the lease of a message under way (if its sender died, it is then failed as 状态不明)."""
        with read_session(self.engine) as s:
            t = s.scalar(select(func.min(NotifyOutbox.next_attempt_at))
                         .where(NotifyOutbox.status == Status.PENDING.value))
            u = s.scalar(select(func.min(NotifyOutbox.lease_until))
                         .where(NotifyOutbox.status == Status.SENDING.value))
        times = [x for x in (outbox._aware(t), outbox._aware(u)) if x is not None]
        return min(times) if times else None

    def drain(self, wait: float, only: list[int] | None = None) -> dict[int, Outcome]:
        """Deliver until nothing is due; wait for retries falling due within `wait` seconds."""
        give_up = time.monotonic() + wait
        seen: dict[int, Outcome] = {}
        while True:
            done = self.deliver_due(only=only)
            seen.update({o.id: o for o in done})
            if done:
                continue
            nxt = self.next_due()
            if nxt is None:
                return seen
            pause = (nxt - now_utc()).total_seconds()
            if time.monotonic() + max(pause, 0) > give_up:
                return seen
            time.sleep(min(max(pause, 0.01), 5))


def run(at: datetime, engine: Engine | None = None, wait: float = 120,
        briefings: BriefingTools | None = None, reminders: Reminders | None = None) -> list[Outcome]:
    """Evaluate every rule as of `at` (Beijing time), queue what is due, deliver it, and return one
    outcome per message delivered or tried (sorted by id)."""
    engine = engine or get_engine()
    with write_session(engine) as s:
        rules.evaluate(s, at, briefings=briefings, reminders=reminders)
    d = Deliverer(engine, briefings=briefings)
    try:
        return [o for _, o in sorted(d.drain(wait).items())]
    finally:
        d.close()


def serve(stop: threading.Event, engine: Engine | None = None, exit_when_idle: bool = False,
          briefings: BriefingTools | None = None, reminders: Reminders | None = None) -> None:
    """The long-running worker: rules once a minute, due messages every EDUKPI_NOTIFY_POLL_SECONDS."""
    engine = engine or get_engine()
    poll = settings.get().notify_poll_seconds
    d = Deliverer(engine, briefings=briefings)
    last_minute = None
    evaluated: set = set()  # (bureau, period, day, channels) already looked at today: no second computation
    log.info("通知投递进程 %s 已启动", d.worker)
    try:
        while not stop.is_set():
            now = now_utc()
            minute = now.replace(second=0, microsecond=0)
            try:
                if minute != last_minute:
                    with write_session(engine) as s:
                        rules.evaluate(s, now, done=evaluated, briefings=briefings, reminders=reminders)
                    last_minute = minute
                done = d.deliver_due()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the worker; try again
                log.exception("通知投递出错，%s 秒后重试", poll)
                done = []
            if not done:
                if exit_when_idle and d.next_due() is None:
                    return
                stop.wait(poll)
    finally:
        d.close()
        log.info("通知投递进程 %s 已停止", d.worker)
