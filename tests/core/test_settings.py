"""core.settings: typed EDUKPI_* settings; every bad value is refused in Chinese, naming the variable."""

import pytest

from core import settings
from core.errors import EduKPIError, Unavailable


def test_defaults(monkeypatch):
    for name in ("EDUKPI_SESSION_IDLE_MINUTES", "EDUKPI_SESSION_MAX_HOURS", "EDUKPI_SESSION_HOURS",
                 "EDUKPI_TRUSTED_HEADER", "EDUKPI_TRUSTED_PROXIES", "EDUKPI_CHROMIUM", "EDUKPI_PLANS_DIR"):
        monkeypatch.delenv(name, raising=False)
    s = settings.get()
    assert (s.session_idle_minutes, s.max_hours, s.trusted_proxies) == (120.0, 12.0, "127.0.0.1,::1")
    assert s.trusted_header is None and s.chromium is None


def test_the_older_session_variable_still_counts_when_the_new_one_is_unset(monkeypatch):
    monkeypatch.delenv("EDUKPI_SESSION_MAX_HOURS", raising=False)
    monkeypatch.setenv("EDUKPI_SESSION_HOURS", "8")
    assert settings.get().max_hours == 8.0
    monkeypatch.setenv("EDUKPI_SESSION_MAX_HOURS", "6")
    assert settings.get().max_hours == 6.0


def test_an_empty_value_is_unset(monkeypatch):
    monkeypatch.setenv("EDUKPI_SESSION_IDLE_MINUTES", "")
    assert settings.get().session_idle_minutes == 120.0


@pytest.mark.parametrize("name,value,expected", [
    ("EDUKPI_SESSION_IDLE_MINUTES", "2h", "大于 0 的分钟数"),
    ("EDUKPI_SESSION_IDLE_MINUTES", "-5", "大于 0 的分钟数"),
    ("EDUKPI_SESSION_MAX_HOURS", "zwölf", "大于 0 的小时数"),
    ("EDUKPI_DEMO", "maybe", "1 或 0"),
    ("EDUKPI_TRUSTED_PROXIES", "10.0.0.1,nginx", "逗号分隔的地址或网段"),
    ("EDUKPI_DATABASE_URL", "edukpi.db", "数据库地址"),
])
def test_a_bad_value_is_refused_in_chinese(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingsError) as err:
        settings.get()
    assert isinstance(err.value, Unavailable) and isinstance(err.value, EduKPIError)
    assert err.value.exit_code == 2
    assert str(err.value).startswith(f"环境变量 {name} 的值“{value}”无效：应为")
    assert expected in str(err.value)
