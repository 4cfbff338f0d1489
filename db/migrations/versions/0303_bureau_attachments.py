"""bureau_attachment: files attached as evidence to a 科室填报 update (bytes, sha256, name, type, uploader)

Revision ID: 0303
Revises: 0602
Create Date: 2026-11-23 07:37:27.161458
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0303'
down_revision: Union[str, Sequence[str], None] = '0602'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:

    op.create_table('bureau_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['update_id'], ['bureau_update.id'], ),
    sa.ForeignKeyConstraint(['uploaded_by'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('bureau_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bureau_attachment_update_id'), ['update_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('bureau_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bureau_attachment_update_id'))

    op.drop_table('bureau_attachment')

