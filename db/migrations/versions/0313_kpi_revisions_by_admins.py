"""kpi revisions by admins: catalog digest, revised_by, reason

Revision ID: 0313
Revises: 0311
Create Date: 2026-11-23 08:05:00

An admin can revise a KPI definition (a new version with who and why); the catalog digest lets the
catalog sync tell "the file changed" from "an admin changed the database", so restarts keep revisions.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0313'
down_revision: Union[str, Sequence[str], None] = '0311'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalog_digest', sa.String(length=64), nullable=True))

    with op.batch_alter_table('kpi_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revised_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('kpi_version', schema=None) as batch_op:
        batch_op.drop_column('created_at')
        batch_op.drop_column('reason')
        batch_op.drop_column('revised_by')

    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_column('catalog_digest')

