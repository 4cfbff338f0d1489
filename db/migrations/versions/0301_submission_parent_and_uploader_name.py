"""submission parent and uploader name

Revision ID: 0301
Revises: 0001
Create Date: 2026-11-23 04:25:18.286964
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0301'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('uploaded_by_name', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_submission_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key('fk_submission_parent_id_submission', 'submission', ['parent_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint('fk_submission_parent_id_submission', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_submission_parent_id'))
        batch_op.drop_column('uploaded_by_name')
        batch_op.drop_column('parent_id')

