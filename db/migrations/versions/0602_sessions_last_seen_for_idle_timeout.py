"""auth_session.last_seen_at: the last click (written at most once a minute) for the idle timeout;
existing sessions start with NULL, read as their sign-in time.

Revision ID: 0602
Revises: 0302
Create Date: 2026-11-23 07:30:54.882003
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0602'
down_revision: Union[str, Sequence[str], None] = '0302'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')
