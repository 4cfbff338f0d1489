"""Beijing time, defined once. The database stores UTC (db.types.UTCDateTime); people read and type
Beijing time (deadlines, 生成于, 录入时间)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8))
UTC = timezone.utc


def now_utc() -> datetime:
    return datetime.now(UTC)


def beijing(t: datetime) -> datetime:
    """An aware time in Beijing time; a naive one is taken as UTC, what the database stores."""
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(CHINA)
