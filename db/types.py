"""Column types. UTCDateTime: every datetime column stores UTC and reads back timezone-aware, on
SQLite (which keeps no offset) as on PostgreSQL (timestamptz), so no caller repairs naive values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from core.timezones import UTC


class UTCDateTime(TypeDecorator):
    """Aware in, aware out. A naive value written is taken as UTC (what utcnow-style code meant)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        # SQLite's DATETIME text has no offset: store UTC's wall clock.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
