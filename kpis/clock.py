"""Times as users read them: Beijing time, to the minute.

Every time column stores UTC and reads back aware (db.types.UTCDateTime, on SQLite too); snapshots
keep ISO strings. A naive time here is UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from kpis.deadlines import CHINA


def from_utc(t: datetime | str) -> datetime:
    """A time written from a UTC clock (a datetime, or an ISO string as snapshots keep it), in Beijing time."""
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    return (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).astimezone(CHINA)


def stamp(t: datetime | str | None, seconds: bool = False) -> str:
    """'2026-11-30 01:07' (Beijing time) for a UTC-written time; '' for none."""
    if t is None or t == "":
        return ""
    return from_utc(t).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
