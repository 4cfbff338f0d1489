"""Notification tests run on the shared demo database, each with empty notify tables, a key file of
its own, fast retries and short leases, and a loopback robot (tests/notify/robot.py)."""

from __future__ import annotations

import pytest

from tests.notify.robot import start_robot

PLAN = "2025-taizhou"  # 温岭: districts 331081001…331081008


@pytest.fixture
def notify_env(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EDUKPI_NOTIFY_KEY_FILE", str(tmp_path / "notify.key"))
    monkeypatch.setenv("EDUKPI_NOTIFY_BACKOFF_SECONDS", "0.05")
    monkeypatch.setenv("EDUKPI_NOTIFY_LEASE_SECONDS", "2")
    monkeypatch.setenv("EDUKPI_NOTIFY_HTTP_TIMEOUT", "2")
    monkeypatch.setenv("EDUKPI_NOTIFY_MAX_ATTEMPTS", "4")
    monkeypatch.setenv("EDUKPI_PUBLIC_URL", "http://127.0.0.1:8501")
    clear()
    yield tmp_path
    clear()


def clear() -> None:
    from sqlalchemy import delete

    from db.models import NotifyChannel, NotifyOutbox, NotifyRule
    from db.session import write_session

    with write_session() as s:
        for table in (NotifyOutbox, NotifyRule, NotifyChannel):
            s.execute(delete(table))


@pytest.fixture
def robot():
    r = start_robot()
    yield r
    r.server.shutdown()
    r.server.server_close()


def add(name: str, kind: str, target: str, scope: str | None = None, secret: str | None = None,
        smtp: dict | None = None):
    from auth.principal import SYSTEM
    from db.session import write_session
    from notify import channels

    with write_session() as s:
        return channels.add_channel(s, SYSTEM, PLAN, name, kind, target, secret, scope, smtp)


def district_channels(robot, kind: str = "wecom") -> dict[str, str]:
    """One robot channel per 温岭 district; returns district code → the key in its webhook URL."""
    keys = {}
    for i in range(1, 9):
        code = f"331081{i:03d}"
        keys[code] = f"key-{code}-5f1c2b7e"
        add(f"片区{i}群", kind, robot.url(keys[code]), scope=code)
    return keys
