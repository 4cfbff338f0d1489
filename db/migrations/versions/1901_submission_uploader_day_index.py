"""submission: an index on (uploaded_by, uploaded_at) for the daily cap on stored upload bytes

Every commit sums what the uploading account stored since midnight (Beijing time), issue 19 §2:
without the index that is a scan of the whole table (609,334 rows at province size) per upload.

Revision ID: 1901
Revises: 0604
Create Date: 2026-12-01 10:00:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '1901'
down_revision: Union[str, Sequence[str], None] = '0604'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_uploader_day', ['uploaded_by', 'uploaded_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_uploader_day')
