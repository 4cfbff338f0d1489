"""The EDUKPI_* settings, read by one pydantic-settings object and checked when the app or a command
starts: a bad value (EDUKPI_SESSION_IDLE_MINUTES=2h) stops the start with a Chinese line that names
the variable, the value and what is expected, instead of quietly falling back to a default.

`get()` returns the settings for the current environment; it reads the variables once per distinct
set of EDUKPI_* values (in a running app: once), so a test that sets a variable sees it at once."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import Unavailable

PREFIX = "EDUKPI_"

# What each variable expects, in the words of the error message.
EXPECTED = {
    "database_url": "数据库地址，如 postgresql+psycopg://用户:密码@主机/edukpi 或 sqlite:///路径",
    "demo": "1 或 0（也可写 true/false、yes/no、on/off）",
    "session_idle_minutes": "大于 0 的分钟数，如 120",
    "session_max_hours": "大于 0 的小时数，如 12",
    "session_hours": "大于 0 的小时数，如 12（旧变量，请改用 EDUKPI_SESSION_MAX_HOURS）",
    "trusted_header": "请求头名称，如 X-Remote-User",
    "trusted_proxies": "逗号分隔的地址或网段，如 127.0.0.1,10.0.0.0/24",
    "chromium": "Chromium 可执行文件的路径，如 /usr/bin/chromium",
    "plans_dir": "存放工作要点原文的文件夹路径",
    "notify_key_file": "通知渠道密钥文件的路径，如 /etc/edukpi/notify.key",
    "public_url": "看板的访问地址，如 https://kpi.example.edu.cn",
    "notify_backoff_seconds": "大于 0 的秒数，如 30",
    "notify_max_attempts": "1 到 20 之间的整数，如 6",
    "notify_poll_seconds": "大于 0 的秒数，如 5",
    "notify_http_timeout": "大于 0 的秒数，如 10",
    "notify_lease_seconds": "大于 0 的秒数，如 120",
    "notify_batch_size": "1 到 1000 之间的整数，如 100",
}


class SettingsError(Unavailable):
    """A setting that cannot be used; the app and the commands stop on it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore",
                                      frozen=True)

    database_url: str | None = None
    # Unset: demo mode on for the embedded SQLite file only (auth.identity.demo_mode).
    demo: bool | None = None
    session_idle_minutes: float = Field(120.0, gt=0)
    session_max_hours: float | None = Field(None, gt=0)
    session_hours: float | None = Field(None, gt=0)  # the older name of session_max_hours
    trusted_header: str | None = None
    trusted_proxies: str = "127.0.0.1,::1"
    chromium: str | None = None
    plans_dir: Path | None = None
    # Notifications (notify/): the key that encrypts channel secrets lives in this file, never in the
    # database (default data/notify.key, created with mode 0600 on first use).
    notify_key_file: Path | None = None
    # The address people open the dashboard at; messages link to 填报进度 with it (unset: no link).
    public_url: str | None = None
    notify_backoff_seconds: float = Field(30.0, gt=0)  # first retry delay; doubles up to 30 minutes
    notify_max_attempts: int = Field(6, ge=1, le=20)
    notify_poll_seconds: float = Field(5.0, gt=0)  # how often the worker looks for due messages and rules
    notify_http_timeout: float = Field(10.0, gt=0)
    # How long a worker holds messages it claimed before another worker may take them (crash recovery).
    notify_lease_seconds: float = Field(120.0, gt=0)
    notify_batch_size: int = Field(100, ge=1, le=1000)  # messages a worker claims at a time

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, text: str) -> str:
        for part in text.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # ValueError → SettingsError below
        return text

    @field_validator("public_url")
    @classmethod
    def _public(cls, text: str | None) -> str | None:
        if text is not None and not text.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return text.rstrip("/") if text else text

    @field_validator("database_url")
    @classmethod
    def _url(cls, text: str | None) -> str | None:
        if text is not None and "://" not in text:
            raise ValueError("not a URL")
        return text

    @property
    def max_hours(self) -> float:
        return self.session_max_hours or self.session_hours or 12.0


def _chinese(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        name = PREFIX + field.upper()
        value = os.environ.get(name, "")
        lines.append(f"环境变量 {name} 的值“{value}”无效：应为{EXPECTED.get(field, '合法的值')}。"
                     f"请改正或删除该变量后重新启动。")
    return "；".join(lines)


@lru_cache(maxsize=8)
def _load(_environment: tuple[tuple[str, str], ...]) -> Settings:
    try:
        return Settings()
    except ValidationError as err:
        raise SettingsError(_chinese(err)) from None


def get() -> Settings:
    """The settings in force; raises SettingsError (Chinese) when a variable holds a bad value."""
    return _load(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))
