"""submission.source: how the figures came in — 'file' (an uploaded workbook or CSV) or 'form'
(数据填报's web form, whose submission keeps the values as a small CSV). Existing rows are files.

Revision ID: 1501
Revises: 1601
Create Date: 2026-12-02 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '1501'
down_revision: Union[str, Sequence[str], None] = '1601'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=8), nullable=False, server_default='file'))


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('source')
