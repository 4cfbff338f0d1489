"""Times as users read them: Beijing time, to the minute.

Every time column stores UTC and reads back aware (db.types.UTCDateTime, on SQLite too); snapshots
keep ISO strings. A naive time here is UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from kpis.deadlines import CHINA, show


def from_utc(t: datetime | str) -> datetime:
    """A time written from a UTC clock (a datetime, or an ISO string as snapshots keep it), in Beijing time."""
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    return (t if t.tzinfo else t.replace(tzinfo=timezone.utc)).astimezone(CHINA)


def stamp(t: datetime | str | None, seconds: bool = False) -> str:
    """'2026年11月30日 01:07' (Beijing time) for a UTC-written time; '' for none. Dates are written one
    way everywhere (kpis.deadlines.show, followup_view.date_text), times included."""
    if t is None or t == "":
        return ""
    b = from_utc(t)
    return show(b) + (f":{b:%S}" if seconds else "")


def local(t: datetime | str | None) -> datetime | None:
    """The Beijing wall-clock time of a UTC-written time, naive, for a table column that sorts by time
    and shows it as stamp() writes it (pages.common.time_column); None for none."""
    if t is None or t == "":
        return None
    return from_utc(t).replace(tzinfo=None)
