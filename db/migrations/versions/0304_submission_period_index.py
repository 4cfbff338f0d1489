"""submission: an index on (period, org_unit_id) for the dashboards' reads of one period

填报进度 and 指标详情 read one period's submissions; at province size (10,000 schools × 60 months,
609,334 submissions) PostgreSQL scanned the whole table for each (EXPLAIN ANALYZE: 517 ms).

Revision ID: 0304
Revises: 0303
Create Date: 2026-11-23 08:06:08
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0304'
down_revision: Union[str, Sequence[str], None] = '0303'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_period_org', ['period', 'org_unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_period_org')
