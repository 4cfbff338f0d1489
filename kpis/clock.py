"""Times as users read them: Beijing time, to the minute.

Two kinds of stored time exist. Upload times and deadlines are written as Beijing wall-clock time
(kpis.deadlines.beijing reads them back). Every other time column defaults to db.models.utcnow and
is written in UTC; SQLite hands those back without their offset, so a naive one is UTC."""

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
