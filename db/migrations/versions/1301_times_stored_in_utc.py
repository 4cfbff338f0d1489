"""Every time column stores UTC (db.types.UTCDateTime): on SQLite, deadlines and upload times that were
written as Beijing wall-clock time move 8 hours back

SQLite keeps a datetime as text without its offset. Until now reporting_period.deadline and
submission.uploaded_at were written from Beijing-time clocks and read back as Beijing time, while
every other column held UTC and was read back as UTC: two conventions, repaired by hand in several
readers. From this revision every column holds UTC. PostgreSQL (timestamptz) already stored the
right instants and needs nothing.

Revision ID: 1301
Revises: 1901
Create Date: 2026-12-05 19:00:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '1301'
down_revision: Union[str, Sequence[str], None] = '1901'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# SQLAlchemy's SQLite DATETIME text: 'YYYY-MM-DD HH:MM:SS.ffffff'.
_SHIFT = "strftime('%Y-%m-%d %H:%M:%f', {col}, '{hours} hours')"


def _shift(hours: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, col in (("reporting_period", "deadline"), ("submission", "uploaded_at")):
        expr = _SHIFT.format(col=col, hours=hours)
        # %f gives SS.SSS; pad to the six digits SQLAlchemy writes, so text order stays time order.
        op.execute(f"UPDATE {table} SET {col} = {expr} || '000' WHERE {col} IS NOT NULL")


def upgrade() -> None:
    _shift("-8")


def downgrade() -> None:
    _shift("+8")
